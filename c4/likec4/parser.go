package likec4

import (
	"fmt"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// node is an element or a deployment node as written, before references
// are resolved.
type node struct {
	kind       string // the element (or deployment node) kind
	name       string
	title      string
	summary    string
	desc       string
	tech       string
	tags       []string
	links      []string
	metadata   [][2]string
	children   []*node
	rels       []*relation // written in this node's body
	instances  []ref       // instanceOf, for deployment nodes
	parent     *node
	src        model.Source
	deployment bool
	id         string // fully qualified name, once known
	c4kind     model.Kind
}

// ref is a reference to an element: a dotted path, or this/it.
type ref struct {
	segs []string
	this bool
	at   token
	file string
}

func (r ref) String() string {
	if r.this {
		return "this"
	}
	return strings.Join(r.segs, ".")
}

// relation is a relationship as written.
type relation struct {
	source   *ref // nil: the element in scope
	target   ref
	kind     string
	title    string
	desc     string
	tech     string
	tags     []string
	links    []string
	metadata [][2]string
	scope    *node
	src      model.Source
}

// extension is an extend block, attached to its target once every file is
// read.
type extension struct {
	target ref
	body   *node // its children, relationships, tags, metadata and links
	src    model.Source
}

// kindSpec is an element, deployment node or relationship kind of the
// specification.
type kindSpec struct {
	tags                     []string
	title, desc, tech, shape string
}

// project is everything read from the files of one model.
type project struct {
	spec        map[string]*kindSpec // element kinds
	nodeSpec    map[string]*kindSpec // deployment node kinds
	relSpec     map[string]*kindSpec // relationship kinds
	root        *node                // the model: its children are the top-level elements
	deployRoot  *node
	extends     []*extension
	diags       []model.Diagnostic
	dropped     int
	budget      int
	hasSpec     bool
	files       []string
	elementSeen int
	byName      map[string][]*node // built elements by name, for resolve
	work        int                // candidates looked at by resolve
}

// parser reads one file.
type parser struct {
	pr    *project
	lx    *lexer
	tok   token
	depth int
}

func (p *parser) next() error {
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) errAt(t token, format string, args ...any) error {
	return &Error{File: p.lx.file, Line: t.line, Column: t.col, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) diagAt(t token, format string, args ...any) {
	p.pr.diag(p.lx.file, t.line, t.col, format, args...)
}

func (p *parser) source(t token) model.Source {
	return model.Source{Scanner: Scanner, File: p.lx.file, Line: t.line, Column: t.col}
}

func (p *parser) isPunct(s string) bool { return p.tok.is(tokPunct, s) }

// expect consumes the punctuation s or fails with what was expected.
func (p *parser) expect(s, what string) error {
	if !p.isPunct(s) {
		return p.errAt(p.tok, "expected %s, found %s", what, p.tok)
	}
	return p.next()
}

// optional consumes the punctuation s when it is next.
func (p *parser) optional(s string) error {
	if p.isPunct(s) {
		return p.next()
	}
	return nil
}

func (p *parser) enter(t token) error {
	p.depth++
	if p.depth > maxDepth {
		return p.errAt(t, "blocks nested more than %d deep", maxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// file parses the top-level blocks of one file.
func (p *parser) file() error {
	if err := p.next(); err != nil {
		return err
	}
	for p.tok.kind != tokEOF {
		t := p.tok
		if t.kind != tokID {
			return p.errAt(t, "expected specification, model, views, deployment, global or import, found %s", t)
		}
		if err := p.next(); err != nil {
			return err
		}
		var err error
		switch t.text {
		case "specification":
			err = p.block(t, p.specStatement)
		case "model":
			err = p.block(t, func() error { return p.modelStatement(p.pr.root, true) })
		case "deployment":
			err = p.block(t, func() error { return p.deploymentStatement(p.pr.deployRoot) })
		case "views", "global", "likec4lib":
			err = p.skipBlock(t)
		case "import":
			err = p.importStatement(t)
		default:
			return p.errAt(t, "unexpected %s at the top level: expected specification, model, views, deployment, global or import", t)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// block parses "{ statement* }" with fn reading one statement.
func (p *parser) block(opener token, fn func() error) error {
	if !p.isPunct("{") {
		return p.errAt(p.tok, "expected { after %s, found %s", opener.text, p.tok)
	}
	open := p.tok
	if err := p.enter(open); err != nil {
		return err
	}
	defer p.leave()
	if err := p.next(); err != nil {
		return err
	}
	for !p.isPunct("}") {
		if p.tok.kind == tokEOF {
			return p.errAt(open, "block of %s is never closed: add }", opener.text)
		}
		if err := fn(); err != nil {
			return err
		}
	}
	return p.next()
}

// skipBlock consumes a balanced { } block whose content is not read.
func (p *parser) skipBlock(opener token) error {
	if !p.isPunct("{") {
		return p.errAt(p.tok, "expected { after %s, found %s", opener.text, p.tok)
	}
	open := p.tok
	depth := 0
	for {
		switch {
		case p.tok.kind == tokEOF:
			return p.errAt(open, "block of %s is never closed: add }", opener.text)
		case p.isPunct("{"):
			depth++
		case p.isPunct("}"):
			depth--
		}
		if err := p.next(); err != nil {
			return err
		}
		if depth == 0 {
			return nil
		}
	}
}

// importStatement skips "import { a, b } from 'project'" (or "import *
// from …"): elements of other projects are not read.
func (p *parser) importStatement(t token) error {
	if p.isPunct("{") {
		if err := p.skipBlock(t); err != nil {
			return err
		}
	} else if err := p.next(); err != nil {
		return err
	}
	if !p.tok.is(tokID, "from") {
		return p.errAt(p.tok, "expected from after import, found %s", p.tok)
	}
	if err := p.next(); err != nil {
		return err
	}
	if p.tok.kind != tokString {
		return p.errAt(p.tok, "expected the project name after from, found %s", p.tok)
	}
	p.diagAt(t, "import from project %q skipped: elements of other projects are not read, so relationships to them are dropped", p.tok.text)
	return p.next()
}

// --- specification ---

func (p *parser) specStatement() error {
	t := p.tok
	if p.isPunct(";") {
		return p.next()
	}
	if t.kind != tokID {
		return p.errAt(t, "expected element, tag, relationship, deploymentNode or color in specification, found %s", t)
	}
	if err := p.next(); err != nil {
		return err
	}
	switch t.text {
	case "element", "deploymentNode", "relationship":
		if p.tok.kind != tokID {
			return p.errAt(p.tok, "expected a kind name after %s, found %s", t.text, p.tok)
		}
		name := p.tok.text
		ks := &kindSpec{}
		switch t.text {
		case "element":
			p.pr.spec[name] = ks
		case "deploymentNode":
			p.pr.nodeSpec[name] = ks
		default:
			p.pr.relSpec[name] = ks
		}
		p.pr.hasSpec = true
		if err := p.next(); err != nil {
			return err
		}
		if !p.isPunct("{") {
			return nil
		}
		return p.block(t, func() error { return p.kindProperty(ks) })
	case "tag":
		if p.tok.kind != tokID {
			return p.errAt(p.tok, "expected a tag name after tag, found %s", p.tok)
		}
		if err := p.next(); err != nil {
			return err
		}
		if p.isPunct("{") {
			return p.skipBlock(t)
		}
		return nil
	case "color":
		// color <name> <value>: the value (#hex, rgb(…)) is styling.
		if p.tok.kind != tokID {
			return p.errAt(p.tok, "expected a colour name after color, found %s", p.tok)
		}
		line := p.tok.line
		for p.tok.kind != tokEOF && !p.isPunct("}") && (p.tok.line == line || p.isPunct("(") || p.isPunct(")") || p.isPunct(",")) {
			if err := p.next(); err != nil {
				return err
			}
		}
		return nil
	}
	return p.errAt(t, "unexpected %s in specification: expected element, tag, relationship, deploymentNode or color", t)
}

// tagStatement reads a #tag statement, and the comma that may follow it,
// into tags; ok is false, and nothing is read, when the token is no tag.
func (p *parser) tagStatement(tags *[]string) (ok bool, err error) {
	if p.tok.kind != tokTag {
		return false, nil
	}
	*tags = appendTag(*tags, p.tok.text)
	if err := p.next(); err != nil {
		return true, err
	}
	return true, p.optional(",")
}

// kindProperty reads one statement of an element kind's block.
func (p *parser) kindProperty(ks *kindSpec) error {
	t := p.tok
	if ok, err := p.tagStatement(&ks.tags); ok {
		return err
	}
	if t.kind != tokID {
		return p.errAt(t, "expected a property, found %s", t)
	}
	if err := p.next(); err != nil {
		return err
	}
	switch t.text {
	case "style":
		return p.block(t, func() error { return p.styleProperty(&ks.shape) })
	case "title", "description", "summary", "technology", "notation":
		v, err := p.stringValue(t)
		if err != nil {
			return err
		}
		switch t.text {
		case "title":
			ks.title = v
		case "description", "summary":
			if ks.desc == "" {
				ks.desc = v
			}
		case "technology":
			ks.tech = v
		}
		return nil
	}
	return p.otherProperty(t)
}

// styleProperty reads one line of a style block, keeping the shape.
func (p *parser) styleProperty(shape *string) error {
	t := p.tok
	if t.kind != tokID {
		return p.errAt(t, "expected a style property, found %s", t)
	}
	if err := p.next(); err != nil {
		return err
	}
	if err := p.optional(":"); err != nil {
		return err
	}
	if t.text == "shape" && p.tok.kind == tokID {
		*shape = p.tok.text
	}
	if t.text == "icon" {
		p.lx.raw()
		if err := p.next(); err != nil {
			return err
		}
		return p.optional(";")
	}
	return p.skipValue()
}

// skipValue consumes the value of a property that is not stored: tokens
// up to the end of its line (a value never spans lines), or a block.
func (p *parser) skipValue() error {
	line := p.tok.line
	for p.tok.kind != tokEOF && !p.isPunct("}") && p.tok.line == line {
		if p.isPunct("{") {
			return p.skipBlock(p.tok)
		}
		if err := p.next(); err != nil {
			return err
		}
	}
	return p.optional(";")
}

// otherProperty skips a property archdrift does not read, with a
// diagnostic when the keyword is not one LikeC4 knows.
func (p *parser) otherProperty(t token) error {
	switch t.text {
	case "icon", "link":
		p.lx.raw()
		if err := p.next(); err != nil {
			return err
		}
		if p.tok.kind == tokString && p.tok.line == t.line {
			if err := p.next(); err != nil {
				return err
			}
		}
		return p.optional(";")
	case "notation", "notes", "navigateTo", "multiple", "size", "padding", "textSize", "color", "shape", "border", "opacity", "line", "head", "tail":
	default:
		p.diagAt(t, "unknown property %q ignored", t.text)
	}
	if p.isPunct("{") {
		return p.skipBlock(t)
	}
	return p.skipValue()
}

// stringValue reads "[:] 'value' [;]" after a property keyword.
func (p *parser) stringValue(key token) (string, error) {
	if err := p.optional(":"); err != nil {
		return "", err
	}
	if p.tok.kind != tokString {
		return "", p.errAt(p.tok, "expected a string after %s, found %s", key.text, p.tok)
	}
	v := p.tok.text
	if err := p.next(); err != nil {
		return "", err
	}
	return v, p.optional(";")
}

// --- model ---

// ref reads a dotted reference: name(.name)*, the dots sticky.
func (p *parser) ref() (ref, error) {
	r := ref{at: p.tok, file: p.lx.file}
	if p.tok.kind != tokID {
		return r, p.errAt(p.tok, "expected an element name, found %s", p.tok)
	}
	if p.tok.text == "this" || p.tok.text == "it" {
		r.this = true
		return r, p.next()
	}
	r.segs = append(r.segs, p.tok.text)
	if err := p.next(); err != nil {
		return r, err
	}
	for p.isPunct(".") && !p.tok.space {
		if err := p.next(); err != nil {
			return r, err
		}
		if p.tok.kind != tokID || p.tok.space {
			return r, p.errAt(p.tok, "expected a name after \".\", found %s", p.tok)
		}
		r.segs = append(r.segs, p.tok.text)
		if err := p.next(); err != nil {
			return r, err
		}
	}
	return r, nil
}

// isArrow reports whether the current token starts a relationship
// operator: ->, -[kind]->, or .kind after a space.
func (p *parser) isArrow() bool {
	return p.tok.kind == tokArrow || p.tok.kind == tokKindOpen || p.isPunct(".") && p.tok.space
}

// modelStatement reads one statement of a model block or element body
// (in is the element in scope; the model's root at the top).
func (p *parser) modelStatement(in *node, top bool) error {
	t := p.tok
	switch {
	case t.kind == tokArrow || t.kind == tokKindOpen:
		if top {
			return p.errAt(t, "a relationship without a source must be inside an element: write <source> -> <target>")
		}
		return p.relation(in, nil, t)
	case t.kind != tokID:
		return p.errAt(t, "expected an element or a relationship, found %s", t)
	case t.text == "extend" && top:
		if err := p.next(); err != nil {
			return err
		}
		if p.tok.kind == tokID {
			target, err := p.ref()
			if err != nil {
				return err
			}
			if p.isArrow() {
				// extend a -> b 'title' { metadata … }: extra properties of
				// a relationship; nothing archdrift compares.
				p.diagAt(t, "extend of a relationship ignored: archdrift does not compare relationship metadata")
				return p.relation(&node{}, &target, t)
			}
			ext := &extension{target: target, body: &node{}, src: p.source(t)}
			if err := p.block(t, func() error { return p.bodyStatement(ext.body, true) }); err != nil {
				return err
			}
			p.pr.extends = append(p.pr.extends, ext)
			return nil
		}
		return p.errAt(p.tok, "expected the element to extend, found %s", p.tok)
	}
	r, err := p.ref()
	if err != nil {
		return err
	}
	if p.isArrow() {
		return p.relation(in, &r, t)
	}
	if r.this {
		return p.errAt(t, "expected -> after %s", t.text)
	}
	// An element: "kind name …" or "name = kind …".
	n := &node{src: p.source(t)}
	switch {
	case p.isPunct("="):
		if len(r.segs) != 1 {
			return p.errAt(t, "an element name cannot hold \".\": %s", r)
		}
		if err := p.next(); err != nil {
			return err
		}
		if p.tok.kind != tokID {
			return p.errAt(p.tok, "expected an element kind after =, found %s", p.tok)
		}
		n.name, n.kind = r.segs[0], p.tok.text
	case p.tok.kind == tokID && len(r.segs) == 1:
		n.kind, n.name = r.segs[0], p.tok.text
	default:
		return p.errAt(p.tok, "expected an element (kind name, or name = kind) or a relationship (a -> b), found %s after %s", p.tok, r)
	}
	if err := p.next(); err != nil {
		return err
	}
	if err := p.elementRest(n); err != nil {
		return err
	}
	p.pr.elementSeen++
	if p.pr.elementSeen > maxElements {
		return p.errAt(t, "more than %d elements: split the model", maxElements)
	}
	n.parent = in
	in.children = append(in.children, n)
	return nil
}

// elementRest reads the strings after an element's kind and name, and its
// body.
func (p *parser) elementRest(n *node) error {
	for i := 0; p.tok.kind == tokString; i++ {
		switch i {
		case 0:
			n.title = p.tok.text
		case 1:
			n.summary = p.tok.text
		case 2:
			n.tech = p.tok.text
		case 3:
			for _, tg := range strings.Split(p.tok.text, ",") {
				n.tags = appendTag(n.tags, strings.TrimSpace(tg))
			}
		default:
			return p.errAt(p.tok, "too many strings after element %s: expected [title] [summary] [technology] [tags]", n.name)
		}
		if err := p.next(); err != nil {
			return err
		}
	}
	if !p.isPunct("{") {
		return p.optional(";")
	}
	open := p.tok
	return p.block(token{text: n.name, line: open.line, col: open.col}, func() error { return p.bodyStatement(n, false) })
}

// bodyStatement reads one statement of an element's body: tags,
// properties, nested elements and relationships. ext marks the body of an
// extend, where a relationship needs its source.
func (p *parser) bodyStatement(n *node, ext bool) error {
	t := p.tok
	if ok, err := p.tagStatement(&n.tags); ok {
		return err
	}
	if p.isPunct(";") || p.isPunct(",") {
		return p.next()
	}
	if t.kind == tokID {
		switch t.text {
		case "title", "description", "summary", "technology":
			if err := p.next(); err != nil {
				return err
			}
			if p.tok.kind == tokString || p.isPunct(":") {
				v, err := p.stringValue(t)
				if err != nil {
					return err
				}
				switch t.text {
				case "title":
					n.title = v
				case "description":
					n.desc = v
				case "summary":
					n.summary = v
				case "technology":
					n.tech = v
				}
				return nil
			}
			return p.afterKeyword(n, t, ext)
		case "link":
			uri := p.lx.raw()
			if err := p.next(); err != nil {
				return err
			}
			if uri != "" {
				n.links = append(n.links, uri)
			}
			if p.tok.kind == tokString && p.tok.line == t.line {
				if err := p.next(); err != nil {
					return err
				}
			}
			return p.optional(";")
		case "metadata":
			if err := p.next(); err != nil {
				return err
			}
			return p.block(t, func() error { return p.metadataEntry(&n.metadata) })
		case "style":
			if err := p.next(); err != nil {
				return err
			}
			var shape string
			return p.block(t, func() error { return p.styleProperty(&shape) })
		case "icon", "notation", "notes", "navigateTo":
			if err := p.next(); err != nil {
				return err
			}
			if t.text == "icon" {
				return p.otherProperty(t)
			}
			if p.tok.kind == tokString || p.isPunct(":") {
				_, err := p.stringValue(t)
				return err
			}
			return p.afterKeyword(n, t, ext)
		}
	}
	return p.modelStatement(n, ext)
}

// afterKeyword handles a property keyword that turned out to be the kind
// of a nested element ("title api" declares an element of kind title).
func (p *parser) afterKeyword(n *node, t token, top bool) error {
	if p.tok.kind == tokID {
		child := &node{kind: t.text, name: p.tok.text, src: p.source(t), parent: n}
		if err := p.next(); err != nil {
			return err
		}
		if err := p.elementRest(child); err != nil {
			return err
		}
		n.children = append(n.children, child)
		return nil
	}
	return p.errAt(p.tok, "expected a string after %s, found %s", t.text, p.tok)
}

// metadataEntry reads "key [:] 'value' [;]" or "key ['a', 'b']".
func (p *parser) metadataEntry(md *[][2]string) error {
	t := p.tok
	if t.kind != tokID {
		return p.errAt(t, "expected a metadata key, found %s", t)
	}
	if err := p.next(); err != nil {
		return err
	}
	if err := p.optional(":"); err != nil {
		return err
	}
	var val string
	switch {
	case p.tok.kind == tokString:
		val = p.tok.text
		if err := p.next(); err != nil {
			return err
		}
	case p.isPunct("["):
		open := p.tok
		if err := p.next(); err != nil {
			return err
		}
		var vals []string
		for !p.isPunct("]") {
			switch {
			case p.tok.kind == tokString:
				vals = append(vals, p.tok.text)
			case p.isPunct(","):
			case p.tok.kind == tokEOF:
				return p.errAt(open, "[ is never closed: add ]")
			default:
				return p.errAt(p.tok, "expected a string in the metadata array, found %s", p.tok)
			}
			if err := p.next(); err != nil {
				return err
			}
		}
		if err := p.next(); err != nil {
			return err
		}
		val = strings.Join(vals, ",")
	default:
		return p.errAt(p.tok, "expected a string or [strings] as the value of metadata %s, found %s", t.text, p.tok)
	}
	*md = append(*md, [2]string{t.text, val})
	return p.optional(";")
}

// relation reads the rest of a relationship from its operator on; source
// is nil for a sourceless one.
func (p *parser) relation(scope *node, source *ref, start token) error {
	r := &relation{source: source, scope: scope, src: p.source(start)}
	switch {
	case p.tok.kind == tokArrow:
	case p.tok.kind == tokKindOpen:
		if err := p.next(); err != nil {
			return err
		}
		if p.tok.kind != tokID {
			return p.errAt(p.tok, "expected a relationship kind after -[, found %s", p.tok)
		}
		r.kind = p.tok.text
		if err := p.next(); err != nil {
			return err
		}
		if p.tok.kind != tokKindClose {
			return p.errAt(p.tok, "expected ]-> after -[%s, found %s", r.kind, p.tok)
		}
	default: // .kind
		if err := p.next(); err != nil {
			return err
		}
		if p.tok.kind != tokID || p.tok.space {
			return p.errAt(p.tok, "expected a relationship kind after \".\", found %s", p.tok)
		}
		r.kind = p.tok.text
	}
	if err := p.next(); err != nil {
		return err
	}
	target, err := p.ref()
	if err != nil {
		return err
	}
	r.target = target
	for i := 0; p.tok.kind == tokString; i++ {
		switch i {
		case 0:
			r.title = p.tok.text
		case 1:
			r.desc = p.tok.text
		case 2:
			r.tech = p.tok.text
		default:
			return p.errAt(p.tok, "too many strings after a relationship: expected [title] [description] [technology]")
		}
		if err := p.next(); err != nil {
			return err
		}
	}
	for p.tok.kind == tokTag {
		r.tags = appendTag(r.tags, p.tok.text)
		if err := p.next(); err != nil {
			return err
		}
		if err := p.optional(","); err != nil {
			return err
		}
	}
	if p.isPunct("{") {
		open := p.tok
		if err := p.block(token{text: "relationship", line: open.line, col: open.col}, func() error { return p.relationProperty(r) }); err != nil {
			return err
		}
	} else if err := p.optional(";"); err != nil {
		return err
	}
	scope.rels = append(scope.rels, r)
	return nil
}

func (p *parser) relationProperty(r *relation) error {
	t := p.tok
	if ok, err := p.tagStatement(&r.tags); ok {
		return err
	}
	if t.kind != tokID {
		return p.errAt(t, "expected a relationship property, found %s", t)
	}
	if err := p.next(); err != nil {
		return err
	}
	switch t.text {
	case "title", "description", "technology":
		v, err := p.stringValue(t)
		if err != nil {
			return err
		}
		switch t.text {
		case "title":
			r.title = v
		case "description":
			r.desc = v
		default:
			r.tech = v
		}
		return nil
	case "link":
		uri := p.lx.raw()
		if err := p.next(); err != nil {
			return err
		}
		if uri != "" {
			r.links = append(r.links, uri)
		}
		if p.tok.kind == tokString && p.tok.line == t.line {
			if err := p.next(); err != nil {
				return err
			}
		}
		return p.optional(";")
	case "metadata":
		return p.block(t, func() error { return p.metadataEntry(&r.metadata) })
	case "style":
		var shape string
		return p.block(t, func() error { return p.styleProperty(&shape) })
	}
	return p.otherProperty(t)
}

// --- deployment ---

func (p *parser) deploymentStatement(in *node) error {
	t := p.tok
	if t.kind != tokID {
		return p.errAt(t, "expected a deployment node, instanceOf or a relationship, found %s", t)
	}
	switch t.text {
	case "instanceOf":
		return p.instance(in, t)
	case "extend":
		if err := p.next(); err != nil {
			return err
		}
		target, err := p.ref()
		if err != nil {
			return err
		}
		ext := &extension{target: target, body: &node{deployment: true}, src: p.source(t)}
		if err := p.block(t, func() error { return p.deploymentBody(ext.body) }); err != nil {
			return err
		}
		ext.target.segs = append([]string{deploymentMarker}, ext.target.segs...)
		p.pr.extends = append(p.pr.extends, ext)
		return nil
	}
	r, err := p.ref()
	if err != nil {
		return err
	}
	if p.isArrow() {
		// Deployment relationships repeat the logical ones between
		// instances: read for syntax, not stored.
		return p.relation(&node{}, &r, t)
	}
	n := &node{src: p.source(t), deployment: true}
	switch {
	case p.isPunct("=") && len(r.segs) == 1:
		if err := p.next(); err != nil {
			return err
		}
		if p.tok.is(tokID, "instanceOf") {
			return p.instance(in, t)
		}
		if p.tok.kind != tokID {
			return p.errAt(p.tok, "expected a deployment node kind after =, found %s", p.tok)
		}
		n.name, n.kind = r.segs[0], p.tok.text
	case p.tok.kind == tokID && len(r.segs) == 1:
		n.kind, n.name = r.segs[0], p.tok.text
	default:
		return p.errAt(p.tok, "expected a deployment node (kind name, or name = kind), found %s after %s", p.tok, r)
	}
	if err := p.next(); err != nil {
		return err
	}
	if p.tok.kind == tokString {
		n.title = p.tok.text
		if err := p.next(); err != nil {
			return err
		}
	}
	p.pr.elementSeen++
	if p.pr.elementSeen > maxElements {
		return p.errAt(t, "more than %d elements: split the model", maxElements)
	}
	n.parent = in
	in.children = append(in.children, n)
	if !p.isPunct("{") {
		return p.optional(";")
	}
	return p.block(t, func() error { return p.deploymentBody(n) })
}

func (p *parser) deploymentBody(n *node) error {
	t := p.tok
	if t.kind == tokID {
		switch t.text {
		case "title", "description", "summary", "technology", "link", "metadata", "style", "icon", "notation":
			save := *p.lx
			saveTok := p.tok
			if err := p.next(); err != nil {
				return err
			}
			isProperty := p.tok.kind == tokString || p.isPunct(":") || p.isPunct("{") || t.text == "link" || t.text == "icon"
			*p.lx, p.tok = save, saveTok
			if isProperty {
				return p.bodyStatement(n, true)
			}
		}
	}
	if t.kind == tokTag {
		return p.bodyStatement(n, true)
	}
	return p.deploymentStatement(n)
}

// instance reads "instanceOf ref ['title'] [{ … }]".
func (p *parser) instance(in *node, start token) error {
	if err := p.next(); err != nil {
		return err
	}
	r, err := p.ref()
	if err != nil {
		return err
	}
	if r.this {
		return p.errAt(r.at, "instanceOf needs an element name")
	}
	in.instances = append(in.instances, r)
	if p.tok.kind == tokString {
		if err := p.next(); err != nil {
			return err
		}
	}
	if p.isPunct("{") {
		return p.skipBlock(start)
	}
	return p.optional(";")
}

// deploymentMarker starts the target path of a deployment extend, which
// is looked up among deployment nodes.
const deploymentMarker = "\x00deployment"

func appendTag(dst []string, t string) []string {
	if t == "" || len(dst) >= maxTags {
		return dst
	}
	for _, x := range dst {
		if strings.EqualFold(x, t) {
			return dst
		}
	}
	return append(dst, t)
}
