package structurizr

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// parser holds the state of one parse: the workspace being built, the
// identifier register, and the lexer of the file being read. Included files
// and extended workspaces are read by the same parser, one lexer at a time.
type parser struct {
	fsys fs.FS
	ws   *Workspace

	idents       map[string]*entry // lower-case identifier (path) → what it names
	elems        []*elem
	byID         map[string]*elem
	rels         []*rel
	envs         map[string]*environment // lower-case name → environment
	archetypes   map[string]*archetype   // lower-case name → archetype
	constants    map[string]string
	hierarchical bool

	files        map[string]bool
	nfiles       int
	bytes        int
	budget       int      // tokens left
	depth        int      // nested blocks
	stack        []string // files being read: workspace, extends, includes
	unknownConst map[string]bool

	canonical    map[string]*elem     // lower-case canonical name → element, for !element
	suffix       map[string]int       // derived ID → last "-n" given to a namesake
	relIndex     map[[2]string][]*rel // (from, to) → relationships, for -/>
	substituted  int                  // bytes produced by ${} substitution
	droppedDiags int

	lx      *lexer
	wf      *workspaceFile
	pending *stmt // a "}" queued after a "{ }" on one line
	// lastClose is the "}" that closed the last block read, for the
	// end of a statement's span.
	lastClose token
}

// workspaceFile records the once-only sections of one workspace file (and
// the files it includes): a second model or views block is an error there,
// not across a workspace and the one it extends.
type workspaceFile struct {
	workspace, model, views bool
}

// entry is what an identifier names.
type entry struct {
	el   *elem
	inst *instance
	env  *environment
	rel  *rel
	// what names a non-element ("group", "deployment group") that cannot
	// take part in a relationship.
	what string
}

// elem is an element under construction.
type elem struct {
	e      *model.Element
	custom bool // an "element" outside the C4 model: read, not stored
	parent *elem
	env    *environment
	hosts  map[string]bool // IDs of system and container instances on a deployment node
}

// instance is a softwareSystemInstance or containerInstance: not an element
// of its own (the graph would show the container twice), but a name for its
// target in deployment relationships.
type instance struct {
	target *elem
	node   *elem
}

// environment is a deploymentEnvironment. scopeID prefixes the IDs of its
// top-level deployment nodes.
type environment struct {
	name    string
	scopeID string
}

type rel struct {
	r       *model.Relationship
	removed bool
}

func newParser(fsys fs.FS) *parser {
	return &parser{
		fsys:         fsys,
		ws:           &Workspace{Properties: map[string]string{}, Graph: model.NewGraph()},
		idents:       map[string]*entry{},
		byID:         map[string]*elem{},
		envs:         map[string]*environment{},
		archetypes:   map[string]*archetype{},
		constants:    map[string]string{},
		files:        map[string]bool{},
		budget:       maxTokens,
		unknownConst: map[string]bool{},
		canonical:    map[string]*elem{},
		suffix:       map[string]int{},
		relIndex:     map[[2]string][]*rel{},
	}
}

// stmt is one logical line: its tokens, and the "{" that ends it when it
// opens a block.
type stmt struct {
	toks []token
	open *token
}

func (s *stmt) first() token { return s.toks[0] }

// kw returns token i lower-cased, or "" past the end. Keywords are
// case-insensitive in Structurizr.
func (s *stmt) kw(i int) string {
	if i >= len(s.toks) {
		return ""
	}
	return strings.ToLower(s.toks[i].text)
}

func (s *stmt) isClose() bool { return s.toks[0].kind == tokWord && s.toks[0].text == "}" }

// statement reads the next logical line, or returns nil at the end of the
// current file.
func (p *parser) statement() (*stmt, error) {
	if p.pending != nil {
		st := p.pending
		p.pending = nil
		return st, nil
	}
	var toks []token
	for {
		t, err := p.lx.next()
		if err != nil {
			return nil, err
		}
		switch t.kind {
		case tokNewline:
			if len(toks) == 0 {
				continue
			}
		case tokEOF:
			if len(toks) == 0 {
				return nil, nil
			}
		default:
			if len(toks) == maxStmtTokens {
				return nil, p.errAt(toks[0], "more than %d tokens on one line: split the statement", maxStmtTokens)
			}
			toks = append(toks, t)
			continue
		}
		break
	}
	st := &stmt{toks: toks}
	n := len(toks)
	// "{ }" at the end of a line is an empty block: queue its "}".
	if n >= 3 && isBrace(toks[n-2], "{") && isBrace(toks[n-1], "}") {
		p.pending = &stmt{toks: []token{toks[n-1]}}
		toks = toks[:n-1]
		n--
	}
	if isBrace(toks[n-1], "{") {
		open := toks[n-1]
		open.indent = toks[0].col
		st.open = &open
		toks = toks[:n-1]
	}
	st.toks = toks
	for i := range st.toks {
		if err := p.substitute(&st.toks[i]); err != nil {
			return nil, err
		}
	}
	return st, nil
}

