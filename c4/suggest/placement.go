package suggest

import (
	"cmp"
	"slices"

	"github.com/archdrift/archdrift/diff"
	"github.com/archdrift/archdrift/model"
)

// Placement knows which documented software systems are drawn as
// boundaries and where something undocumented belongs: the system whose
// matched containers run in the same group (Kubernetes namespace, …), else
// the system with the most containers. The reports' diagrams draw an
// undocumented container there and the suggested fix adds it there.
type Placement struct {
	doc        *model.Graph
	boundaries map[string]bool           // systems with containers
	votes      map[string]map[string]int // observed group → system → matched containers
	largest    string                    // system with the most containers
}

// NewPlacement studies the documented graph and the matches of a diff
// (either may be nil).
func NewPlacement(doc, obs *model.Graph, d *diff.Result) *Placement {
	p := &Placement{doc: doc, boundaries: map[string]bool{}, votes: map[string]map[string]int{}}
	if p.doc == nil {
		p.doc = model.NewGraph()
	}
	size := map[string]int{}
	for _, e := range p.doc.Elements() {
		if e.Kind != model.KindContainer {
			continue
		}
		for _, a := range p.doc.Ancestors(e.ID) {
			if pe, ok := p.doc.Element(a); ok && pe.Kind == model.KindSystem {
				p.boundaries[a] = true
				size[a]++
				break
			}
		}
	}
	for id, n := range size {
		if n > size[p.largest] || n == size[p.largest] && (p.largest == "" || id < p.largest) {
			p.largest = id
		}
	}
	if d != nil && obs != nil {
		for _, m := range d.Matches {
			sys := p.BoundaryOf(m.Documented)
			if sys == "" {
				continue
			}
			for _, o := range m.Observed {
				if e, ok := obs.Element(o); ok && e.Group != "" {
					if p.votes[e.Group] == nil {
						p.votes[e.Group] = map[string]int{}
					}
					p.votes[e.Group][sys]++
				}
			}
		}
	}
	return p
}

// IsBoundary reports whether the documented system id holds containers.
func (p *Placement) IsBoundary(id string) bool { return p.boundaries[id] }

// Boundaries lists the documented systems that hold containers, sorted.
func (p *Placement) Boundaries() []string {
	var out []string
	for id := range p.boundaries {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// BoundaryOf is the nearest enclosing system boundary of a documented ID.
func (p *Placement) BoundaryOf(id string) string {
	for _, a := range p.doc.Ancestors(id) {
		if p.boundaries[a] {
			return a
		}
	}
	return ""
}

// SystemFor is the system an undocumented element belongs in, "" for
// people, external systems, or when the model has no system with
// containers.
func (p *Placement) SystemFor(f diff.ElementFact) string {
	switch {
	case f.Kind == string(model.KindPerson), f.Kind == string(model.KindSystem), f.Class == string(model.ClassExternal):
		return ""
	}
	best, bestN := "", 0
	for sys, n := range p.votes[f.Group] {
		if n > bestN || n == bestN && sys < best {
			best, bestN = sys, n
		}
	}
	return cmp.Or(best, p.largest)
}
