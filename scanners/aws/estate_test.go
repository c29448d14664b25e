package aws

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// noBackoff retries at once: tests must not sleep through the backoff.
type noBackoff struct{}

func (noBackoff) BackoffDelay(int, error) (time.Duration, error) { return 0, nil }

// noWait keeps the adaptive retryer (throttle detection, attempts) but
// retries at once: no backoff, and attempts cost nothing from the client
// rate limiter, which would otherwise sleep up to two seconds after a
// throttle. TestThrottledProductionRetryer runs the untouched retryer.
func noWait(o *retry.AdaptiveModeOptions) {
	o.RequestCost = 0
	o.StandardOptions = append(o.StandardOptions, func(so *retry.StandardOptions) { so.Backoff = noBackoff{} })
}

// scan runs a scanner and fails the test on an error.
func scan(t *testing.T, s *Scanner) (*model.Graph, []model.Diagnostic) {
	t.Helper()
	g, diags, err := s.Scan(context.Background(), scanners.Input{})
	if err != nil {
		t.Fatal(err)
	}
	return g, diags
}

// render is the graph and diagnostics as the golden files hold them.
func render(t *testing.T, g *model.Graph, diags []model.Diagnostic) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(struct {
		Graph       *model.Graph       `json:"graph"`
		Diagnostics []model.Diagnostic `json:"diagnostics"`
	}{g, diags}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestEstate scans an estate of 30-odd resources in two regions through
// the fake: pages, throttled calls (JSON 1.1, REST-JSON 429, query), a
// denied service, and every relationship kind; then replays the snapshot
// it wrote with no server running and expects the same graph.
func TestEstate(t *testing.T) {
	f := newFakeAWS(t, "testdata/estate.txtar")
	snap := filepath.Join(t.TempDir(), "snapshot.json")
	s := New(Options{Regions: []string{"eu-west-1", "us-east-1"}, Live: true, SnapshotWrite: snap, Concurrency: 4,
		config: f.config("eu-west-1"), retryTweak: noWait})
	g, diags := scan(t, s)
	live := render(t, g, diags)
	golden(t, "testdata/estate.graph.json", live)

	if n := g.Len(); n < 20 {
		t.Errorf("%d elements, want at least 20", n)
	}
	if u := f.unused(); len(u) > 0 {
		t.Errorf("fixtures never asked for (misspelt key?): %v", u)
	}
	if f.throttled != 3 || f.denied != 1 {
		t.Errorf("throttled %d, denied %d requests; want 3 and 1", f.throttled, f.denied)
	}
	for _, want := range []struct{ from, to, desc string }{
		{"aws:eu-west-1/ecs/shop/orders", "aws:eu-west-1/dynamodb/orders", "env ORDERS_TABLE"},
		{"aws:eu-west-1/ecs/shop/orders", "aws:eu-west-1/sqs/payments", "env PAYMENTS_QUEUE_URL"},
		{"aws:eu-west-1/ecs/shop/orders", "aws:eu-west-1/rds/db/shop-db", "env DATABASE_URL"},
		{"aws:eu-west-1/ecs/shop/orders", "aws:eu-west-1/elasticache/sessions", "env SESSION_CACHE"},
		{"aws:eu-west-1/ecs/shop/catalog", "aws:eu-west-1/opensearch/products", "env SEARCH_ENDPOINT"},
		{"aws:eu-west-1/ecs/shop/catalog", "aws:eu-west-1/s3/shop-product-images", "env IMAGES_BUCKET"},
		{"aws:eu-west-1/ecs/shop/catalog", "aws:eu-west-1/msk/events", "env KAFKA_BOOTSTRAP"},
		{"aws:eu-west-1/ecs/shop/web", "aws:eu-west-1/apigateway/shop-api", "env API_BASE_URL"},
		{"aws:eu-west-1/lambda/payment-worker", "aws:eu-west-1/sqs/payments", "consumes"},
		{"aws:eu-west-1/lambda/payment-worker", "aws:eu-west-1/rds/proxy/shop-proxy", "env DB_HOST"},
		{"aws:eu-west-1/lambda/payment-worker", "aws:eu-west-1/memorydb/ratelimits", "env RATE_LIMITS"},
		{"aws:eu-west-1/lambda/payment-worker", "aws:eu-west-1/kinesis/clickstream", "env CLICKSTREAM"},
		{"aws:eu-west-1/lambda/notify", "aws:eu-west-1/dynamodb/orders", "consumes"},
		{"aws:eu-west-1/lambda/notify", "aws:eu-west-1/sns/order-events", "env TOPIC_ARN"},
		{"aws:eu-west-1/lambda/report-exporter", "aws:eu-west-1/s3/shop-access-logs", "env EXPORT_TO"},
		{"aws:eu-west-1/lambda/report-exporter", "aws:eu-west-1/rds/cluster/analytics", "env ANALYTICS_DSN"},
		{"aws:eu-west-1/stepfunctions/checkout-flow", "aws:eu-west-1/lambda/payment-worker", "calls"},
		{"aws:eu-west-1/stepfunctions/checkout-flow", "aws:eu-west-1/dynamodb/orders", "calls"},
		{"aws:eu-west-1/rds/proxy/shop-proxy", "aws:eu-west-1/rds/db/shop-db", "proxies"},
		{"aws:eu-west-1/sns/order-events", "aws:eu-west-1/sqs/payments", "delivers to"},
		{"aws:eu-west-1/eventbridge/shop-events", "aws:eu-west-1/eventbridge/shop-events/order-placed", "routes to"},
		{"aws:eu-west-1/eventbridge/shop-events/order-placed", "aws:eu-west-1/stepfunctions/checkout-flow", "triggers"},
		{"aws:eu-west-1/eventbridge/default/nightly-export", "aws:eu-west-1/lambda/report-exporter", "triggers"},
		{"aws:eu-west-1/apigateway/shop-api", "aws:eu-west-1/elb/shop-alb", "routes to"},
		{"aws:eu-west-1/apigateway/shop-api", "aws:eu-west-1/lambda/payment-worker", "routes to"},
		{"aws:eu-west-1/apigateway/webhooks", "aws:eu-west-1/elb/shop-alb", "routes to"},
		{"aws:eu-west-1/elb/shop-alb", "aws:eu-west-1/ecs/shop/orders", "forwards to"},
		{"aws:eu-west-1/elb/shop-alb", "aws:eu-west-1/lambda/thumbnailer", "forwards to"},
	} {
		if !hasEdge(g, want.from, want.to, want.desc) {
			t.Errorf("no relationship %s → %s %q", want.from, want.to, want.desc)
		}
	}
	for id, want := range map[string]string{
		"aws:eu-west-1/rds/db/shop-db":        "shop.db",     // tag of the listing
		"aws:eu-west-1/ecs/shop/orders":       "shop.orders", // tag of DescribeServices
		"aws:eu-west-1/lambda/payment-worker": "shop.payments",
		"aws:eu-west-1/sqs/payments":          "shop.payments-queue", // tagging API
	} {
		if e, ok := g.Element(id); !ok || e.Properties[model.PropElement] != want {
			t.Errorf("%s: element tag %q, want %q", id, e.Properties[model.PropElement], want)
		}
	}
	if !slices.ContainsFunc(diags, func(d model.Diagnostic) bool {
		return strings.Contains(d.Message, "access denied to sqs:ListQueues in us-east-1")
	}) {
		t.Errorf("no diagnostic naming the denied action sqs:ListQueues: %v", diags)
	}

	// Every request was a call of the table, and every call of the table
	// was made: the IAM policy covers the scanner exactly.
	for op := range f.ops {
		client, name, _ := strings.Cut(op, "/")
		if _, ok := callByOperation(client, name); !ok {
			t.Errorf("request %s is not in the call table (calls.go): the policy would miss it", op)
		}
	}
	for _, c := range calls {
		if f.ops[c.Service+"/"+c.Operation] == 0 {
			t.Errorf("call %s/%s never made by the estate test", c.Service, c.Operation)
		}
	}

	// The snapshot keeps references, never the environment values that
	// held them.
	b, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"s3cr3t-pa55", "do-not-leak", "ops@example.com", "LOG_LEVEL"} {
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("snapshot holds %q", secret)
		}
	}
	golden(t, "testdata/estate.snapshot.json", b)

	// Replay with no server: the same graph and diagnostics.
	f.srv.Close()
	r := New(Options{Snapshot: snap})
	rg, rdiags := scan(t, r)
	if replay := render(t, rg, rdiags); !bytes.Equal(replay, live) {
		t.Errorf("replayed graph differs from the live one:\n%s", lineDiff(string(live), string(replay)))
	}

	// What the scan could see: not SQS queues (denied in one region), but
	// DynamoDB tables; self-hosted workloads, since the account runs ECS.
	for _, tt := range []struct {
		e    model.Element
		want bool
	}{
		{model.Element{Kind: model.KindContainer, Technology: "Amazon SQS"}, false},
		{model.Element{Kind: model.KindContainer, Technology: "Amazon DynamoDB"}, true},
		{model.Element{Kind: model.KindContainer, Technology: "Amazon Aurora PostgreSQL"}, true},
		{model.Element{Kind: model.KindContainer, Class: model.ClassService, Technology: "Go"}, true},
		{model.Element{Kind: model.KindComponent, Technology: "Amazon DynamoDB"}, false},
	} {
		for _, sc := range []*Scanner{s, r} {
			if got := sc.CouldSee(&tt.e); got != tt.want {
				t.Errorf("CouldSee(%s %q) = %v, want %v", tt.e.Kind, tt.e.Technology, got, tt.want)
			}
		}
	}
}

func hasEdge(g *model.Graph, from, to, desc string) bool {
	for _, r := range g.Relationships() {
		if r.From == from && r.To == to && strings.Contains(r.Description, desc) {
			return true
		}
	}
	return false
}
