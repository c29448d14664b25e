package model

import (
	"encoding/json"
	"slices"
)

// graphJSON is the published graph contract of DESIGN.md.
type graphJSON struct {
	Elements      []*Element      `json:"elements"`
	Relationships []*Relationship `json:"relationships"`
	// References are unresolved values that may name elements of other
	// scanners; only present when there are some.
	References []Reference `json:"references,omitempty"`
}

// MarshalJSON writes the graph sorted by id, with empty collections as [] or
// {} rather than null so that consumers need no nil checks.
func (g *Graph) MarshalJSON() ([]byte, error) {
	return json.Marshal(g.JSONDocument())
}

// JSONDocument is the value MarshalJSON writes, for consumers that build
// their own representation of it without the bytes (the policy engine's
// input).
func (g *Graph) JSONDocument() any {
	out := graphJSON{Elements: []*Element{}, Relationships: []*Relationship{}}
	for _, e := range g.Elements() {
		c := *e
		if c.Tags == nil {
			c.Tags = []string{}
		}
		if c.Properties == nil {
			c.Properties = map[string]string{}
		}
		if c.Sources == nil {
			c.Sources = []Source{}
		}
		out.Elements = append(out.Elements, &c)
	}
	for _, r := range g.Relationships() {
		c := *r
		if c.Sources == nil {
			c.Sources = []Source{}
		}
		out.Relationships = append(out.Relationships, &c)
	}
	out.References = g.References()
	return out
}

// UnmarshalJSON reads the form MarshalJSON writes.
func (g *Graph) UnmarshalJSON(b []byte) error {
	var in graphJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	g.elements, g.rels, g.children, g.refs = map[string]*Element{}, nil, map[string][]string{}, nil
	g.sorted.Store(nil)
	for _, e := range in.Elements {
		if err := g.Add(e); err != nil {
			return err
		}
	}
	for _, r := range in.Relationships {
		g.AddRelationship(r)
	}
	g.refs = in.References
	return nil
}

// Clone returns a deep copy, so a stage can prune or annotate its own graph.
func (g *Graph) Clone() *Graph {
	out := NewGraph()
	for _, e := range g.Elements() {
		c := *e
		c.Tags = slices.Clone(e.Tags)
		c.Sources = slices.Clone(e.Sources)
		c.Properties = make(map[string]string, len(e.Properties))
		for k, v := range e.Properties {
			c.Properties[k] = v
		}
		_ = out.Add(&c)
	}
	for _, r := range g.Relationships() {
		c := *r
		c.Tags = slices.Clone(r.Tags)
		c.Sources = slices.Clone(r.Sources)
		out.AddRelationship(&c)
	}
	out.refs = slices.Clone(g.refs)
	return out
}
