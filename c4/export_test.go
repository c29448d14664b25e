package c4_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/c4"
	"github.com/archdrift/archdrift/c4/likec4"
	"github.com/archdrift/archdrift/c4/mermaid"
	"github.com/archdrift/archdrift/c4/structurizr"
	"github.com/archdrift/archdrift/check"
	"github.com/archdrift/archdrift/config"
	"github.com/archdrift/archdrift/model"
)

// loss says what a notation cannot carry, for comparing a graph with what
// its written form reads back as.
type loss struct {
	groups, properties bool
	// tagSpelling: LikeC4 tags are names ("Web Browser" is Web-Browser).
	tagSpelling bool
}

func render(t *testing.T, g *model.Graph, l loss) string {
	t.Helper()
	out := model.NewGraph()
	for _, e := range g.Elements() {
		c := *e
		c.Sources = nil
		if l.groups {
			c.Group = ""
		}
		c.Tags = nil
		for _, tag := range e.Tags {
			if l.tagSpelling {
				tag = strings.ReplaceAll(strings.ToLower(tag), " ", "-")
			}
			c.Tags = append(c.Tags, tag)
		}
		slices.Sort(c.Tags)
		if l.properties || len(c.Properties) == 0 {
			c.Properties = nil
			if u := e.Properties["url"]; u != "" {
				c.Properties = map[string]string{"url": u}
			}
		}
		if err := out.Add(&c); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range g.Relationships() {
		c := *r
		c.Sources = nil
		if len(c.Properties) == 0 {
			c.Properties = nil
		}
		out.AddRelationship(&c)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readBack reads what writer format wrote.
func readBack(t *testing.T, format string, src []byte) *model.Graph {
	t.Helper()
	var g *model.Graph
	var err error
	switch format {
	case "dsl":
		var ws *structurizr.Workspace
		ws, err = structurizr.Parse(nil, "model.dsl", src)
		g = ws.Graph
	case "json":
		var ws *structurizr.Workspace
		ws, err = structurizr.Parse(nil, "workspace.json", src)
		g = ws.Graph
	case "likec4":
		var m *likec4.Model
		m, err = likec4.Parse("model.c4", src)
		g = m.Graph
		for _, d := range m.Diagnostics {
			t.Errorf("%s", d)
		}
	case "mermaid":
		var m *mermaid.Model
		m, err = mermaid.Parse("model.mmd", src)
		g = m.Graph
		for _, d := range m.Diagnostics {
			t.Errorf("%s", d)
		}
	default:
		t.Fatalf("no reader for %s", format)
	}
	if err != nil {
		t.Fatalf("%s output does not parse: %v\n%s", format, err, src)
	}
	return g
}

var losses = map[string]loss{
	"dsl":     {},
	"json":    {},
	"likec4":  {groups: true, tagSpelling: true},
	"mermaid": {properties: true},
}

// TestWritersRoundTrip writes ShopFlow's export and its documented model
// in every format and reads them back with archdrift's own readers: the
// same graph, but for what the notation cannot say.
func TestWritersRoundTrip(t *testing.T) {
	shopflow := filepath.Join("..", "testdata", "shopflow")
	obs, err := check.Observe(context.Background(), check.Options{Root: shopflow})
	if err != nil {
		t.Fatal(err)
	}
	exported := c4.FromObserved(obs.Graph, c4.ExportOptions{Name: "shopflow"})
	doc, err := check.Document(context.Background(), check.Options{Root: shopflow})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range c4.Writers() {
		for name, g := range map[string]*model.Graph{"export": exported, "documented": doc.Workspace.Graph} {
			t.Run(w.Name+"/"+name, func(t *testing.T) {
				var a, b bytes.Buffer
				if err := w.Write(&a, g, "ShopFlow"); err != nil {
					t.Fatal(err)
				}
				if err := w.Write(&b, g, "ShopFlow"); err != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
					t.Errorf("not deterministic (%v)", err)
				}
				back := readBack(t, w.Name, a.Bytes())
				l := losses[w.Name]
				if diff := cmp.Diff(render(t, g, l), render(t, back, l)); diff != "" {
					t.Errorf("%s does not read back the same (-written +read):\n%s\n%s", w.Name, diff, a.String())
				}
			})
		}
	}
}

func TestFromObserved(t *testing.T) {
	obs := model.NewGraph()
	add := func(e *model.Element) {
		t.Helper()
		if err := obs.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	add(&model.Element{ID: "kubernetes:shop/deployment/orders", Name: "orders", Kind: model.KindContainer, Class: model.ClassService, Group: "shop"})
	add(&model.Element{ID: "code:services/orders", Name: "orders", Kind: model.KindContainer, Class: model.ClassService, Technology: "Go"})
	add(&model.Element{ID: "code:services/orders/api", Name: "api", Kind: model.KindComponent, Class: model.ClassService, Parent: "code:services/orders"})
	add(&model.Element{ID: "kubernetes:shop/statefulset/db", Name: "db", Kind: model.KindContainer, Class: model.ClassDatabase, Technology: "PostgreSQL", Group: "shop"})
	add(&model.Element{ID: "code:tech/PostgreSQL", Name: "PostgreSQL", Kind: model.KindContainer, Class: model.ClassDatabase, Technology: "PostgreSQL", Properties: map[string]string{model.PropTechnologyOnly: "true"}})
	add(&model.Element{ID: "kubernetes:shop/external/stripe", Name: "stripe", Kind: model.KindSystem, Class: model.ClassExternal})
	add(&model.Element{ID: "terraform:aws_iam_role.x", Name: "orders", Kind: model.KindInfrastructureNode, Class: model.ClassInfrastructure})
	add(&model.Element{ID: "terraform:aws_instance.web[0]", Name: "web", Kind: model.KindContainer, Class: model.ClassService})
	obs.AddRelationship(&model.Relationship{From: "code:services/orders/api", To: "code:tech/PostgreSQL"})
	obs.AddRelationship(&model.Relationship{From: "kubernetes:shop/deployment/orders", To: "kubernetes:shop/external/stripe", Technology: "HTTPS"})
	g := c4.FromObserved(obs, c4.ExportOptions{Name: "estate", Systems: map[string][]string{"Web": {"terraform:aws_instance.*"}}})
	var got []string
	for _, e := range g.Elements() {
		got = append(got, strings.Join([]string{e.ID, string(e.Kind), string(e.Class), e.Parent, e.Properties[model.PropSource], strings.Join(e.Tags, ",")}, " | "))
	}
	for _, r := range g.Relationships() {
		got = append(got, r.From+" -> "+r.To+" "+r.Technology)
	}
	want := []string{
		"shop | system | service |  |  | ",
		"shop.db | container | database | shop | code:tech/PostgreSQL,kubernetes:shop/statefulset/db | Database",
		"shop.orders | container | service | shop | code:services/orders,kubernetes:shop/deployment/orders | ",
		"shop.orders.api | component | service | shop.orders | code:services/orders/api | ",
		"stripe | system | external |  | kubernetes:shop/external/stripe | External",
		"web | system | service |  |  | ",
		"web.web | container | service | web | terraform:aws_instance.web[[]0] | ",
		"shop.orders -> stripe HTTPS",
		"shop.orders.api -> shop.db ",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("export (-want +got):\n%s", diff)
	}
}

func TestSourceGlob(t *testing.T) {
	for _, id := range []string{"terraform:aws_instance.web[0]", "k:a*b?c", "plain/id", "x]y"} {
		g := c4.SourceGlob(id)
		if !config.MatchGlob(g, id) {
			t.Errorf("SourceGlob(%q) = %q does not match it", id, g)
		}
		if other := id + "x"; config.MatchGlob(g, other) || strings.Contains(id, "*") && config.MatchGlob(g, strings.ReplaceAll(id, "*", "zz")) {
			t.Errorf("SourceGlob(%q) = %q matches more than it", id, g)
		}
	}
}
