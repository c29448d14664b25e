package mermaid

import (
	"bytes"
	"cmp"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/archdrift/archdrift/c4/modelfile"
	"github.com/archdrift/archdrift/model"
)

// Scanner is the model.Source scanner name of everything this package reads.
const Scanner = "mermaid"

// Bounds on hostile input: a pull request can change every file read.
const (
	maxFileSize    = 8 << 20  // bytes in one file
	maxTotalBytes  = 64 << 20 // bytes over every file of one model
	maxFiles       = 512      // files in one model
	maxTags        = 256      // tags on one element or relationship
	maxIDLen       = 1024     // bytes in an element ID
	maxDiagnostics = 1000     // diagnostics kept; the rest are counted
)

// Model is what a set of Mermaid C4 diagrams documents.
type Model struct {
	// Graph holds the documented elements and relationships.
	Graph *model.Graph
	// Diagnostics are non-fatal problems: relationships naming unknown
	// aliases (dropped), conflicting declarations, unknown macros.
	Diagnostics []model.Diagnostic
	// Files lists the files read, sorted; Diagrams counts the C4 diagrams
	// found in them.
	Files    []string
	Diagrams int
}

// IsMarkdown reports whether name is read as Markdown (its ```mermaid
// blocks) rather than as one diagram.
func IsMarkdown(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".mdx":
		return true
	}
	return false
}

// Claims reports whether src (the content of the file name) holds a
// Mermaid C4 diagram: a .mmd/.mermaid file whose first statement is a C4
// header, or Markdown with such a ```mermaid block.
func Claims(name string, src []byte) bool {
	if IsMarkdown(name) {
		for _, b := range markdownBlocks(src) {
			if isC4(b.text) {
				return true
			}
		}
		return false
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".mmd", ".mermaid":
		return isC4(string(src))
	}
	return false
}

// isC4 reports whether a diagram's first statement (after front matter,
// blank lines and %% comments) is a C4 header.
func isC4(src string) bool {
	for _, ln := range strings.Split(skipFrontMatter(src), "\n") {
		ln = strings.TrimSpace(ln)
		if ln == "" || strings.HasPrefix(ln, "%%") {
			continue
		}
		word := ln
		if i := strings.IndexFunc(ln, func(r rune) bool { return !isWordRune(r) }); i >= 0 {
			word = ln[:i]
		}
		return headers[word]
	}
	return false
}

// skipFrontMatter blanks a leading YAML front matter block (--- … ---),
// keeping its lines so that positions do not move.
func skipFrontMatter(src string) string {
	trimmed := strings.TrimLeft(src, " \t\r\n")
	if !strings.HasPrefix(trimmed, "---") {
		return src
	}
	lines := strings.SplitAfter(src, "\n")
	inside := false
	for i, ln := range lines {
		t := strings.TrimSpace(ln)
		if t == "" && !inside {
			continue
		}
		if t == "---" {
			lines[i] = blankLine(ln)
			if inside {
				return strings.Join(lines, "")
			}
			inside = true
			continue
		}
		if !inside {
			return src
		}
		lines[i] = blankLine(ln)
	}
	return src // never closed: let the parser complain about "---"
}

func blankLine(ln string) string {
	if strings.HasSuffix(ln, "\n") {
		return "\n"
	}
	return ""
}

// ParseFiles reads the diagrams of the named files (slash paths inside
// fsys) into one model. A fatal problem is returned as an *Error; the model
// returned with it holds what was read before it.
func ParseFiles(fsys fs.FS, names []string) (*Model, error) {
	b := newBuilder()
	err := modelfile.ReadEach(fsys, names, modelfile.Limits{Files: maxFiles, FileBytes: maxFileSize, TotalBytes: maxTotalBytes}, fileError, b.file)
	return b.finish(), err
}

// fileError positions a problem with a whole file at its start.
func fileError(name, msg string) error { return &Error{File: name, Line: 1, Column: 1, Msg: msg} }

// Parse reads the diagrams of one file already in memory.
func Parse(name string, src []byte) (*Model, error) {
	b := newBuilder()
	if len(src) > maxFileSize {
		return b.finish(), &Error{File: name, Line: 1, Column: 1, Msg: fmt.Sprintf("larger than %d MiB", maxFileSize>>20)}
	}
	err := b.file(name, src)
	return b.finish(), err
}

