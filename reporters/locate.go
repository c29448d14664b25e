package reporters

import (
	"strings"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/report"
)

// locator finds the line that best explains a finding, for formats that
// must point somewhere: code-scanning annotations, links, JUnit file
// attributes. Policies usually set Finding.Location from the drift facts;
// the locator fills the gaps from the graphs and the ADR a finding cites.
type locator struct {
	elements map[string]*report.Location // element ID → first source with a file
	edges    map[string]*report.Location // "from->to" → first source with a file
}

func newLocator(in Input) *locator {
	l := &locator{elements: map[string]*report.Location{}, edges: map[string]*report.Location{}}
	// Observed first: a manifest line explains drift better than the
	// model line, and both sides use distinct IDs anyway.
	for _, g := range []*model.Graph{in.Observed, in.Documented} {
		if g == nil {
			continue
		}
		for _, e := range g.Elements() {
			if loc := sourceLocation(e.Sources); loc != nil && l.elements[e.ID] == nil {
				l.elements[e.ID] = loc
			}
		}
		for _, r := range g.Relationships() {
			key := r.From + "->" + r.To
			if loc := sourceLocation(r.Sources); loc != nil && l.edges[key] == nil {
				l.edges[key] = loc
			}
		}
	}
	return l
}

// Locate returns f's own location; for ADR rules without one, the ADR
// block; else the source of the observed, then the documented, element or
// relationship it names; else the ADR it cites; else nil.
func (l *locator) Locate(f report.Finding) *report.Location {
	if f.Location != nil && f.Location.File != "" {
		return f.Location
	}
	adr := adrLocation(f.ADR)
	if adr != nil && strings.HasPrefix(f.Rule, "adr.") {
		return adr
	}
	for _, id := range []*string{f.Observed, f.Documented} {
		if id == nil || *id == "" {
			continue
		}
		if loc := l.elements[*id]; loc != nil {
			return loc
		}
		if loc := l.edges[*id]; loc != nil {
			return loc
		}
	}
	return adr
}

// adrLocation is where an ADR reference points, or nil.
func adrLocation(a *report.ADRRef) *report.Location {
	if a == nil || a.File == "" {
		return nil
	}
	return &report.Location{File: a.File, Line: a.Line}
}

// sourceLocation is the first source that names a file.
func sourceLocation(src []model.Source) *report.Location {
	for _, s := range src {
		if s.File != "" {
			return &report.Location{File: s.File, Line: s.Line, Column: s.Column}
		}
	}
	return nil
}
