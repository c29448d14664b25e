package reporters

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/goccy/go-graphviz"
	"github.com/goccy/go-graphviz/cgraph"

	"github.com/archdrift/archdrift/internal/oneline"
	"github.com/archdrift/archdrift/model"
)

// graphvizMu serialises layouts: go-graphviz runs Graphviz as one
// WebAssembly instance per process, which is not safe for concurrent use.
var graphvizMu sync.Mutex

// HTML diagram bounds: Graphviz lays out a few hundred boxes in well under
// a second, and a page with more is not read anyway.
const (
	htmlDiagramNodes = 150
	htmlDiagramEdges = 400
)

// attrSetter is what go-graphviz graphs, nodes and edges share.
type attrSetter interface {
	SafeSet(name, value, def string) error
}

// setAttrs sets name/value pairs on obj, declaring each attribute with an
// empty default.
func setAttrs(obj attrSetter, kv ...string) error {
	for i := 0; i+1 < len(kv); i += 2 {
		if err := obj.SafeSet(kv[i], kv[i+1], ""); err != nil {
			return fmt.Errorf("graphviz: setting %s: %w", kv[i], err)
		}
	}
	return nil
}

// containerSVG lays the container view out with Graphviz (dot, left to
// right, systems and groups as clusters) and returns it as an inline <svg>
// element. Element IDs never reach Graphviz: nodes are named n0, n1 … and
// names go in as escaped label strings, which Graphviz writes into the
// SVG as escaped text.
func containerSVG(ctx context.Context, v *containerView) (string, error) {
	graphvizMu.Lock()
	defer graphvizMu.Unlock()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return "", fmt.Errorf("graphviz: %w", err)
	}
	defer gv.Close()
	g, err := gv.Graph(graphviz.WithName("containers"))
	if err != nil {
		return "", fmt.Errorf("graphviz: %w", err)
	}
	defer g.Close()
	if err := setAttrs(g, "rankdir", "LR", "bgcolor", "transparent", "fontname", "Helvetica", "fontsize", "12",
		"nodesep", "0.35", "ranksep", "0.8", "pad", "0.2", "compound", "true"); err != nil {
		return "", err
	}
	parents := map[string]*cgraph.Graph{"": g}
	for bi, bd := range v.Boundaries {
		sub, err := g.CreateSubGraphByName("cluster_b" + strconv.Itoa(bi))
		if err != nil {
			return "", fmt.Errorf("graphviz: %w", err)
		}
		if err := setAttrs(sub, "label", gvText(bd.Name, 60), "style", "rounded", "color", "#57606a",
			"fontcolor", "#24292f", "fontsize", "13", "labeljust", "l", "margin", "14"); err != nil {
			return "", err
		}
		parents[bd.ID] = sub
		var groups []string
		for _, n := range v.Nodes {
			if n.Boundary == bd.ID && n.Group != "" && parents[bd.ID+"\x00"+n.Group] == nil {
				groups = append(groups, n.Group)
				gsub, err := sub.CreateSubGraphByName("cluster_b" + strconv.Itoa(bi) + "g" + strconv.Itoa(len(groups)))
				if err != nil {
					return "", fmt.Errorf("graphviz: %w", err)
				}
				if err := setAttrs(gsub, "label", gvText(n.Group, 60), "style", "rounded,dashed", "color", "#afb8c1",
					"fontcolor", "#57606a", "fontsize", "11", "labeljust", "l"); err != nil {
					return "", err
				}
				parents[bd.ID+"\x00"+n.Group] = gsub
			}
		}
	}
	nodes := map[string]*cgraph.Node{}
	for i, n := range v.Nodes {
		parent := parents[n.Boundary]
		if p := parents[n.Boundary+"\x00"+n.Group]; n.Boundary != "" && n.Group != "" && p != nil {
			parent = p
		}
		if parent == nil {
			parent = g
		}
		gn, err := parent.CreateNodeByName("n" + strconv.Itoa(i))
		if err != nil {
			return "", fmt.Errorf("graphviz: %w", err)
		}
		nodes[n.ID] = gn
		if err := setAttrs(gn, gvNodeAttrs(n, i)...); err != nil {
			return "", err
		}
	}
	for i, e := range v.Edges {
		ge, err := g.CreateEdgeByName("e"+strconv.Itoa(i), nodes[e.From], nodes[e.To])
		if err != nil {
			return "", fmt.Errorf("graphviz: %w", err)
		}
		attrs := []string{"label", gvText(e.Label, 40), "fontname", "Helvetica", "fontsize", "10",
			"color", "#57606a", "fontcolor", "#57606a", "arrowsize", "0.7", "tooltip", gvText(e.Label, 200), "class", string(e.Status)}
		switch e.Status {
		case viewUndocumented:
			attrs = append(attrs, "color", colorDriftStroke, "fontcolor", colorDriftStroke, "style", "dashed", "penwidth", "2")
		case viewMissing:
			attrs = append(attrs, "color", colorGoneStroke, "fontcolor", colorGoneText, "style", "dotted")
		}
		if err := setAttrs(ge, attrs...); err != nil {
			return "", err
		}
	}
	var buf bytes.Buffer
	if err := gv.Render(ctx, g, graphviz.SVG, &buf); err != nil {
		return "", fmt.Errorf("graphviz: rendering: %w", err)
	}
	return inlineSVG(buf.String())
}

