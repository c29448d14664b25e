package suggest

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/archdrift/archdrift/c4"
	"github.com/archdrift/archdrift/c4/structurizr"
	"github.com/archdrift/archdrift/diff"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/report"
)

// Input is what a plan is made from: the two graphs and their diff.
type Input struct {
	Documented, Observed *model.Graph
	Diff                 *diff.Result
}

// Plan is the DSL that would document the drift.
type Plan struct {
	// Elements are the undocumented elements to add, in the diff's order.
	Elements []Element
	// Relationships are the observed dependencies to add: the undocumented
	// relationships, and those of the elements being added.
	Relationships []Relationship
	// Missing are documented elements and relationships no scanner found.
	Missing []Missing
}

// Element is one element to add.
type Element struct {
	// Observed is the observed ID it documents.
	Observed string
	// In is the documented element whose block it goes in: a software
	// system for a container, a container for a component, "" for model
	// { } itself (people, external systems).
	In string
	// Ref is how DSL statements refer to it once added.
	Ref string
	// Comment says what it was observed as ("// Deployment main/x
	// (deploy/x.yaml:1:1)"), "" when there is nothing to say.
	Comment string
	// Lines is the statement, unindented (structurizr.ElementLines).
	Lines []string
}

// Relationship is one relationship to add.
type Relationship struct {
	// From and To are the DSL references of its ends.
	From, To string
	// OK is false when an end has no identifier to refer to it by; Lines is
	// then a comment saying so.
	OK    bool
	Lines []string
}

// Missing is something the model shows that no scanner found.
type Missing struct {
	// What is "element" or "relationship".
	What string
	// ID is the element's ID; From and To a relationship's ends.
	ID, From, To string
	Name         string
	Location     *report.Location
}

// New makes the plan. An undocumented container goes in the system
// Placement picks, a component in the container its observed parent
// matched, a person or external system in model { }. Each new element maps
// explicitly to what it stands for (archdrift.source) and carries the tag
// of its observed class. An observed dependency on a technology ("some
// Redis", from source code) becomes a relationship to the documented
// element running that technology, or to a new element for it.
func New(in Input) *Plan {
	p := &Plan{}
	if in.Diff == nil {
		return p
	}
	doc := in.Documented
	if doc == nil {
		doc = model.NewGraph()
	}
	obs := in.Observed
	if obs == nil {
		obs = model.NewGraph()
	}
	b := &builder{in: in, doc: doc, obs: obs, plan: p, place: NewPlacement(doc, obs, in.Diff),
		refs: map[string]string{}, taken: map[string]bool{}, matched: map[string]string{}}
	b.hier = hierarchicalIDs(doc)
	for _, e := range doc.Elements() {
		b.taken[strings.ToLower(e.ID)] = true
	}
	for _, m := range in.Diff.Matches {
		for _, o := range m.Observed {
			b.matched[o] = m.Documented
		}
	}
	for _, f := range in.Diff.UndocumentedElements {
		b.addElement(f)
	}
	type pair struct{ from, to string }
	seen := map[pair]bool{}
	addRel := func(f diff.RelationshipFact) {
		to := b.technologyTarget(f)
		from, ok1 := b.ref(f.From)
		toRef, ok2 := b.ref(to)
		if seen[pair{from, toRef}] || from == toRef && ok1 {
			return
		}
		seen[pair{from, toRef}] = true
		r := Relationship{From: from, To: toRef, OK: ok1 && ok2}
		if r.OK {
			r.Lines = structurizr.RelationshipLines(from, toRef, &model.Relationship{Description: cmp.Or(f.Description, "Uses"), Technology: f.Technology})
		} else {
			r.Lines = []string{fmt.Sprintf("// %s -> %s: give both ends an identifier first", structurizr.Quote(cmp.Or(f.FromName, f.From)), structurizr.Quote(cmp.Or(f.ToName, f.To)))}
		}
		p.Relationships = append(p.Relationships, r)
	}
	for _, f := range in.Diff.UndocumentedRelationships {
		addRel(f)
	}
	// The dependencies of what is being added: once it is documented, the
	// diff compares them too.
	for _, f := range in.Diff.Lifted {
		_, fromNew := b.refs[f.From]
		_, toNew := b.refs[f.To]
		if !fromNew && !toNew {
			continue
		}
		if _, ok := b.ref(f.From); !ok {
			continue
		}
		if _, ok := b.ref(b.technologyTarget(f)); !ok {
			continue
		}
		addRel(f)
	}
	for _, f := range in.Diff.MissingElements {
		p.Missing = append(p.Missing, Missing{What: "element", ID: f.ID, Name: f.Name, Location: f.Location})
	}
	for _, f := range in.Diff.MissingRelationships {
		p.Missing = append(p.Missing, Missing{What: "relationship", From: f.From, To: f.To, Name: cmp.Or(f.FromName, f.From) + " → " + cmp.Or(f.ToName, f.To), Location: f.Location})
	}
	return p
}

type builder struct {
	in      Input
	doc     *model.Graph
	obs     *model.Graph
	plan    *Plan
	place   *Placement
	hier    bool
	refs    map[string]string // observed ID → how the DSL refers to its new element
	taken   map[string]bool   // lower-case IDs in use
	matched map[string]string // observed ID → documented ID
}

