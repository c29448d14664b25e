package likec4

import (
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/internal/oneline"
	"github.com/archdrift/archdrift/model"
)

// kindNames are the element kinds the writer's specification declares,
// named so that the reader maps them back.
var kindNames = map[model.Kind]string{
	model.KindPerson: "person", model.KindSystem: "softwareSystem", model.KindContainer: "container", model.KindComponent: "component",
}

var (
	validName = regexp.MustCompile(`^_*[a-zA-Z][-\w]*$`)
	nameRunes = regexp.MustCompile(`[^-\w]+`)
)

// name makes s a LikeC4 name: letters, digits, "_" and "-", starting with a
// letter (after any "_").
func name(s, prefix string) string {
	s = strings.Trim(nameRunes.ReplaceAllString(s, "-"), "-")
	if !validName.MatchString(s) {
		s = prefix + s
	}
	if !validName.MatchString(s) {
		s = prefix
	}
	return s
}

// Write writes g as a LikeC4 model — a specification, the model, and a
// deployment block for deployment nodes — that ParseFiles reads back as g,
// with these losses: LikeC4 has no groups; tags and metadata keys are
// spelt as LikeC4 names ("Web Browser" becomes #Web-Browser, which still
// gives the same class; "archdrift.source" is archdrift_source, which
// reads back as archdrift.source); infrastructure nodes read back as
// deployment nodes. An element keeps the last part of its ID as its name
// when that is a LikeC4 name; others get one made from their name, and so
// a new ID.
func Write(w io.Writer, g *model.Graph, title string) error {
	lw := &writer{g: g, names: map[string]string{}, fqn: map[string]string{}, tags: map[string]bool{}}
	var logical, deployment []string
	for _, id := range g.Children("") {
		e, _ := g.Element(id)
		if e.Kind == model.KindDeploymentNode || e.Kind == model.KindInfrastructureNode {
			deployment = append(deployment, id)
		} else {
			logical = append(logical, id)
		}
	}
	lw.assign("", logical, 0)
	lw.assign("", deployment, 0)
	var body strings.Builder
	lw.b = &body
	body.WriteString("model {\n")
	for _, id := range logical {
		lw.element(id, 1)
	}
	rels := g.Relationships()
	if len(rels) > 0 && len(logical) > 0 {
		body.WriteString("\n")
	}
	for _, r := range rels {
		from, to := lw.fqn[r.From], lw.fqn[r.To]
		if from == "" || to == "" {
			continue
		}
		line := fmt.Sprintf("  %s -> %s %s", from, to, quote(r.Description))
		for _, t := range r.Tags {
			line += " #" + lw.tag(t)
		}
		var inner []string
		if r.Technology != "" {
			inner = append(inner, "technology "+quote(r.Technology))
		}
		if u := r.Properties["url"]; u != "" && !strings.ContainsAny(u, " \t\n") {
			inner = append(inner, "link "+u)
		}
		inner = append(inner, metadataLines(r.Properties)...)
		if len(inner) == 0 {
			body.WriteString(line + "\n")
			continue
		}
		body.WriteString(line + " {\n")
		for _, l := range inner {
			body.WriteString("    " + l + "\n")
		}
		body.WriteString("  }\n")
	}
	body.WriteString("}\n")
	if len(deployment) > 0 {
		body.WriteString("\ndeployment {\n")
		for _, id := range deployment {
			lw.node(id, 1)
		}
		body.WriteString("}\n")
	}
	var b strings.Builder
	if title != "" {
		b.WriteString("// " + oneline.Text(title) + "\n")
	}
	b.WriteString("specification {\n  element person {\n    style {\n      shape person\n    }\n  }\n  element softwareSystem\n  element container\n  element component\n")
	if len(deployment) > 0 {
		b.WriteString("  deploymentNode node\n")
	}
	for _, t := range slices.Sorted(maps.Keys(lw.tags)) {
		b.WriteString("  tag " + t + "\n")
	}
	b.WriteString("}\n\n")
	b.WriteString(body.String())
	_, err := io.WriteString(w, b.String())
	return err
}

type writer struct {
	g     *model.Graph
	names map[string]string // element ID → its LikeC4 name
	fqn   map[string]string // element ID → its fully qualified name
	tags  map[string]bool
	b     *strings.Builder
}

