package reporters

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/diff"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/policies"
	"github.com/archdrift/archdrift/report"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// formats are the reporters of this package's files and the extensions of
// their golden files, testdata/<case>/<case>.<ext>.
var formats = []struct{ name, ext string }{
	{"markdown", "md"}, {"sarif", "sarif"}, {"junit", "junit.xml"}, {"html", "html"},
}

// fixtureRules stand in for policies.Engine.Rules() in golden tests, so the
// goldens do not change when someone rewords a built-in rule's METADATA.
var fixtureRules = []policies.Rule{
	{ID: "adr.invalid", Title: "Invalid ADR", Description: "An ADR without a status, a broken supersedes link, or a constraint that does not parse.", Severity: report.SeverityWarning, Source: "builtin"},
	{ID: "adr.violation", Title: "ADR violated", Description: "An accepted ADR's constraint is broken.", Severity: report.SeverityError, Source: "builtin"},
	{ID: "doc.stale", Title: "Stale documentation", Description: "A change touches sources mapped to an element but not its documentation.", Severity: report.SeverityWarning, Source: "builtin"},
	{ID: "element.ambiguous", Title: "Ambiguous match", Description: "An observed element matches several documented elements equally well by name. Map it explicitly.", Severity: report.SeverityNotice, Source: "builtin"},
	{ID: "element.missing", Title: "Missing element", Description: "The model shows an element that no scanner found.", Severity: report.SeverityWarning, Source: "builtin"},
	{ID: "element.undocumented", Title: "Undocumented element", Description: "Something runs that the model does not show.", Severity: report.SeverityError, Source: "builtin"},
	{ID: "relationship.missing", Title: "Missing relationship", Description: "A documented dependency that was not observed.", Severity: report.SeverityNotice, Source: "builtin"},
	{ID: "relationship.undocumented", Title: "Undocumented relationship", Description: "An observed dependency the model does not show.", Severity: report.SeverityError, Source: "builtin"},
	{ID: "technology.mismatch", Title: "Technology mismatch", Description: "The documented technology differs from what runs.", Severity: report.SeverityWarning, Source: "builtin"},
	{ID: "team.owner", Title: "Owner label", Description: "Every workload names its owning team.", Severity: report.SeverityWarning, Source: "policy/owner.rego"},
}

// fixtureReporter returns the named format configured with fixtureRules.
func fixtureReporter(t *testing.T, name string) Reporter {
	t.Helper()
	switch name {
	case "markdown":
		return Markdown{Rules: fixtureRules}
	case "sarif":
		return SARIF{Rules: fixtureRules}
	case "junit":
		return JUnit{Rules: fixtureRules}
	case "html":
		return HTML{Rules: fixtureRules}
	}
	t.Fatalf("no format %q", name)
	return nil
}

// goldenCases are the hand-built inputs: the ShopFlow estate with drift of
// every rule, a clean run, and hostile names.
var goldenCases = map[string]func() Input{
	"shopflow": shopflowInput,
	"clean":    cleanInput,
	"hostile":  hostileInput,
}

// TestGolden renders every case in every format and compares the bytes
// with testdata/<case>/<case>.<ext>; -update rewrites them.
func TestGolden(t *testing.T) {
	for name, build := range goldenCases {
		for _, f := range formats {
			t.Run(name+"/"+f.name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := fixtureReporter(t, f.name).Write(&buf, build()); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join("testdata", name, name+"."+f.ext), buf.Bytes())
			})
		}
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
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
		t.Errorf("%s differs (-want +got; go test -update rewrites it):\n%s", path, d)
	}
}

// render writes in with the fixture configuration of format name.
func render(t *testing.T, name string, in Input) string {
	t.Helper()
	var buf bytes.Buffer
	if err := fixtureReporter(t, name).Write(&buf, in); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return buf.String()
}

const dsl = "docs/architecture/workspace.dsl"

func src(scanner, file string, line int, addr string) []model.Source {
	return []model.Source{{Scanner: scanner, File: file, Line: line, Address: addr}}
}

func loc(file string, line int) *report.Location { return &report.Location{File: file, Line: line} }