// hierarchicalIDs guesses whether the model uses !identifiers
// hierarchical: some child's ID is its parent's ID and an identifier.
func hierarchicalIDs(doc *model.Graph) bool {
	for _, e := range doc.Elements() {
		if e.Parent != "" && strings.HasPrefix(e.ID, e.Parent+".") && structurizr.IsIdentifierPath(e.ID) {
			return true
		}
	}
	return false
}

// uniqueIdent adds "_2", "_3" … until ident is free in its scope (the
// enclosing element with hierarchical identifiers, the whole model with
// flat ones).
func (b *builder) uniqueIdent(ident, in string) string {
	key := func(s string) string {
		if b.hier && in != "" {
			return strings.ToLower(in + "." + s)
		}
		return strings.ToLower(s)
	}
	out := ident
	for n := 2; b.taken[key(out)]; n++ {
		out = fmt.Sprintf("%s_%d", ident, n)
	}
	b.taken[key(out)] = true
	return out
}

// containerOf is the documented container an observed component belongs
// in: the match of its nearest matched observed ancestor.
func (b *builder) containerOf(observed string) string {
	for _, a := range b.obs.Ancestors(observed) {
		if d, ok := b.matched[a]; ok {
			if e, ok := b.doc.Element(d); ok && e.Kind == model.KindContainer {
				return d
			}
			return ""
		}
	}
	return ""
}

func (b *builder) addElement(f diff.ElementFact) {
	e := &model.Element{Name: cmp.Or(f.Name, f.Display, f.ID), Technology: f.Technology, Properties: map[string]string{model.PropSource: c4.SourceGlob(f.ID)}}
	in := ""
	switch {
	case f.Kind == string(model.KindPerson):
		e.Kind = model.KindPerson
	case f.Class == string(model.ClassExternal) || f.Kind == string(model.KindSystem):
		e.Kind, e.Tags = model.KindSystem, []string{"External"}
	case f.Kind == string(model.KindComponent) && b.containerOf(f.ID) != "":
		e.Kind, in = model.KindComponent, b.containerOf(f.ID)
	default:
		if in = b.place.SystemFor(f); in == "" {
			e.Kind = model.KindSystem
		} else {
			e.Kind = model.KindContainer
		}
	}
	if t := c4.ClassTag(model.Class(f.Class)); t != "" && (e.Kind == model.KindContainer || e.Kind == model.KindComponent) {
		e.Tags = append(e.Tags, t)
	}
	ident := b.uniqueIdent(structurizr.Identifier(e.Name), in)
	ref := ident
	if b.hier && in != "" {
		ref = in + "." + ident
	}
	b.refs[f.ID] = ref
	var comment string
	if f.Display != "" || f.Location != nil {
		comment = "// " + structurizr.Comment(cmp.Or(f.Display, f.ID))
		if f.Location != nil {
			comment += " (" + structurizr.Comment(f.Location.String()) + ")"
		}
	}
	b.plan.Elements = append(b.plan.Elements, Element{Observed: f.ID, In: in, Ref: ref, Comment: comment, Lines: structurizr.ElementLines(ident, e, nil)})
}

// technologyTarget returns where a relationship should point: its target,
// or, when that is an observed technology ("some Redis") the diff could
// not match, the documented element running that technology (in the same
// system as the source when there are several), else a new element for it.
func (b *builder) technologyTarget(f diff.RelationshipFact) string {
	o, ok := b.obs.Element(f.To)
	if !ok || o.Properties[model.PropTechnologyOnly] != "true" {
		return f.To
	}
	if _, ok := b.doc.Element(f.To); ok {
		return f.To
	}
	if _, ok := b.refs[f.To]; ok {
		return f.To
	}
	t, ok := model.LookupTechnology(o.Technology)
	if ok {
		best := ""
		sys := b.place.BoundaryOf(f.From)
		for _, e := range b.doc.Elements() {
			if e.Kind == model.KindPerson || e.ID == f.From {
				continue
			}
			runs := false
			for _, dt := range model.Technologies(cmp.Or(e.Technology, e.Name)) {
				if model.SameTechnology(dt, t) {
					runs = true
				}
			}
			if !runs {
				continue
			}
			if best == "" || b.place.BoundaryOf(e.ID) == sys && b.place.BoundaryOf(best) != sys {
				best = e.ID
			}
		}
		if best != "" {
			return best
		}
	}
	b.addElement(diff.ElementFact{ID: o.ID, Name: o.Name, Kind: string(model.KindContainer), Class: string(o.Class),
		Technology: o.Technology, Group: b.groupOf(f.From), Display: o.Name + " (technology)"})
	return f.To
}

// groupOf is the observed group of what a documented element stands for,
// so a new element lands in the same system.
func (b *builder) groupOf(docID string) string {
	for o, d := range b.matched {
		if d == docID {
			if e, ok := b.obs.Element(o); ok && e.Group != "" {
				return e.Group
			}
		}
	}
	return ""
}

// ref is how the DSL refers to an ID: the new element's reference, or a
// documented element's ID when it is an identifier path.
func (b *builder) ref(id string) (string, bool) {
	if r, ok := b.refs[id]; ok {
		return r, structurizr.IsIdentifierPath(r)
	}
	if _, ok := b.doc.Element(id); ok && structurizr.IsIdentifierPath(id) {
		return id, true
	}
	return id, false
}
