package adr

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// MaxFileSize bounds one ADR. Decisions are a few pages; a bigger file is
// skipped with a Problem rather than read.
const MaxFileSize = 1 << 20

// metaValue is a metadata value with the line it was read from.
type metaValue struct {
	text string
	line int
}

// parser holds the state of one Parse call.
type parser struct {
	src    []byte // the file as read
	md     []byte // src with front matter and over-deep lines blanked, as goldmark saw it
	lines  lineIndex
	budget int // bytes of Markdown still allowed through the inline parser
	gm     *markdown
	rec    Record
	probs  []Problem

	fmStatus, fmTitle metaValue
	fmDate            string
	metaStatus        metaValue // "Status: …" before the first section
	sectionStatus     metaValue // the first block of a Status section
	metaDate          string
	sectionDate       string
}

// Parse reads one ADR from src; name is its slash path, used for the number
// and in problems. It never fails: what it cannot read becomes a Problem.
//
// goldmark reads the block structure of the whole file, but only the blocks
// archdrift needs (the title, the metadata under it, the Status, Date and
// Links sections) go through its inline parser: that parser is quadratic on
// hostile input, the block parser is not.
func Parse(name string, src []byte) (Record, []Problem) {
	return newMarkdown().parse(name, src)
}

// parse is Parse with md's parsers, which Load shares between files.
func (md *markdown) parse(name string, src []byte) (Record, []Problem) {
	p := &parser{src: src, gm: md, budget: inlineBudget, rec: Record{File: name, Number: NoNumber, Status: StatusUnknown, Line: 1}}
	if n, ok := FileNumber(name); ok {
		p.rec.Number = n
	}
	if len(src) > MaxFileSize {
		p.problem(0, 0, "larger than %d MiB, skipped", MaxFileSize>>20)
		return p.rec, p.probs
	}
	p.lines = newLineIndex(src)
	p.md = src
	fm, found, unclosed := findFrontMatter(src)
	switch {
	case found:
		p.md = fm.blank(src)
		p.readFrontMatter(fm)
	case unclosed:
		p.problem(1, 1, "front matter opened with --- is never closed")
	}
	if md, first, n := flattenDeepLines(p.md, src); n > 0 {
		p.md = md
		p.problem(first, 0, "%d line(s) nest lists or quotes more than %d levels deep; they are not read", n, maxNesting)
	}
	doc := p.gm.blocks().Parse(text.NewReader(p.md))
	p.readSections(doc)
	p.readCodeBlocks(doc)
	p.finish()
	return p.rec, p.probs
}

func (p *parser) problem(line, col int, format string, args ...any) {
	p.probs = append(p.probs, problemf(&p.rec, line, col, format, args...))
}

// section kinds, from the heading that opens them.
const (
	secPreamble = "preamble" // after the title, before the first section
	secStatus   = "status"
	secDate     = "date"
	secLinks    = "links"
	secOther    = "other"
)

// readSections walks the top-level blocks: the title, the metadata under it,
// and the Status, Date and Links sections.
func (p *parser) readSections(doc ast.Node) {
	titled := false
	sec, level := secPreamble, 0
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			if h.Level == 1 && !titled {
				titled = true
				p.rec.Line = p.lineOf(h)
				if pc := p.pieceOf(h); pc != nil {
					p.rec.Title = collapse(pc.text())
				}
				continue
			}
			raw := p.rawText(h)
			if sec != secPreamble && sec != secOther && h.Level > level {
				continue // a sub-heading inside Status or Links
			}
			sec, level = headingSection(raw), h.Level
			if sec == secStatus && statusHeadingRE.MatchString(plainHeading(raw)) {
				if pc := p.pieceOf(h); pc != nil {
					if v := statusInHeading(collapse(pc.text())); v != "" {
						p.sectionStatus = metaValue{text: v, line: p.lineOf(h)}
					}
				}
			}
			continue
		}
		switch sec {
		case secPreamble:
			p.readMetadata(n)
		case secStatus:
			eachTextBlock(n, 0, func(b ast.Node) {
				pc := p.pieceOf(b)
				if pc == nil {
					return
				}
				if p.sectionStatus.text == "" {
					if t := collapse(pc.text()); t != "" {
						p.sectionStatus = metaValue{text: t, line: p.lineOf(b)}
					}
				}
				p.readLinks(pc, "")
			})
		case secDate:
			eachTextBlock(n, 0, func(b ast.Node) {
				if p.sectionDate == "" {
					if pc := p.pieceOf(b); pc != nil {
						p.sectionDate = collapse(pc.text())
					}
				}
			})
		case secLinks:
			eachTextBlock(n, 0, func(b ast.Node) {
				if pc := p.pieceOf(b); pc != nil {
					p.readLinks(pc, LinkRelatesTo)
				}
			})
		}
	}
	if p.rec.Title == "" && p.fmTitle.text != "" {
		p.rec.Title, p.rec.Line = p.fmTitle.text, p.fmTitle.line
	}
}