// block is a diagram inside a file, with where each of its lines starts.
type block struct {
	text    string
	origins []lineOrigin
}

// markdownBlocks finds the ```mermaid fences of a Markdown document with
// goldmark, keeping the file position of every line.
func markdownBlocks(src []byte) []block {
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	starts := lineStarts(src)
	var out []block
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		fc, ok := n.(*ast.FencedCodeBlock)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		if lang := strings.ToLower(string(fc.Language(src))); lang != "mermaid" {
			return ast.WalkSkipChildren, nil
		}
		var sb strings.Builder
		var origins []lineOrigin
		lines := fc.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			sb.Write(seg.Value(src))
			origins = append(origins, position(src, starts, seg.Start))
		}
		out = append(out, block{text: sb.String(), origins: origins})
		return ast.WalkSkipChildren, nil
	})
	return out
}

// lineStarts returns the byte offset of every line of src.
func lineStarts(src []byte) []int {
	out := []int{0}
	for i, c := range src {
		if c == '\n' {
			out = append(out, i+1)
		}
	}
	return out
}

// position maps a byte offset of src to a 1-based line and a column
// counted in characters.
func position(src []byte, starts []int, off int) lineOrigin {
	i, found := slices.BinarySearch(starts, off)
	if !found {
		i--
	}
	return lineOrigin{line: i + 1, col: utf8.RuneCount(src[starts[i]:off]) + 1}
}

// builder merges the diagrams of every file into one model.
type builder struct {
	files   map[string]bool
	decls   []*decl
	rels    []*relDecl
	diags   []model.Diagnostic
	dropped int
	count   int
}

func newBuilder() *builder { return &builder{files: map[string]bool{}} }

func (b *builder) diag(file string, line, col int, format string, args ...any) {
	if len(b.diags) >= maxDiagnostics {
		b.dropped++
		return
	}
	b.diags = append(b.diags, model.Diagnostic{
		Severity: model.DiagWarning, Origin: Scanner, File: file, Line: line, Column: col,
		Message: fmt.Sprintf(format, args...),
	})
}

// file reads the diagrams of one file.
func (b *builder) file(name string, src []byte) error {
	b.files[name] = true
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(src) {
		return &Error{File: name, Line: 1, Column: 1, Msg: "not UTF-8 text"}
	}
	var blocks []block
	if IsMarkdown(name) {
		for _, bl := range markdownBlocks(src) {
			if isC4(bl.text) {
				blocks = append(blocks, bl)
			}
		}
	} else {
		blocks = []block{{text: string(src)}}
	}
	for _, bl := range blocks {
		lx := newLexer(name, skipFrontMatter(bl.text), bl.origins)
		d, err := parseDiagram(lx, b.diag)
		if err != nil {
			return err
		}
		b.count++
		b.decls = append(b.decls, d.decls...)
		b.rels = append(b.rels, d.rels...)
	}
	return nil
}

// entity is everything declared under one alias, across diagrams.
type entity struct {
	alias    string
	kind     model.Kind // "" for a boundary that is only a group
	boundary string     // the strongest boundary kind it was drawn as
	decls    []*decl
	element  bool
	e        *model.Element
}

// finish merges the declarations by alias and builds the graph.
func (b *builder) finish() *Model {
	m := &Model{Graph: model.NewGraph(), Files: slices.Sorted(func(yield func(string) bool) {
		for f := range b.files {
			if !yield(f) {
				return
			}
		}
	}), Diagrams: b.count}
	byAlias := map[string]*entity{}
	var order []*entity
	for _, d := range b.decls {
		en := byAlias[d.alias]
		if en == nil {
			en = &entity{alias: d.alias}
			byAlias[d.alias] = en
			order = append(order, en)
		}
		if d.kind != "" {
			if en.kind != "" && en.kind != d.kind {
				b.diag(d.src.File, d.src.Line, d.src.Column, "%s(%s) declares a %s, but %q is a %s at %s: the first declaration wins", d.macro, d.alias, d.kind, d.alias, en.kind, en.decls[0].src)
				continue
			}
			en.kind = d.kind
		}
		if d.boundary != "" && d.boundary != bGroup {
			en.boundary = d.boundary
		} else if d.boundary == bGroup && en.boundary == "" {
			en.boundary = bGroup
		}
		en.decls = append(en.decls, d)
	}
	b.decideElements(byAlias, order)
	b.buildElements(m.Graph, byAlias, order)
	b.buildRelationships(m.Graph, byAlias)
	slices.SortStableFunc(b.diags, func(x, y model.Diagnostic) int {
		return cmp.Or(strings.Compare(x.File, y.File), cmp.Compare(x.Line, y.Line), cmp.Compare(x.Column, y.Column))
	})
	m.Diagnostics = b.diags
	if b.dropped > 0 {
		m.Diagnostics = append(m.Diagnostics, model.Diagnostic{Severity: model.DiagWarning, Origin: Scanner,
			Message: fmt.Sprintf("%d more diagnostics not shown", b.dropped)})
	}
	return m
}

