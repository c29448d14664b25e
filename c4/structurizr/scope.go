package structurizr

// scopeKind is the kind of block a statement sits in; it decides which
// keywords are permitted, as Structurizr's DSL contexts do.
type scopeKind uint8

const (
	scTop          scopeKind = iota // outside the workspace block
	scWorkspace                     // workspace { }
	scModel                         // model { }, and enterprise and groups in it
	scElement                       // the body of an element (and groups in it)
	scEnv                           // deploymentEnvironment { } (and groups in it)
	scInstance                      // softwareSystemInstance / containerInstance { }
	scRelationship                  // a relationship's { } body
	scArchetypes                    // archetypes { }
	scArchetype                     // the defaults of one archetype
	scProperties                    // properties { }
	scPerspectives                  // perspectives { }
	scPerspective                   // perspective <name> { } inside perspectives
	scSkip                          // views, styles, configuration …: balance only
)

// scope is the block a statement sits in and what it applies to.
type scope struct {
	kind       scopeKind
	el         *elem        // the element in scope (also for its groups)
	env        *environment // the deployment environment in scope
	inst       *instance
	rel        *rel
	arch       *archetype
	props      map[string]string // where properties { } and perspectives { } write
	perspName  string            // the perspective being defined
	group      string            // group path, nested groups joined with "/"
	enterprise string
	what       string // for messages: "views", "styles" …
}

// inner returns a copy of sc for a nested block of kind k.
func (sc *scope) inner(k scopeKind) *scope {
	c := *sc
	c.kind = k
	return &c
}

func (p *parser) topStatement(st *stmt) error {
	kw := st.kw(0)
	if kw == "workspace" {
		if p.wf.workspace {
			return p.errAt(st.first(), "multiple workspaces are not permitted in one file: merge them or move one to its own file")
		}
		p.wf.workspace = true
		return p.workspace(st)
	}
	if p.wf.workspace {
		return p.errAt(st.first(), "unexpected tokens after the workspace block: only !constant and comments may follow it")
	}
	return p.errAt(st.first(), "unexpected tokens before the workspace: a workspace file starts with workspace [name] [description] { (after optional !constant lines)")
}

func (p *parser) workspace(st *stmt) error {
	args := st.toks[1:]
	sc := &scope{kind: scWorkspace}
	if len(args) > 0 && args[0].is("extends") {
		if len(args) != 2 {
			return p.errAt(st.first(), "expected: workspace extends <file|url> {")
		}
		if err := p.extends(args[1]); err != nil {
			return err
		}
	} else {
		if len(args) > 2 {
			return p.errAt(args[2], "too many tokens, expected: workspace [name] [description] {")
		}
		if len(args) > 0 {
			p.ws.Name = args[0].text
		}
		if len(args) > 1 {
			p.ws.Description = args[1].text
		}
	}
	if st.open == nil {
		return p.errAt(st.first(), "workspace needs a block: end the line with {")
	}
	return p.body(sc, st.open)
}

func (p *parser) workspaceStatement(sc *scope, st *stmt) error {
	switch kw := st.kw(0); kw {
	case "name", "description":
		if len(st.toks) != 2 {
			return p.errAt(st.first(), "expected: %s <%s>", kw, kw)
		}
		if kw == "name" {
			p.ws.Name = st.toks[1].text
		} else {
			p.ws.Description = st.toks[1].text
		}
		return p.noBlock(st)
	case "properties":
		if st.open == nil {
			return p.errAt(st.first(), "properties needs a block: properties {")
		}
		return p.body(&scope{kind: scProperties, props: p.ws.Properties}, st.open)
	case "!identifiers":
		return p.identifiers(st)
	case "!impliedrelationships", "impliedrelationships":
		return p.impliedRelationships(st)
	case "!docs", "!adrs", "!decisions":
		return p.docs(sc, st)
	case "model":
		if p.wf.model {
			return p.errAt(st.first(), "multiple model blocks are not permitted: merge them into one")
		}
		p.wf.model = true
		if st.open == nil {
			return p.errAt(st.first(), "model needs a block: model {")
		}
		if err := p.body(&scope{kind: scModel}, st.open); err != nil {
			return err
		}
		p.addSpan("model", "", sc, st.first(), st)
		return nil
	case "views":
		if p.wf.views {
			return p.errAt(st.first(), "multiple views blocks are not permitted: merge them into one")
		}
		p.wf.views = true
		return p.skipBlock(st, "views")
	case "configuration":
		return p.skipBlock(st, "configuration")
	}
	return p.errAt(st.first(), "unexpected tokens in workspace: %q is not permitted here (expected: name, description, properties, !identifiers, !docs, !adrs, model, views, configuration)", st.toks[0].text)
}

func (p *parser) identifiers(st *stmt) error {
	if len(st.toks) != 2 {
		return p.errAt(st.first(), "expected: !identifiers <flat|hierarchical>")
	}
	switch st.kw(1) {
	case "flat":
		p.hierarchical = false
	case "hierarchical":
		p.hierarchical = true
	default:
		return p.errAt(st.toks[1], "expected: !identifiers <flat|hierarchical>")
	}
	return p.noBlock(st)
}

func (p *parser) impliedRelationships(st *stmt) error {
	if len(st.toks) != 2 {
		return p.errAt(st.first(), "expected: !impliedRelationships <true|false|fqcn>")
	}
	p.ws.Properties["structurizr.impliedRelationships"] = st.toks[1].text
	return p.noBlock(st)
}

// propertyStatement reads "<name> <value>" inside properties { }.
func (p *parser) propertyStatement(sc *scope, st *stmt) error {
	if len(st.toks) != 2 {
		p.diagAt(st.first(), "property ignored: expected <name> <value> (quote names or values that contain spaces)")
		return p.skipBlock(st, "properties")
	}
	sc.props[st.toks[0].text] = st.toks[1].text
	return p.skipBlock(st, "properties")
}

// Perspectives are stored as properties: "structurizr.perspective.<name>"
// holds the description and "structurizr.perspective.<name>.value" the
// value, so that policies can read them without a second map.
const perspectivePrefix = "structurizr.perspective."

func (p *parser) perspectiveStatement(sc *scope, st *stmt) error {
	if st.kw(0) == "perspective" && len(st.toks) == 2 {
		name := st.toks[1].text
		if st.open == nil {
			sc.props[perspectivePrefix+name] = ""
			return nil
		}
		in := sc.inner(scPerspective)
		in.perspName = name
		return p.body(in, st.open)
	}
	if len(st.toks) < 2 || len(st.toks) > 3 {
		p.diagAt(st.first(), "perspective ignored: expected <name> <description> [value]")
		return p.skipBlock(st, "perspectives")
	}
	name := st.toks[0].text
	sc.props[perspectivePrefix+name] = st.toks[1].text
	if len(st.toks) == 3 {
		sc.props[perspectivePrefix+name+".value"] = st.toks[2].text
	}
	return p.skipBlock(st, "perspectives")
}

func (p *parser) perspectiveDetail(sc *scope, st *stmt) error {
	key := perspectivePrefix + sc.perspName
	if len(st.toks) == 2 {
		switch st.kw(0) {
		case "description":
			sc.props[key] = st.toks[1].text
		case "value":
			sc.props[key+".value"] = st.toks[1].text
		case "url":
			sc.props[key+".url"] = st.toks[1].text
		default:
			p.diagAt(st.first(), "unknown perspective keyword %q ignored (expected: description, value, url)", st.toks[0].text)
		}
	} else {
		p.diagAt(st.first(), "perspective line ignored: expected description, value or url with one value")
	}
	return p.skipBlock(st, "perspective")
}
