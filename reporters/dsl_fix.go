package reporters

import (
	"strings"

	"github.com/archdrift/archdrift/c4/structurizr"
	"github.com/archdrift/archdrift/c4/suggest"
	"github.com/archdrift/archdrift/model"
)

// dslSection is one part of the suggested fix: a comment saying where the
// lines go, and the items to add there (each a whole DSL statement, so a
// report may show some and count the rest).
type dslSection struct {
	Header string
	Items  []string
}

// newDSLFix lays out the fix that archdrift suggest applies (suggest.New,
// the one place that writes "the DSL lines that document X") as sections
// for a report: the elements to add in each block, the relationships to
// add, and, as comments, what the model shows but no scanner found.
func newDSLFix(in Input) []dslSection {
	if in.Diff == nil {
		return nil
	}
	plan := suggest.New(suggest.Input{Documented: in.Documented, Observed: in.Observed, Diff: in.Diff})
	doc := in.Documented
	if doc == nil {
		doc = model.NewGraph()
	}
	byIn := map[string]*dslSection{}
	var order []string
	for _, e := range plan.Elements {
		s := byIn[e.In]
		if s == nil {
			s = &dslSection{Header: "// Add to model { … }:"}
			if e.In != "" {
				kw, name := "softwareSystem", e.In
				if de, ok := doc.Element(e.In); ok {
					name = de.Name
					if de.Kind == model.KindContainer {
						kw = "container"
					}
				}
				s.Header = "// Add inside " + kw + " " + dslString(name) + " (" + structurizr.Comment(e.In) + ") { … }:"
			}
			byIn[e.In] = s
			order = append(order, e.In)
		}
		item := strings.Join(e.Lines, "\n")
		if e.Comment != "" {
			item = e.Comment + "\n" + item
		}
		s.Items = append(s.Items, item)
	}
	var out []dslSection
	for _, k := range order {
		out = append(out, *byIn[k])
	}
	rels := dslSection{Header: "// Add to model { … }, after the elements:"}
	for _, r := range plan.Relationships {
		rels.Items = append(rels.Items, strings.Join(r.Lines, "\n"))
	}
	if len(rels.Items) > 0 {
		out = append(out, rels)
	}
	stale := dslSection{Header: "// In the model but not found by any scanner: remove, or map with an \"" + model.PropSource + "\" property:"}
	for _, m := range plan.Missing {
		if m.What != "element" {
			continue
		}
		line := "//   " + structurizr.Comment(m.ID)
		if m.Name != "" {
			line += " " + dslString(m.Name)
		}
		if m.Location != nil {
			line += " at " + structurizr.Comment(m.Location.String())
		}
		stale.Items = append(stale.Items, line)
	}
	if len(stale.Items) > 0 {
		out = append(out, stale)
	}
	return out
}

// dslString quotes s as a DSL string (structurizr.Quote).
func dslString(s string) string { return structurizr.Quote(s) }
