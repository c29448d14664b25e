package reporters

import (
	"cmp"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/c4/suggest"
	"github.com/archdrift/archdrift/diff"
	"github.com/archdrift/archdrift/model"
)

// containerView is the C4 container level of both graphs with the drift
// drawn in: the documented people, software systems and containers
// (components fold into their container, relationships are lifted with
// them), plus what runs but is not in the model. The markdown format draws
// it with Mermaid and the html format with Graphviz.
type containerView struct {
	// Boundaries are software systems drawn as a box around their
	// containers.
	Boundaries []viewBoundary
	// Nodes are sorted by ID, edges by (From, To, Status).
	Nodes []viewNode
	Edges []viewEdge
	// OmittedNodes and OmittedEdges count what limit left out.
	OmittedNodes, OmittedEdges int
}

// viewStatus is how a node or edge is drawn.
type viewStatus string

const (
	// viewPlain is documented and not flagged: matched, or something no
	// scanner can see (people, external systems).
	viewPlain viewStatus = "plain"
	// viewMissing is documented but not observed: drawn grey.
	viewMissing viewStatus = "missing"
	// viewUndocumented is observed but not documented: drawn red, dashed.
	viewUndocumented viewStatus = "undocumented"
)

type viewBoundary struct{ ID, Name string }

type viewNode struct {
	ID         string // documented or observed element ID
	Name       string
	Technology string
	Kind       model.Kind
	Class      model.Class
	Boundary   string // ID of the enclosing system boundary, "" at top level
	Group      string // Structurizr group within the boundary
	Status     viewStatus
	// Observed lists what implements a matched node; Display is how an
	// undocumented node is known ("Deployment main/orders").
	Observed []string
	Display  string
	// RunsTechnology is what runs when it contradicts Technology.
	RunsTechnology string
}

type viewEdge struct {
	From, To, Label string
	Status          viewStatus
}

// newContainerView builds the view of a check.
func newContainerView(in Input) *containerView {
	b := &viewBuilder{in: in, doc: in.Documented, nodes: map[string]*viewNode{}, boundaries: map[string]string{}}
	if b.doc == nil {
		b.doc = model.NewGraph()
	}
	b.place = newPlacement(in)
	b.documentedNodes()
	b.undocumentedNodes()
	b.documentedEdges()
	b.undocumentedEdges()
	return b.view()
}

type viewBuilder struct {
	in         Input
	doc        *model.Graph
	place      *placement
	nodes      map[string]*viewNode
	boundaries map[string]string // system ID → name
	edges      []viewEdge
}

func (b *viewBuilder) diff() *diff.Result {
	if b.in.Diff == nil {
		return &diff.Result{}
	}
	return b.in.Diff
}

func (b *viewBuilder) documentedNodes() {
	missing := map[string]bool{}
	for _, f := range b.diff().MissingElements {
		missing[f.ID] = true
	}
	for _, id := range b.place.Boundaries() {
		if e, ok := b.doc.Element(id); ok {
			b.boundaries[id] = e.Name
		}
	}
	for _, e := range b.doc.Elements() {
		switch {
		case e.Kind == model.KindPerson, e.Kind == model.KindContainer,
			e.Kind == model.KindSystem && !b.place.IsBoundary(e.ID):
		default:
			continue
		}
		n := &viewNode{ID: e.ID, Name: e.Name, Technology: e.Technology, Kind: e.Kind, Class: e.Class, Status: viewPlain}
		if missing[e.ID] {
			n.Status = viewMissing
		}
		if e.Kind == model.KindContainer {
			n.Boundary = b.place.BoundaryOf(e.ID)
			if n.Boundary != "" {
				n.Group = e.Group
			}
		}
		b.nodes[e.ID] = n
	}
	// Without the documented graph, the facts still name what is missing.
	for _, f := range b.diff().MissingElements {
		if _, ok := b.doc.Element(f.ID); !ok {
			b.nodes[f.ID] = &viewNode{ID: f.ID, Name: cmp.Or(f.Name, f.ID), Technology: f.Technology,
				Kind: model.Kind(f.Kind), Class: model.Class(f.Class), Status: viewMissing}
		}
	}
	for _, m := range b.matches() {
		if _, ok := b.doc.Element(m.Documented); !ok && b.nodes[m.Documented] == nil {
			// Without the documented graph a match still says it exists.
			b.nodes[m.Documented] = &viewNode{ID: m.Documented, Name: m.Documented, Status: viewPlain}
		}
		if id, ok := b.lift(m.Documented); ok {
			b.nodes[id].Observed = append(b.nodes[id].Observed, m.Observed...)
		}
	}
	for _, t := range b.diff().TechnologyMismatches {
		if id, ok := b.lift(t.Documented); ok && id == t.Documented {
			b.nodes[id].RunsTechnology = t.ObservedTechnology
		}
	}
	for _, n := range b.nodes {
		slices.Sort(n.Observed)
		n.Observed = slices.Compact(n.Observed)
	}
}

