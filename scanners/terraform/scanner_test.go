package terraform

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden is what a case's <case>.golden.json holds: the graph as `archdrift
// scan --format json` prints it, and the diagnostics.
type golden struct {
	Graph       *model.Graph       `json:"graph"`
	Diagnostics []model.Diagnostic `json:"diagnostics"`
}

// TestGolden scans every folder under testdata and compares the result with
// the folder's golden file. To add a case, add a folder; -update rewrites
// the goldens.
func TestGolden(t *testing.T) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, ent := range entries {
		if !ent.IsDir() {
			continue
		}
		name := ent.Name()
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", name)
			got := scanToJSON(t, New(Options{}), dir)
			path := filepath.Join(dir, name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if d := cmp.Diff(string(want), string(got)); d != "" {
				t.Errorf("%s differs from the golden file (-want +got):\n%s", dir, d)
			}
		})
	}
}

func scanToJSON(t *testing.T, s *Scanner, dir string) []byte {
	t.Helper()
	g, diags, err := s.Scan(context.Background(), scanners.Input{FS: os.DirFS(dir), Root: dir})
	if err != nil {
		t.Fatalf("scan %s: %v", dir, err)
	}
	checkGraph(t, g)
	if diags == nil {
		diags = []model.Diagnostic{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(golden{Graph: g, Diagnostics: diags}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// checkGraph asserts what must hold for any graph the scanner returns:
// every relationship joins two of its elements, and every element says
// where it was declared.
func checkGraph(t *testing.T, g *model.Graph) {
	t.Helper()
	for _, r := range g.Relationships() {
		if _, ok := g.Element(r.From); !ok {
			t.Errorf("relationship %s → %s: no element %s", r.From, r.To, r.From)
		}
		if _, ok := g.Element(r.To); !ok {
			t.Errorf("relationship %s → %s: no element %s", r.From, r.To, r.To)
		}
		if r.From == r.To {
			t.Errorf("relationship %s → itself", r.From)
		}
		if len(r.Sources) == 0 {
			t.Errorf("relationship %s → %s has no source", r.From, r.To)
		}
	}
	for _, e := range g.Elements() {
		if len(e.Sources) == 0 || e.Sources[0].Scanner != "terraform" || e.Properties[model.PropType] == "" {
			t.Errorf("element %s: missing source or type", e.ID)
		}
	}
}

// TestExplicitStateOption reads a state named in Options instead of the
// auto-detected one, and reports one that cannot be read.
func TestExplicitStateOption(t *testing.T) {
	fsys := fstest.MapFS{
		"main.tf": {Data: []byte(`resource "aws_sqs_queue" "q" {
  name = "q-${var.env}"
}
variable "env" {}
`)},
		"states/prod.json": {Data: []byte(`{"format_version":"1.0","terraform_version":"1.9.0","values":{"root_module":{"resources":[
  {"address":"aws_sqs_queue.q","mode":"managed","type":"aws_sqs_queue","name":"q","provider_name":"aws","schema_version":0,
   "values":{"name":"q-prod","arn":"arn:aws:sqs:eu-west-1:1:q-prod","url":"https://sqs/q-prod"}}]}}}`)},
		"terraform.tfstate": {Data: []byte(`{"version": 4, "resources": []}`)},
	}
	tests := []struct {
		name      string
		opts      Options
		wantName  string
		wantDiags int
	}{
		{"auto-detected state has nothing", Options{}, "q", 0},
		{"state option", Options{StatePath: "states/prod.json"}, "q-prod", 0},
		{"missing state", Options{StatePath: "states/nope.json"}, "q", 1},
		{"plan option with a state file", Options{PlanPath: "states/prod.json"}, "q-prod", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, diags, err := New(tt.opts).Scan(context.Background(), scanners.Input{FS: fsys})
			if err != nil {
				t.Fatal(err)
			}
			e, ok := g.Element("terraform:aws_sqs_queue.q")
			if !ok {
				t.Fatalf("no queue in %v", g.Elements())
			}
			if e.Name != tt.wantName {
				t.Errorf("name = %q, want %q", e.Name, tt.wantName)
			}
			if len(diags) != tt.wantDiags {
				t.Errorf("diagnostics = %v, want %d", diags, tt.wantDiags)
			}
		})
	}
}

func TestScanCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fsys := fstest.MapFS{"main.tf": {Data: []byte(`resource "aws_sqs_queue" "q" {}`)}}
	if _, _, err := New(Options{}).Scan(ctx, scanners.Input{FS: fsys}); err == nil {
		t.Error("a cancelled scan returned no error")
	}
}

func TestDetect(t *testing.T) {
	s := New(Options{})
	if s.Name() != "terraform" {
		t.Errorf("Name() = %q", s.Name())
	}
	if !s.Detect(fstest.MapFS{"infra/main.tf": {}}) {
		t.Error("Detect missed infra/main.tf")
	}
	if s.Detect(fstest.MapFS{"README.md": {}, "x.tf.json": {}}) {
		t.Error("Detect found Terraform in an estate without .tf files")
	}
}