func isBrace(t token, b string) bool { return t.kind == tokWord && t.text == b }

// substitutionPattern is Structurizr's ${NAME} syntax.
var substitutionPattern = regexp.MustCompile(`\$\{[a-zA-Z0-9_.-]+\}`)

// substitute replaces ${NAME} with the value of a !constant or !var.
// Environment variables are never read: the input is untrusted and the
// result must not depend on the machine that runs archdrift.
func (p *parser) substitute(t *token) error {
	if !strings.Contains(t.text, "${") {
		return nil
	}
	var missing []string
	out := substitutionPattern.ReplaceAllStringFunc(t.text, func(m string) string {
		name := m[2 : len(m)-1]
		if v, ok := p.constants[name]; ok {
			return v
		}
		missing = append(missing, name)
		return m
	})
	if len(out) > maxTokenLen {
		return p.errAt(*t, "substituting constants makes a token longer than %d bytes", maxTokenLen)
	}
	if p.substituted += len(out); p.substituted > maxTotalBytes {
		return p.errAt(*t, "substituting constants produces more than %d MiB of text", maxTotalBytes>>20)
	}
	for _, name := range missing {
		if !p.unknownConst[name] {
			p.unknownConst[name] = true
			p.diagAt(*t, "${%s} is not a !constant or !var defined before this line, so it is left as is (archdrift does not read environment variables)", name)
		}
	}
	t.text = out
	return nil
}

// body parses statements in sc until the "}" closing the block that open
// opened or, when open is nil, to the end of the current file.
func (p *parser) body(sc *scope, open *token) error {
	if open != nil {
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > maxDepth {
			return p.errAt(*open, "blocks nested more than %d deep: flatten the workspace", maxDepth)
		}
	}
	for {
		st, err := p.statement()
		if err != nil {
			return err
		}
		if st == nil {
			if open != nil {
				if m := p.lx.misindented; m != nil {
					return p.errAt(*open, "block is never closed: a } is probably missing before line %d, whose } is indented unlike line %d that it closes", m.line, p.lx.openerLine)
				}
				return p.errAt(*open, "block is never closed: add } on a line of its own")
			}
			return nil
		}
		if len(st.toks) > 0 && st.isClose() {
			if len(st.toks) > 1 {
				return p.errAt(st.toks[1], "unexpected tokens after }: put } on a line of its own")
			}
			if open == nil {
				if p.lx.included {
					return p.errAt(st.first(), "unexpected }: this file closes a block it did not open")
				}
				return p.errAt(st.first(), "unexpected }: no block is open here")
			}
			if c := st.first(); c.col != open.indent && open.indent > 0 && p.lx.misindented == nil && c.line != open.line {
				p.lx.misindented, p.lx.openerLine = &c, open.line
			}
			p.lastClose = st.first()
			return nil
		}
		if err := p.dispatch(sc, st); err != nil {
			return err
		}
	}
}

// skipBlock consumes the block a statement opened, when there is one, with
// its content ignored (but includes still read and braces still balanced).
func (p *parser) skipBlock(st *stmt, what string) error {
	if st.open == nil {
		return nil
	}
	return p.body(&scope{kind: scSkip, what: what}, st.open)
}

