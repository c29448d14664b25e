package structurizr

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/internal/corpus"
	"github.com/archdrift/archdrift/model"
)

// withoutSources renders a graph as JSON without where it was read (a
// DSL line, a JSON element ID), which two notations of one model cannot
// share. lowerIDs compares IDs case-insensitively: Structurizr lower-cases
// the DSL identifiers it records in JSON.
func withoutSources(t *testing.T, g *model.Graph, lowerIDs bool) string {
	t.Helper()
	low := func(s string) string {
		if lowerIDs {
			return strings.ToLower(s)
		}
		return s
	}
	out := model.NewGraph()
	for _, e := range g.Elements() {
		c := *e
		c.Sources = nil
		c.ID, c.Parent = low(c.ID), low(c.Parent)
		if len(c.Properties) == 0 {
			c.Properties = nil
		}
		if h := c.Properties["structurizr.hosts"]; h != "" {
			c.Properties = map[string]string{}
			for k, v := range e.Properties {
				c.Properties[k] = v
			}
			c.Properties["structurizr.hosts"] = low(h)
		}
		if err := out.Add(&c); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range g.Relationships() {
		c := *r
		c.Sources = nil
		c.From, c.To = low(c.From), low(c.To)
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

// viaJSON writes g with JSONWriter and reads it back.
func viaJSON(t *testing.T, g *model.Graph) (*Workspace, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := (JSONWriter{Name: "n", Description: "d"}).Write(&buf, g); err != nil {
		t.Fatal(err)
	}
	ws, err := Parse(nil, "workspace.json", buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	return ws, buf.Bytes()
}

// TestDSLAndJSONSameGraph is the first promise: a workspace
// exported as JSON gives the same graph as its DSL. The JSON is made by
// JSONWriter for big-bank-plc (both versions in the corpus) and other
// corpus workspaces, and ShopFlow.
func TestDSLAndJSONSameGraph(t *testing.T) {
	type tc struct {
		name string
		fsys func(t *testing.T) (string, string) // dir, file
	}
	cases := []tc{
		{"shopflow", func(*testing.T) (string, string) {
			return filepath.Join("..", "..", "testdata", "shopflow"), "docs/architecture/workspace.dsl"
		}},
		{"examples/big-bank-plc", func(t *testing.T) (string, string) {
			return corpus.Dir(t, "structurizr-examples"), "big-bank-plc/workspace.dsl"
		}},
		{"examples/big-bank-plc/internet-banking-system", func(t *testing.T) (string, string) {
			return corpus.Dir(t, "structurizr-examples"), "big-bank-plc/internet-banking-system/workspace.dsl"
		}},
		{"dsl-tests/big-bank-plc", func(t *testing.T) (string, string) {
			return corpus.Dir(t, "structurizr-dsl-tests"), "big-bank-plc.dsl"
		}},
		{"examples/microservices", func(t *testing.T) (string, string) {
			return corpus.Dir(t, "structurizr-examples"), "microservices/workspace.dsl"
		}},
		{"examples/amazon-web-services", func(t *testing.T) (string, string) {
			return corpus.Dir(t, "structurizr-examples"), "amazon-web-services/workspace.dsl"
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, file := c.fsys(t)
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(file))); err != nil {
				t.Skipf("%s: %v", file, err)
			}
			dsl, err := ParseFile(os.DirFS(dir), file)
			if err != nil {
				t.Fatal(err)
			}
			if dsl.Graph.Len() == 0 {
				t.Fatal("nothing read")
			}
			js, raw := viaJSON(t, dsl.Graph)
			for _, d := range js.Diagnostics {
				t.Errorf("diagnostic reading the JSON: %s", d)
			}
			if diff := cmp.Diff(withoutSources(t, dsl.Graph, false), withoutSources(t, js.Graph, false)); diff != "" {
				t.Errorf("DSL and JSON differ (-dsl +json):\n%s", diff)
			}
			// Written twice, the JSON is the same bytes.
			if _, again := viaJSON(t, js.Graph); !bytes.Equal(raw, again) {
				t.Error("JSONWriter is not deterministic")
			}
		})
	}
}

// TestStructurizrJSONExport compares a JSON workspace that Structurizr
// itself wrote (the corpus's extend/workspace.json) with the DSL it was
// made from (extend/workspace.dsl, which the JSON embeds base64-encoded
// as "structurizr.dsl"). Structurizr records identifiers in lower case and
// UUIDs for elements without one, so IDs are compared case-insensitively.
func TestStructurizrJSONExport(t *testing.T) {
	dir := corpus.Dir(t, "structurizr-dsl-tests/extend")
	fsys := os.DirFS(dir)
	dsl, err := ParseFile(fsys, "workspace.dsl")
	if err != nil {
		t.Fatal(err)
	}
	js, err := ParseFile(fsys, "workspace.json")
	if err != nil {
		t.Fatal(err)
	}
	// The JSON has the workspace's name and description, the DSL none.
	if diff := cmp.Diff(withoutSources(t, dsl.Graph, true), withoutSources(t, js.Graph, true)); diff != "" {
		t.Errorf("DSL and Structurizr's JSON differ (-dsl +json):\n%s", diff)
	}
	if js.Graph.Len() != 6 {
		t.Errorf("%d elements, want 6 (user, three systems, webapp, db)", js.Graph.Len())
	}
}

// TestDSLWriterRoundTrip writes graphs as DSL and reads them back: with
// identifier IDs (ShopFlow) the graph is the same; with derived IDs
// (corpus workspaces with unnamed elements) the counts are.
func TestDSLWriterRoundTrip(t *testing.T) {
	ws, err := ParseFile(os.DirFS(filepath.Join("..", "..", "testdata", "shopflow")), "docs/architecture/workspace.dsl")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := (DSLWriter{Name: "ShopFlow"}).Write(&buf, ws.Graph); err != nil {
		t.Fatal(err)
	}
	back, err := Parse(nil, "out.dsl", buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	for _, d := range back.Diagnostics {
		t.Errorf("diagnostic: %s", d)
	}
	if diff := cmp.Diff(withoutSources(t, ws.Graph, false), withoutSources(t, back.Graph, false)); diff != "" {
		t.Errorf("written and read back differ (-before +after):\n%s\n%s", diff, buf.String())
	}
	for _, file := range []string{"big-bank-plc/workspace.dsl", "amazon-web-services/workspace.dsl", "microservices/workspace.dsl"} {
		dir := corpus.Dir(t, "structurizr-examples")
		ws, err := ParseFile(os.DirFS(dir), file)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := (DSLWriter{}).Write(&buf, ws.Graph); err != nil {
			t.Fatal(err)
		}
		back, err := Parse(nil, "out.dsl", buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v\n%s", file, err, buf.String())
		}
		if back.Graph.Len() != ws.Graph.Len() || len(back.Graph.Relationships()) != len(ws.Graph.Relationships()) {
			t.Errorf("%s: %d elements and %d relationships read back, want %d and %d\n%s", file,
				back.Graph.Len(), len(back.Graph.Relationships()), ws.Graph.Len(), len(ws.Graph.Relationships()), buf.String())
		}
	}
}

func TestWritersRefuseBadNesting(t *testing.T) {
	g := model.NewGraph()
	_ = g.Add(&model.Element{ID: "c", Name: "C", Kind: model.KindContainer})
	var buf bytes.Buffer
	if err := (DSLWriter{}).Write(&buf, g); err == nil || !strings.Contains(err.Error(), `container "c" is at the top level`) {
		t.Errorf("DSL: %v", err)
	}
	if err := (JSONWriter{}).Write(&buf, g); err == nil {
		t.Error("JSON: no error")
	}
}

func TestElementLines(t *testing.T) {
	e := &model.Element{Name: `Say "hi"\`, Kind: model.KindContainer, Technology: "Go", Tags: []string{"Queue"},
		Properties: map[string]string{model.PropSource: "k:x", "url": "https://x", "structurizr.hosts": "a"}}
	got := strings.Join(ElementLines("q", e, []string{"    c = component \"C\""}), "\n")
	want := `q = container "Say \"hi\"/" "" "Go" {
    tags "Queue"
    url "https://x"
    properties {
        "archdrift.source" "k:x"
    }
    c = component "C"
}`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	src := "workspace {\n!identifiers hierarchical\nmodel {\ns = softwareSystem \"S\" {\n" + got + "\n}\n}\n}\n"
	if _, err := Parse(fstest.MapFS{}, "w.dsl", []byte(src)); err != nil {
		t.Errorf("does not parse: %v\n%s", err, src)
	}
}

func TestIdentifier(t *testing.T) {
	for in, want := range map[string]string{
		"recommendation-service": "recommendation_service",
		"Cart Cache (Redis)":     "cart_cache_redis",
		"2fa":                    "_2fa",
		"--":                     "element",
		"Ünïcode ✓ name":         "n_code_name",
	} {
		if got := Identifier(in); got != want {
			t.Errorf("Identifier(%q) = %q, want %q", in, got, want)
		}
	}
}
