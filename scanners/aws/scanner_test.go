package aws

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

// fake starts a fake AWS for an inline archive.
func fake(t *testing.T, archive string) *fakeAWS {
	t.Helper()
	return newFakeAWSArchive(t, txtar.Parse([]byte(archive)))
}

const identity = `-- eu-west-1/sts/GetCallerIdentity --
<Arn>arn:aws:sts::123456789012:user/ci</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>
`

// TestThrottledProductionRetryer runs the retryer exactly as shipped
// (adaptive mode, its backoff and client rate limiter) through one
// throttled call: it slows down, then succeeds. The adaptive limiter may
// wait up to two seconds here; every other test retries at once.
func TestThrottledProductionRetryer(t *testing.T) {
	f := fake(t, identity+`-- eu-west-1/sqs/ListQueues !throttle --
-- eu-west-1/sqs/ListQueues --
{"QueueUrls":["https://sqs.eu-west-1.amazonaws.com/123456789012/orders"]}
`)
	g, diags := scan(t, New(Options{Live: true, config: f.config("eu-west-1")}))
	if _, ok := g.Element("aws:eu-west-1/sqs/orders"); !ok || len(diags) > 0 || f.throttled != 1 {
		t.Errorf("after one throttle: elements %v, diagnostics %v, throttled %d", ids(g), diags, f.throttled)
	}
}

// TestRetryGivesUp: a call throttled on every attempt fails after
// maxAttempts and becomes a diagnostic; the rest of the scan stands.
func TestRetryGivesUp(t *testing.T) {
	f := fake(t, identity+`-- eu-west-1/dynamodb/ListTables !throttle*9 --
-- eu-west-1/sqs/ListQueues --
{"QueueUrls":["https://sqs.eu-west-1.amazonaws.com/123456789012/orders"]}
`)
	g, diags := scan(t, New(Options{Live: true, config: f.config("eu-west-1"), retryTweak: noWait}))
	if f.served["eu-west-1/dynamodb/ListTables"] != maxAttempts {
		t.Errorf("ListTables tried %d times, want %d", f.served["eu-west-1/dynamodb/ListTables"], maxAttempts)
	}
	if _, ok := g.Element("aws:eu-west-1/sqs/orders"); !ok {
		t.Errorf("the queue is missing: %v", ids(g))
	}
	want := "dynamodb:ListTables failed in eu-west-1: ThrottlingException: Rate exceeded; DynamoDB tables not observed"
	if len(diags) != 1 || diags[0].Message != want {
		t.Errorf("diagnostics %v, want one: %s", diags, want)
	}
}

// TestDeniedIdentity: sts:GetCallerIdentity denied (an SCP can do it)
// still scans; the account comes from the ARNs.
func TestDeniedIdentity(t *testing.T) {
	f := fake(t, `-- eu-west-1/sts/GetCallerIdentity !deny --
-- eu-west-1/kinesis/ListStreams --
{"StreamNames":["clicks"],"HasMoreStreams":false,"StreamSummaries":[{"StreamName":"clicks","StreamARN":"arn:aws:kinesis:eu-west-1:123456789012:stream/clicks","StreamStatus":"ACTIVE","StreamCreationTimestamp":1767225600.0}]}
`)
	g, diags := scan(t, New(Options{Live: true, config: f.config("eu-west-1"), retryTweak: noWait}))
	e, ok := g.Element("aws:eu-west-1/kinesis/clicks")
	if !ok || e.Properties[PropAccount] != "123456789012" {
		t.Errorf("stream: %v %v", ok, e)
	}
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "access denied to sts:GetCallerIdentity") {
		t.Errorf("diagnostics %v", diags)
	}
}

// TestConcurrencyBound: no more calls are in flight than the bound, across
// services and regions.
func TestConcurrencyBound(t *testing.T) {
	f := newFakeAWS(t, "testdata/estate.txtar")
	scan(t, New(Options{Regions: []string{"eu-west-1", "us-east-1"}, Live: true, Concurrency: 2, config: f.config("eu-west-1"), retryTweak: noWait}))
	if f.peak > 2 {
		t.Errorf("%d calls in flight at once, bound is 2", f.peak)
	}
}

