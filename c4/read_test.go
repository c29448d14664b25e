package c4

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestFind(t *testing.T) {
	dirs := []string{".", "docs/architecture", "docs"}
	mdC4 := &fstest.MapFile{Data: []byte("# A\n```mermaid\nC4Context\nPerson(u, \"U\")\n```\n")}
	mdOther := &fstest.MapFile{Data: []byte("# A\n```mermaid\ngraph TD\n```\n")}
	for _, tt := range []struct {
		name string
		fsys fstest.MapFS
		want []string
	}{
		{"workspace.dsl first", fstest.MapFS{"docs/architecture/workspace.dsl": {}, "x.c4": {}, "docs/workspace.json": {}}, []string{"docs/architecture/workspace.dsl"}},
		{"workspace.json", fstest.MapFS{"docs/workspace.json": {}, "a.dsl": {}}, []string{"docs/workspace.json"}},
		{"the first .dsl", fstest.MapFS{"docs/architecture/b.dsl": {}, "docs/architecture/a.dsl": {}, "m.c4": {}}, []string{"docs/architecture/a.dsl"}},
		{"every .c4 below a folder", fstest.MapFS{"docs/architecture/model.c4": {}, "docs/architecture/cloud/s.likec4": {}, "docs/architecture/node_modules/x.c4": {}, "docs/architecture/.git/y.c4": {}, "docs/z.mmd": {Data: []byte("C4Context\n")}},
			[]string{"docs/architecture/cloud/s.likec4", "docs/architecture/model.c4"}},
		{"only the top of .", fstest.MapFS{"m.c4": {}, "sub/n.c4": {}}, []string{"m.c4"}},
		{"mermaid files holding C4", fstest.MapFS{"docs/a.mmd": {Data: []byte("%% x\nC4Container\n")}, "docs/b.mmd": {Data: []byte("flowchart\n")}}, []string{"docs/a.mmd"}},
		{"markdown with C4 blocks", fstest.MapFS{"docs/architecture/a.md": mdC4, "docs/architecture/b.md": mdOther, "README.md": mdC4}, []string{"docs/architecture/a.md"}},
		{"no markdown in .", fstest.MapFS{"README.md": mdC4}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Find(tt.fsys, dirs)); diff != "" {
				t.Errorf("Find (-want +got):\n%s", diff)
			}
		})
	}
	if got := FindIn(fstest.MapFS{"sub/n.c4": {}}, "."); len(got) != 1 {
		t.Errorf("FindIn(.) = %v, want the LikeC4 files below", got)
	}
}

// TestReadMerges reads one model written in three notations, each file
// saying part of it: elements merge by ID, a relationship repeated is one.
func TestReadMerges(t *testing.T) {
	fsys := fstest.MapFS{
		"a.c4":  {Data: []byte("specification { element system\n element container }\nmodel { shop = system 'Shop' { web = container 'Web' 'Storefront.' 'React' }\n shop.web -> shop.api 'Calls' }\n")},
		"b.c4":  {Data: []byte("model { extend shop { api = container 'API' { technology 'Go' } } }\n")},
		"c.md":  {Data: []byte("```mermaid\nC4Container\nPerson(user, \"User\")\nSystem_Boundary(shop, \"Shop\") {\n  Container(web, \"Web\", \"\", \"Other description\")\n}\nRel(user, web, \"Uses\")\n```\n")},
		"w.dsl": {Data: []byte("workspace {\n!identifiers hierarchical\nmodel {\nshop = softwareSystem \"Shop\" {\napi = container \"API\"\nweb = container \"Web\"\n}\nshop.web -> shop.api \"Calls\"\n}\n}\n")},
	}
	ws, err := Read(fsys, []string{"c.md", "a.c4", "w.dsl", "b.c4"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ws.Graph.Elements() {
		got = append(got, e.ID+" "+e.Technology+" "+e.Description+" "+e.Parent)
	}
	for _, r := range ws.Graph.Relationships() {
		got = append(got, r.From+" -> "+r.To+" "+r.Description)
	}
	want := []string{
		"shop   ", "shop.api Go  shop", "shop.web React Storefront. shop", "user   ",
		"shop.web -> shop.api Calls", "user -> shop.web Uses",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged (-want +got):\n%s", diff)
	}
	if strings.Join(ws.Formats, ",") != "likec4,mermaid,structurizr" || len(ws.Files) != 4 {
		t.Errorf("formats %v, files %v", ws.Formats, ws.Files)
	}
	if _, err := Read(fsys, []string{"nothing.txt"}); err == nil {
		t.Error("a file no reader claims is not an error")
	}
	fsys["notes.txt"] = &fstest.MapFile{Data: []byte("hello")}
	if _, err := Read(fsys, []string{"notes.txt"}); err == nil || !strings.Contains(err.Error(), "not a model archdrift reads") {
		t.Errorf("unclaimed file: %v", err)
	}
}