var statusHeadingRE = regexp.MustCompile(`(?i)^status\s*[:\-–—]\s*(.+)$`)

// plainHeading strips emphasis markers and leading decoration from a raw
// heading, enough to recognise "**Status**" or "📌 Status:".
func plainHeading(raw string) string {
	raw = strings.Map(func(r rune) rune {
		if strings.ContainsRune("*_`~", r) {
			return -1
		}
		return r
	}, raw)
	return strings.TrimLeftFunc(strings.TrimSpace(raw), func(r rune) bool { return !isWordRune(r) })
}

// headingSection names the section a heading opens.
func headingSection(raw string) string {
	text := plainHeading(raw)
	key := strings.ToLower(strings.TrimSpace(strings.TrimRight(text, ": ")))
	switch {
	case key == "status" || statusHeadingRE.MatchString(text):
		return secStatus
	case key == "date":
		return secDate
	case key == "links" || key == "related decisions" || key == "related adrs" || key == "related":
		return secLinks
	}
	return secOther
}

// statusInHeading reads "## Status: Accepted".
func statusInHeading(text string) string {
	text = strings.TrimLeftFunc(text, func(r rune) bool { return !isWordRune(r) })
	if m := statusHeadingRE.FindStringSubmatch(text); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}

// metaLineRE matches "Status: accepted", "* Date: 2020-01-01", "Deciders: A, B"
// (emphasis is already gone: "**Status:** x" reads "Status: x").
var metaLineRE = regexp.MustCompile(`(?i)^\s*(status|date|deciders|decision[- ]makers|decided by)\s*:\s*(.*?)\s*$`)

// dateNoColonRE accepts "Date 09/04/2018", as one moj-cloud-platform ADR writes.
var dateNoColonRE = regexp.MustCompile(`(?i)^\s*date\s+(\d.*?)\s*$`)

// readMetadata reads "Key: value" lines from a preamble block: adr-tools'
// "Date:" paragraph, MADR 2/3 and log4brains bullet lists.
func (p *parser) readMetadata(n ast.Node) {
	eachTextBlock(n, 0, func(b ast.Node) {
		pc := p.pieceOf(b)
		if pc == nil {
			return
		}
		for i, l := range strings.Split(pc.text(), "\n") {
			line := pc.lines[min(i, len(pc.lines)-1)]
			if m := dateNoColonRE.FindStringSubmatch(l); m != nil && p.metaDate == "" {
				p.metaDate = m[1]
				continue
			}
			m := metaLineRE.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			switch key := strings.ToLower(m[1]); key {
			case "status":
				if p.metaStatus.text == "" {
					p.metaStatus = metaValue{text: m[2], line: line}
				}
			case "date":
				if p.metaDate == "" {
					p.metaDate = m[2]
				}
			default:
				p.rec.DecisionMakers = append(p.rec.DecisionMakers, splitNames(m[2])...)
			}
		}
		p.readLinks(pc, "") // "Status: superseded by [..]", log4brains' "- Supersedes [..]"
	})
}

