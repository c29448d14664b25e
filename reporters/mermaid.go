package reporters

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/archdrift/archdrift/internal/oneline"
	"github.com/archdrift/archdrift/model"
)

// Colours shared by both diagrams (Mermaid and Graphviz), from GitHub's
// palette so that they read the same in a comment and in the html page.
const (
	colorDriftStroke = "#cf222e"
	colorDriftFill   = "#ffebe9"
	colorDriftText   = "#82071e"
	colorGoneStroke  = "#8c959f"
	colorGoneFill    = "#f6f8fa"
	colorGoneText    = "#6e7781"
)

// mermaidFlowchart renders a container view as a Mermaid flowchart, which
// GitHub draws inside comments and step summaries. Undocumented nodes and
// edges are red and dashed, missing ones grey and dotted, the rest plain.
// Node IDs are positional (n0, n1 …): element IDs never reach Mermaid's
// syntax, only its quoted, entity-escaped labels.
func mermaidFlowchart(v *containerView) string {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	ids := make(map[string]string, len(v.Nodes))
	for i, n := range v.Nodes {
		ids[n.ID] = "n" + strconv.Itoa(i)
	}
	node := func(indent string, n viewNode) {
		label := mermaidText(n.Name, 60)
		if t := n.TechnologyLabel(); t != "" {
			label += "<br/>[" + mermaidText(t, 60) + "]"
		}
		open, close := `["`, `"]`
		switch {
		case n.Kind == model.KindPerson:
			open, close = `(["`, `"])`
		case n.Class == model.ClassDatabase || n.Class == model.ClassCache || n.Class == model.ClassSearch || n.Class == model.ClassBucket:
			open, close = `[("`, `")]`
		}
		fmt.Fprintf(&b, "%s%s%s%s%s\n", indent, ids[n.ID], open, label, close)
	}
	for _, n := range v.Nodes {
		if n.Boundary == "" {
			node("  ", n)
		}
	}
	for bi, bd := range v.Boundaries {
		fmt.Fprintf(&b, "  subgraph b%d[\"%s\"]\n", bi, mermaidText(bd.Name, 60))
		var groups []string
		for _, n := range v.Nodes {
			if n.Boundary != bd.ID {
				continue
			}
			if n.Group == "" {
				node("    ", n)
			} else if !slices.Contains(groups, n.Group) {
				groups = append(groups, n.Group)
			}
		}
		slices.Sort(groups)
		for gi, g := range groups {
			fmt.Fprintf(&b, "    subgraph b%dg%d[\"%s\"]\n", bi, gi, mermaidText(g, 60))
			for _, n := range v.Nodes {
				if n.Boundary == bd.ID && n.Group == g {
					node("      ", n)
				}
			}
			b.WriteString("    end\n")
		}
		b.WriteString("  end\n")
	}
	var drift, gone []string
	for i, e := range v.Edges {
		arrow := "-->"
		switch e.Status {
		case viewUndocumented:
			arrow = "-.->"
			drift = append(drift, strconv.Itoa(i))
		case viewMissing:
			arrow = "-.->"
			gone = append(gone, strconv.Itoa(i))
		}
		label := ""
		if e.Label != "" {
			label = `|"` + mermaidText(e.Label, 40) + `"|`
		}
		fmt.Fprintf(&b, "  %s %s%s %s\n", ids[e.From], arrow, label, ids[e.To])
	}
	fmt.Fprintf(&b, "  classDef undocumented fill:%s,stroke:%s,stroke-width:2px,stroke-dasharray:5 5,color:%s\n", colorDriftFill, colorDriftStroke, colorDriftText)
	fmt.Fprintf(&b, "  classDef missing fill:%s,stroke:%s,stroke-dasharray:2 2,color:%s\n", colorGoneFill, colorGoneStroke, colorGoneText)
	for _, st := range []viewStatus{viewUndocumented, viewMissing} {
		var list []string
		for _, n := range v.Nodes {
			if n.Status == st {
				list = append(list, ids[n.ID])
			}
		}
		if len(list) > 0 {
			fmt.Fprintf(&b, "  class %s %s\n", strings.Join(list, ","), st)
		}
	}
	if len(drift) > 0 {
		fmt.Fprintf(&b, "  linkStyle %s stroke:%s,stroke-width:2px,stroke-dasharray:5 5\n", strings.Join(drift, ","), colorDriftStroke)
	}
	if len(gone) > 0 {
		fmt.Fprintf(&b, "  linkStyle %s stroke:%s,stroke-dasharray:2 2\n", strings.Join(gone, ","), colorGoneStroke)
	}
	return b.String()
}

// mermaidText makes s safe inside a quoted Mermaid label: one line, at
// most max runes, and every character Mermaid or HTML gives meaning to
// written as a Mermaid entity code (#quot; #35; …).
func mermaidText(s string, max int) string {
	s = clip(oneline.Text(s), max)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"', '#', '<', '>', '&', '`', '|', '\\', '%', '{', '}', '[', ']', '(', ')', ';':
			fmt.Fprintf(&b, "#%d;", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clip shortens s to at most max runes, ending in "…" when cut.
func clip(s string, max int) string {
	if max <= 0 || len(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max-1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
