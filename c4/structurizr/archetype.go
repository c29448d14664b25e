package structurizr

import (
	"maps"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// archetype is a user-defined type: "api = container { technology … }".
// base is the element keyword it extends (lower case), "group", or "->"
// for a relationship archetype; the defaults are applied before what the
// element itself says.
type archetype struct {
	name        string
	base        string
	description string
	technology  string
	tags        []string
	props       map[string]string
}

func (a *archetype) applyTo(e *model.Element) {
	e.Description = a.description
	e.Technology = a.technology
	e.Tags = slices.Clone(a.tags)
	maps.Copy(e.Properties, a.props)
}

func (a *archetype) applyToRelationship(r *model.Relationship) {
	r.Description = a.description
	r.Technology = a.technology
	r.Tags = slices.Clone(a.tags)
	maps.Copy(r.Properties, a.props)
}

// archetypesStatement handles "<name> = <type> [{" in archetypes { }, where
// type is an element keyword, group, ->, --<archetype>->, or another
// archetype.
func (p *parser) archetypesStatement(sc *scope, st *stmt) error {
	toks := st.toks
	if len(toks) != 3 || !toks[1].is("=") {
		return p.errAt(toks[0], "expected: <name> = <type> [{ defaults }] in archetypes")
	}
	name, baseTok := toks[0], toks[2]
	if !identifierName.MatchString(name.text) {
		return p.errAt(name, "archetype name %q may only contain a-z A-Z 0-9 and _", name.text)
	}
	base := strings.ToLower(baseTok.text)
	a := &archetype{name: name.text, props: map[string]string{}}
	_, isElement := elementSyntaxes[base]
	op, parentName, isRel := relOp(baseTok)
	switch {
	case isElement || base == "group":
		a.base = base
	case isRel && op == "->" && parentName == "":
		a.base = "->"
	case isRel && op == "->":
		parent := p.archetypes[strings.ToLower(parentName)]
		if parent == nil || parent.base != "->" {
			return p.errAt(baseTok, "%q is not a relationship archetype defined earlier", parentName)
		}
		a.inherit(parent)
	case p.archetypes[base] != nil:
		a.inherit(p.archetypes[base])
	default:
		return p.errAt(baseTok, "unknown archetype type %q (expected: person, softwareSystem, container, component, deploymentNode, infrastructureNode, group, element, ->, or an archetype defined earlier)", baseTok.text)
	}
	p.archetypes[strings.ToLower(name.text)] = a
	if st.open == nil {
		return nil
	}
	return p.body(&scope{kind: scArchetype, arch: a}, st.open)
}

func (a *archetype) inherit(parent *archetype) {
	a.base = parent.base
	a.description = parent.description
	a.technology = parent.technology
	a.tags = slices.Clone(parent.tags)
	maps.Copy(a.props, parent.props)
}

// archetypeStatement handles a default inside an archetype's block.
func (p *parser) archetypeStatement(sc *scope, st *stmt) error {
	a := sc.arch
	toks := st.toks
	switch strings.ToLower(toks[0].text) {
	case "description":
		return p.setText(st, toks, &a.description)
	case "technology":
		return p.setText(st, toks, &a.technology)
	case "tag", "tags":
		for _, t := range toks[1:] {
			a.tags = addTags(a.tags, t.text)
		}
		return p.noBlock(st)
	case "metadata":
		if len(toks) != 2 {
			return p.errAt(toks[0], "expected: metadata <value>")
		}
		a.props["structurizr.metadata"] = toks[1].text
		return p.noBlock(st)
	case "url":
		if len(toks) != 2 {
			return p.errAt(toks[0], "expected: url <value>")
		}
		a.props["url"] = toks[1].text
		return p.noBlock(st)
	case "properties":
		if st.open == nil {
			return p.errAt(toks[0], "properties needs a block: properties {")
		}
		return p.body(&scope{kind: scProperties, props: a.props}, st.open)
	case "perspectives":
		if st.open == nil {
			return p.errAt(toks[0], "perspectives needs a block: perspectives {")
		}
		return p.body(&scope{kind: scPerspectives, props: a.props}, st.open)
	}
	p.diagAt(toks[0], "unknown keyword %q in archetype %q ignored", toks[0].text, a.name)
	return p.skipBlock(st, toks[0].text)
}

// archetypeElement defines an element (or opens a group) through an
// archetype: "service1Api = api "Service 1 API"".
func (p *parser) archetypeElement(sc *scope, st *stmt, ident *token, a *archetype, toks []token) error {
	switch a.base {
	case "group":
		return p.group(sc, st, ident, toks)
	case "->":
		return p.errAt(toks[0], "%q is a relationship archetype: use it as <from> --%s-> <to>", toks[0].text, a.name)
	}
	return p.newElement(sc, st, ident, a.base, a, toks)
}
