package mermaid

import (
	"strings"

	"github.com/archdrift/archdrift/model"
)

// headers are the diagram types this package reads.
var headers = map[string]bool{
	"C4Context": true, "C4Container": true, "C4Component": true, "C4Dynamic": true, "C4Deployment": true,
}

// Parameter lists of the macro families, as in Mermaid's c4Db: the
// positional arguments in order; $name= arguments set a field by name.
var (
	personParams    = []string{"alias", "label", "descr", "sprite", "tags", "link"}
	containerParams = []string{"alias", "label", "techn", "descr", "sprite", "tags", "link"}
	// Boundary takes a type; System_Boundary and its kin have theirs
	// built in.
	boundaryParams     = []string{"alias", "label", "type", "tags", "link"}
	kindBoundaryParams = []string{"alias", "label", "tags", "link"}
	nodeParams         = []string{"alias", "label", "type", "descr", "sprite", "tags", "link"}
	relParams          = []string{"from", "to", "label", "techn", "descr", "sprite", "tags", "link"}
	relIndexParams     = []string{"index", "from", "to", "label", "techn", "descr", "sprite", "tags", "link"}
)

// Boundary kinds: what a boundary draws.
const (
	bGroup     = "group"     // Enterprise_Boundary, Boundary without a type
	bSystem    = "system"    // System_Boundary
	bContainer = "container" // Container_Boundary
	bNode      = "node"      // Deployment_Node and Node…
)

// Relationship directions.
const (
	relForward = iota + 1
	relBack
	relBoth
)

// macro describes one C4 macro.
type macro struct {
	params   []string
	kind     model.Kind // the element it declares
	tags     []string   // tags its shape implies
	boundary string     // the kind of boundary it opens, "" for none
	rel      int        // a relationship and its direction
	ignored  bool       // styling and layout: read, not stored
}

var macros = func() map[string]macro {
	m := map[string]macro{
		"Person":     {params: personParams, kind: model.KindPerson},
		"Person_Ext": {params: personParams, kind: model.KindPerson, tags: []string{"External"}},

		"Boundary":            {params: boundaryParams, boundary: bGroup},
		"Enterprise_Boundary": {params: kindBoundaryParams, boundary: bGroup},
		"System_Boundary":     {params: kindBoundaryParams, boundary: bSystem},
		"Container_Boundary":  {params: kindBoundaryParams, boundary: bContainer},

		"Deployment_Node": {params: nodeParams, kind: model.KindDeploymentNode, boundary: bNode},
		"Node":            {params: nodeParams, kind: model.KindDeploymentNode, boundary: bNode},
		"Node_L":          {params: nodeParams, kind: model.KindDeploymentNode, boundary: bNode},
		"Node_R":          {params: nodeParams, kind: model.KindDeploymentNode, boundary: bNode},

		"Rel_Back": {params: relParams, rel: relBack},
		"BiRel":    {params: relParams, rel: relBoth},
		"RelIndex": {params: relIndexParams, rel: relForward},
	}
	for _, name := range []string{"Rel", "Rel_U", "Rel_Up", "Rel_D", "Rel_Down", "Rel_L", "Rel_Left", "Rel_R", "Rel_Right", "Rel_Neighbor"} {
		m[name] = macro{params: relParams, rel: relForward}
	}
	shapes := []struct {
		suffix string
		tags   []string
	}{{"", nil}, {"Db", []string{"Database"}}, {"Queue", []string{"Queue"}}}
	for _, base := range []struct {
		name   string
		kind   model.Kind
		params []string
	}{{"System", model.KindSystem, personParams}, {"Container", model.KindContainer, containerParams}, {"Component", model.KindComponent, containerParams}} {
		for _, s := range shapes {
			m[base.name+s.suffix] = macro{params: base.params, kind: base.kind, tags: s.tags}
			m[base.name+s.suffix+"_Ext"] = macro{params: base.params, kind: base.kind, tags: append(append([]string{}, s.tags...), "External")}
		}
	}
	for _, name := range []string{"UpdateElementStyle", "UpdateRelStyle", "AddElementTag", "AddRelTag", "UpdateLayoutConfig", "UpdateBoundaryStyle", "ShowLegend", "HideStereotype", "SetPropertyHeader", "WithoutPropertyHeader", "AddProperty"} {
		m[name] = macro{ignored: true}
	}
	return m
}()