func (b *viewBuilder) undocumentedNodes() {
	for _, f := range b.diff().UndocumentedElements {
		if _, ok := b.nodes[f.ID]; ok {
			continue
		}
		b.nodes[f.ID] = &viewNode{
			ID: f.ID, Name: cmp.Or(f.Name, f.Display, f.ID), Technology: f.Technology,
			Kind: model.Kind(f.Kind), Class: model.Class(f.Class), Status: viewUndocumented,
			Boundary: b.place.SystemFor(f), Display: f.Display,
		}
	}
}

// lift maps a documented ID to the node that draws it: itself, or the
// nearest enclosing container. A system drawn as a boundary has no node.
func (b *viewBuilder) lift(id string) (string, bool) {
	if _, ok := b.nodes[id]; ok {
		return id, true
	}
	if b.place.IsBoundary(id) {
		return "", false
	}
	for _, a := range b.doc.Ancestors(id) {
		if _, ok := b.nodes[a]; ok {
			return a, true
		}
		if b.place.IsBoundary(a) {
			return "", false
		}
	}
	return "", false
}

func (b *viewBuilder) documentedEdges() {
	missing := map[string]bool{}
	for _, f := range b.diff().MissingRelationships {
		missing[f.From+"\x00"+f.To] = true
	}
	type lifted struct {
		label   string
		present bool
	}
	byPair := map[[2]string]*lifted{}
	var order [][2]string
	add := func(from, to, label string, present bool) {
		f, ok1 := b.lift(from)
		t, ok2 := b.lift(to)
		if !ok1 || !ok2 || f == t {
			return
		}
		key := [2]string{f, t}
		l := byPair[key]
		if l == nil {
			l = &lifted{label: label}
			byPair[key] = l
			order = append(order, key)
		}
		l.present = l.present || present
	}
	seen := map[string]bool{}
	for _, r := range b.doc.Relationships() {
		raw := r.From + "\x00" + r.To
		seen[raw] = true
		add(r.From, r.To, cmp.Or(r.Description, r.Technology), !missing[raw])
	}
	for _, f := range b.diff().MissingRelationships {
		if !seen[f.From+"\x00"+f.To] {
			add(f.From, f.To, cmp.Or(f.Description, f.Technology), false)
		}
	}
	for _, key := range order {
		l := byPair[key]
		st := viewPlain
		if !l.present {
			st = viewMissing
		}
		b.edges = append(b.edges, viewEdge{From: key[0], To: key[1], Label: l.label, Status: st})
	}
}

func (b *viewBuilder) undocumentedEdges() {
	for _, f := range b.diff().UndocumentedRelationships {
		from, ok1 := b.endpoint(f.From, f.FromName)
		to, ok2 := b.endpoint(f.To, f.ToName)
		if !ok1 || !ok2 || from == to {
			continue
		}
		b.edges = append(b.edges, viewEdge{From: from, To: to, Label: cmp.Or(f.Description, f.Technology), Status: viewUndocumented})
	}
}

// endpoint is the node an undocumented relationship's end is drawn at:
// the documented element it lifts to, an undocumented node, or a new
// undocumented node for an observed end the facts do not list as an
// element (plumbing, infrastructure).
func (b *viewBuilder) endpoint(id, name string) (string, bool) {
	if id == "" {
		return "", false
	}
	if n, ok := b.lift(id); ok {
		return n, true
	}
	if _, ok := b.doc.Element(id); ok {
		return "", false
	}
	b.nodes[id] = &viewNode{ID: id, Name: cmp.Or(name, id), Status: viewUndocumented}
	return id, true
}

