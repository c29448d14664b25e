package suggest

import (
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/c4/structurizr"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/report"
)

// TestPatch applies a plan to a DSL file with every kind of block the
// elements go in: a system whose "}" is alone on its line, a system
// without a block, a "{ }" on one line, a container, and model { } itself
// (with no relationship yet); the result must be exactly the old text with
// lines added, and still parse.
func TestPatch(t *testing.T) {
	src := `workspace {
	!identifiers hierarchical
	model {
		// People first.
		u = person "User"
		a = softwareSystem "A" {
			web = container "Web" {
				c = component "C"
			}
		}
		b = softwareSystem "B" "No block." // a comment after
		e = softwareSystem "E" { }
		gone = softwareSystem "Gone"
	}
}
`
	fsys := fstest.MapFS{"w.dsl": {Data: []byte(src)}}
	ws, err := structurizr.ParseFile(fsys, "w.dsl")
	if err != nil {
		t.Fatal(err)
	}
	lines := func(ident string, kind model.Kind) []string {
		return structurizr.ElementLines(ident, &model.Element{Name: ident, Kind: kind, Properties: map[string]string{}}, nil)
	}
	plan := &Plan{
		Elements: []Element{
			{In: "a", Ref: "a.api", Comment: "// Deployment x/api", Lines: lines("api", model.KindContainer)},
			{In: "b", Ref: "b.db", Lines: lines("db", model.KindContainer)},
			{In: "e", Ref: "e.q", Lines: lines("q", model.KindContainer)},
			{In: "a.web", Ref: "a.web.d", Lines: lines("d", model.KindComponent)},
			{In: "", Ref: "ext", Lines: lines("ext", model.KindSystem)},
			{In: "b", Ref: "b.db2", Lines: lines("db2", model.KindContainer)},
		},
		Relationships: []Relationship{{From: "a.api", To: "b.db", OK: true, Lines: []string{`a.api -> b.db "Uses" ""`}}},
		Missing: []Missing{{What: "element", ID: "gone"}, {What: "element", ID: "gone"},
			{What: "relationship", Location: &report.Location{File: "w.dsl", Line: 99}}},
	}
	edits, err := plan.Patch(ws, "w.dsl", func(name string) ([]byte, error) { return fsys[name].Data, nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(edits) != 1 {
		t.Fatalf("%d edits, want 1", len(edits))
	}
	want := `workspace {
	!identifiers hierarchical
	model {
		// People first.
		u = person "User"
		a = softwareSystem "A" {
			web = container "Web" {
				c = component "C"
				d = component "d" "" ""
			}
			// Deployment x/api
			api = container "api" "" ""
		}
		b = softwareSystem "B" "No block." {
			db = container "db" "" ""
			db2 = container "db2" "" ""
		} // a comment after
		e = softwareSystem "E" {
			q = container "q" "" ""
		}
		// archdrift: not observed
		gone = softwareSystem "Gone"
		ext = softwareSystem "ext"
		a.api -> b.db "Uses" ""
	}
}
`
	if diff := cmp.Diff(want, string(edits[0].New)); diff != "" {
		t.Errorf("patched (-want +got):\n%s", diff)
	}
	back, err := structurizr.Parse(nil, "w.dsl", edits[0].New)
	if err != nil {
		t.Fatalf("the patched model does not parse: %v", err)
	}
	if back.Graph.Len() != ws.Graph.Len()+6 || len(back.Graph.Relationships()) != 1 {
		t.Errorf("%d elements and %d relationships after the patch", back.Graph.Len(), len(back.Graph.Relationships()))
	}
}