func mustAdd(g *model.Graph, els ...*model.Element) {
	for _, e := range els {
		if err := g.Add(e); err != nil {
			panic(err)
		}
	}
}

// shopflowDocumented is the ShopFlow model as the team wrote it.
func shopflowDocumented() *model.Graph {
	g := model.NewGraph()
	c := func(id, name, tech, group string, class model.Class, line int) *model.Element {
		return &model.Element{ID: "shopflow." + id, Name: name, Kind: model.KindContainer, Class: class, Technology: tech,
			Parent: "shopflow", Group: group, Sources: src("structurizr", dsl, line, "")}
	}
	mustAdd(g,
		&model.Element{ID: "customer", Name: "Customer", Kind: model.KindPerson, Sources: src("structurizr", dsl, 12, "")},
		&model.Element{ID: "admin", Name: "Admin", Kind: model.KindPerson, Sources: src("structurizr", dsl, 13, "")},
		&model.Element{ID: "stripe", Name: "Stripe", Kind: model.KindSystem, Class: model.ClassExternal, Tags: []string{"External"}, Sources: src("structurizr", dsl, 15, "")},
		&model.Element{ID: "shopflow", Name: "ShopFlow", Kind: model.KindSystem, Class: model.ClassService, Sources: src("structurizr", dsl, 22, "")},
		c("webapp", "ShopFlow WebApp", "React, NGINX", "Edge", model.ClassUI, 24),
		c("gateway", "API Gateway", "Kong", "Edge", model.ClassGateway, 25),
		c("catalog", "Product Catalog", "Go", "Services", model.ClassService, 28),
		c("orders", "Order Service", "Java and Spring Boot", "Services", model.ClassService, 29),
		&model.Element{ID: "shopflow.orders.checkout", Name: "Checkout", Kind: model.KindComponent, Class: model.ClassService,
			Technology: "Spring Bean", Parent: "shopflow.orders", Group: "Services", Sources: src("structurizr", dsl, 31, "")},
		c("payments", "Payment Service", "Node.js", "Services", model.ClassService, 34),
		c("notifications", "Notification Service", "Python", "Services", model.ClassService, 35),
		c("reviews", "Review Service", "Go", "Services", model.ClassService, 36),
		c("queue", "RabbitMQ", "RabbitMQ", "Data", model.ClassQueue, 40),
		c("db", "PostgreSQL", "PostgreSQL", "Data", model.ClassDatabase, 41),
		c("images", "Product Images", "Amazon S3", "Data", model.ClassBucket, 42),
	)
	rel := func(from, to, desc, tech string, line int) {
		g.AddRelationship(&model.Relationship{From: from, To: to, Description: desc, Technology: tech, Sources: src("structurizr", dsl, line, "")})
	}
	rel("customer", "shopflow.webapp", "Browses and buys", "HTTPS", 46)
	rel("admin", "shopflow.webapp", "Manages the catalogue", "HTTPS", 47)
	rel("shopflow.webapp", "shopflow.gateway", "Calls the API", "JSON/HTTPS", 48)
	rel("shopflow.gateway", "shopflow.catalog", "Routes product calls", "JSON/HTTP", 49)
	rel("shopflow.gateway", "shopflow.orders", "Routes order calls", "JSON/HTTP", 50)
	rel("shopflow.gateway", "shopflow.reviews", "Routes review calls", "JSON/HTTP", 51)
	rel("shopflow.orders.checkout", "shopflow.payments", "Charges the customer", "JSON/HTTP", 52)
	rel("shopflow.orders", "shopflow.db", "Reads and writes orders", "JDBC", 53)
	rel("shopflow.orders", "shopflow.queue", "Publishes order events", "AMQP", 54)
	rel("shopflow.queue", "shopflow.notifications", "Delivers order events", "AMQP", 55)
	rel("shopflow.catalog", "shopflow.db", "Reads and writes products", "SQL", 56)
	rel("shopflow.catalog", "shopflow.images", "Stores product photos", "HTTPS", 57)
	rel("shopflow.payments", "stripe", "Charges cards", "JSON/HTTPS", 58)
	return g
}

