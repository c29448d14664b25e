package structurizr

import (
	"strings"

	"github.com/archdrift/archdrift/model"
)

// group opens a group: "[identifier =] group <name> {". Groups nest; their
// names are joined with "/".
func (p *parser) group(sc *scope, st *stmt, ident *token, toks []token) error {
	if len(toks) != 2 {
		return p.errAt(toks[0], "expected: group <name> {")
	}
	name := toks[1].text
	if ident != nil {
		// Groups are not elements: !identifiers hierarchical does not
		// apply to them.
		if err := p.registerAlias(*ident, &entry{what: "group"}); err != nil {
			return err
		}
	}
	if st.open == nil {
		if sc.kind == scElement && sc.el.e.Kind == model.KindComponent {
			sc.el.e.Group = name // "group <name>" in a component sets its group
			return nil
		}
		p.diagAt(toks[0], "group %q has no { } block, so it groups nothing", name)
		return nil
	}
	in := sc.inner(sc.kind)
	if in.group == "" {
		in.group = name
	} else {
		in.group += "/" + name
	}
	return p.body(in, st.open)
}

// modelStatement handles a statement directly in model { } (or in an
// enterprise or group there).
func (p *parser) modelStatement(sc *scope, st *stmt) error {
	ident, toks, err := p.assignment(st)
	if err != nil {
		return err
	}
	if isRelationship(toks) {
		return p.relationship(sc, st, ident, toks)
	}
	kw := strings.ToLower(toks[0].text)
	switch kw {
	case "person", "softwaresystem", "element":
		return p.newElement(sc, st, ident, kw, nil, toks)
	case "group":
		return p.group(sc, st, ident, toks)
	case "enterprise":
		if sc.enterprise != "" || sc.group != "" {
			return p.errAt(toks[0], "enterprise is not permitted here: %s", placementHints[kw])
		}
		if len(toks) != 2 {
			return p.errAt(toks[0], "expected: enterprise <name> {")
		}
		if st.open == nil {
			p.diagAt(toks[0], "enterprise %q has no { } block, so it holds nothing", toks[1].text)
			return nil
		}
		in := sc.inner(scModel)
		in.enterprise = toks[1].text
		return p.body(in, st.open)
	case "deploymentenvironment":
		if sc.enterprise != "" || sc.group != "" {
			return p.errAt(toks[0], "deploymentEnvironment is not permitted here: %s", placementHints[kw])
		}
		return p.environment(st, ident, toks)
	case "archetypes":
		if st.open == nil {
			return p.errAt(toks[0], "archetypes needs a block: archetypes {")
		}
		return p.body(&scope{kind: scArchetypes}, st.open)
	case "properties":
		// Model properties (such as structurizr.groupSeparator) tune
		// rendering; they are read for balance and not kept.
		if st.open == nil {
			return p.errAt(toks[0], "properties needs a block: properties {")
		}
		return p.body(&scope{kind: scProperties, props: map[string]string{}}, st.open)
	case "!identifiers":
		return p.identifiers(st)
	case "!impliedrelationships", "impliedrelationships":
		return p.impliedRelationships(st)
	case "!ref", "!element", "!extend", "!relationship":
		return p.ref(sc, st, ident, toks)
	case "!elements", "!relationships":
		p.diagAt(toks[0], "%s skipped: bulk changes through expressions are not evaluated by archdrift", toks[0].text)
		return p.skipBlock(st, toks[0].text)
	}
	if a := p.archetypes[kw]; a != nil {
		return p.archetypeElement(sc, st, ident, a, toks)
	}
	if hint, ok := placementHints[kw]; ok {
		return p.errAt(toks[0], "%s is not permitted here: %s", toks[0].text, hint)
	}
	return p.errAt(toks[0], "unexpected tokens in model: %q is not a keyword here (expected: person, softwareSystem, group, enterprise, deploymentEnvironment, element, archetypes, !element, or <identifier> -> <identifier>)", toks[0].text)
}