func TestScanRefuses(t *testing.T) {
	snap := filepath.Join(t.TempDir(), "s.json")
	for _, tt := range []struct {
		name string
		opts Options
		want string
	}{
		{"both snapshot flags", Options{Snapshot: snap, SnapshotWrite: snap, Live: true}, "use one of them"},
		{"missing snapshot", Options{Snapshot: snap}, "no such file"},
		{"no region", Options{Live: true, config: &sdkaws.Config{}}, "no region"},
		{"bad region", Options{Live: true, Regions: []string{"eu-west-1/../x"}, config: &sdkaws.Config{}}, "bad region"},
		{"no credentials", Options{Live: true, config: &sdkaws.Config{Region: "eu-west-1"}}, "no credentials"},
		{"bad role", Options{Live: true, RoleARN: "role/x", config: &sdkaws.Config{Region: "eu-west-1"}}, "--aws-role-arn"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := New(tt.opts).Scan(context.Background(), scanners.Input{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestNotNamed: without Live (the scanner was not named on the command
// line) and without a snapshot, nothing is called and nothing is claimed.
func TestNotNamed(t *testing.T) {
	s := New(Options{})
	g, diags := scan(t, s)
	if g.Len() != 0 || len(diags) != 1 || !strings.Contains(diags[0].Message, "--scanners") {
		t.Errorf("graph %v, diagnostics %v", ids(g), diags)
	}
	if s.CouldSee(&model.Element{Kind: model.KindContainer, Technology: "Amazon SQS"}) {
		t.Error("an unscanned account claims it could see a queue")
	}
	if !s.Online() || s.Detect(nil) {
		t.Error("the aws scanner must be online and never detected")
	}
}

func TestPolicy(t *testing.T) {
	b := Policy()
	golden(t, "testdata/policy.json", b)
	var doc struct {
		Statement []struct {
			Action   []string
			Resource any
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, st := range doc.Statement {
		actions = append(actions, st.Action...)
	}
	for _, a := range actions {
		_, verb, _ := strings.Cut(a, ":")
		if !(strings.HasPrefix(verb, "List") || strings.HasPrefix(verb, "Describe") || strings.HasPrefix(verb, "Get") || verb == "GET") {
			t.Errorf("%s is not a read", a)
		}
	}
	for _, c := range calls {
		if !slices.Contains(actions, c.Action) {
			t.Errorf("%s missing from the policy", c.Action)
		}
	}
}

// TestShopFlowSnapshot scans ShopFlow's cloud side, as the account would
// answer, into the snapshot that `archdrift check --aws-snapshot` replays
// in the end-to-end tests: the RDS database, the image bucket and the
// order-event queue Terraform declares, and a dead-letter queue someone
// made by hand in the console.
func TestShopFlowSnapshot(t *testing.T) {
	f := newFakeAWS(t, "testdata/shopflow.txtar")
	snap := filepath.Join(t.TempDir(), "snapshot.json")
	scan(t, New(Options{Live: true, SnapshotWrite: snap, config: f.config("eu-west-1"), retryTweak: noWait}))
	b, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/shopflow-snapshot.json", b)
	g, _ := scan(t, New(Options{Snapshot: "testdata/shopflow-snapshot.json"}))
	if _, ok := g.Element("aws:eu-west-1/sqs/shopflow-debug-dlq"); !ok {
		t.Errorf("no console-made queue in %v", ids(g))
	}
}

func ids(g *model.Graph) []string {
	var out []string
	for _, e := range g.Elements() {
		out = append(out, e.ID)
	}
	return out
}

// TestCouldSee: a documented element is only claimed when every listing
// that yields its kind succeeded.
func TestCouldSee(t *testing.T) {
	inv := &Inventory{
		Resources: []Resource{{Type: "AWS::Lambda::Function", Region: "eu-west-1", Name: "f"}},
		Problems:  []Problem{{Region: "eu-west-1", Action: "ecs:ListClusters", Denied: true}},
	}
	s := New(Options{})
	s.remember(inv)
	for _, tt := range []struct {
		kind model.Kind
		tech string
		want bool
	}{
		{model.KindContainer, "Amazon ECS", false},        // its clusters were not listed
		{model.KindContainer, "Go", false},                // might run on ECS, which was not seen
		{model.KindContainer, "AWS Lambda", true},         // listed
		{model.KindContainer, "Amazon EventBridge", true}, // listed (nothing failed)
		{model.KindContainer, "PostgreSQL", false},        // self-hosted: not claimed without ECS
		{model.KindSystem, "AWS Lambda", false},
	} {
		if got := s.CouldSee(&model.Element{Kind: tt.kind, Technology: tt.tech}); got != tt.want {
			t.Errorf("CouldSee(%s %q) = %v, want %v", tt.kind, tt.tech, got, tt.want)
		}
	}
}

// TestAssumeRole: with --aws-role-arn the scanner asks STS for the role's
// credentials with the configured ones, then signs every call with the
// role's.
func TestAssumeRole(t *testing.T) {
	f := fake(t, identity+`-- eu-west-1/sts/AssumeRole --
<Credentials><AccessKeyId>ASIAROLEEXAMPLE</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/archdrift-readonly/archdrift</Arn><AssumedRoleId>AROA3XFRBF535PLBIFPI4:archdrift</AssumedRoleId></AssumedRoleUser>
-- eu-west-1/dynamodb/ListTables --
{"TableNames":["orders"]}
`)
	g, diags := scan(t, New(Options{Live: true, RoleARN: "arn:aws:iam::123456789012:role/archdrift-readonly", config: f.config("eu-west-1"), retryTweak: noWait}))
	if _, ok := g.Element("aws:eu-west-1/dynamodb/orders"); !ok || len(diags) > 0 {
		t.Errorf("elements %v, diagnostics %v", ids(g), diags)
	}
	if f.keys["AKIDEXAMPLE sts/AssumeRole"] != 1 || f.keys["ASIAROLEEXAMPLE dynamodb/ListTables"] != 1 || f.keys["AKIDEXAMPLE dynamodb/ListTables"] != 0 {
		t.Errorf("signing keys: %v", f.keys)
	}
}