// decl is one element or boundary statement of a diagram.
type decl struct {
	macro    string
	alias    string
	kind     model.Kind
	boundary string
	fields   map[string]string
	tags     []string
	parent   *decl // the enclosing boundary
	src      model.Source
}

// relDecl is one relationship statement.
type relDecl struct {
	macro  string
	dir    int
	fields map[string]string
	tags   []string
	src    model.Source
}

// diagram is what one C4 diagram declares.
type diagram struct {
	header string
	decls  []*decl
	rels   []*relDecl
}

// parser reads one diagram.
type parser struct {
	lx    *lexer
	d     *diagram
	stack []*decl
	diag  func(file string, line, col int, format string, args ...any)
}

// maxDepth bounds nested boundaries.
const maxDepth = 64

func parseDiagram(lx *lexer, diag func(string, int, int, string, ...any)) (*diagram, error) {
	p := &parser{lx: lx, d: &diagram{}, diag: diag}
	return p.d, p.run()
}

func (p *parser) source(t token) model.Source {
	return model.Source{Scanner: Scanner, File: p.lx.file, Line: t.line, Column: t.col}
}

func (p *parser) errAt(t token, format string, args ...any) error {
	e := &Error{File: p.lx.file, Line: t.line, Column: t.col}
	e.Msg = sprintf(format, args...)
	return e
}

func (p *parser) run() error {
	t := p.lx.next()
	for t.kind == tokNewline {
		t = p.lx.next()
	}
	if t.kind != tokWord || !headers[t.text] {
		return p.errAt(t, "expected a C4 diagram header: C4Context, C4Container, C4Component, C4Dynamic or C4Deployment")
	}
	p.d.header = t.text
	if err := p.endOfLine(t.text); err != nil {
		return err
	}
	for {
		t := p.lx.next()
		switch t.kind {
		case tokEOF:
			if n := len(p.stack); n > 0 {
				b := p.stack[n-1]
				return &Error{File: b.src.File, Line: b.src.Line, Column: b.src.Column, Msg: sprintf("%s %q is never closed: add }", b.macro, b.alias)}
			}
			return nil
		case tokNewline:
		case tokRBrace:
			if len(p.stack) == 0 {
				return p.errAt(t, "unexpected }: no boundary is open here")
			}
			p.stack = p.stack[:len(p.stack)-1]
		case tokWord:
			if err := p.statement(t); err != nil {
				return err
			}
		case tokLBrace:
			return p.errAt(t, "unexpected {: only a boundary or deployment node opens a block")
		default:
			return p.errAt(t, "unexpected %q: a statement starts with a macro such as Person(…), Container(…) or Rel(…)", t.text)
		}
	}
}

// endOfLine requires the rest of the line to be empty.
func (p *parser) endOfLine(after string) error {
	t := p.lx.next()
	switch t.kind {
	case tokNewline, tokEOF:
		return nil
	case tokRBrace:
		// "Person(a, "A") }": close on the same line, as people write it.
		if len(p.stack) == 0 {
			return p.errAt(t, "unexpected }: no boundary is open here")
		}
		p.stack = p.stack[:len(p.stack)-1]
		return p.endOfLine("}")
	}
	return p.errAt(t, "unexpected %q after %s: one statement per line", t.text, after)
}

