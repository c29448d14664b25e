package structurizr

import (
	"regexp"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// identifierName is Structurizr's rule for identifiers (Java's \w+).
var identifierName = regexp.MustCompile(`^[a-zA-Z0-9_]+$`)

// assignment splits "identifier = rest".
func (p *parser) assignment(st *stmt) (*token, []token, error) {
	if len(st.toks) >= 3 && st.toks[1].is("=") {
		id := st.toks[0]
		if !identifierName.MatchString(id.text) {
			return nil, nil, p.errAt(id, "identifier %q may only contain a-z A-Z 0-9 and _", id.text)
		}
		return &id, st.toks[2:], nil
	}
	return nil, st.toks, nil
}

// assignID gives el its ID and registers its identifier.
//
// With an identifier, the ID is the identifier (flat) or the parent's ID, a
// dot and the identifier (hierarchical; top-level deployment nodes take the
// environment's identifier as the parent's). Without one, the ID is derived:
// the parent's ID (the environment's scope for top-level deployment nodes,
// "" at top level), a dot, and the lower-case name with white space as "-",
// so "Web Application" in system "shop" is "shop.web-application" and a
// top-level "Customer" is ".customer". A derived ID never collides with an
// identifier (identifiers have no "-" or leading "."); when two unnamed
// siblings share a name, the second gets "-2".
func (p *parser) assignID(el *elem, ident *token, at token) error {
	prefix := ""
	if el.parent != nil {
		prefix = el.parent.e.ID
	} else if el.env != nil {
		prefix = el.env.scopeID
	}
	var id string
	if ident != nil {
		id = ident.text
		if p.hierarchical && prefix != "" {
			id = prefix + "." + ident.text
		}
		key := strings.ToLower(id)
		if _, taken := p.idents[key]; taken {
			return p.errAt(*ident, "identifier %q is already in use: choose another (or use !identifiers hierarchical)", id)
		}
		p.idents[key] = &entry{el: el}
	} else {
		id = prefix + "." + slug(el.e.Name)
	}
	if len(id) > maxIDLen {
		return p.errAt(at, "element id longer than %d bytes: shorten the names or the nesting", maxIDLen)
	}
	if base, renamed := p.uniqueID(id); renamed != base {
		id = renamed
		if ident != nil {
			p.diagAt(at, "element id %q is also the derived id of an unnamed element; stored as %q", base, id)
		}
	}
	p.addElement(el, id)
	return nil
}

// uniqueID returns id, or id with the first free "-n" suffix when id is
// taken. The last suffix given is remembered, so that many namesakes cost
// linear time.
func (p *parser) uniqueID(id string) (base, unique string) {
	if p.byID[id] == nil {
		return id, id
	}
	n := max(p.suffix[id], 1)
	for {
		n++
		unique = id + "-" + itoa(n)
		if p.byID[unique] == nil {
			p.suffix[id] = n
			return id, unique
		}
	}
}

// addElement files el under id and its canonical name.
func (p *parser) addElement(el *elem, id string) {
	el.e.ID = id
	p.byID[id] = el
	p.elems = append(p.elems, el)
	if cn := canonicalName(el); cn != "" {
		if k := strings.ToLower(cn); p.canonical[k] == nil {
			p.canonical[k] = el
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// registerAlias binds an identifier to something already defined (a group,
// a deployment group, an environment, or an element found with !element).
func (p *parser) registerAlias(ident token, en *entry) error {
	key := strings.ToLower(ident.text)
	if old, taken := p.idents[key]; taken && !sameTarget(old, en) {
		return p.errAt(ident, "identifier %q is already in use: choose another", ident.text)
	}
	p.idents[key] = en
	return nil
}

func sameTarget(a, b *entry) bool {
	return a.el == b.el && a.inst == b.inst && a.env == b.env && a.rel == b.rel && a.what == b.what
}

// lookup finds what an identifier names. With hierarchical identifiers it
// is first tried relative to the element in scope and each of its
// ancestors, then relative to the deployment environment, then as written;
// a candidate that fit rejects does not stop the search (Structurizr looks
// for an element of the type a statement needs).
func (p *parser) lookup(sc *scope, ref string, fit func(*entry) bool) *entry {
	key := strings.ToLower(ref)
	try := func(k string) *entry {
		if en := p.idents[k]; en != nil && (fit == nil || fit(en)) {
			return en
		}
		return nil
	}
	if p.hierarchical {
		start := sc.el
		if sc.inst != nil {
			start = sc.inst.node
		}
		for a := start; a != nil; a = a.parent {
			if en := try(strings.ToLower(a.e.ID) + "." + key); en != nil {
				return en
			}
		}
		if sc.env != nil {
			if en := try(strings.ToLower(sc.env.scopeID) + "." + key); en != nil {
				return en
			}
		}
	}
	if en := try(key); en != nil {
		return en
	}
	return p.idents[key]
}

// resolve finds the element a relationship end names. The message says why
// when there is none.
func (p *parser) resolve(sc *scope, t token, fit func(*entry) bool) (*elem, string) {
	if strings.EqualFold(t.text, "this") {
		switch {
		case sc.inst != nil:
			if sc.inst.target == nil {
				return nil, "the instance in scope names no known element"
			}
			return sc.inst.target, ""
		case sc.el != nil:
			return sc.el, ""
		}
		return nil, "this is only meaningful inside an element"
	}
	en := p.lookup(sc, t.text, fit)
	switch {
	case en == nil:
		return nil, "\"" + t.text + "\" is not a known identifier (identifiers must be defined before they are used)"
	case en.el != nil:
		return en.el, ""
	case en.inst != nil:
		if en.inst.target == nil {
			return nil, "\"" + t.text + "\" is an instance of an unknown element"
		}
		return en.inst.target, ""
	case en.env != nil:
		return nil, "\"" + t.text + "\" is a deployment environment, not an element"
	case en.rel != nil:
		return nil, "\"" + t.text + "\" names a relationship, not an element"
	}
	return nil, "\"" + t.text + "\" is a " + en.what + ", not an element"
}

// canonicalName is Structurizr's canonical name of an element, which
// !element and !ref accept in place of an identifier; "" when it would be
// longer than any real one (names are long only in hostile input).
func canonicalName(el *elem) string {
	n := 0
	for a := el; a != nil; a = a.parent {
		n += len(a.e.Name) + 1
	}
	if n > 4*maxIDLen {
		return ""
	}
	e := el.e
	if el.custom {
		return "Custom://" + e.Name
	}
	switch e.Kind {
	case model.KindPerson:
		return "Person://" + e.Name
	case model.KindSystem:
		return "SoftwareSystem://" + e.Name
	case model.KindContainer, model.KindComponent:
		path := e.Name
		for a := el.parent; a != nil; a = a.parent {
			path = a.e.Name + "." + path
		}
		if e.Kind == model.KindContainer {
			return "Container://" + path
		}
		return "Component://" + path
	}
	path := e.Name
	for a := el.parent; a != nil; a = a.parent {
		path = a.e.Name + "/" + path
	}
	if el.env != nil {
		path = el.env.name + "/" + path
	}
	if e.Kind == model.KindInfrastructureNode {
		return "InfrastructureNode://" + path
	}
	return "DeploymentNode://" + path
}

// findRef finds what !element, !ref or !extend names: an identifier or a
// canonical name.
func (p *parser) findRef(sc *scope, ref string) *entry {
	if en := p.lookup(sc, ref, nil); en != nil {
		return en
	}
	if strings.Contains(ref, "://") {
		if el := p.canonical[strings.ToLower(ref)]; el != nil {
			return &entry{el: el}
		}
		if name, ok := strings.CutPrefix(ref, "DeploymentEnvironment://"); ok {
			if env := p.envs[strings.ToLower(name)]; env != nil {
				return &entry{env: env}
			}
		}
	}
	return nil
}

// ref reopens something defined earlier: "[identifier =] !element <identifier|canonical name> {".
func (p *parser) ref(sc *scope, st *stmt, ident *token, toks []token) error {
	if len(toks) != 2 {
		return p.errAt(toks[0], "expected: %s <identifier|canonical name> {", toks[0].text)
	}
	en := p.findRef(sc, toks[1].text)
	if en == nil {
		p.diagAt(toks[1], "%s %s: nothing defined earlier has this identifier or canonical name, so its block is skipped", toks[0].text, toks[1].text)
		return p.skipBlock(st, toks[0].text)
	}
	if strings.EqualFold(toks[0].text, "!relationship") && en.rel == nil {
		p.diagAt(toks[1], "!relationship %s: this names no relationship, so its block is skipped", toks[1].text)
		return p.skipBlock(st, toks[0].text)
	}
	if ident != nil {
		if err := p.registerAlias(*ident, en); err != nil {
			return err
		}
	}
	if st.open == nil {
		return nil
	}
	switch {
	case en.el != nil:
		return p.body(&scope{kind: scElement, el: en.el, env: en.el.env}, st.open)
	case en.env != nil:
		return p.body(&scope{kind: scEnv, env: en.env}, st.open)
	case en.rel != nil:
		return p.body(&scope{kind: scRelationship, rel: en.rel}, st.open)
	case en.inst != nil:
		return p.body(&scope{kind: scInstance, inst: en.inst, env: en.inst.node.env}, st.open)
	}
	p.diagAt(toks[1], "%s %s names a %s, which has no body to extend; its block is skipped", toks[0].text, toks[1].text, en.what)
	return p.skipBlock(st, toks[0].text)
}

// slug is the name part of a derived ID: lower case, white space runs as
// "-".
func slug(name string) string {
	return strings.Join(strings.Fields(strings.ToLower(name)), "-")
}
