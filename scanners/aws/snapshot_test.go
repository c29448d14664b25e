package aws

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSnapshotHostile: a snapshot is untrusted input (it may come from an
// artifact store). Whatever it holds is an error or diagnostics, never a
// panic, and never an element of a type the scanner does not know.
func TestSnapshotHostile(t *testing.T) {
	tests := []struct {
		name, data string
		err        string // "" when it reads, with diags diagnostics
		diags      int
		elements   int
	}{
		{"not json", `{"version":1,`, "not an archdrift AWS snapshot", 0, 0},
		{"other version", `{"version":2,"resources":[]}`, "snapshot version 2", 0, 0},
		{"trailing data", `{"version":1} {"version":1}`, "data after the inventory", 0, 0},
		{"wrong shape", `{"version":1,"resources":{"a":1}}`, "not an archdrift AWS snapshot", 0, 0},
		{"empty", `{"version":1}`, "", 0, 0},
		{"unknown type", `{"version":1,"resources":[{"type":"AWS::EC2::Instance","region":"eu-west-1","arn":"arn:aws:ec2:eu-west-1:1:instance/i-1","name":"i-1"}]}`, "", 1, 0},
		{"bad region", `{"version":1,"resources":[{"type":"AWS::SQS::Queue","region":"../..","arn":"arn:aws:sqs:eu-west-1:1:q","name":"q"}]}`, "", 1, 0},
		{"no name", `{"version":1,"resources":[{"type":"AWS::SQS::Queue","region":"eu-west-1","arn":"arn:aws:sqs:eu-west-1:1:q"}]}`, "", 1, 0},
		{"oversized name", `{"version":1,"resources":[{"type":"AWS::SQS::Queue","region":"eu-west-1","name":"` + strings.Repeat("q", maxFieldBytes+1) + `"}]}`, "", 1, 0},
		{"part only", `{"version":1,"resources":[{"type":"AWS::ElasticLoadBalancingV2::TargetGroup","region":"eu-west-1","arn":"arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/t/1","name":"t","refs":[{"verb":"attached to","value":"arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/t/1"}]}]}`, "", 0, 0},
		{"self reference", `{"version":1,"resources":[{"type":"AWS::SQS::Queue","region":"eu-west-1","arn":"arn:aws:sqs:eu-west-1:1:q","name":"q","refs":[{"verb":"uses","value":"arn:aws:sqs:eu-west-1:1:q"}]}]}`, "", 0, 1},
		{"duplicate ids", `{"version":1,"resources":[{"type":"AWS::SQS::Queue","region":"eu-west-1","arn":"arn:aws:sqs:eu-west-1:1:q","name":"q"},{"type":"AWS::SQS::Queue","region":"eu-west-1","arn":"arn:aws:sqs:eu-west-1:2:q","name":"q"}]}`, "", 0, 2},
		{"problems", `{"version":1,"problems":[{"region":"eu-west-1","action":"sqs:ListQueues","denied":true},{"action":"x:Y","message":"boom"}]}`, "", 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, diags, err := decodeSnapshot([]byte(tt.data), "snap.json")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			diags = append(diags, inv.diagnostics()...)
			if len(diags) != tt.diags {
				t.Errorf("diagnostics %v, want %d", diags, tt.diags)
			}
			if n := inv.graph().Len(); n != tt.elements {
				t.Errorf("%d elements, want %d", n, tt.elements)
			}
		})
	}
}

func TestSnapshotWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "snap.json")
	inv := &Inventory{Version: InventoryVersion, Partition: "aws", Regions: []string{"eu-west-1"},
		Resources: []Resource{{Type: "AWS::SQS::Queue", Region: "eu-west-1", ARN: "arn:aws:sqs:eu-west-1:1:q", Name: "q"}}}
	if err := WriteSnapshot(path, inv); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	got, _, err := ReadSnapshot(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got.encode()) != string(inv.encode()) {
		t.Errorf("round trip changed the inventory:\n%s", got.encode())
	}
	if err := WriteSnapshot(filepath.Join(dir, "missing", "snap.json"), inv); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}

func FuzzDecodeSnapshot(f *testing.F) {
	for _, name := range []string{"testdata/estate.snapshot.json", "testdata/shopflow-snapshot.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"version":1,"resources":[{"type":"AWS::Events::Rule","region":"r","arn":"arn:aws:events:r:1:rule/b/x","name":"x","scope":"b","refs":[{"verb":"member of","value":"x"}]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		inv, _, err := decodeSnapshot(b, "fuzz.json")
		if err != nil {
			return
		}
		g := inv.graph()
		for _, e := range g.Elements() {
			if !strings.HasPrefix(e.ID, "aws:") || e.Name == "" {
				t.Fatalf("element %q named %q", e.ID, e.Name)
			}
		}
		inv.diagnostics()
	})
}

func FuzzCandidates(f *testing.F) {
	for _, s := range []string{"postgres://u:p@h.example:5432/db", "arn:aws:lambda:r:1:function:f:alias", "s3://b/k", "a,b,c", "host=x.y port=1", "arn:arn:arn:"} {
		f.Add(s)
	}
	x := newIndex([]Resource{{Type: "AWS::S3::Bucket", Region: "r", ARN: "arn:aws:s3:::b", Name: "b"}})
	f.Fuzz(func(t *testing.T, v string) {
		cs := candidates(v)
		if len(cs) > maxCandidates {
			t.Fatalf("%d candidates", len(cs))
		}
		for _, c := range cs {
			if c == "" {
				t.Fatal("empty candidate")
			}
			x.resolve(c, "r")
		}
	})
}
