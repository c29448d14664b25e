package policies

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/archdrift/archdrift/adr"
	"github.com/archdrift/archdrift/diff"
	"github.com/archdrift/archdrift/model"
	"github.com/google/go-cmp/cmp"
)

// adrEstate is a small shop, documented and observed, that the ADR tests
// below constrain. Observed elements name their documented element
// explicitly, so matching is not what is under test; "reporting" and the
// SQS queue match nothing.
func adrEstate(t *testing.T) (doc, obs *model.Graph) {
	t.Helper()
	doc, obs = model.NewGraph(), model.NewGraph()
	docs := []*model.Element{
		{ID: "shop", Name: "Shop", Kind: model.KindSystem},
		{ID: "shop.orders", Name: "Order Service", Kind: model.KindContainer, Class: model.ClassService, Technology: "Java and Spring Boot", Parent: "shop"},
		{ID: "shop.catalog", Name: "Product Catalog", Kind: model.KindContainer, Class: model.ClassService, Technology: "Go", Parent: "shop"},
		{ID: "shop.notify", Name: "Notification Service", Kind: model.KindContainer, Class: model.ClassService, Technology: "Python", Parent: "shop"},
		{ID: "shop.db", Name: "Orders DB", Kind: model.KindContainer, Class: model.ClassDatabase, Technology: "PostgreSQL 15", Parent: "shop"},
		{ID: "shop.queue", Name: "RabbitMQ", Kind: model.KindContainer, Class: model.ClassQueue, Technology: "RabbitMQ", Parent: "shop"},
		{ID: "shop.cache", Name: "Cart Cache", Kind: model.KindContainer, Class: model.ClassCache, Technology: "Redis", Parent: "shop"},
		{ID: "stripe", Name: "Stripe", Kind: model.KindSystem, Class: model.ClassExternal, Tags: []string{"External"}},
	}
	for _, e := range docs {
		e.Sources = []model.Source{{Scanner: "structurizr", File: "workspace.dsl", Line: 10}}
		if err := doc.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	k8s := func(kind, name, element, tech string, class model.Class) *model.Element {
		e := &model.Element{
			ID: "kubernetes:main/" + kind + "/" + name, Name: name, Kind: model.KindContainer, Class: class, Technology: tech,
			Properties: map[string]string{model.PropType: strings.ToUpper(kind[:1]) + kind[1:]},
			Sources:    []model.Source{{Scanner: "kubernetes", File: "k8s/" + name + ".yaml", Line: 1, Column: 1, Address: "main/" + name}},
		}
		if element != "" {
			e.Properties[model.PropElement] = element
		}
		return e
	}
	observed := []*model.Element{
		k8s("deployment", "order-service", "shop.orders", "", model.ClassService),
		k8s("deployment", "product-catalog", "shop.catalog", "", model.ClassService),
		k8s("deployment", "notification-service", "shop.notify", "", model.ClassService),
		k8s("statefulset", "postgres", "shop.db", "PostgreSQL", model.ClassDatabase),
		k8s("statefulset", "rabbitmq", "shop.queue", "RabbitMQ", model.ClassQueue),
		k8s("deployment", "cart-cache", "shop.cache", "Memcached", model.ClassCache),
		k8s("deployment", "reporting", "", "", model.ClassService),
		{
			ID: "terraform:aws_sqs_queue.events", Name: "events", Kind: model.KindContainer, Class: model.ClassQueue, Technology: "Amazon SQS",
			Properties: map[string]string{model.PropType: "aws_sqs_queue"},
			Sources:    []model.Source{{Scanner: "terraform", File: "main.tf", Line: 56, Column: 1, Address: "aws_sqs_queue.events"}},
		},
	}
	for _, e := range observed {
		if err := obs.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	edge := func(from, to string, line int) {
		obs.AddRelationship(&model.Relationship{
			From: "kubernetes:main/" + from, To: "kubernetes:main/" + to,
			Sources: []model.Source{{Scanner: "kubernetes", File: "k8s/" + strings.TrimPrefix(strings.TrimPrefix(from, "deployment/"), "statefulset/") + ".yaml", Line: line, Column: 15}},
		})
	}
	edge("deployment/order-service", "statefulset/postgres", 30)
	edge("deployment/order-service", "statefulset/rabbitmq", 32)
	edge("deployment/product-catalog", "statefulset/postgres", 24)
	edge("deployment/notification-service", "statefulset/rabbitmq", 20)
	edge("deployment/notification-service", "deployment/product-catalog", 22)
	edge("deployment/reporting", "statefulset/postgres", 18)
	return doc, obs
}

// adrFinding is a finding of an adr.* rule, flattened for comparison.
type adrFinding struct {
	Severity, Rule, Message, Location, ADR string
}

// checkADRs parses the ADRs (name → Markdown) the way archdrift reads them,
// evaluates the built-in rules over the estate and returns the adr.*
// findings.
func checkADRs(t *testing.T, files map[string]string) []adrFinding {
	t.Helper()
	doc, obs := adrEstate(t)
	var recs []adr.Record
	var probs []adr.Problem
	for name, text := range files {
		rec, ps := adr.Parse(name, []byte(text))
		recs = append(recs, rec)
		probs = append(probs, ps...)
	}
	adr.SortRecords(recs)
	techs := map[string][]string{}
	for _, g := range []*model.Graph{doc, obs} {
		for _, e := range g.Elements() {
			for _, tech := range model.Technologies(e.Technology) {
				techs[e.ID] = append(techs[e.ID], tech.Name)
			}
		}
	}
	in := Input{
		Documented: doc, Observed: obs, Diff: diff.Compare(doc, obs, diff.Options{}),
		Technologies: techs, Config: map[string]any{},
	}
	for _, r := range recs {
		in.ADRs = append(in.ADRs, r)
	}
	for _, p := range probs {
		in.ADRProblems = append(in.ADRProblems, p)
	}
	got, err := mustNew(t, Options{}).Evaluate(context.Background(), in)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	var out []adrFinding
	for _, f := range got {
		if !strings.HasPrefix(f.Rule, "adr.") {
			continue
		}
		af := adrFinding{Severity: string(f.Severity), Rule: f.Rule, Message: f.Message}
		if f.Location != nil {
			af.Location = fmt.Sprintf("%s:%d", f.Location.File, f.Location.Line)
		}
		if f.ADR != nil {
			af.ADR = fmt.Sprintf("%d %s:%d", f.ADR.Number, f.ADR.File, f.ADR.Line)
		}
		out = append(out, af)
	}
	return out
}

// decision writes an adr-tools style ADR whose constraint block starts on
// line 10.
func decision(number int, title, status, constraints string) string {
	return fmt.Sprintf("# %d. %s\n\nDate: 2024-05-01\n\n## Status\n\n%s\n\n```archdrift\n%s\n```\n", number, title, status, constraints)
}

// TestADRConstraintVerbs evaluates each constraint verb end to end: ADR
// Markdown through the ADR reader, an estate through the diff, both through
// the policy engine.
func TestADRConstraintVerbs(t *testing.T) {
	const file = "docs/adr/0005-x.md"
	tests := []struct {
		name        string
		status      string
		constraints string
		want        []adrFinding
	}{
		{
			name: "only: another dependant breaks it", status: "Accepted",
			constraints: `- only: "Order Service, Product Catalog -> Orders DB"`,
			want: []adrFinding{{
				Severity: "error", Rule: "adr.violation",
				Message:  `Deployment main/reporting → Orders DB breaks ADR 5 "Decision" (only: Order Service, Product Catalog -> Orders DB)`,
				Location: "k8s/reporting.yaml:18", ADR: "5 " + file + ":10",
			}},
		},
		{
			name: "only: the unmatched element named by its own name holds", status: "Accepted",
			constraints: `- only: "Order Service, Product Catalog, reporting -> Orders DB"`,
		},
		{
			name: "deny: the edge breaks it, unless exempts the other", status: "Accepted",
			constraints: "- deny: \"Notification Service -> *\"\n  unless: [RabbitMQ]",
			want: []adrFinding{{
				Severity: "error", Rule: "adr.violation",
				Message:  `Notification Service → Product Catalog breaks ADR 5 "Decision" (deny: Notification Service -> *; unless: RabbitMQ)`,
				Location: "k8s/notification-service.yaml:22", ADR: "5 " + file + ":10",
			}},
		},
		{
			name: "deny: no such edge holds", status: "Accepted",
			constraints: `- deny: "Notification Service, tech:Java -> class:cache, Stripe"`,
		},
		{
			name: "require: a missing dependency breaks it", status: "Accepted",
			constraints: `- require: "Product Catalog -> RabbitMQ"`,
			want: []adrFinding{{
				Severity: "error", Rule: "adr.violation",
				Message:  `Product Catalog does not depend on RabbitMQ, which breaks ADR 5 "Decision" (require: Product Catalog -> RabbitMQ)`,
				Location: "k8s/product-catalog.yaml:1", ADR: "5 " + file + ":10",
			}},
		},
		{
			name: "require: a present dependency holds", status: "Accepted",
			constraints: `- require: "Order Service, Notification Service -> RabbitMQ"`,
		},
		{
			name: "technology allow: an unmatched queue breaks it", status: "Accepted",
			constraints: "- technology: \"class:queue\"\n  allow: [RabbitMQ]",
			want: []adrFinding{{
				Severity: "error", Rule: "adr.violation",
				Message:  `aws_sqs_queue.events runs Amazon SQS, which breaks ADR 5 "Decision" (technology: class:queue; allow: RabbitMQ)`,
				Location: "main.tf:56", ADR: "5 " + file + ":10",
			}},
		},
		{
			name: "technology deny: an observed technology breaks it", status: "Accepted",
			constraints: "- technology: \"Cart Cache\"\n  deny: [memcached]",
			want: []adrFinding{{
				Severity: "error", Rule: "adr.violation",
				Message:  `Cart Cache runs Memcached, which breaks ADR 5 "Decision" (technology: Cart Cache; deny: Memcached)`,
				Location: "k8s/cart-cache.yaml:1", ADR: "5 " + file + ":10",
			}},
		},
		{
			name: "technology: canonical names hold", status: "Accepted",
			constraints: "- technology: \"class:database\"\n  allow: [postgres]\n- technology: \"*\"\n  deny: [MySQL, mongo]",
		},
		{
			name: "proposed: a notice", status: "Proposed",
			constraints: `- require: "Product Catalog -> RabbitMQ"`,
			want: []adrFinding{{
				Severity: "notice", Rule: "adr.violation",
				Message:  `Product Catalog does not depend on RabbitMQ, which breaks proposed ADR 5 "Decision" (require: Product Catalog -> RabbitMQ)`,
				Location: "k8s/product-catalog.yaml:1", ADR: "5 " + file + ":10",
			}},
		},
		{
			name: "rejected: not enforced", status: "Rejected",
			constraints: `- require: "Product Catalog -> RabbitMQ"`,
		},
		{
			name: "deprecated: not enforced", status: "Deprecated",
			constraints: `- deny: "Notification Service -> Product Catalog"`,
		},
		{
			name: "superseded: not enforced", status: "Superseded by [6. Newer](0006-newer.md)",
			// Order Service is not the only dependant, but the decision
			// no longer holds.
			constraints: `- only: "Order Service -> Orders DB"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkADRs(t, map[string]string{file: decision(5, "Decision", tt.status, tt.constraints)})
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
		})
	}
}

// TestADRBadConstraintBlock checks that a constraint block that does not
// parse is reported with its ADR file and line, and that the other ADRs are
// still enforced.
func TestADRBadConstraintBlock(t *testing.T) {
	got := checkADRs(t, map[string]string{
		"docs/adr/0007-broken.md": decision(7, "Broken", "Accepted", "- deny: \"Web -> Orders DB\"\n- only: [unclosed"),
		"docs/adr/0008-fine.md":   decision(8, "Fine", "Accepted", `- deny: "Notification Service -> Product Catalog"`),
		"docs/adr/0009-typo.md":   decision(9, "Typo", "Accepted", `- deny: "Notification Servise -> Product Catalog"`),
	})
	want := []adrFinding{
		{
			Severity: "error", Rule: "adr.violation",
			Message:  `Notification Service → Product Catalog breaks ADR 8 "Fine" (deny: Notification Service -> Product Catalog)`,
			Location: "k8s/notification-service.yaml:22", ADR: "8 docs/adr/0008-fine.md:10",
		},
		{
			Severity: "warning", Rule: "adr.invalid",
			Message:  `ADR 7 "Broken": archdrift block: bad YAML: did not find expected ',' or ']'`,
			Location: "docs/adr/0007-broken.md:11", ADR: "7 docs/adr/0007-broken.md:1",
		},
		{
			Severity: "warning", Rule: "adr.invalid",
			Message:  `ADR 9 "Typo": "Notification Servise" names no documented or observed element, so this constraint is never checked`,
			Location: "docs/adr/0009-typo.md:10", ADR: "9 docs/adr/0009-typo.md:10",
		},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("findings (-want +got):\n%s", d)
	}
}

// TestADRTechnologies checks that the technologies the policy input carries
// are what the rules compare, not the model's free text.
func TestADRTechnologies(t *testing.T) {
	got := checkADRs(t, map[string]string{
		"docs/adr/0001-db.md": decision(1, "Postgres only", "Accepted", "- deny: \"tech:Java -> tech:postgres\""),
	})
	want := []adrFinding{{
		Severity: "error", Rule: "adr.violation",
		Message:  `Order Service → Orders DB breaks ADR 1 "Postgres only" (deny: tech:Java -> tech:PostgreSQL)`,
		Location: "k8s/order-service.yaml:30", ADR: "1 docs/adr/0001-db.md:10",
	}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("findings (-want +got):\n%s", d)
	}
}