// readCodeBlocks finds ```archdrift constraint blocks and ```rego policies
// anywhere in the document.
func (p *parser) readCodeBlocks(doc ast.Node) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		fc, ok := n.(*ast.FencedCodeBlock)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		lang := strings.ToLower(string(fc.Language(p.md)))
		if lang != "archdrift" && lang != "rego" {
			return ast.WalkSkipChildren, nil
		}
		fence := p.lines.line(fc.Pos())
		if fc.Info != nil {
			fence = p.lines.line(fc.Info.Segment.Start)
		}
		var b strings.Builder
		segs := fc.Lines()
		for i := range segs.Len() {
			seg := segs.At(i)
			b.Write(seg.Value(p.md))
		}
		content := b.String()
		first := fence // an empty block's problems point at its fence
		if segs.Len() > 0 {
			first = p.lines.line(segs.At(0).Start)
		}
		if lang == "archdrift" {
			cs, probs := parseConstraintBlock(&p.rec, content, first)
			if segs.Len() > 0 {
				// A block inside a list item is indented; YAML columns
				// count from the indentation goldmark removed.
				indent := p.lines.column(segs.At(0).Start) - 1
				for i := range probs {
					if probs[i].Column > 0 {
						probs[i].Column += indent
					}
				}
			}
			p.rec.Constraints = append(p.rec.Constraints, cs...)
			p.probs = append(p.probs, probs...)
		} else if pkg, ok := regoPackage(content); ok {
			p.rec.Rego = append(p.rec.Rego, RegoBlock{Line: fence, Package: pkg, Source: content})
		}
		return ast.WalkSkipChildren, nil
	})
}

var regoPackageRE = regexp.MustCompile(`(?m)^[ \t]*package[ \t]+([A-Za-z0-9_.]+)`)

// regoPackage reports whether a rego block is an archdrift policy: only
// packages under archdrift.adr are, so Rego quoted as an example (a
// Gatekeeper rule in an ADR about Gatekeeper) is left alone.
func regoPackage(src string) (string, bool) {
	m := regoPackageRE.FindStringSubmatch(src)
	if m == nil {
		return "", false
	}
	return m[1], m[1] == "archdrift.adr" || strings.HasPrefix(m[1], "archdrift.adr.")
}

// finish settles the fields read from several places: status and date (front
// matter, then the metadata under the title, then a section), the number
// (file name, then title) and the links' numbers.
func (p *parser) finish() {
	st := p.fmStatus
	for _, c := range []metaValue{p.metaStatus, p.sectionStatus} {
		if st.text == "" {
			st = c
		}
	}
	if st.text != "" && st == p.fmStatus {
		// Front matter statuses can carry links too ("superseded by
		// [ADR-0005](0005-x.md)"): read them as Markdown at that line.
		if pc := p.newPiece([]byte(st.text), []int{st.line}); pc != nil {
			p.readLinks(pc, "")
		}
	}
	p.rec.StatusText, p.rec.StatusLine = st.text, st.line
	p.rec.Status = ClassifyStatus(st.text)
	if isPlaceholder(st.text) {
		// A template's "[proposed | … | superseded by [ADR-0005](…)]" left
		// in: neither its words nor its example link mean anything.
		p.rec.Status = StatusUnknown
		p.rec.Links = slices.DeleteFunc(p.rec.Links, func(l Link) bool { return l.Line == st.line })
	}
	for _, l := range p.rec.Links {
		if l.Kind == LinkSupersededBy {
			p.rec.Status = StatusSuperseded
		}
	}

	for _, d := range []string{p.fmDate, p.metaDate, p.sectionDate} {
		if p.rec.Date == "" {
			p.rec.Date = d
		}
	}

	if n, rest, ok := splitTitleNumber(p.rec.Title); ok {
		p.rec.Title = rest
		switch {
		case p.rec.Number == NoNumber:
			p.rec.Number = n
		case n != p.rec.Number:
			p.problem(p.rec.Line, 0, "the title says ADR %d but the file name says %d", n, p.rec.Number)
		}
	}
	if p.rec.Title == "" {
		base := path.Base(p.rec.File)
		p.rec.Title = strings.TrimSuffix(base, path.Ext(base))
	}
	slices.SortStableFunc(p.probs, compareProblems)
}

// isPlaceholder reports whether a status is a template's list of choices.
func isPlaceholder(status string) bool {
	return strings.Contains(status, "|")
}

// addLink records a link once.
func (p *parser) addLink(l Link) {
	for _, have := range p.rec.Links {
		if have.Kind == l.Kind && have.Target == l.Target {
			return
		}
	}
	p.rec.Links = append(p.rec.Links, l)
}

// textLinkRE matches a link written without Markdown link syntax:
// "Superseded by ADR-0123", "supersedes 36".
var textLinkRE = regexp.MustCompile(`(?i)\b((?:supersed|superced|superseed)ed by|replaced by|supersedes|supercedes|replaces|amended by|amends|clarified by|clarifies)\s*:?\s+((?:adr|decision)?[\s#_-]*\d{1,6})\b`)

