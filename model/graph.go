package model

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
)

// Graph is a set of elements and the relationships between them. Elements are
// indexed by ID; iteration order is always sorted so that output is
// deterministic.
type Graph struct {
	elements map[string]*Element
	rels     []*Relationship
	children map[string][]string
	refs     []Reference
	// sorted is Elements' order, kept until an element is added or
	// removed: the diff, the policy input and the reporters each ask for
	// it, and on a large estate each sort cost as much as the work that
	// asked. Atomic because stages read one graph side by side.
	sorted atomic.Pointer[[]*Element]
}

// NewGraph returns an empty graph.
func NewGraph() *Graph {
	return &Graph{elements: map[string]*Element{}, children: map[string][]string{}}
}

// Add inserts e. An element whose ID is already present is an error: callers
// decide whether to merge (see Merge) or report a duplicate.
func (g *Graph) Add(e *Element) error {
	if e.ID == "" {
		return fmt.Errorf("element %q has no id", e.Name)
	}
	if _, ok := g.elements[e.ID]; ok {
		return fmt.Errorf("duplicate element id %q", e.ID)
	}
	if e.Properties == nil {
		e.Properties = map[string]string{}
	}
	g.elements[e.ID] = e
	g.children[e.Parent] = append(g.children[e.Parent], e.ID)
	g.sorted.Store(nil)
	return nil
}

// Merge inserts e, or folds it into the element with the same ID: sources,
// tags and properties are unioned, and empty fields are filled in.
func (g *Graph) Merge(e *Element) {
	old, ok := g.elements[e.ID]
	if !ok {
		_ = g.Add(e)
		return
	}
	if old.Name == "" {
		old.Name = e.Name
	}
	if old.Kind == "" {
		old.Kind = e.Kind
	}
	if old.Class == ClassUnknown {
		old.Class = e.Class
	}
	if old.Technology == "" {
		old.Technology = e.Technology
	}
	if old.Description == "" {
		old.Description = e.Description
	}
	if old.Group == "" {
		old.Group = e.Group
	}
	for _, t := range e.Tags {
		if !old.HasTag(t) {
			old.Tags = append(old.Tags, t)
		}
	}
	for k, v := range e.Properties {
		if _, ok := old.Properties[k]; !ok {
			old.Properties[k] = v
		}
	}
	old.Sources = append(old.Sources, e.Sources...)
}

// Element returns the element with the given ID.
func (g *Graph) Element(id string) (*Element, bool) {
	e, ok := g.elements[id]
	return e, ok
}

// Len is the number of elements.
func (g *Graph) Len() int { return len(g.elements) }

// Elements returns every element sorted by ID.
func (g *Graph) Elements() []*Element {
	if p := g.sorted.Load(); p != nil {
		return slices.Clone(*p)
	}
	out := make([]*Element, 0, len(g.elements))
	for _, e := range g.elements {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *Element) int { return strings.Compare(a.ID, b.ID) })
	g.sorted.Store(&out)
	return slices.Clone(out)
}

// Children returns the IDs of the direct children of id ("" for top level),
// sorted.
func (g *Graph) Children(id string) []string {
	out := slices.Clone(g.children[id])
	slices.Sort(out)
	return out
}

// Ancestors returns the parent chain of id, nearest first. Cycles (which a
// malformed input could produce) are cut.
func (g *Graph) Ancestors(id string) []string {
	var out []string
	seen := map[string]bool{id: true}
	for {
		e, ok := g.elements[id]
		if !ok || e.Parent == "" || seen[e.Parent] {
			return out
		}
		out = append(out, e.Parent)
		seen[e.Parent] = true
		id = e.Parent
	}
}

// AddRelationship appends r. Relationships may repeat between the same pair
// with different descriptions, as in Structurizr.
func (g *Graph) AddRelationship(r *Relationship) {
	g.rels = append(g.rels, r)
}

// RemoveElement deletes an element and every relationship that touches it.
func (g *Graph) RemoveElement(id string) {
	e, ok := g.elements[id]
	if !ok {
		return
	}
	delete(g.elements, id)
	g.sorted.Store(nil)
	g.children[e.Parent] = slices.DeleteFunc(g.children[e.Parent], func(c string) bool { return c == id })
	g.rels = slices.DeleteFunc(g.rels, func(r *Relationship) bool { return r.From == id || r.To == id })
	g.refs = slices.DeleteFunc(g.refs, func(r Reference) bool { return r.From == id })
}

// Relationships returns every relationship sorted by (From, To, Description,
// Technology).
func (g *Graph) Relationships() []*Relationship {
	out := slices.Clone(g.rels)
	slices.SortStableFunc(out, compareRelationships)
	return out
}

func compareRelationships(a, b *Relationship) int {
	return cmp.Or(
		strings.Compare(a.From, b.From),
		strings.Compare(a.To, b.To),
		strings.Compare(a.Description, b.Description),
		strings.Compare(a.Technology, b.Technology),
		strings.Compare(a.ID, b.ID),
	)
}

// AddGraph merges every element and relationship of other into g.
func (g *Graph) AddGraph(other *Graph) {
	for _, e := range other.Elements() {
		g.Merge(e)
	}
	for _, r := range other.Relationships() {
		g.AddRelationship(r)
	}
	g.refs = append(g.refs, other.refs...)
}
