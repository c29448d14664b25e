package structurizr

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/internal/oneline"
	"github.com/archdrift/archdrift/model"
)

// This file writes Structurizr DSL: the statements that document an
// element or a relationship (shared by archdrift's suggested fixes and its
// exporter, so that there is one way to say "document X"), and whole
// workspaces.

// identifierPath matches an ID that DSL statements can refer to: dotted
// identifiers. Derived IDs ("shop.web-application", ".customer") cannot be
// referred to.
var identifierPath = regexp.MustCompile(`^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$`)

// IsIdentifierPath reports whether id can be written where the DSL expects
// an identifier (hierarchical identifiers are dotted paths).
func IsIdentifierPath(id string) bool { return identifierPath.MatchString(id) }

// Identifier turns a name into an identifier: lower case, runs of other
// characters as "_", a leading "_" before a digit, at most 40 bytes.
func Identifier(name string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(name) {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
			continue
		}
		under = true
	}
	s := b.String()
	if len(s) > 40 {
		s = strings.TrimRight(s[:40], "_")
	}
	if s == "" {
		return "element"
	}
	if s[0] >= '0' && s[0] <= '9' {
		s = "_" + s
	}
	return s
}

// Quote quotes s for the DSL: on one line, `"` escaped as `\"`, and
// backslashes as "/" (the DSL has no way to end a string in a backslash).
func Quote(s string) string {
	s = strings.ReplaceAll(oneline.Text(s), `\`, "/")
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

// Comment makes s safe after "//": one line, and no backslash, which at
// the end of a line would continue the comment onto the next.
func Comment(s string) string {
	return strings.ReplaceAll(oneline.Text(s), `\`, "/")
}

// keywords are the DSL keywords of the kinds.
var keywords = map[model.Kind]string{
	model.KindPerson: "person", model.KindSystem: "softwareSystem", model.KindContainer: "container",
	model.KindComponent: "component", model.KindDeploymentNode: "deploymentNode", model.KindInfrastructureNode: "infrastructureNode",
}

// writtenElsewhere are the properties the DSL spells as statements or
// placement, not in properties { }.
var writtenElsewhere = map[string]bool{
	"url": true, "structurizr.environment": true, "structurizr.instances": true, "structurizr.hosts": true,
}

// ElementLines returns the DSL statement that defines e as "ident = …"
// (no assignment when ident is ""), one string per line, unindented; the
// lines of its block are indented by four spaces: tags, url, instances,
// properties, then body (nested statements, already indented by four). A
// container or component always has its description and technology
// strings, so that a reader sees where each goes.
func ElementLines(ident string, e *model.Element, body []string) []string {
	kw := cmp.Or(keywords[e.Kind], "container")
	head := kw + " " + Quote(e.Name)
	switch e.Kind {
	case model.KindPerson, model.KindSystem:
		if e.Description != "" {
			head += " " + Quote(e.Description)
		}
	default:
		head += " " + Quote(e.Description) + " " + Quote(e.Technology)
	}
	if ident != "" {
		head = ident + " = " + head
	}
	var inner []string
	if len(e.Tags) > 0 {
		inner = append(inner, "tags "+Quote(strings.Join(e.Tags, ",")))
	}
	if u := e.Properties["url"]; u != "" {
		inner = append(inner, "url "+Quote(u))
	}
	if n := e.Properties["structurizr.instances"]; n != "" && e.Kind == model.KindDeploymentNode {
		inner = append(inner, "instances "+Quote(n))
	}
	inner = append(inner, propertyLines(e.Properties)...)
	for i, l := range inner {
		inner[i] = "    " + l
	}
	inner = append(inner, body...)
	if len(inner) == 0 {
		return []string{head}
	}
	return append(append([]string{head + " {"}, inner...), "}")
}

// propertyLines returns a properties { } block (unindented), or nothing.
func propertyLines(props map[string]string) []string {
	var keys []string
	for k := range props {
		if !writtenElsewhere[k] {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	slices.Sort(keys)
	out := []string{"properties {"}
	for _, k := range keys {
		out = append(out, "    "+Quote(k)+" "+Quote(props[k]))
	}
	return append(out, "}")
}

// RelationshipLines returns the DSL statement of a relationship between
// two references (identifiers or identifier paths): "from -> to
// "description" "technology"", with a block for its tags, url and
// properties when it has any.
func RelationshipLines(from, to string, r *model.Relationship) []string {
	head := fmt.Sprintf("%s -> %s %s %s", from, to, Quote(r.Description), Quote(r.Technology))
	if r.ID != "" && identifierName.MatchString(r.ID) {
		head = r.ID + " = " + head
	}
	var inner []string
	if len(r.Tags) > 0 {
		inner = append(inner, "tags "+Quote(strings.Join(r.Tags, ",")))
	}
	props := maps.Clone(r.Properties)
	if u := props["url"]; u != "" {
		inner = append(inner, "url "+Quote(u))
	}
	delete(props, "url")
	inner = append(inner, propertyLines(props)...)
	if len(inner) == 0 {
		return []string{head}
	}
	for i, l := range inner {
		inner[i] = "    " + l
	}
	return append(append([]string{head + " {"}, inner...), "}")
}

// DSLWriter writes graphs as Structurizr DSL workspaces.
type DSLWriter struct {
	// Name and Description are the workspace's.
	Name, Description string
}

// Write writes g as a workspace with !identifiers hierarchical. An
// element whose ID is its parent's ID, a dot and an identifier (or an
// identifier at the top) keeps it: reading the output back gives the same
// IDs. Other elements get an identifier made from their name, and so a new
// ID. Groups become group blocks; deployment nodes go in
// deploymentEnvironment blocks (their "structurizr.environment", else
// "Default") with the elements they host as instances; relationships
// follow the elements. A views block shows the landscape and each system
// with containers.
func (w DSLWriter) Write(out io.Writer, g *model.Graph) error {
	if err := checkNesting(g); err != nil {
		return err
	}
	dw := &dslWriter{g: g, refs: map[string]string{}, ident: map[string]string{}, taken: map[string]bool{}, envs: map[string]string{}}
	var b strings.Builder
	head := "workspace"
	if w.Name != "" || w.Description != "" {
		head += " " + Quote(w.Name)
	}
	if w.Description != "" {
		head += " " + Quote(w.Description)
	}
	b.WriteString(head + " {\n\n    !identifiers hierarchical\n\n    model {\n")
	var lines []string
	var logical, deployment []string
	for _, id := range g.Children("") {
		e, _ := g.Element(id)
		if e.Kind == model.KindDeploymentNode || e.Kind == model.KindInfrastructureNode {
			deployment = append(deployment, id)
		} else {
			logical = append(logical, id)
		}
	}
	byEnv := map[string][]string{}
	for _, id := range deployment {
		e, _ := g.Element(id)
		env := cmp.Or(e.Properties["structurizr.environment"], "Default")
		byEnv[env] = append(byEnv[env], id)
	}
	dw.assign("", logical, 0)
	dw.assignEnvironments(byEnv)
	lines = append(lines, dw.children(logical, 0)...)
	lines = append(lines, dw.environments(byEnv)...)
	var rels []string
	for _, r := range g.Relationships() {
		from, to := dw.refs[r.From], dw.refs[r.To]
		if from == "" || to == "" {
			continue
		}
		if r.ID != "" {
			// A relationship's identifier shares the namespace of the
			// elements' identifiers.
			if dw.taken[strings.ToLower(r.ID)] || !identifierName.MatchString(r.ID) {
				c := *r
				c.ID = ""
				r = &c
			} else {
				dw.taken[strings.ToLower(r.ID)] = true
			}
		}
		rels = append(rels, RelationshipLines(from, to, r)...)
	}
	if len(rels) > 0 {
		lines = append(lines, "")
		lines = append(lines, rels...)
	}
	for _, l := range lines {
		if l == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString("        " + l + "\n")
	}
	b.WriteString("    }\n\n    views {\n        systemLandscape \"Landscape\" {\n            include *\n            autolayout lr\n        }\n")
	for _, id := range logical {
		e, _ := g.Element(id)
		if e.Kind != model.KindSystem || len(g.Children(id)) == 0 || !identifierPath.MatchString(dw.refs[id]) {
			continue
		}
		fmt.Fprintf(&b, "        container %s %s {\n            include *\n            autolayout lr\n        }\n", dw.refs[id], Quote(Identifier(e.Name)+"-containers"))
	}
	b.WriteString("    }\n}\n")
	_, err := io.WriteString(out, b.String())
	return err
}

type dslWriter struct {
	g     *model.Graph
	refs  map[string]string // element ID → how the DSL refers to it (its ID once read back)
	ident map[string]string // element ID → its identifier
	taken map[string]bool   // lower-case identifier paths in use
	envs  map[string]string // deployment environment → its identifier
}

// assign gives the elements ids, in scope (the reference of their parent,
// or of their deployment environment, "" at the top), identifiers and
// references: the last part of their ID when that reads back as the same
// ID, else one made from their name.
func (dw *dslWriter) assign(scope string, ids []string, depth int) {
	if depth > maxDepth {
		return
	}
	key := func(ident string) string {
		if scope == "" {
			return strings.ToLower(ident)
		}
		return strings.ToLower(scope + "." + ident)
	}
	for _, id := range ids {
		e, _ := dw.g.Element(id)
		ident, ok := id, true
		if scope != "" {
			ident, ok = strings.CutPrefix(id, scope+".")
		}
		if !ok || !identifierName.MatchString(ident) || dw.taken[key(ident)] {
			base := Identifier(e.Name)
			ident = base
			for n := 2; dw.taken[key(ident)]; n++ {
				ident = fmt.Sprintf("%s_%d", base, n)
			}
		}
		dw.taken[key(ident)] = true
		dw.ident[id] = ident
		dw.refs[id] = ident
		if scope != "" {
			dw.refs[id] = scope + "." + ident
		}
		dw.assign(dw.refs[id], dw.g.Children(id), depth+1)
	}
}

// assignEnvironments gives each deployment environment an identifier (the
// first part of its nodes' IDs when that is one), then its nodes theirs.
func (dw *dslWriter) assignEnvironments(byEnv map[string][]string) {
	for _, env := range slices.Sorted(maps.Keys(byEnv)) {
		ident := ""
		if scope, _, ok := strings.Cut(byEnv[env][0], "."); ok && identifierName.MatchString(scope) && !dw.taken[strings.ToLower(scope)] {
			ident = scope
		} else {
			base := Identifier(env)
			ident = base
			for n := 2; dw.taken[strings.ToLower(ident)]; n++ {
				ident = fmt.Sprintf("%s_%d", base, n)
			}
		}
		dw.taken[strings.ToLower(ident)] = true
		dw.envs[env] = ident
		dw.assign(ident, byEnv[env], 0)
	}
}

// children writes the elements ids (siblings) at nesting depth, in group
// blocks by Group.
func (dw *dslWriter) children(ids []string, depth int) []string {
	if depth > maxDepth {
		return nil
	}
	type groupNode struct {
		name     string
		members  []string
		children []*groupNode
	}
	root := &groupNode{}
	for _, id := range ids {
		e, _ := dw.g.Element(id)
		n := root
		if e.Group != "" {
			for _, part := range strings.Split(e.Group, "/") {
				var next *groupNode
				for _, c := range n.children {
					if c.name == part {
						next = c
					}
				}
				if next == nil {
					next = &groupNode{name: part}
					n.children = append(n.children, next)
				}
				n = next
			}
		}
		n.members = append(n.members, id)
	}
	var write func(n *groupNode) []string
	write = func(n *groupNode) []string {
		var out []string
		for _, id := range n.members {
			e, _ := dw.g.Element(id)
			var body []string
			for _, l := range dw.children(dw.g.Children(id), depth+1) {
				body = append(body, "    "+l)
			}
			out = append(out, ElementLines(dw.ident[id], e, body)...)
		}
		for _, c := range n.children {
			out = append(out, "group "+Quote(c.name)+" {")
			for _, l := range write(c) {
				out = append(out, "    "+l)
			}
			out = append(out, "}")
		}
		return out
	}
	return write(root)
}

// environments writes top-level deployment nodes in deploymentEnvironment
// blocks.
func (dw *dslWriter) environments(byEnv map[string][]string) []string {
	var out []string
	for _, env := range slices.Sorted(maps.Keys(byEnv)) {
		nodes := byEnv[env]
		out = append(out, "", dw.envs[env]+" = deploymentEnvironment "+Quote(env)+" {")
		for _, id := range nodes {
			for _, l := range dw.node(id, 0) {
				out = append(out, "    "+l)
			}
		}
		out = append(out, "}")
	}
	return out
}

func (dw *dslWriter) node(id string, depth int) []string {
	e, _ := dw.g.Element(id)
	var body []string
	if depth < maxDepth {
		for _, c := range dw.g.Children(id) {
			for _, l := range dw.node(c, depth+1) {
				body = append(body, "    "+l)
			}
		}
	}
	if hosts := e.Properties["structurizr.hosts"]; hosts != "" {
		for _, h := range strings.Split(hosts, ",") {
			he, ok := dw.g.Element(h)
			ref := dw.refs[h]
			if !ok || !identifierPath.MatchString(ref) {
				continue
			}
			kw := "containerInstance"
			if he.Kind == model.KindSystem {
				kw = "softwareSystemInstance"
			}
			body = append(body, "    "+kw+" "+ref)
		}
	}
	return ElementLines(dw.ident[id], e, body)
}

// parentKinds are the kinds Structurizr lets an element of each kind sit
// in ("" is the top level).
var parentKinds = map[model.Kind][]model.Kind{
	model.KindPerson:             {""},
	model.KindSystem:             {""},
	model.KindContainer:          {model.KindSystem},
	model.KindComponent:          {model.KindContainer},
	model.KindDeploymentNode:     {"", model.KindDeploymentNode},
	model.KindInfrastructureNode: {model.KindDeploymentNode},
}

// checkNesting refuses graphs Structurizr cannot express: a container
// outside a software system, a component outside a container, an element
// without a kind.
func checkNesting(g *model.Graph) error {
	for _, e := range g.Elements() {
		allowed, ok := parentKinds[e.Kind]
		if !ok {
			return fmt.Errorf("structurizr: element %q has kind %q, which Structurizr does not know", e.ID, e.Kind)
		}
		var pk model.Kind
		if e.Parent != "" {
			p, ok := g.Element(e.Parent)
			if !ok {
				return fmt.Errorf("structurizr: element %q has an unknown parent %q", e.ID, e.Parent)
			}
			pk = p.Kind
		}
		if !slices.Contains(allowed, pk) {
			where := "at the top level"
			if pk != "" {
				where = "inside a " + string(pk)
			}
			return fmt.Errorf("structurizr: %s %q is %s, which Structurizr does not allow", e.Kind, e.ID, where)
		}
	}
	return nil
}
