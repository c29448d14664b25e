package diff

import "github.com/archdrift/archdrift/model"

// Source code shows that a service talks to PostgreSQL, not to which
// PostgreSQL: scanners record that as an edge to a technology-only element
// (model.PropTechnologyOnly). Such an element is never matched by name and
// never reported as undocumented. An edge from a documented element D to
// technology X is documented when the model has a relationship (explicit
// or implied) from D to some element of technology X, and is an
// undocumented relationship otherwise.

// technologyOnly reports whether an observed element stands for a
// technology rather than for one element.
func technologyOnly(e *model.Element) bool {
	return e.Properties[model.PropTechnologyOnly] == "true"
}

// technologyTarget returns the technology a lifted edge ends at, when its
// target is a technology-only element that was not mapped to a documented
// element (a mapping makes it an ordinary edge).
func (c *comparison) technologyTarget(f RelationshipFact) (model.Technology, bool) {
	if _, matched := c.m.match[f.To]; matched {
		return model.Technology{}, false
	}
	o, ok := c.obs.Element(f.To)
	if !ok || !technologyOnly(o) {
		return model.Technology{}, false
	}
	return model.LookupTechnology(o.Technology)
}

// runs reports whether the documented element id runs technology t: its
// technology (or, lacking one, its name: a system called "Amazon S3")
// names t or a technology that counts as t.
func (c *comparison) runs(id string, t model.Technology) bool {
	e, ok := c.doc.Element(id)
	if !ok {
		return false
	}
	text := e.Technology
	if text == "" {
		text = e.Name
	}
	for _, dt := range model.Technologies(text) {
		if model.SameTechnology(dt, t) {
			return true
		}
	}
	return false
}

// runsWithin reports whether id or one of its documented descendants runs
// t: an arrow to a system is an arrow to whatever it contains.
func (c *comparison) runsWithin(id string, t model.Technology) bool {
	seen := map[string]bool{}
	stack := []string{id}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		if c.runs(x, t) {
			return true
		}
		stack = append(stack, c.doc.Children(x)...)
	}
	return false
}

// documentsTechnology reports whether the model has an arrow from the
// documented element from to an element running t, or from such an
// element when it is a queue, topic or stream (brokers' arrows are drawn
// either way round).
func (c *comparison) documentsTechnology(implied map[pair]bool, from string, t model.Technology) bool {
	for p := range implied {
		switch {
		case p.from == from && c.runsWithin(p.to, t):
			return true
		case p.to == from && c.messaging(p.from) && c.runsWithin(p.from, t):
			return true
		}
	}
	return false
}

// undocumentedTechnologyEdges lists lifted edges from a matched element to
// a technology that the model does not show it using. An unmatched source
// is element drift, reported once there.
func (c *comparison) undocumentedTechnologyEdges(lifted []RelationshipFact) []RelationshipFact {
	var implied map[pair]bool
	var out []RelationshipFact
	for _, f := range lifted {
		if !c.matchedDoc[f.From] {
			continue
		}
		t, ok := c.technologyTarget(f)
		if !ok {
			continue
		}
		if implied == nil {
			implied = c.impliedPairs()
		}
		if c.documentsTechnology(implied, f.From, t) {
			continue
		}
		f.ToName = t.Name + " (technology)"
		out = append(out, f)
	}
	return out
}

// observeTechnologyEdges adds to observed every documented pair that a
// technology edge stands for: D uses PostgreSQL observes each arrow from D
// to a PostgreSQL element, so none of them is reported missing.
func (c *comparison) observeTechnologyEdges(observed map[pair]bool, lifted []RelationshipFact) {
	for _, f := range lifted {
		if !c.matchedDoc[f.From] {
			continue
		}
		t, ok := c.technologyTarget(f)
		if !ok {
			continue
		}
		for _, d := range c.doc.Elements() {
			if !matchable(d) || !c.runs(d.ID, t) {
				continue
			}
			for _, x := range c.selfAndAncestors(f.From) {
				for _, y := range c.selfAndAncestors(d.ID) {
					observed[pair{x, y}] = true
				}
			}
		}
	}
}