func k8s(kind, name string) string { return "kubernetes:main/" + kind + "/" + name }

// shopflowObserved is what the scanners found.
func shopflowObserved() *model.Graph {
	g := model.NewGraph()
	w := func(kind, typ, name, tech string, class model.Class) *model.Element {
		return &model.Element{ID: k8s(kind, name), Name: name, Kind: model.KindContainer, Class: class, Technology: tech, Group: "main",
			Properties: map[string]string{model.PropType: typ},
			Sources:    src("kubernetes", "deploy/k8s/main/"+name+".yaml", 1, "main/"+name)}
	}
	mustAdd(g,
		w("deployment", "Deployment", "webapp", "NGINX", model.ClassUI),
		w("deployment", "Deployment", "api-gateway", "NGINX", model.ClassGateway),
		w("deployment", "Deployment", "product-catalog", "Go", model.ClassService),
		w("deployment", "Deployment", "order-service", "Java", model.ClassService),
		w("deployment", "Deployment", "payment-service", "Node.js", model.ClassService),
		w("deployment", "Deployment", "notification-service", "Python", model.ClassService),
		w("deployment", "Deployment", "recommendation-service", "Python", model.ClassService),
		w("statefulset", "StatefulSet", "rabbitmq", "RabbitMQ", model.ClassQueue),
		w("statefulset", "StatefulSet", "cart-cache", "Redis", model.ClassCache),
		&model.Element{ID: "terraform:aws_db_instance.shop", Name: "shop", Kind: model.KindContainer, Class: model.ClassDatabase,
			Technology: "PostgreSQL", Properties: map[string]string{model.PropType: "aws_db_instance"},
			Sources: src("terraform", "infra/rds.tf", 3, "aws_db_instance.shop")},
	)
	edge := func(from, to, tech, file string, line int) {
		g.AddRelationship(&model.Relationship{From: from, To: to, Technology: tech, Sources: src("kubernetes", file, line, "")})
	}
	edge(k8s("deployment", "order-service"), k8s("deployment", "recommendation-service"), "HTTP", "deploy/k8s/main/order-service.yaml", 34)
	edge(k8s("deployment", "order-service"), k8s("deployment", "notification-service"), "HTTP", "deploy/k8s/main/order-service.yaml", 38)
	edge(k8s("deployment", "recommendation-service"), k8s("statefulset", "cart-cache"), "Redis", "deploy/k8s/main/recommendation-service.yaml", 29)
	return g
}