// assign names the elements ids, children of the element whose fully
// qualified name is scope.
func (lw *writer) assign(scope string, ids []string, depth int) {
	if depth > maxDepth {
		return
	}
	taken := map[string]bool{}
	for _, id := range ids {
		e, _ := lw.g.Element(id)
		n, ok := id, true
		if e.Parent != "" {
			n, ok = strings.CutPrefix(id, e.Parent+".")
		}
		if !ok || !validName.MatchString(n) || taken[n] {
			n = name(e.Name, "e-")
		}
		base := n
		for i := 2; taken[n]; i++ {
			n = fmt.Sprintf("%s-%d", base, i)
		}
		taken[n] = true
		lw.names[id] = n
		lw.fqn[id] = n
		if scope != "" {
			lw.fqn[id] = scope + "." + n
		}
		lw.assign(lw.fqn[id], lw.g.Children(id), depth+1)
	}
}

func (lw *writer) tag(t string) string {
	n := name(t, "t-")
	lw.tags[n] = true
	return n
}

func (lw *writer) element(id string, depth int) {
	e, _ := lw.g.Element(id)
	ind := strings.Repeat("  ", depth)
	kind := kindNames[e.Kind]
	if kind == "" {
		kind = "container"
	}
	head := fmt.Sprintf("%s%s = %s %s", ind, lw.names[id], kind, quote(e.Name))
	if e.Description != "" || e.Technology != "" {
		head += " " + quote(e.Description)
	}
	if e.Technology != "" {
		head += " " + quote(e.Technology)
	}
	inner := lw.common(e)
	kids := lw.g.Children(id)
	if len(inner) == 0 && len(kids) == 0 {
		lw.b.WriteString(head + "\n")
		return
	}
	lw.b.WriteString(head + " {\n")
	for _, l := range inner {
		lw.b.WriteString(ind + "  " + l + "\n")
	}
	if depth < maxDepth {
		for _, c := range kids {
			lw.element(c, depth+1)
		}
	}
	lw.b.WriteString(ind + "}\n")
}

// common returns the body lines every element has: tags first (LikeC4
// wants them first), link, metadata.
func (lw *writer) common(e *model.Element) []string {
	var inner []string
	if len(e.Tags) > 0 {
		var tags []string
		for _, t := range e.Tags {
			tags = append(tags, "#"+lw.tag(t))
		}
		inner = append(inner, strings.Join(tags, " "))
	}
	if u := e.Properties["url"]; u != "" && !strings.ContainsAny(u, " \t\n") {
		inner = append(inner, "link "+u)
	}
	return append(inner, metadataLines(e.Properties)...)
}

// metadataLines writes properties as a metadata block, keys spelt as
// LikeC4 names; "url" is the link, and the deployment properties are
// written as structure.
func metadataLines(props map[string]string) []string {
	var keys []string
	for k := range props {
		switch k {
		case "url", "structurizr.hosts", "structurizr.environment":
			continue
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil
	}
	slices.Sort(keys)
	out := []string{"metadata {"}
	for _, k := range keys {
		key := name(strings.ReplaceAll(k, ".", "_"), "k-")
		out = append(out, "  "+key+" "+quote(props[k]))
	}
	return append(out, "}")
}

func (lw *writer) node(id string, depth int) {
	e, _ := lw.g.Element(id)
	ind := strings.Repeat("  ", depth)
	lw.b.WriteString(fmt.Sprintf("%snode %s %s {\n", ind, lw.names[id], quote(e.Name)))
	inner := lw.common(e)
	if e.Description != "" {
		inner = append(inner, "description "+quote(e.Description))
	}
	if e.Technology != "" {
		inner = append(inner, "technology "+quote(e.Technology))
	}
	for _, l := range inner {
		lw.b.WriteString(ind + "  " + l + "\n")
	}
	if hosts := e.Properties["structurizr.hosts"]; hosts != "" {
		for _, h := range strings.Split(hosts, ",") {
			if f := lw.fqn[h]; f != "" {
				lw.b.WriteString(ind + "  instanceOf " + f + "\n")
			}
		}
	}
	if depth < maxDepth {
		for _, c := range lw.g.Children(id) {
			lw.node(c, depth+1)
		}
	}
	lw.b.WriteString(ind + "}\n")
}

// quote writes a single-quoted LikeC4 string on one line.
func quote(s string) string {
	s = strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(oneline.Text(s))
	return "'" + s + "'"
}