// dispatch handles one statement in scope sc.
func (p *parser) dispatch(sc *scope, st *stmt) error {
	if st.open != nil && len(st.toks) == 0 {
		if sc.kind == scSkip {
			// a block of its own, such as a parallel sequence in a
			// dynamic view
			return p.body(&scope{kind: scSkip, what: sc.what}, st.open)
		}
		return p.errAt(*st.open, "{ must end the line of the statement that opens the block")
	}
	if done, err := p.directive(sc, st); done || err != nil {
		return err
	}
	switch sc.kind {
	case scTop:
		return p.topStatement(st)
	case scWorkspace:
		return p.workspaceStatement(sc, st)
	case scModel:
		return p.modelStatement(sc, st)
	case scElement:
		return p.elementStatement(sc, st)
	case scEnv:
		return p.environmentStatement(sc, st)
	case scInstance:
		return p.instanceStatement(sc, st)
	case scRelationship:
		return p.relationshipStatement(sc, st)
	case scArchetypes:
		return p.archetypesStatement(sc, st)
	case scArchetype:
		return p.archetypeStatement(sc, st)
	case scProperties:
		return p.propertyStatement(sc, st)
	case scPerspectives:
		return p.perspectiveStatement(sc, st)
	case scPerspective:
		return p.perspectiveDetail(sc, st)
	}
	// scSkip: views, styles, configuration and the like are read only for
	// balance.
	return p.skipBlock(st, sc.what)
}

// directive handles the statements Structurizr accepts anywhere:
// !include, !constant/!const/!var, !script and !plugin.
func (p *parser) directive(sc *scope, st *stmt) (bool, error) {
	switch st.kw(0) {
	case "!include":
		return true, p.include(sc, st)
	case "!constant", "!const", "!var":
		return true, p.constant(st)
	case "!script":
		return true, p.script(st)
	case "!plugin":
		p.diagAt(st.first(), "!plugin %s skipped: plugins run Java code, which archdrift does not do; elements it would add are not seen", argText(st, 1))
		return true, p.skipBlock(st, "!plugin")
	}
	return false, nil
}

func argText(st *stmt, i int) string {
	if i < len(st.toks) {
		return st.toks[i].text
	}
	return ""
}

func (p *parser) constant(st *stmt) error {
	if len(st.toks) != 3 {
		return p.errAt(st.first(), "expected: %s <name> <value>", st.toks[0].text)
	}
	name := st.toks[1].text
	if !constantName.MatchString(name) {
		return p.errAt(st.toks[1], "constant names may only contain a-z A-Z 0-9 - _ .")
	}
	p.constants[name] = st.toks[2].text
	return p.noBlock(st)
}

var constantName = regexp.MustCompile(`^[a-zA-Z0-9_.-]+$`)

// scriptLanguages are the inline script languages; any other first argument
// names a script file.
var scriptLanguages = map[string]bool{"groovy": true, "kotlin": true, "ruby": true, "javascript": true}

func (p *parser) script(st *stmt) error {
	what := argText(st, 1)
	p.diagAt(st.first(), "!script %s skipped: scripts need a JVM, which archdrift does not run; elements it would add are not seen", what)
	if st.open == nil {
		return nil
	}
	if scriptLanguages[strings.ToLower(what)] {
		// An inline script is code, not DSL: its lines are not tokenised.
		if p.pending != nil {
			p.pending = nil // "!script groovy { }" is an empty script
			return nil
		}
		return p.lx.rawBlock(st.open.line, st.open.col)
	}
	return p.skipBlock(st, "!script")
}

// noBlock rejects a "{" after a statement that takes no block.
func (p *parser) noBlock(st *stmt) error {
	if st.open != nil {
		return p.errAt(*st.open, "%s takes no { } block: remove the {", st.toks[0].text)
	}
	return nil
}

// errAt returns a fatal error at t in the current file.
func (p *parser) errAt(t token, format string, args ...any) error {
	return errorf(p.lx.file, t.line, t.col, format, args...)
}

// diagAt records a warning at t in the current file.
func (p *parser) diagAt(t token, format string, args ...any) {
	p.diag(model.DiagWarning, p.lx.file, t.line, t.col, format, args...)
}

func (p *parser) diag(sev model.DiagSeverity, file string, line, col int, format string, args ...any) {
	if len(p.ws.Diagnostics) >= maxDiagnostics {
		p.droppedDiags++
		return
	}
	p.ws.Diagnostics = append(p.ws.Diagnostics, model.Diagnostic{
		Severity: sev, Origin: Scanner, File: file, Line: line, Column: col,
		Message: fmt.Sprintf(format, args...),
	})
}

// source is where a statement starting at t was read.
func (p *parser) source(t token) model.Source {
	return model.Source{Scanner: Scanner, File: p.lx.file, Line: t.line, Column: t.col}
}