// readLinks finds lifecycle links in one piece of text: a Markdown link after
// a phrase that names its kind ("Superceded by [3. X](0003-x.md)"), or a bare
// reference after one ("superseded by ADR-0123"). A link with no phrase gets
// kind def ("" drops it).
func (p *parser) readLinks(pc *piece, def string) {
	var before strings.Builder
	prev := ""
	line := pc.lines[0] // the line being read
	endLine := func() {
		for _, m := range textLinkRE.FindAllStringSubmatch(before.String(), -1) {
			ref := strings.TrimSpace(m[2])
			n, _ := refNumber(ref)
			p.addLink(Link{Kind: linkKind(m[1]), Target: ref, Number: n, Line: line})
		}
		before.Reset()
		prev = ""
	}
	var walk func(n ast.Node, depth int)
	walk = func(n ast.Node, depth int) {
		if depth > maxInlineDepth {
			return
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				line = pc.line(c.Segment.Start)
				before.Write(c.Segment.Value(pc.src))
				if c.SoftLineBreak() || c.HardLineBreak() {
					endLine()
				}
			case *ast.String:
				before.Write(c.Value)
			case *ast.Link, *ast.AutoLink:
				target, label := "", ""
				if l, ok := c.(*ast.Link); ok {
					target, label = string(l.Destination), pc.inlineText(l)
				} else {
					target = string(c.(*ast.AutoLink).URL(pc.src))
				}
				kind := linkKind(before.String())
				if kind == "" && joinerOnly(before.String()) {
					kind = prev // "Amended by [9](..), [10](..)"
				}
				if kind == "" && def != "" && looksLikeADR(target, label) {
					kind = def
				}
				if kind != "" {
					if target == "" {
						target = label
					}
					n, ok := targetNumber(target)
					if !ok {
						n, _ = refNumber(label)
					}
					p.addLink(Link{Kind: kind, Target: target, Number: n, Line: pc.firstLine(c, line)})
				}
				prev = kind
				before.Reset()
			case *ast.RawHTML, *strikethrough:
			default:
				walk(c, depth+1)
			}
		}
	}
	pc.eachBlock(func(b ast.Node) {
		walk(b, 0)
		endLine()
	})
}

// joinerOnly reports whether the text between two links only joins them.
func joinerOnly(s string) bool {
	s = strings.ToLower(strings.TrimSpace(strings.Trim(strings.TrimSpace(s), ",;&")))
	return s == "" || s == "and" || s == "or"
}

// looksLikeADR reports whether an unlabelled link in a Links section points
// at a decision rather than at a web page.
func looksLikeADR(target, label string) bool {
	if strings.HasSuffix(strings.ToLower(targetBase(target)), ".md") {
		return true
	}
	_, ok := refNumber(label)
	return ok && strings.Contains(strings.ToLower(label), "adr")
}

// eachTextBlock calls fn for every paragraph, text block and heading inside n
// (list items hold text blocks), to a bounded depth. Code is not text.
func eachTextBlock(n ast.Node, depth int, fn func(ast.Node)) {
	if depth > maxInlineDepth {
		return
	}
	switch n.Kind() {
	case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading:
		fn(n)
		return
	case ast.KindFencedCodeBlock, ast.KindCodeBlock, ast.KindHTMLBlock:
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		eachTextBlock(c, depth+1, fn)
	}
}

// rawText is the Markdown source of a block's lines, for decisions that need
// no inline parsing (which section a heading opens).
func (p *parser) rawText(n ast.Node) string {
	var b strings.Builder
	segs := n.Lines()
	for i := range segs.Len() {
		seg := segs.At(i)
		b.Write(seg.Value(p.md))
	}
	return strings.TrimSpace(b.String())
}

// lineOf is the line a block starts on.
func (p *parser) lineOf(n ast.Node) int {
	if l := n.Lines(); l != nil && l.Len() > 0 {
		return p.lines.line(l.At(0).Start)
	}
	return p.lines.line(n.Pos())
}

// collapse joins the lines of a text and squeezes its spaces.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func isWordRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func compareProblems(a, b Problem) int {
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	if a.Column != b.Column {
		return a.Column - b.Column
	}
	return strings.Compare(a.Message, b.Message)
}
