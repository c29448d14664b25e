package structurizr

import (
	"strings"

	"github.com/archdrift/archdrift/model"
)

// environment opens "[identifier =] deploymentEnvironment <name> [{". A
// second block with the same name adds to the same environment.
func (p *parser) environment(st *stmt, ident *token, toks []token) error {
	if len(toks) != 2 {
		return p.errAt(toks[0], "expected: deploymentEnvironment <name> {")
	}
	name := toks[1].text
	env := p.envs[strings.ToLower(name)]
	if env == nil {
		env = &environment{name: name, scopeID: "." + slug(name)}
		if ident != nil {
			env.scopeID = ident.text
		}
		p.envs[strings.ToLower(name)] = env
	}
	if ident != nil {
		if err := p.registerAlias(*ident, &entry{env: env}); err != nil {
			return err
		}
	}
	if st.open == nil {
		return nil
	}
	return p.body(&scope{kind: scEnv, env: env}, st.open)
}

// environmentStatement handles a statement in a deployment environment.
func (p *parser) environmentStatement(sc *scope, st *stmt) error {
	ident, toks, err := p.assignment(st)
	if err != nil {
		return err
	}
	if isRelationship(toks) {
		return p.relationship(sc, st, ident, toks)
	}
	kw := strings.ToLower(toks[0].text)
	switch kw {
	case "deploymentnode":
		return p.newElement(sc, st, ident, kw, nil, toks)
	case "group":
		return p.group(sc, st, ident, toks)
	case "deploymentgroup":
		if len(toks) != 2 {
			return p.errAt(toks[0], "expected: deploymentGroup <name>")
		}
		if ident != nil {
			if err := p.registerAlias(*ident, &entry{what: "deployment group"}); err != nil {
				return err
			}
		}
		return p.noBlock(st)
	}
	if a := p.archetypes[kw]; a != nil {
		return p.archetypeElement(sc, st, ident, a, toks)
	}
	if hint, ok := placementHints[kw]; ok {
		return p.errAt(toks[0], "%s is not permitted here: %s", toks[0].text, hint)
	}
	p.diagAt(toks[0], "unknown keyword %q in deployment environment %q ignored", toks[0].text, sc.env.name)
	return p.skipBlock(st, toks[0].text)
}

// instanceKinds are what each instance keyword deploys; instanceOf
// deploys either.
var instanceKinds = map[string]model.Kind{"softwaresysteminstance": model.KindSystem, "containerinstance": model.KindContainer}

// instanceOf handles "[identifier =] containerInstance <identifier>
// [deploymentGroups] [tags] [{" (and softwareSystemInstance, instanceOf).
// An instance is not a new element: the graph would show the container
// twice. The node records what it hosts ("structurizr.hosts"), and the
// instance's identifier stands for its element in deployment relationships.
func (p *parser) instanceOf(sc *scope, st *stmt, ident *token, toks []token) error {
	kw := strings.ToLower(toks[0].text)
	if len(toks) < 2 || len(toks) > 4 {
		return p.errAt(toks[0], "expected: %s <identifier> [deploymentGroups] [tags]", toks[0].text)
	}
	node := sc.el
	inst := &instance{node: node}
	want := instanceKinds[kw]
	deployable := func(en *entry) bool {
		if en.el == nil || en.el.custom {
			return false
		}
		if want != "" {
			return en.el.e.Kind == want
		}
		return en.el.e.Kind == model.KindSystem || en.el.e.Kind == model.KindContainer
	}
	target, why := p.resolve(sc, toks[1], deployable)
	if target != nil {
		switch {
		case target.custom:
			target, why = nil, "\""+toks[1].text+"\" is a custom element"
		case want != "" && target.e.Kind != want:
			target, why = nil, "\""+toks[1].text+"\" is a "+string(target.e.Kind)+", not a "+string(want)
		case want == "" && target.e.Kind != model.KindSystem && target.e.Kind != model.KindContainer:
			target, why = nil, "\""+toks[1].text+"\" is neither a software system nor a container"
		}
	}
	if target == nil {
		p.diagAt(toks[0], "%s %s ignored: %s", toks[0].text, toks[1].text, why)
	} else {
		if node.hosts == nil {
			node.hosts = map[string]bool{}
		}
		node.hosts[target.e.ID] = true
		inst.target = target
	}
	if ident != nil {
		key := ident.text
		if p.hierarchical {
			key = node.e.ID + "." + ident.text
		}
		if err := p.registerAlias(token{kind: tokWord, text: key, line: ident.line, col: ident.col}, &entry{inst: inst}); err != nil {
			return err
		}
	}
	if st.open == nil {
		return nil
	}
	return p.body(&scope{kind: scInstance, inst: inst, env: sc.env}, st.open)
}

// instanceStatement handles a statement in an instance body. Only
// relationships matter to archdrift; the instance's own description, tags,
// properties and health checks describe one deployment of the element, not
// the element.
func (p *parser) instanceStatement(sc *scope, st *stmt) error {
	ident, toks, err := p.assignment(st)
	if err != nil {
		return err
	}
	if isRelationship(toks) {
		return p.relationship(sc, st, ident, toks)
	}
	switch strings.ToLower(toks[0].text) {
	case "description", "tag", "tags", "url", "healthcheck", "properties", "perspectives":
		return p.skipBlock(st, toks[0].text)
	}
	p.diagAt(toks[0], "unknown keyword %q in an instance body ignored", toks[0].text)
	return p.skipBlock(st, toks[0].text)
}
