package diff

import (
	"slices"

	"github.com/archdrift/archdrift/model"
)

// Components (C4 level 3) are compared only where both sides describe a
// container down to its components: a scanner that resolved a unit into
// packages says nothing about the components of containers it did not
// resolve, and a model that draws a container as one box does not claim
// anything about its packages.

// containerOf returns the nearest documented element at or above id that
// is not a component.
func (c *comparison) containerOf(id string) string {
	for _, x := range c.selfAndAncestors(id) {
		if e, ok := c.doc.Element(x); ok && e.Kind != model.KindComponent {
			return x
		}
	}
	return id
}

// resolvedContainers are the documented elements that an observed element
// with observed components matched.
func (c *comparison) resolvedContainers() map[string]bool {
	if c.resolved != nil {
		return c.resolved
	}
	c.resolved = map[string]bool{}
	for obsID, docID := range c.m.match {
		for _, ch := range c.obs.Children(obsID) {
			if e, ok := c.obs.Element(ch); ok && e.Kind == model.KindComponent {
				c.resolved[docID] = true
				break
			}
		}
	}
	return c.resolved
}

// componentUnseen reports whether d is a documented component of a
// container that no scanner resolved into components: its absence from
// the observed graph says nothing.
func (c *comparison) componentUnseen(d *model.Element) bool {
	return d.Kind == model.KindComponent && !c.resolvedContainers()[c.containerOf(d.ID)]
}

// belowModelDetail reports whether an unmatched observed component lies
// below the model's level of detail: the documented element its unit
// matched shows no components. When its unit matched nothing, the unit is
// the drift, reported once there.
func (c *comparison) belowModelDetail(o *model.Element) bool {
	if o.Kind != model.KindComponent {
		return false
	}
	for _, a := range c.obs.Ancestors(o.ID) {
		if d, ok := c.m.match[a]; ok {
			return !slices.ContainsFunc(c.doc.Children(d), func(id string) bool {
				e, ok := c.doc.Element(id)
				return ok && e.Kind == model.KindComponent
			})
		}
	}
	return true
}

// observedBetweenContainers judges a documented arrow with a component end
// at the level of containers, when it crosses containers: only a scanner
// that sees inside both ends could tell which component calls, and an
// observed call between the two containers is evidence enough. Arrows
// inside one container stay at component level.
func (c *comparison) observedBetweenContainers(observed map[pair]bool, a, b string) bool {
	ca, cb := c.containerOf(a), c.containerOf(b)
	if (ca == a && cb == b) || ca == cb || c.related(ca, cb) {
		return false
	}
	return c.documented(observed, ca, cb)
}

// scopeComponents keeps, of the documented candidates for an observed
// component, those inside the documented element its unit matched: a
// package named "api" in the catalog is not the orders service's API.
func (m *matcher) scopeComponents(o *model.Element, cands []*model.Element) []*model.Element {
	if o.Kind != model.KindComponent || o.Parent == "" {
		return cands
	}
	for _, a := range m.obs.Ancestors(o.ID) {
		if d, ok := m.match[a]; ok {
			return slices.DeleteFunc(cands, func(e *model.Element) bool { return !slices.Contains(m.doc.Ancestors(e.ID), d) })
		}
	}
	return nil
}

// componentsLast orders observed elements so that every component is
// matched after the containers it belongs to.
func componentsLast(els []*model.Element) []*model.Element {
	slices.SortStableFunc(els, func(a, b *model.Element) int {
		ac, bc := a.Kind == model.KindComponent, b.Kind == model.KindComponent
		switch {
		case ac == bc:
			return 0
		case bc:
			return -1
		}
		return 1
	})
	return els
}

// callsObservable reports whether some scanner that ran could have seen
// an arrow between the documented elements a and b: one that sees the
// calls of each end (source code sees a unit's imports, not its calls). An
// arrow that crosses containers is judged between the containers.
func (c *comparison) callsObservable(a, b string) bool {
	if ca, cb := c.containerOf(a), c.containerOf(b); ca != cb && !c.related(ca, cb) {
		a, b = ca, cb
	}
	return c.callsSeen(a) && c.callsSeen(b)
}

// callsSeen reports whether an observed element matched to id, or to an
// element inside it, shows its calls.
func (c *comparison) callsSeen(id string) bool {
	if c.seesCalls == nil {
		// One pass over the matches, not one per question: a large estate
		// asks for every documented relationship.
		c.seesCalls = map[string]bool{}
		for obsID, docID := range c.m.match {
			if o, ok := c.obs.Element(obsID); ok && o.Properties[model.PropCallsUnseen] != "true" && !c.seesCalls[docID] {
				c.seesCalls[docID] = true
				for _, a := range c.doc.Ancestors(docID) {
					c.seesCalls[a] = true
				}
			}
		}
	}
	return c.seesCalls[id]
}
