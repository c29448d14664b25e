package mermaid

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/internal/oneline"
	"github.com/archdrift/archdrift/model"
)

// Write writes g as one Mermaid C4 diagram (C4Component when g has
// components, else C4Container, C4Context, or C4Deployment for deployment
// nodes only) that ParseFiles reads back as g, with these losses: Mermaid
// has no properties (only "url" survives, as $link), deployment nodes do
// not record what they host, infrastructure nodes read back as deployment
// nodes, and a tag holding "," or "+" is split. A system or container with
// children is drawn as a boundary carrying its description as $descr.
// Groups are Boundary blocks.
func Write(w io.Writer, g *model.Graph, title string) error {
	mw := &writer{g: g, alias: map[string]string{}}
	mw.assignAliases()
	header := "C4Context"
	for _, e := range g.Elements() {
		switch {
		case e.Kind == model.KindComponent:
			header = "C4Component"
		case e.Kind == model.KindContainer && header != "C4Component":
			header = "C4Container"
		}
	}
	if header == "C4Context" && g.Len() > 0 && !slices.ContainsFunc(g.Elements(), func(e *model.Element) bool {
		return e.Kind == model.KindPerson || e.Kind == model.KindSystem
	}) {
		header = "C4Deployment"
	}
	var b strings.Builder
	b.WriteString(header + "\n")
	if title != "" {
		b.WriteString("    title " + oneline.Text(title) + "\n")
	}
	mw.b = &b
	mw.children(g.Children(""), 1)
	rels := g.Relationships()
	if len(rels) > 0 {
		b.WriteString("\n")
	}
	for _, r := range rels {
		from, to := mw.alias[r.From], mw.alias[r.To]
		if from == "" || to == "" {
			continue
		}
		args := []string{quote(from), quote(to), quote(r.Description)}
		if r.Technology != "" {
			args = append(args, quote(r.Technology))
		}
		args = append(args, named("tags", strings.Join(r.Tags, ","))...)
		args = append(args, named("link", r.Properties["url"])...)
		fmt.Fprintf(&b, "    Rel(%s)\n", strings.Join(args, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

type writer struct {
	g      *model.Graph
	alias  map[string]string
	b      *strings.Builder
	groups int
}

var plainAlias = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// assignAliases uses the last part of an element's ID as its alias when
// that reads back as the same ID and no other element wants it; else the
// whole ID (which the reader takes as the ID when it holds a ".").
func (mw *writer) assignAliases() {
	count := map[string]int{}
	last := map[string]string{}
	for _, e := range mw.g.Elements() {
		seg := e.ID
		if e.Parent != "" {
			seg = strings.TrimPrefix(e.ID, e.Parent+".")
		}
		last[e.ID] = seg
		count[seg]++
	}
	for _, e := range mw.g.Elements() {
		seg := last[e.ID]
		nested := e.Parent == "" || e.ID == e.Parent+"."+seg
		if nested && plainAlias.MatchString(seg) && count[seg] == 1 {
			mw.alias[e.ID] = seg
			continue
		}
		mw.alias[e.ID] = strings.ReplaceAll(e.ID, `"`, "'")
	}
}

func (mw *writer) children(ids []string, depth int) {
	if depth > maxDepth {
		return
	}
	type group struct {
		name     string
		members  []string
		children []*group
	}
	root := &group{}
	for _, id := range ids {
		e, _ := mw.g.Element(id)
		n := root
		if e.Group != "" {
			for _, part := range strings.Split(e.Group, "/") {
				i := slices.IndexFunc(n.children, func(c *group) bool { return c.name == part })
				if i < 0 {
					n.children = append(n.children, &group{name: part})
					i = len(n.children) - 1
				}
				n = n.children[i]
			}
		}
		n.members = append(n.members, id)
	}
	var write func(n *group, depth int)
	write = func(n *group, depth int) {
		for _, id := range n.members {
			mw.element(id, depth)
		}
		for _, c := range n.children {
			mw.groups++
			mw.line(depth, fmt.Sprintf("Boundary(%s, %s) {", quote(fmt.Sprintf("group_%d", mw.groups)), quote(c.name)))
			write(c, depth+1)
			mw.line(depth, "}")
		}
	}
	write(root, depth)
}

func (mw *writer) line(depth int, s string) {
	mw.b.WriteString(strings.Repeat("    ", depth) + s + "\n")
}

func (mw *writer) element(id string, depth int) {
	e, _ := mw.g.Element(id)
	kids := mw.g.Children(id)
	var shape string
	var rest []string
	ext := false
	for _, t := range e.Tags {
		switch {
		case strings.EqualFold(t, "External") && !ext:
			ext = true
		case strings.EqualFold(t, "Database") && shape == "" && e.Kind != model.KindPerson:
			shape = "Db"
		case strings.EqualFold(t, "Queue") && shape == "" && e.Kind != model.KindPerson:
			shape = "Queue"
		default:
			rest = append(rest, t)
		}
	}
	a := quote(mw.alias[id])
	link := named("link", e.Properties["url"])
	switch {
	case e.Kind == model.KindDeploymentNode || e.Kind == model.KindInfrastructureNode:
		args := append([]string{a, quote(e.Name), quote(e.Technology), quote(e.Description)}, named("tags", strings.Join(e.Tags, ","))...)
		mw.line(depth, "Deployment_Node("+strings.Join(append(args, link...), ", ")+") {")
		mw.children(kids, depth+1)
		mw.line(depth, "}")
		return
	case len(kids) > 0 && (e.Kind == model.KindSystem || e.Kind == model.KindContainer):
		// A boundary has no slot for a shape or a description: they go in
		// $tags and $descr.
		macro := "System_Boundary"
		args := []string{a, quote(e.Name)}
		if e.Kind == model.KindContainer {
			macro = "Container_Boundary"
			args = append(args, named("techn", e.Technology)...)
		}
		args = append(args, named("descr", e.Description)...)
		args = append(args, named("tags", strings.Join(e.Tags, ","))...)
		mw.line(depth, macro+"("+strings.Join(append(args, link...), ", ")+") {")
		mw.children(kids, depth+1)
		mw.line(depth, "}")
		return
	}
	macro := "Container"
	switch e.Kind {
	case model.KindPerson:
		macro, shape = "Person", ""
	case model.KindSystem:
		macro = "System"
	case model.KindComponent:
		macro = "Component"
	}
	macro += shape
	if ext {
		macro += "_Ext"
	}
	args := []string{a, quote(e.Name)}
	if e.Kind != model.KindPerson && e.Kind != model.KindSystem {
		args = append(args, quote(e.Technology))
	}
	args = append(args, quote(e.Description))
	args = append(args, named("tags", strings.Join(rest, ","))...)
	mw.line(depth, macro+"("+strings.Join(append(args, link...), ", ")+")")
	if len(kids) > 0 {
		// Mermaid cannot nest elements in a person or a component: the
		// children follow it.
		mw.children(kids, depth)
	}
}

// quote writes a Mermaid string: there are no escapes, so a double quote
// becomes a single one, and line breaks spaces.
func quote(s string) string { return `"` + strings.ReplaceAll(oneline.Text(s), `"`, "'") + `"` }

func named(key, v string) []string {
	if v == "" {
		return nil
	}
	return []string{"$" + key + "=" + quote(v)}
}