// decideElements settles which boundaries are elements: a system boundary
// holding containers, a container boundary holding components, anything
// also declared with an element macro, and every deployment node. The
// other boundaries are groups.
func (b *builder) decideElements(byAlias map[string]*entity, order []*entity) {
	// A boundary holds what is drawn in it, through groups.
	children := map[*entity][]*entity{}
	for _, en := range order {
		for _, d := range en.decls {
			for p, n := d.parent, 0; p != nil && n <= maxDepth; p, n = p.parent, n+1 {
				if pe := byAlias[p.alias]; pe.boundary != bGroup || pe.kind != "" {
					children[pe] = append(children[pe], en)
					break
				}
			}
		}
	}
	for _, en := range order {
		if en.kind != "" {
			en.element = true
		}
	}
	// Container boundaries first: a system boundary is an element when
	// it holds a container, and a container boundary holding components
	// is one.
	for _, level := range []struct {
		boundary string
		kind     model.Kind
		child    model.Kind
	}{{bContainer, model.KindContainer, model.KindComponent}, {bSystem, model.KindSystem, model.KindContainer}} {
		for _, en := range order {
			if en.element || en.boundary != level.boundary {
				continue
			}
			for _, c := range children[en] {
				if c.element && c.kind == level.child {
					en.element, en.kind = true, level.kind
					break
				}
			}
		}
	}
}

// placement finds the parent (nearest enclosing element) and group path of
// one declaration.
func placement(d *decl, byAlias map[string]*entity) (parent *entity, group string) {
	var groups []string
	for p, n := d.parent, 0; p != nil && n <= maxDepth; p, n = p.parent, n+1 {
		en := byAlias[p.alias]
		if en != nil && en.element {
			parent = en
			break
		}
		label := p.fields["label"]
		if label == "" {
			label = p.alias
		}
		groups = append(groups, label)
	}
	slices.Reverse(groups)
	return parent, strings.Join(groups, "/")
}

func (b *builder) buildElements(g *model.Graph, byAlias map[string]*entity, order []*entity) {
	parentOf := map[*entity]*entity{}
	groupOf := map[*entity]string{}
	for _, en := range order {
		if !en.element {
			continue
		}
		// The parent comes from the first diagram that nests the element
		// in another; the group from that diagram too.
		found := false
		for _, d := range en.decls {
			p, grp := placement(d, byAlias)
			if p != nil && p != en {
				parentOf[en], groupOf[en], found = p, grp, true
				break
			}
		}
		if !found {
			_, groupOf[en] = placement(en.decls[0], byAlias)
		}
	}
	ids := map[*entity]string{}
	var idOf func(en *entity, depth int) string
	idOf = func(en *entity, depth int) string {
		if id, ok := ids[en]; ok {
			return id
		}
		id := en.alias
		p := parentOf[en]
		if depth > maxDepth {
			d := en.decls[0].src
			b.diag(d.File, d.Line, d.Column, "%q is nested in itself through other diagrams: its parent is dropped", en.alias)
			delete(parentOf, en)
			p = nil
		}
		if p != nil && !strings.Contains(en.alias, ".") {
			id = idOf(p, depth+1) + "." + en.alias
		}
		if len(id) > maxIDLen {
			id = id[:maxIDLen]
		}
		ids[en] = id
		return id
	}
	for _, en := range order {
		if !en.element {
			continue
		}
		first := en.decls[0]
		e := &model.Element{
			ID:         idOf(en, 0),
			Kind:       en.kind,
			Group:      groupOf[en],
			Properties: map[string]string{},
		}
		if p := parentOf[en]; p != nil {
			e.Parent = idOf(p, 0)
		}
		for _, d := range en.decls {
			b.mergeFields(e, d, first)
			e.Sources = append(e.Sources, d.src)
		}
		if e.Name == "" {
			e.Name = en.alias
		}
		e.Class = model.InferClass(e)
		if err := g.Add(e); err != nil {
			b.diag(first.src.File, first.src.Line, first.src.Column, "%s(%s) skipped: %v", first.macro, en.alias, err)
			continue
		}
		en.e = e
	}
	// A parent that could not be added leaves its children at the top.
	for _, en := range order {
		if en.e != nil && en.e.Parent != "" {
			if _, ok := g.Element(en.e.Parent); !ok {
				en.e.Parent = ""
			}
		}
	}
}

