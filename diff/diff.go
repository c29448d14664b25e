package diff

import (
	"slices"
	"strings"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/report"
)

// Options tune a comparison.
type Options struct {
	// Mappings maps documented IDs to observed IDs or globs (.archdrift.yaml).
	Mappings map[string][]string
	// Prefixes are extra estate-wide name prefixes ignored by name matching.
	Prefixes []string
	// CouldSee reports whether one of the scanners that ran could have
	// observed a documented element. Only such elements can be missing. Nil
	// means containers are visible.
	CouldSee func(*model.Element) bool
}

// Compare matches the two graphs and states their differences.
func Compare(doc, obs *model.Graph, opts Options) *Result {
	m := newMatcher(doc, obs, opts)
	m.run()
	c := &comparison{doc: doc, obs: obs, opts: opts, m: m}
	res := &Result{Ambiguous: m.ambiguous}
	res.Matches = c.matches()
	res.UndocumentedElements = c.undocumentedElements()
	res.MissingElements = c.missingElements()
	res.Lifted = c.lift()
	res.UndocumentedRelationships = c.undocumentedRelationships(res.Lifted)
	res.MissingRelationships = c.missingRelationships(res.Lifted)
	res.TechnologyMismatches = c.technologyMismatches()
	res.normalize()
	return res
}

type comparison struct {
	doc, obs *model.Graph
	opts     Options
	m        *matcher
	// matchedDoc holds documented IDs with at least one observed match.
	matchedDoc map[string]bool
	// coveredDoc holds documented IDs with a matched descendant.
	coveredDoc map[string]bool
	// resolved holds documented IDs observed down to components
	// (components.go).
	resolved map[string]bool
	// seesCalls holds documented IDs that an observed element showing its
	// calls matched, and their ancestors (callsSeen).
	seesCalls map[string]bool
}

func (c *comparison) matches() []report.Match {
	byDoc := map[string]*report.Match{}
	c.matchedDoc = map[string]bool{}
	for obsID, docID := range c.m.match {
		mm, ok := byDoc[docID]
		if !ok {
			mm = &report.Match{Documented: docID, Via: c.m.via[obsID]}
			byDoc[docID] = mm
		}
		mm.Observed = append(mm.Observed, obsID)
		if viaRank[c.m.via[obsID]] < viaRank[mm.Via] {
			mm.Via = c.m.via[obsID]
		}
		c.matchedDoc[docID] = true
	}
	c.coveredDoc = map[string]bool{}
	for id := range c.matchedDoc {
		for _, a := range c.doc.Ancestors(id) {
			c.coveredDoc[a] = true
		}
	}
	out := make([]report.Match, 0, len(byDoc))
	for _, mm := range byDoc {
		slices.Sort(mm.Observed)
		out = append(out, *mm)
	}
	slices.SortFunc(out, func(a, b report.Match) int { return strings.Compare(a.Documented, b.Documented) })
	return out
}

// reportable reports whether an unmatched observed element is drift worth
// telling: plumbing (gateways, load balancers) is looked through and
// supporting infrastructure (IAM roles, keys, certificates) is only ever
// matched, never reported.
func reportable(e *model.Element) bool {
	return !model.IsTransparent(e.Class) && e.Class != model.ClassInfrastructure
}

func (c *comparison) undocumentedElements() []ElementFact {
	var out []ElementFact
	ambiguous := map[string]bool{}
	for _, a := range c.m.ambiguous {
		ambiguous[a.Observed] = true
	}
	for _, o := range c.obs.Elements() {
		if _, ok := c.m.match[o.ID]; ok || ambiguous[o.ID] || !reportable(o) || technologyOnly(o) || c.belowModelDetail(o) {
			continue
		}
		out = append(out, elementFact(o, display(o)))
	}
	return c.groupObservations(out)
}

func (c *comparison) couldSee(e *model.Element) bool {
	if c.opts.CouldSee != nil {
		return c.opts.CouldSee(e)
	}
	return e.Kind == model.KindContainer
}

func (c *comparison) missingElements() []ElementFact {
	var out []ElementFact
	for _, d := range c.doc.Elements() {
		if !matchable(d) || c.matchedDoc[d.ID] || d.Class == model.ClassExternal || d.HasTag("External") || !c.couldSee(d) || c.componentUnseen(d) {
			continue
		}
		if c.hasMatchedDescendant(d.ID) {
			continue
		}
		out = append(out, elementFact(d, d.Name))
	}
	return out
}

func (c *comparison) hasMatchedDescendant(id string) bool {
	return c.coveredDoc[id]
}

func (c *comparison) technologyMismatches() []TechnologyFact {
	var out []TechnologyFact
	seen := map[string]bool{}
	for _, o := range c.obs.Elements() {
		docID, ok := c.m.match[o.ID]
		if !ok {
			continue
		}
		d, _ := c.doc.Element(docID)
		dt, ot, conflict := model.TechnologyConflict(d.Technology, o.Technology)
		if !conflict || seen[d.ID+"\x00"+ot.Name] {
			continue
		}
		seen[d.ID+"\x00"+ot.Name] = true
		out = append(out, TechnologyFact{
			Documented: d.ID, DocumentedName: d.Name, Observed: o.ID,
			DocumentedTechnology: dt.Name, ObservedTechnology: ot.Name,
			Location: location(o.Sources),
		})
	}
	return out
}

func elementFact(e *model.Element, disp string) ElementFact {
	return ElementFact{
		ID: e.ID, Name: e.Name, Kind: string(e.Kind), Class: string(e.Class),
		Technology: e.Technology, Group: e.Group, Display: disp, Location: location(e.Sources),
	}
}

// display names an observed element the way its owner knows it:
// "Deployment main/orders", "aws_sqs_queue.events".
func display(e *model.Element) string {
	addr := ""
	if len(e.Sources) > 0 {
		addr = e.Sources[0].Address
	}
	if addr == "" {
		addr = e.Name
	}
	if t := e.Properties[model.PropType]; t != "" && !strings.HasPrefix(addr, t+".") {
		return t + " " + addr
	}
	return addr
}

func location(src []model.Source) *report.Location {
	for _, s := range src {
		if s.File != "" {
			return &report.Location{File: s.File, Line: s.Line, Column: s.Column}
		}
	}
	return nil
}

// normalize replaces nil slices with empty ones so the policy input never
// has nulls where lists are expected.
func (r *Result) normalize() {
	for _, p := range []*[]ElementFact{&r.UndocumentedElements, &r.MissingElements} {
		if *p == nil {
			*p = []ElementFact{}
		}
	}
	for _, p := range []*[]RelationshipFact{&r.UndocumentedRelationships, &r.MissingRelationships, &r.Lifted} {
		if *p == nil {
			*p = []RelationshipFact{}
		}
	}
	if r.Matches == nil {
		r.Matches = []report.Match{}
	}
	if r.Ambiguous == nil {
		r.Ambiguous = []Ambiguity{}
	}
	if r.TechnologyMismatches == nil {
		r.TechnologyMismatches = []TechnologyFact{}
	}
}
