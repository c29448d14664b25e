package model

import (
	"encoding/json"
	"slices"
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