func shopflowDiff() *diff.Result {
	m := func(doc, via string, obs ...string) report.Match {
		return report.Match{Documented: doc, Observed: obs, Via: via}
	}
	return &diff.Result{
		Matches: []report.Match{
			m("shopflow.catalog", "name", k8s("deployment", "product-catalog")),
			m("shopflow.db", "explicit", "terraform:aws_db_instance.shop"),
			m("shopflow.gateway", "name", k8s("deployment", "api-gateway")),
			m("shopflow.notifications", "name", k8s("deployment", "notification-service")),
			m("shopflow.orders", "name", k8s("deployment", "order-service")),
			m("shopflow.payments", "name", k8s("deployment", "payment-service")),
			m("shopflow.queue", "name", k8s("statefulset", "rabbitmq")),
			m("shopflow.webapp", "config", k8s("deployment", "webapp")),
		},
		Ambiguous: []diff.Ambiguity{},
		UndocumentedElements: []diff.ElementFact{
			{ID: k8s("statefulset", "cart-cache"), Name: "cart-cache", Kind: "container", Class: "cache", Technology: "Redis", Group: "main",
				Display: "StatefulSet main/cart-cache", Location: loc("deploy/k8s/main/cart-cache.yaml", 1)},
			{ID: k8s("deployment", "recommendation-service"), Name: "recommendation-service", Kind: "container", Class: "service", Technology: "Python", Group: "main",
				Display: "Deployment main/recommendation-service", Location: loc("deploy/k8s/main/recommendation-service.yaml", 1)},
		},
		MissingElements: []diff.ElementFact{
			{ID: "shopflow.images", Name: "Product Images", Kind: "container", Class: "bucket", Technology: "Amazon S3", Group: "Data", Display: "Product Images", Location: &report.Location{File: dsl, Line: 42, Column: 17}},
			{ID: "shopflow.reviews", Name: "Review Service", Kind: "container", Class: "service", Technology: "Go", Group: "Services", Display: "Review Service", Location: &report.Location{File: dsl, Line: 36, Column: 17}},
		},
		UndocumentedRelationships: []diff.RelationshipFact{
			{From: "shopflow.orders", To: "shopflow.notifications", FromName: "Order Service", ToName: "Notification Service",
				ObservedFrom: k8s("deployment", "order-service"), ObservedTo: k8s("deployment", "notification-service"), Technology: "HTTP",
				Location: loc("deploy/k8s/main/order-service.yaml", 38)},
			{From: "shopflow.orders", To: k8s("deployment", "recommendation-service"), FromName: "Order Service", ToName: "recommendation-service",
				ObservedFrom: k8s("deployment", "order-service"), ObservedTo: k8s("deployment", "recommendation-service"), Technology: "HTTP",
				Location: loc("deploy/k8s/main/order-service.yaml", 34)},
			{From: k8s("deployment", "recommendation-service"), To: k8s("statefulset", "cart-cache"), FromName: "recommendation-service", ToName: "cart-cache",
				ObservedFrom: k8s("deployment", "recommendation-service"), ObservedTo: k8s("statefulset", "cart-cache"), Technology: "Redis",
				Location: loc("deploy/k8s/main/recommendation-service.yaml", 29)},
		},
		MissingRelationships: []diff.RelationshipFact{
			{From: "shopflow.catalog", To: "shopflow.images", FromName: "Product Catalog", ToName: "Product Images", Description: "Stores product photos", Technology: "HTTPS", Location: loc(dsl, 57)},
			{From: "shopflow.gateway", To: "shopflow.reviews", FromName: "API Gateway", ToName: "Review Service", Description: "Routes review calls", Technology: "JSON/HTTP", Location: loc(dsl, 51)},
		},
		TechnologyMismatches: []diff.TechnologyFact{
			{Documented: "shopflow.gateway", DocumentedName: "API Gateway", Observed: k8s("deployment", "api-gateway"),
				DocumentedTechnology: "Kong", ObservedTechnology: "NGINX", Location: loc("deploy/k8s/main/api-gateway.yaml", 1)},
		},
		Lifted: []diff.RelationshipFact{},
	}
}