// mergeFields fills empty fields of e from one declaration; a different
// non-empty value is reported, and the first one kept.
func (b *builder) mergeFields(e *model.Element, d, first *decl) {
	set := func(dst *string, v, what string) {
		v = strings.TrimSpace(v)
		switch {
		case v == "":
		case *dst == "":
			*dst = v
		case *dst != v:
			b.diag(d.src.File, d.src.Line, d.src.Column, "%s of %q is %q here but %q at %s: the first one is kept", what, d.alias, v, *dst, first.src)
		}
	}
	set(&e.Name, d.fields["label"], "label")
	set(&e.Description, d.fields["descr"], "description")
	if e.Kind == model.KindDeploymentNode {
		set(&e.Technology, d.fields["type"], "type")
	} else {
		set(&e.Technology, d.fields["techn"], "technology")
	}
	for _, t := range d.tags {
		if !e.HasTag(t) && len(e.Tags) < maxTags {
			e.Tags = append(e.Tags, t)
		}
	}
	if l := strings.TrimSpace(d.fields["link"]); l != "" {
		if _, ok := e.Properties["url"]; !ok {
			e.Properties["url"] = l
		}
	}
}

func (b *builder) buildRelationships(g *model.Graph, byAlias map[string]*entity) {
	type key struct{ from, to, desc, tech string }
	seen := map[key]*model.Relationship{}
	for _, r := range b.rels {
		resolve := func(alias string) (*model.Element, string) {
			en := byAlias[alias]
			switch {
			case en == nil:
				return nil, fmt.Sprintf("%q is not declared in any diagram", alias)
			case !en.element:
				return nil, fmt.Sprintf("%q is a boundary that groups elements, not an element", alias)
			case en.e == nil:
				return nil, fmt.Sprintf("%q was skipped", alias)
			}
			return en.e, ""
		}
		from, why := resolve(r.fields["from"])
		to, whyTo := resolve(r.fields["to"])
		if why == "" {
			why = whyTo
		}
		if from == nil || to == nil {
			b.diag(r.src.File, r.src.Line, r.src.Column, "%s(%s, %s) dropped: %s", r.macro, r.fields["from"], r.fields["to"], why)
			continue
		}
		pairs := [][2]*model.Element{{from, to}}
		switch r.dir {
		case relBack:
			pairs = [][2]*model.Element{{to, from}}
		case relBoth:
			pairs = append(pairs, [2]*model.Element{to, from})
		}
		for _, p := range pairs {
			rel := &model.Relationship{
				From: p[0].ID, To: p[1].ID,
				Description: strings.TrimSpace(r.fields["label"]),
				Technology:  strings.TrimSpace(r.fields["techn"]),
				Sources:     []model.Source{r.src},
			}
			if len(r.tags) > 0 {
				rel.Tags = slices.Clone(r.tags)
			}
			if l := strings.TrimSpace(r.fields["link"]); l != "" {
				rel.Properties = map[string]string{"url": l}
			}
			k := key{rel.From, rel.To, rel.Description, rel.Technology}
			if old := seen[k]; old != nil {
				// The same arrow drawn in two diagrams is one relationship.
				old.Sources = append(old.Sources, r.src)
				for _, t := range rel.Tags {
					if !slices.ContainsFunc(old.Tags, func(x string) bool { return strings.EqualFold(x, t) }) {
						old.Tags = append(old.Tags, t)
					}
				}
				continue
			}
			seen[k] = rel
			g.AddRelationship(rel)
		}
	}
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