func gvNodeAttrs(n viewNode, i int) []string {
	label := gvText(n.Name, 40)
	if t := n.TechnologyLabel(); t != "" {
		label += `\n[` + gvText(t, 60) + `]`
	}
	tip := n.ID
	if n.Display != "" {
		tip = n.Display
	}
	if len(n.Observed) > 0 {
		tip += " ← " + strings.Join(n.Observed, ", ")
	}
	shape := "box"
	switch {
	case n.Kind == model.KindPerson:
		shape = "ellipse"
	case n.Class == model.ClassDatabase || n.Class == model.ClassCache || n.Class == model.ClassSearch || n.Class == model.ClassBucket:
		shape = "cylinder"
	}
	attrs := []string{"label", label, "shape", shape, "style", "rounded,filled", "fillcolor", "#ffffff",
		"color", "#24292f", "fontcolor", "#24292f", "fontname", "Helvetica", "fontsize", "11",
		"margin", "0.15,0.08", "tooltip", gvText(tip, 300), "id", "node-" + strconv.Itoa(i), "class", string(n.Status)}
	switch n.Status {
	case viewUndocumented:
		attrs = append(attrs, "style", "rounded,filled,dashed", "fillcolor", colorDriftFill, "color", colorDriftStroke,
			"fontcolor", colorDriftText, "penwidth", "2")
	case viewMissing:
		attrs = append(attrs, "style", "rounded,filled,dotted", "fillcolor", colorGoneFill, "color", colorGoneStroke,
			"fontcolor", colorGoneText)
	}
	return attrs
}

// gvText makes s a plain Graphviz label: one line, clipped, and with the
// backslash that starts Graphviz escapes (\N, \G, \l …) doubled.
func gvText(s string, max int) string {
	return strings.ReplaceAll(clip(oneline.Text(s), max), `\`, `\\`)
}

var (
	svgStart    = regexp.MustCompile(`(?s)^.*?(<svg\b)`)
	svgComments = regexp.MustCompile(`(?s)<!--.*?-->\n?`)
)

// inlineSVG strips what Graphviz writes before the <svg> element (XML
// declaration, DOCTYPE, a version comment) and the comments inside it, so
// that the element can be inlined in HTML and the bytes do not change with
// the Graphviz build.
func inlineSVG(s string) (string, error) {
	loc := svgStart.FindStringSubmatchIndex(s)
	if loc == nil {
		return "", fmt.Errorf("graphviz: no <svg> element in the output")
	}
	s = s[loc[2]:]
	s = svgComments.ReplaceAllString(s, "")
	return strings.TrimSpace(s), nil
}