func shopflowReport() *report.Report {
	s := report.Str
	r := &report.Report{
		Findings: []report.Finding{
			{Rule: "element.undocumented", Severity: report.SeverityError, Message: "Deployment main/recommendation-service is not in the model",
				Observed: s(k8s("deployment", "recommendation-service")), Location: loc("deploy/k8s/main/recommendation-service.yaml", 1)},
			{Rule: "element.undocumented", Severity: report.SeverityError, Message: "StatefulSet main/cart-cache is not in the model",
				Observed: s(k8s("statefulset", "cart-cache")), Location: loc("deploy/k8s/main/cart-cache.yaml", 1)},
			{Rule: "relationship.undocumented", Severity: report.SeverityError, Message: "Order Service → Notification Service is observed but not in the model",
				Observed: s(k8s("deployment", "order-service") + "->" + k8s("deployment", "notification-service")), Documented: s("shopflow.orders->shopflow.notifications"),
				Location: loc("deploy/k8s/main/order-service.yaml", 38)},
			{Rule: "relationship.undocumented", Severity: report.SeverityError, Message: "Order Service → recommendation-service is observed but not in the model",
				Observed: s(k8s("deployment", "order-service") + "->" + k8s("deployment", "recommendation-service")), Documented: s("shopflow.orders->" + k8s("deployment", "recommendation-service")),
				Location: loc("deploy/k8s/main/order-service.yaml", 34)},
			{Rule: "relationship.undocumented", Severity: report.SeverityError, Message: "recommendation-service → cart-cache is observed but not in the model",
				Observed: s(k8s("deployment", "recommendation-service") + "->" + k8s("statefulset", "cart-cache")), Documented: s(k8s("deployment", "recommendation-service") + "->" + k8s("statefulset", "cart-cache")),
				Location: loc("deploy/k8s/main/recommendation-service.yaml", 29)},
			{Rule: "adr.violation", Severity: report.SeverityError, Message: "Order Service calls Notification Service over HTTP; ADR 3 says services talk through RabbitMQ",
				Observed: s(k8s("deployment", "order-service") + "->" + k8s("deployment", "notification-service")), Documented: s("shopflow.orders->shopflow.notifications"),
				Location: &report.Location{File: "deploy/k8s/main/order-service.yaml", Line: 38, Column: 15},
				ADR:      &report.ADRRef{Number: 3, Title: "Services talk through RabbitMQ", File: "docs/adr/0003-services-talk-through-rabbitmq.md", Line: 14}},
			{Rule: "element.missing", Severity: report.SeverityWarning, Message: "Review Service (shopflow.reviews) is in the model but no scanner found it",
				Documented: s("shopflow.reviews"), Location: &report.Location{File: dsl, Line: 36, Column: 17}},
			{Rule: "element.missing", Severity: report.SeverityWarning, Message: "Product Images (shopflow.images) is in the model but no scanner found it",
				Documented: s("shopflow.images"), Location: &report.Location{File: dsl, Line: 42, Column: 17}},
			{Rule: "technology.mismatch", Severity: report.SeverityWarning, Message: "API Gateway is documented as Kong but runs NGINX",
				Documented: s("shopflow.gateway"), Observed: s(k8s("deployment", "api-gateway")), Location: loc("deploy/k8s/main/api-gateway.yaml", 1)},
			{Rule: "adr.invalid", Severity: report.SeverityWarning, Message: "ADR 5 has no status: add a Status section (Proposed, Accepted, …)",
				ADR: &report.ADRRef{Number: 5, Title: "Cache carts in Redis", File: "docs/adr/0005-cache-carts-in-redis.md", Line: 1}},
			{Rule: "doc.stale", Severity: report.SeverityWarning, Message: "deploy/k8s/main/order-service.yaml changed but the documentation of Order Service (shopflow.orders) did not",
				Documented: s("shopflow.orders"), Location: loc("deploy/k8s/main/order-service.yaml", 1)},
			{Rule: "team.owner", Severity: report.SeverityWarning, Message: "Deployment main/webapp has no owner label",
				Observed: s(k8s("deployment", "webapp"))},
			{Rule: "relationship.missing", Severity: report.SeverityNotice, Message: "API Gateway → Review Service is in the model but was not observed",
				Documented: s("shopflow.gateway->shopflow.reviews"), Location: loc(dsl, 51)},
			{Rule: "relationship.missing", Severity: report.SeverityNotice, Message: "Product Catalog → Product Images is in the model but was not observed",
				Documented: s("shopflow.catalog->shopflow.images"), Location: loc(dsl, 57)},
			{Rule: "element.ambiguous", Severity: report.SeverityNotice, Message: "kubernetes:main/deployment/order-events matches several documented elements: shopflow.orders, shopflow.queue; map it explicitly",
				Observed: s(k8s("deployment", "order-events")), Location: loc("deploy/k8s/main/order-events.yaml", 1)},
		},
		Diagnostics: []model.Diagnostic{
			{Severity: model.DiagError, Origin: "kubernetes", File: "deploy/k8s/main/broken.yaml", Line: 7, Column: 3, Message: "mapping values are not allowed in this context"},
		},
		Summary: report.Summary{Documented: 15, Observed: 10, Matched: 8},
	}
	r.Matches = shopflowDiff().Matches
	r.Sort()
	return r
}

func shopflowInput() Input {
	return Input{
		Report: shopflowReport(), Documented: shopflowDocumented(), Observed: shopflowObserved(), Diff: shopflowDiff(),
		Links: &Links{RepoURL: "https://github.com/acme/shopflow", Ref: "0123456789abcdef0123456789abcdef01234567"},
	}
}

