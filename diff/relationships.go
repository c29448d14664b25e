package diff

import (
	"cmp"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/model"
)

type pair struct{ from, to string }

// lift expresses every observed edge at the documented level: each end
// becomes the documented element it matched, or stays the observed element
// when unmatched. Unmatched gateways and load balancers are transparent: an
// edge into one continues along its outgoing edges (A → ALB → B is A → B).
// Edges touching unmatched supporting infrastructure are dropped.
func (c *comparison) lift() []RelationshipFact {
	out := map[pair]RelationshipFact{}
	var order []pair
	outgoing := map[string][]*model.Relationship{}
	for _, r := range c.obs.Relationships() {
		outgoing[r.From] = append(outgoing[r.From], r)
	}
	for _, r := range c.obs.Relationships() {
		if c.isTransparent(r.From) {
			continue // walked from the real source
		}
		from, ok := c.liftEnd(r.From)
		if !ok {
			continue
		}
		for _, end := range c.through(r, outgoing) {
			to, ok := c.liftEnd(end.to)
			if !ok || to == from {
				continue
			}
			p := pair{from, to}
			if _, dup := out[p]; dup {
				continue
			}
			order = append(order, p)
			out[p] = RelationshipFact{
				From: from, To: to, FromName: c.nameOf(from), ToName: c.nameOf(to),
				ObservedFrom: r.From, ObservedTo: end.to,
				Description: r.Description, Technology: r.Technology,
				Location: location(end.rel.Sources),
			}
		}
	}
	facts := make([]RelationshipFact, 0, len(order))
	for _, p := range order {
		facts = append(facts, out[p])
	}
	slices.SortFunc(facts, compareRelFacts)
	return facts
}

type hop struct {
	to  string
	rel *model.Relationship
}

// through follows r past transparent elements and returns the real targets
// reached, each with the first relationship of the path (its source is the
// evidence a person can open).
func (c *comparison) through(r *model.Relationship, outgoing map[string][]*model.Relationship) []hop {
	if !c.isTransparent(r.To) {
		return []hop{{r.To, r}}
	}
	var out []hop
	seen := map[string]bool{r.To: true}
	queue := []string{r.To}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, next := range outgoing[n] {
			if seen[next.To] {
				continue
			}
			seen[next.To] = true
			if c.isTransparent(next.To) {
				queue = append(queue, next.To)
			} else {
				out = append(out, hop{next.To, r})
			}
		}
	}
	return out
}

func (c *comparison) isTransparent(obsID string) bool {
	if _, ok := c.m.match[obsID]; ok {
		return false
	}
	e, ok := c.obs.Element(obsID)
	return ok && model.IsTransparent(e.Class)
}

// liftEnd maps an observed ID to the documented level.
func (c *comparison) liftEnd(obsID string) (string, bool) {
	if d, ok := c.m.match[obsID]; ok {
		return d, true
	}
	e, ok := c.obs.Element(obsID)
	if !ok || e.Class == model.ClassInfrastructure {
		return "", false
	}
	return obsID, true
}

func (c *comparison) nameOf(id string) string {
	if e, ok := c.doc.Element(id); ok {
		return e.Name
	}
	if e, ok := c.obs.Element(id); ok {
		return display(e)
	}
	return id
}

func compareRelFacts(a, b RelationshipFact) int {
	return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.To, b.To),
		strings.Compare(a.ObservedFrom, b.ObservedFrom), strings.Compare(a.ObservedTo, b.ObservedTo))
}

// selfAndAncestors lists id and its documented ancestors, nearest first.
func (c *comparison) selfAndAncestors(id string) []string {
	return append([]string{id}, c.doc.Ancestors(id)...)
}

// related reports whether one element encloses the other: an edge between
// them says nothing about the model's arrows.
func (c *comparison) related(a, b string) bool {
	return slices.Contains(c.doc.Ancestors(a), b) || slices.Contains(c.doc.Ancestors(b), a)
}

// messaging reports whether a documented element is a queue, topic or
// stream. Arrows to and from brokers are drawn either way round (publish to,
// delivers to), so their direction is not compared.
func (c *comparison) messaging(id string) bool {
	e, ok := c.doc.Element(id)
	if !ok {
		return false
	}
	switch e.Class {
	case model.ClassQueue, model.ClassTopic, model.ClassStream:
		return true
	}
	return false
}

// impliedPairs is every documented arrow plus the arrows it implies between
// the ancestors of its ends (a component arrow implies a container arrow and
// a system arrow), as in Structurizr's implied relationships.
func (c *comparison) impliedPairs() map[pair]bool {
	set := map[pair]bool{}
	for _, r := range c.doc.Relationships() {
		for _, x := range c.selfAndAncestors(r.From) {
			for _, y := range c.selfAndAncestors(r.To) {
				if x != y && !c.related(x, y) {
					set[pair{x, y}] = true
				}
			}
		}
	}
	return set
}

func (c *comparison) documented(set map[pair]bool, from, to string) bool {
	if set[pair{from, to}] {
		return true
	}
	return (c.messaging(from) || c.messaging(to)) && set[pair{to, from}]
}

func (c *comparison) undocumentedRelationships(lifted []RelationshipFact) []RelationshipFact {
	implied := c.impliedPairs()
	var out []RelationshipFact
	for _, f := range lifted {
		if !c.matchedDoc[f.From] || !c.matchedDoc[f.To] || c.related(f.From, f.To) {
			continue // an unmatched end is element drift, reported once there
		}
		if !c.documented(implied, f.From, f.To) {
			out = append(out, f)
		}
	}
	out = append(out, c.undocumentedTechnologyEdges(lifted)...)
	slices.SortFunc(out, compareRelFacts)
	return out
}

// missingRelationships lists documented arrows between elements that were
// observed, for which no observed edge exists at that level or at the level
// of their nearest observed ancestors.
func (c *comparison) missingRelationships(lifted []RelationshipFact) []RelationshipFact {
	observed := map[pair]bool{}
	for _, f := range lifted {
		if !c.matchedDoc[f.From] || !c.matchedDoc[f.To] {
			continue
		}
		for _, x := range c.selfAndAncestors(f.From) {
			for _, y := range c.selfAndAncestors(f.To) {
				observed[pair{x, y}] = true
			}
		}
	}
	c.observeTechnologyEdges(observed, lifted)
	var out []RelationshipFact
	seen := map[pair]bool{}
	for _, r := range c.doc.Relationships() {
		oa, okA := c.observedLevel(r.From)
		ob, okB := c.observedLevel(r.To)
		if !okA || !okB || oa == ob || c.related(oa, ob) || !c.callsObservable(oa, ob) {
			continue
		}
		if c.documented(observed, r.From, r.To) || c.documented(observed, oa, ob) || c.observedBetweenContainers(observed, oa, ob) {
			continue
		}
		p := pair{r.From, r.To}
		if seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, RelationshipFact{
			From: r.From, To: r.To, FromName: c.nameOf(r.From), ToName: c.nameOf(r.To),
			Description: r.Description, Technology: r.Technology, Location: location(r.Sources),
		})
	}
	slices.SortFunc(out, compareRelFacts)
	return out
}

// observedLevel returns the element through which id can be judged: itself
// when it or a descendant was observed, else its nearest observed ancestor.
func (c *comparison) observedLevel(id string) (string, bool) {
	if c.matchedDoc[id] || c.hasMatchedDescendant(id) {
		return id, true
	}
	for _, a := range c.doc.Ancestors(id) {
		if c.matchedDoc[a] {
			return a, true
		}
	}
	return "", false
}
