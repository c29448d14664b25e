package model

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestGraphOrderAndJSON(t *testing.T) {
	g := NewGraph()
	for _, id := range []string{"s.b", "s", "s.a"} {
		parent := "s"
		if id == "s" {
			parent = ""
		}
		if err := g.Add(&Element{ID: id, Name: id, Parent: parent}); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.Add(&Element{ID: "s"}); err == nil {
		t.Error("duplicate ID accepted")
	}
	g.AddRelationship(&Relationship{From: "s.b", To: "s.a"})
	g.AddRelationship(&Relationship{From: "s.a", To: "s.b"})
	var ids []string
	for _, e := range g.Elements() {
		ids = append(ids, e.ID)
	}
	if !slices.Equal(ids, []string{"s", "s.a", "s.b"}) {
		t.Errorf("Elements order = %v", ids)
	}
	if got := g.Children("s"); !slices.Equal(got, []string{"s.a", "s.b"}) {
		t.Errorf("Children(s) = %v", got)
	}
	if got := g.Ancestors("s.a"); !slices.Equal(got, []string{"s"}) {
		t.Errorf("Ancestors(s.a) = %v", got)
	}
	if rels := g.Relationships(); rels[0].From != "s.a" {
		t.Errorf("relationships not sorted: %+v", rels)
	}
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	var back Graph
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(&back)
	if string(b) != string(b2) {
		t.Errorf("JSON round trip changed the graph:\n%s\n%s", b, b2)
	}
	g.RemoveElement("s.a")
	if g.Len() != 2 || len(g.Relationships()) != 0 || slices.Contains(g.Children("s"), "s.a") {
		t.Errorf("RemoveElement left traces: %d elements, %d relationships", g.Len(), len(g.Relationships()))
	}
}

func TestAncestorsCutsCycles(t *testing.T) {
	g := NewGraph()
	_ = g.Add(&Element{ID: "a", Parent: "b"})
	_ = g.Add(&Element{ID: "b", Parent: "a"})
	if got := g.Ancestors("a"); len(got) != 1 {
		t.Errorf("Ancestors on a cycle = %v", got)
	}
}

func TestMerge(t *testing.T) {
	g := NewGraph()
	g.Merge(&Element{ID: "x", Name: "X", Tags: []string{"A"}, Sources: []Source{{Scanner: "k"}}})
	g.Merge(&Element{ID: "x", Technology: "Go", Tags: []string{"a", "B"}, Sources: []Source{{Scanner: "t"}}})
	e, _ := g.Element("x")
	if e.Name != "X" || e.Technology != "Go" || len(e.Tags) != 2 || len(e.Sources) != 2 {
		t.Errorf("Merge = %+v", e)
	}
}

func TestPositionAndStrings(t *testing.T) {
	if got := Position("", 3, 4); got != "" {
		t.Errorf("Position without a file = %q", got)
	}
	if got := (Source{Address: "main/orders"}).String(); got != "main/orders" {
		t.Errorf("Source without a file = %q, want its address", got)
	}
	if got := (Source{File: "a.yaml", Line: 2, Column: 5}).String(); got != "a.yaml:2:5" {
		t.Errorf("Source.String = %q", got)
	}
	d := Diagnostic{Origin: "kubernetes", File: "a.yaml", Line: 9, Message: "bad"}
	if got := d.String(); got != "kubernetes: a.yaml:9: bad" {
		t.Errorf("Diagnostic.String = %q", got)
	}
	if got := (Diagnostic{Origin: "aws", Message: "denied"}).String(); got != "aws: denied" {
		t.Errorf("Diagnostic without a file = %q", got)
	}
}

// TestElementsOrderFollowsChanges checks that the order Elements keeps is
// dropped whenever the set of elements changes, and that callers get their
// own slice.
func TestElementsOrderFollowsChanges(t *testing.T) {
	ids := func(g *Graph) string {
		t.Helper()
		var out []string
		for _, e := range g.Elements() {
			out = append(out, e.ID)
		}
		return strings.Join(out, ",")
	}
	g := NewGraph()
	for _, id := range []string{"m", "c"} {
		if err := g.Add(&Element{ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name   string
		change func()
		want   string
	}{
		{"as added", func() {}, "c,m"},
		{"add", func() { _ = g.Add(&Element{ID: "a"}) }, "a,c,m"},
		{"merge new", func() { g.Merge(&Element{ID: "z"}) }, "a,c,m,z"},
		{"merge existing", func() { g.Merge(&Element{ID: "c", Name: "C"}) }, "a,c,m,z"},
		{"remove", func() { g.RemoveElement("m") }, "a,c,z"},
		{"caller edits its slice", func() { els := g.Elements(); els[0] = &Element{ID: "zz"} }, "a,c,z"},
		{"unmarshal", func() {
			if err := g.UnmarshalJSON([]byte(`{"elements":[{"id":"q"},{"id":"b"}],"relationships":[]}`)); err != nil {
				t.Fatal(err)
			}
		}, "b,q"},
	}
	for _, s := range steps {
		s.change()
		if got := ids(g); got != s.want {
			t.Errorf("after %s: Elements = %s, want %s", s.name, got, s.want)
		}
	}
	// Stages read one graph side by side (go test -race).
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { _ = g.Elements() })
	}
	wg.Wait()
}