// elementStatement handles a statement in the body of an element.
func (p *parser) elementStatement(sc *scope, st *stmt) error {
	ident, toks, err := p.assignment(st)
	if err != nil {
		return err
	}
	if isRelationship(toks) {
		return p.relationship(sc, st, ident, toks)
	}
	el := sc.el
	e := el.e
	kw := strings.ToLower(toks[0].text)
	if sc.group != "" {
		switch kw {
		case "technology", "instances":
			if e.Kind == model.KindDeploymentNode {
				break // Structurizr applies these to the node even inside a group
			}
			fallthrough
		case "description", "tag", "tags", "url", "properties", "perspectives":
			// Inside a group these would describe the group, which is not
			// an element; they must not leak onto the enclosing element.
			p.diagAt(toks[0], "%s in group %q ignored: groups are not elements", toks[0].text, sc.group)
			return p.skipBlock(st, toks[0].text)
		}
	}
	switch kw {
	case "description":
		return p.setText(st, toks, &e.Description)
	case "technology":
		switch e.Kind {
		case model.KindContainer, model.KindComponent, model.KindDeploymentNode, model.KindInfrastructureNode:
			return p.setText(st, toks, &e.Technology)
		}
		p.diagAt(toks[0], "technology ignored: only containers, components and deployment or infrastructure nodes have one")
		return p.skipBlock(st, "technology")
	case "tag", "tags":
		for _, t := range toks[1:] {
			e.Tags = addTags(e.Tags, t.text)
		}
		return p.noBlock(st)
	case "url":
		return p.setProperty(st, toks, e, "url")
	case "properties":
		if st.open == nil {
			return p.errAt(toks[0], "properties needs a block: properties {")
		}
		return p.body(&scope{kind: scProperties, props: propertiesOf(e)}, st.open)
	case "perspectives":
		if st.open == nil {
			return p.errAt(toks[0], "perspectives needs a block: perspectives {")
		}
		return p.body(&scope{kind: scPerspectives, props: propertiesOf(e)}, st.open)
	case "!docs", "!adrs", "!decisions":
		return p.docs(sc, st)
	case "group":
		return p.group(sc, st, ident, toks)
	case "instances":
		if e.Kind != model.KindDeploymentNode {
			p.diagAt(toks[0], "instances ignored: only deployment nodes have instances")
			return p.skipBlock(st, "instances")
		}
		return p.setProperty(st, toks, e, "structurizr.instances")
	case "softwaresysteminstance", "containerinstance", "instanceof":
		if e.Kind != model.KindDeploymentNode || el.custom {
			return p.errAt(toks[0], "%s is not permitted here: %s", toks[0].text, placementHints[kw])
		}
		return p.instanceOf(sc, st, ident, toks)
	case "!components":
		p.diagAt(toks[0], "!components skipped: archdrift does not scan Java code for components")
		return p.skipBlock(st, "!components")
	}
	if _, ok := elementSyntaxes[kw]; ok {
		return p.newElement(sc, st, ident, kw, nil, toks)
	}
	if a := p.archetypes[kw]; a != nil {
		return p.archetypeElement(sc, st, ident, a, toks)
	}
	if hint, ok := placementHints[kw]; ok {
		return p.errAt(toks[0], "%s is not permitted here: %s", toks[0].text, hint)
	}
	p.diagAt(toks[0], "unknown keyword %q in the body of %q ignored", toks[0].text, e.Name)
	return p.skipBlock(st, toks[0].text)
}

// setText sets a one-value property such as description or technology.
func (p *parser) setText(st *stmt, toks []token, dst *string) error {
	if len(toks) != 2 {
		return p.errAt(toks[0], "expected: %s <value> (quote values that contain spaces)", toks[0].text)
	}
	*dst = toks[1].text
	return p.noBlock(st)
}

func (p *parser) setProperty(st *stmt, toks []token, e *model.Element, key string) error {
	if len(toks) != 2 {
		return p.errAt(toks[0], "expected: %s <value>", toks[0].text)
	}
	propertiesOf(e)[key] = toks[1].text
	return p.noBlock(st)
}