func (p *parser) statement(t token) error {
	switch t.text {
	case "title", "accDescription", "direction":
		p.lx.restOfLine()
		return nil
	case "accTitle", "accDescr":
		p.lx.skipSpaces()
		switch p.lx.peek() {
		case ':':
			p.lx.restOfLine()
			return nil
		case '{':
			if !p.lx.skipTo('}') {
				return p.errAt(t, "%s { is never closed: add }", t.text)
			}
			return nil
		}
		return p.errAt(t, "expected %s: text or %s { text }", t.text, t.text)
	}
	m, known := macros[t.text]
	open := p.lx.next()
	if open.kind != tokLParen {
		if !known {
			return p.errAt(t, "unexpected %q: not a C4 macro (expected Person, System, Container, Component, a boundary, Rel … or a closing })", t.text)
		}
		return p.errAt(open, "expected ( after %s", t.text)
	}
	positional, named, err := p.args(open)
	if err != nil {
		return err
	}
	if !known {
		p.diag(p.lx.file, t.line, t.col, "unknown macro %s ignored", t.text)
		return p.endOfLine(t.text + "(…)")
	}
	if m.ignored {
		return p.endOfLine(t.text + "(…)")
	}
	fields := map[string]string{}
	for i, v := range positional {
		if i >= len(m.params) {
			p.diag(p.lx.file, t.line, t.col, "%s takes at most %d arguments (%s): the rest are ignored", t.text, len(m.params), strings.Join(m.params, ", "))
			break
		}
		fields[m.params[i]] = v
	}
	for _, kv := range named {
		fields[kv[0]] = kv[1]
	}
	tags := append([]string{}, m.tags...)
	tags = addTags(tags, fields["tags"])
	if m.rel != 0 {
		if fields["from"] == "" || fields["to"] == "" {
			return p.errAt(t, "%s needs two aliases: %s(from, to, label, technology)", t.text, t.text)
		}
		p.d.rels = append(p.d.rels, &relDecl{macro: t.text, dir: m.rel, fields: fields, tags: tags, src: p.source(t)})
		return p.endOfLine(t.text + "(…)")
	}
	if fields["alias"] == "" {
		return p.errAt(t, "%s needs an alias as its first argument", t.text)
	}
	d := &decl{macro: t.text, alias: fields["alias"], kind: m.kind, boundary: m.boundary, fields: fields, tags: tags, src: p.source(t)}
	if n := len(p.stack); n > 0 {
		d.parent = p.stack[n-1]
	}
	if m.boundary == bGroup && t.text == "Boundary" {
		switch strings.ToLower(strings.TrimSpace(fields["type"])) {
		case "system", "software system", "softwaresystem":
			d.boundary = bSystem
		case "container":
			d.boundary = bContainer
		}
	}
	p.d.decls = append(p.d.decls, d)
	if m.boundary == "" {
		return p.endOfLine(t.text + "(…)")
	}
	if !p.openBlock() {
		return p.errAt(t, "%s needs a { } block: end the line with {", t.text)
	}
	if len(p.stack) >= maxDepth {
		return p.errAt(t, "boundaries nested more than %d deep", maxDepth)
	}
	p.stack = append(p.stack, d)
	return nil
}

// args reads the arguments of a macro call, after its "(": positional
// values (an empty slot between commas is "") and $name=value pairs.
func (p *parser) args(open token) ([]string, [][2]string, error) {
	var positional []string
	var named [][2]string
	expectArg := true
	for {
		a, err := p.lx.arg()
		if err != nil {
			return nil, nil, err
		}
		switch a.kind {
		case tokEOF:
			return nil, nil, p.errAt(open, "( is never closed: add )")
		case tokRParen:
			if expectArg && (len(positional) > 0 || len(named) > 0) {
				positional = append(positional, "")
			}
			return positional, named, nil
		case tokComma:
			if expectArg {
				positional = append(positional, "")
			}
			expectArg = true
		case tokString, tokBare, tokNamed:
			if !expectArg {
				return nil, nil, p.errAt(a, "expected , or ) between arguments")
			}
			expectArg = false
			if a.kind == tokNamed {
				named = append(named, [2]string{a.text, strings.TrimSpace(a.val)})
				continue
			}
			positional = append(positional, strings.TrimSpace(a.text))
		}
	}
}

// openBlock consumes the "{" of a boundary: on the same line, or alone at
// the start of a following line.
func (p *parser) openBlock() bool {
	save := *p.lx
	for {
		t := p.lx.next()
		switch t.kind {
		case tokLBrace:
			return true
		case tokNewline:
			continue
		}
		*p.lx = save
		return false
	}
}

// addTags appends the tags of a $tags value, split on "," and "+"
// (C4-PlantUML's way of combining tags), without duplicates.
func addTags(dst []string, list string) []string {
	for _, t := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == '+' }) {
		t = strings.TrimSpace(t)
		if t == "" || len(dst) >= maxTags {
			continue
		}
		dup := false
		for _, x := range dst {
			if strings.EqualFold(x, t) {
				dup = true
			}
		}
		if !dup {
			dst = append(dst, t)
		}
	}
	return dst
}