func (b *viewBuilder) matches() []reportMatch {
	var out []reportMatch
	if b.in.Diff != nil {
		for _, m := range b.in.Diff.Matches {
			out = append(out, reportMatch{m.Documented, m.Observed})
		}
	} else if b.in.Report != nil {
		for _, m := range b.in.Report.Matches {
			out = append(out, reportMatch{m.Documented, m.Observed})
		}
	}
	return out
}

type reportMatch struct {
	Documented string
	Observed   []string
}

func (b *viewBuilder) view() *containerView {
	v := &containerView{}
	used := map[string]bool{}
	for _, n := range b.nodes {
		v.Nodes = append(v.Nodes, *n)
		used[n.Boundary] = true
	}
	for id, name := range b.boundaries {
		if used[id] {
			v.Boundaries = append(v.Boundaries, viewBoundary{ID: id, Name: cmp.Or(name, id)})
		}
	}
	slices.SortFunc(v.Boundaries, func(a, b viewBoundary) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(v.Nodes, func(a, b viewNode) int { return strings.Compare(a.ID, b.ID) })
	v.Edges = b.edges
	slices.SortFunc(v.Edges, compareEdges)
	v.Edges = slices.CompactFunc(v.Edges, func(a, b viewEdge) bool {
		return a.From == b.From && a.To == b.To && a.Status == b.Status
	})
	return v
}

// TechnologyLabel is the technology to print under a node's name: the
// documented one, and what runs instead when they differ.
func (n viewNode) TechnologyLabel() string {
	if n.RunsTechnology != "" && n.RunsTechnology != n.Technology {
		return n.Technology + " ≠ runs " + n.RunsTechnology
	}
	return n.Technology
}

func compareEdges(a, b viewEdge) int {
	return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.To, b.To),
		strings.Compare(string(a.Status), string(b.Status)), strings.Compare(a.Label, b.Label))
}

// Drift reports whether anything in the view is missing or undocumented.
func (v *containerView) Drift() bool {
	for _, n := range v.Nodes {
		if n.Status != viewPlain {
			return true
		}
	}
	for _, e := range v.Edges {
		if e.Status != viewPlain {
			return true
		}
	}
	return false
}

// limit returns the view cut to at most maxNodes nodes and maxEdges edges,
// keeping drift first and undocumented drift before missing: both ends of
// undocumented edges, undocumented nodes, both ends of missing edges,
// missing nodes, then the rest in order. Omitted counts say what was left
// out.
func (v *containerView) limit(maxNodes, maxEdges int) *containerView {
	if len(v.Nodes) <= maxNodes && len(v.Edges) <= maxEdges {
		return v
	}
	keep := map[string]bool{}
	for _, st := range []viewStatus{viewUndocumented, viewMissing, viewPlain} {
		for _, e := range v.Edges {
			if e.Status != st || st == viewPlain {
				continue
			}
			need := 0
			for _, id := range []string{e.From, e.To} {
				if !keep[id] {
					need++
				}
			}
			if len(keep)+need <= maxNodes {
				keep[e.From], keep[e.To] = true, true
			}
		}
		for _, n := range v.Nodes {
			if len(keep) < maxNodes && n.Status == st {
				keep[n.ID] = true
			}
		}
	}
	out := &containerView{}
	used := map[string]bool{}
	for _, n := range v.Nodes {
		if keep[n.ID] {
			out.Nodes = append(out.Nodes, n)
			used[n.Boundary] = true
		}
	}
	for _, bd := range v.Boundaries {
		if used[bd.ID] {
			out.Boundaries = append(out.Boundaries, bd)
		}
	}
	keepEdge := map[int]bool{}
	for _, drift := range []bool{true, false} {
		for i, e := range v.Edges {
			if len(keepEdge) >= maxEdges {
				break
			}
			if (e.Status != viewPlain) == drift && keep[e.From] && keep[e.To] {
				keepEdge[i] = true
			}
		}
	}
	for i, e := range v.Edges {
		if keepEdge[i] {
			out.Edges = append(out.Edges, e)
		}
	}
	out.OmittedNodes = v.OmittedNodes + len(v.Nodes) - len(out.Nodes)
	out.OmittedEdges = v.OmittedEdges + len(v.Edges) - len(out.Edges)
	return out
}

// placement is where the diagram draws something undocumented: where the
// suggested fix (suggest.Placement) adds it.
type placement = suggest.Placement

func newPlacement(in Input) *placement {
	return suggest.NewPlacement(in.Documented, in.Observed, in.Diff)
}