// cleanInput is a run without drift.
func cleanInput() Input {
	doc := model.NewGraph()
	mustAdd(doc,
		&model.Element{ID: "shop", Name: "Shop", Kind: model.KindSystem},
		&model.Element{ID: "shop.api", Name: "API", Kind: model.KindContainer, Technology: "Go", Parent: "shop", Sources: src("structurizr", "workspace.dsl", 4, "")},
	)
	obs := model.NewGraph()
	mustAdd(obs, &model.Element{ID: k8s("deployment", "api"), Name: "api", Kind: model.KindContainer, Technology: "Go", Group: "main"})
	d := &diff.Result{Matches: []report.Match{{Documented: "shop.api", Observed: []string{k8s("deployment", "api")}, Via: "name"}}}
	r := &report.Report{Matches: d.Matches, Summary: report.Summary{Documented: 2, Observed: 1, Matched: 1}}
	r.Sort()
	return Input{Report: r, Documented: doc, Observed: obs, Diff: d}
}

// hostile names try to break out of every format: Markdown links and
// mentions, HTML, Mermaid and DSL syntax, XML, backticks, newlines.
const hostileName = "Evil](https://evil.example) <img src=x onerror=alert(1)> @octocat `x` \"q\" #1 | ~~s~~ $x$ end\n## heading ]]> \\"

func hostileInput() Input {
	doc := model.NewGraph()
	mustAdd(doc,
		&model.Element{ID: "sys", Name: "Sys <b>" + hostileName, Kind: model.KindSystem},
		&model.Element{ID: "sys.db", Name: "<B>html-like label</B>", Kind: model.KindContainer, Technology: "<I>x</I>", Parent: "sys"},
		&model.Element{ID: "sys.api", Name: hostileName, Kind: model.KindContainer, Technology: "Go\"]; click n0 href \"javascript:alert(1)\"", Parent: "sys",
			Sources: src("structurizr", "model/<evil>.dsl", 3, "")},
	)
	obs := model.NewGraph()
	evilID := k8s("deployment", "evil\"-->x")
	mustAdd(obs, &model.Element{ID: evilID, Name: hostileName, Kind: model.KindContainer, Group: "main"})
	d := &diff.Result{
		UndocumentedElements: []diff.ElementFact{{ID: evilID, Name: hostileName, Kind: "container", Class: "service", Technology: "```", Group: "main",
			Display: "Deployment " + hostileName, Location: loc("deploy/evil (1).yaml", 2)}},
		UndocumentedRelationships: []diff.RelationshipFact{{From: "sys.api", To: evilID, FromName: hostileName, ToName: hostileName,
			Description: hostileName, Technology: "HTTP", Location: loc("../outside.yaml", 1)}},
	}
	r := &report.Report{
		Findings: []report.Finding{
			{Rule: "element.undocumented", Severity: report.SeverityError, Message: "Deployment " + hostileName + " is not in the model",
				Observed: report.Str(evilID), Location: loc("deploy/evil (1).yaml", 2)},
			{Rule: "relationship.undocumented", Severity: report.SeverityError, Message: hostileName + " → " + hostileName,
				Documented: report.Str("sys.api->" + evilID), Location: loc("../outside.yaml", 1)},
			{Rule: "evil](x) <script>alert(1)</script>", Severity: report.SeverityWarning, Message: "<script>alert(1)</script>",
				ADR: &report.ADRRef{Number: 9, Title: hostileName, File: "docs/adr/<9>.md", Line: 1}},
		},
		Diagnostics: []model.Diagnostic{{Severity: model.DiagWarning, Origin: "kubernetes", File: "deploy/<x>.yaml", Message: hostileName}},
		Summary:     report.Summary{Documented: 2, Observed: 1},
	}
	r.Sort()
	return Input{Report: r, Documented: doc, Observed: obs, Diff: d,
		Links: &Links{RepoURL: "https://github.com/acme/shop", Ref: "feature/x y"}}
}
