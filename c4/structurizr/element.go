package structurizr

import "github.com/archdrift/archdrift/model"

// elementSyntax is the short form of an element statement: its kind and
// the positional properties after the name.
type elementSyntax struct {
	kind    model.Kind
	custom  bool
	grammar string
	fields  []string
}

var elementSyntaxes = map[string]elementSyntax{
	"person":             {kind: model.KindPerson, grammar: "person <name> [description] [tags]", fields: []string{"description", "tags"}},
	"softwaresystem":     {kind: model.KindSystem, grammar: "softwareSystem <name> [description] [tags]", fields: []string{"description", "tags"}},
	"container":          {kind: model.KindContainer, grammar: "container <name> [description] [technology] [tags]", fields: []string{"description", "technology", "tags"}},
	"component":          {kind: model.KindComponent, grammar: "component <name> [description] [technology] [tags]", fields: []string{"description", "technology", "tags"}},
	"deploymentnode":     {kind: model.KindDeploymentNode, grammar: "deploymentNode <name> [description] [technology] [tags] [instances]", fields: []string{"description", "technology", "tags", "instances"}},
	"infrastructurenode": {kind: model.KindInfrastructureNode, grammar: "infrastructureNode <name> [description] [technology] [tags]", fields: []string{"description", "technology", "tags"}},
	"element":            {custom: true, grammar: "element <name> [metadata] [description] [tags]", fields: []string{"metadata", "description", "tags"}},
}

// placementHints say where an element keyword belongs, for the error when
// it is used elsewhere.
var placementHints = map[string]string{
	"person":                 "define people directly in model { } (or in an enterprise or group there)",
	"softwaresystem":         "define software systems directly in model { } (or in an enterprise or group there)",
	"element":                "define custom elements directly in model { }",
	"container":              "define containers inside a softwareSystem { } block",
	"component":              "define components inside a container { } block",
	"deploymentnode":         "define deployment nodes inside a deploymentEnvironment { } or deploymentNode { } block",
	"infrastructurenode":     "define infrastructure nodes inside a deploymentNode { } block",
	"deploymentenvironment":  "define deployment environments directly in model { }",
	"enterprise":             "define the enterprise directly in model { }",
	"archetypes":             "define archetypes directly in model { }",
	"softwaresysteminstance": "deploy software system instances inside a deploymentNode { } block",
	"containerinstance":      "deploy container instances inside a deploymentNode { } block",
	"instanceof":             "deploy instances inside a deploymentNode { } block",
	"deploymentgroup":        "define deployment groups inside a deploymentEnvironment { } block",
	"!ref":                   "use !ref directly in model { }",
	"!element":               "use !element directly in model { }",
	"!extend":                "use !extend directly in model { }",
	"model":                  "the model block belongs directly in workspace { }",
	"views":                  "the views block belongs directly in workspace { }",
}

// allowedHere reports whether an element keyword may be used in sc.
func allowedHere(sc *scope, kw string) bool {
	inKind := func(k model.Kind) bool {
		return sc.kind == scElement && !sc.el.custom && sc.el.e.Kind == k
	}
	switch kw {
	case "person", "softwaresystem", "element":
		return sc.kind == scModel
	case "container":
		return inKind(model.KindSystem)
	case "component":
		return inKind(model.KindContainer)
	case "deploymentnode":
		return sc.kind == scEnv || inKind(model.KindDeploymentNode)
	case "infrastructurenode":
		return inKind(model.KindDeploymentNode)
	}
	return false
}

// newElement defines an element from "[identifier =] keyword <name> …".
// kw is the element keyword (an archetype's base keyword when arch is set).
func (p *parser) newElement(sc *scope, st *stmt, ident *token, kw string, arch *archetype, toks []token) error {
	syn := elementSyntaxes[kw]
	if !allowedHere(sc, kw) {
		what := toks[0].text
		return p.errAt(toks[0], "%s is not permitted here: %s", what, placementHints[kw])
	}
	args := toks[1:]
	if len(args) == 0 {
		return p.errAt(toks[0], "expected: %s", syn.grammar)
	}
	if len(args) > 1+len(syn.fields) {
		return p.errAt(args[1+len(syn.fields)], "too many tokens, expected: %s (quote values that contain spaces)", syn.grammar)
	}
	start := toks[0]
	if ident != nil {
		start = *ident
	}
	e := &model.Element{
		Name:       args[0].text,
		Kind:       syn.kind,
		Group:      sc.group,
		Properties: map[string]string{},
		Sources:    []model.Source{p.source(start)},
	}
	if arch != nil {
		arch.applyTo(e)
	}
	for i, f := range syn.fields {
		if 1+i >= len(args) {
			break
		}
		v := args[1+i].text
		if v == "" {
			continue // "" skips an optional property
		}
		switch f {
		case "description":
			e.Description = v
		case "technology":
			e.Technology = v
		case "tags":
			e.Tags = addTags(e.Tags, v)
		case "instances":
			e.Properties["structurizr.instances"] = v
		case "metadata":
			e.Properties["structurizr.metadata"] = v
		}
	}
	el := &elem{e: e, custom: syn.custom}
	switch kw {
	case "container", "component", "infrastructurenode":
		el.parent = sc.el
	case "deploymentnode":
		if sc.kind == scElement {
			el.parent = sc.el
		}
	}
	if syn.kind == model.KindDeploymentNode || syn.kind == model.KindInfrastructureNode {
		el.env = sc.env
		if sc.env != nil {
			e.Properties["structurizr.environment"] = sc.env.name
		}
	}
	if sc.enterprise != "" && (syn.kind == model.KindPerson || syn.kind == model.KindSystem) {
		e.Properties["structurizr.enterprise"] = sc.enterprise
	}
	if el.parent != nil {
		e.Parent = el.parent.e.ID
	}
	if err := p.assignID(el, ident, start); err != nil {
		return err
	}
	if el.custom {
		p.diagAt(start, "custom element %q is outside the C4 model: it and its relationships are not compared", e.Name)
	}
	if st.open == nil {
		p.addSpan("element", e.ID, sc, start, st)
		return nil
	}
	if err := p.body(&scope{kind: scElement, el: el, env: el.env, enterprise: sc.enterprise}, st.open); err != nil {
		return err
	}
	p.addSpan("element", e.ID, sc, start, st)
	return nil
}

// propertiesOf returns the properties map of the element or relationship in
// scope.
func propertiesOf(e *model.Element) map[string]string {
	if e.Properties == nil {
		e.Properties = map[string]string{}
	}
	return e.Properties
}
