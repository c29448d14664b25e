package adr

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	gmparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Bounds on what hostile Markdown can cost. goldmark's block parser slows
// down with nesting depth and its inline parser is quadratic on some inputs
// ("[a](" repeated), so the block pass sees no line nested too deep and the
// inline pass sees at most inlineBudget bytes per file.
const (
	maxNesting     = 12       // estimated container depth a line may open
	inlineBudget   = 32 << 10 // bytes of title, metadata, Status and Links text
	maxInlineDepth = 64       // nested emphasis and links walked
)

type strikethrough = extast.Strikethrough

// newBlockParser reads block structure only: headings, paragraphs, lists,
// fenced code. With no inline parsers every line is plain text, which keeps
// it linear.
func newBlockParser() gmparser.Parser {
	return gmparser.NewParser(gmparser.WithBlockParsers(gmparser.DefaultBlockParsers()...))
}

// newInlineParser is full CommonMark plus strikethrough ("~~Proposed~~
// Accepted" is accepted), used on small pieces of text.
func newInlineParser() gmparser.Parser {
	return goldmark.New(goldmark.WithExtensions(extension.Strikethrough)).Parser()
}

// markdown holds goldmark's parsers for the ADRs of one Load: a parser is
// dozens of kilobytes of tables to build, and a folder has hundreds of
// files. Each is made when first needed. Not for concurrent use.
type markdown struct {
	block, inline gmparser.Parser
}

func newMarkdown() *markdown { return &markdown{} }

func (md *markdown) blocks() gmparser.Parser {
	if md.block == nil {
		md.block = newBlockParser()
	}
	return md.block
}

func (md *markdown) inlines() gmparser.Parser {
	if md.inline == nil {
		md.inline = newInlineParser()
	}
	return md.inline
}

// piece is the text of one block, parsed for inlines on its own, with the
// file line of each of its lines.
type piece struct {
	src   []byte
	lines []int
	index lineIndex
	doc   ast.Node
}

// pieceOf parses the inline content of a heading, paragraph or text block,
// or returns nil once the file's inline budget is spent.
func (p *parser) pieceOf(n ast.Node) *piece {
	segs := n.Lines()
	if segs.Len() == 0 {
		return nil
	}
	var src []byte
	var lines []int
	if h, ok := n.(*ast.Heading); ok {
		// Parsed alone, "1. Title" would be a list: keep it a heading.
		src = append(src, strings.Repeat("#", h.Level)+" "...)
		src = append(src, collapse(p.rawText(h))...)
		lines = []int{p.lineOf(h)}
	} else {
		for i := range segs.Len() {
			seg := segs.At(i)
			v := seg.Value(p.md)
			if i == 0 {
				v = bytes.TrimLeft(v, " \t")
			}
			src = append(src, bytes.TrimRight(v, "\r\n")...)
			src = append(src, '\n')
			lines = append(lines, p.lines.line(seg.Start))
		}
	}
	return p.newPiece(src, lines)
}

func (p *parser) newPiece(src []byte, lines []int) *piece {
	if len(src) > p.budget {
		if p.budget >= 0 {
			p.problem(lines[0], 0, "the title, metadata, Status and Links sections hold more than %d KiB of text; the rest is not read", inlineBudget>>10)
			p.budget = -1
		}
		return nil
	}
	p.budget -= len(src)
	return &piece{
		src:   src,
		lines: lines,
		index: newLineIndex(src),
		doc:   p.gm.inlines().Parse(text.NewReader(src)),
	}
}

// line is the file line of an offset into the piece.
func (pc *piece) line(off int) int {
	return pc.lines[min(max(pc.index.line(off)-1, 0), len(pc.lines)-1)]
}

// firstLine is the file line of an inline node, found from its first text.
func (pc *piece) firstLine(n ast.Node, def int) int {
	line := def
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			line = pc.line(t.Segment.Start)
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return line
}

// eachBlock calls fn for the text blocks the piece parsed into (one, unless
// the text looked like other blocks when read on its own).
func (pc *piece) eachBlock(fn func(ast.Node)) {
	eachTextBlock(pc.doc, 0, fn)
}

// text renders the piece as plain text, one line per source line.
func (pc *piece) text() string {
	var b strings.Builder
	pc.eachBlock(func(n ast.Node) {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		pc.writeInline(&b, n, 0)
	})
	return b.String()
}

// inlineText renders the plain text of one inline node.
func (pc *piece) inlineText(n ast.Node) string {
	var b strings.Builder
	pc.writeInline(&b, n, 0)
	return b.String()
}

// writeInline writes the plain text of n's inline content. Struck-out text
// and HTML comments (MADR's "<!-- optional -->") are dropped.
func (pc *piece) writeInline(b *strings.Builder, n ast.Node, depth int) {
	if depth > maxInlineDepth {
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(pc.src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(pc.src))
		case *ast.RawHTML, *strikethrough:
		default:
			pc.writeInline(b, c, depth+1)
		}
	}
}

// flattenDeepLines blanks the lines whose block nesting or indentation is
// beyond any document's (">>>>…", "- - - - …"), keeping offsets, and
// returns the first such line and how many there were. src is copied only
// when a line is blanked.
func flattenDeepLines(md, src []byte) ([]byte, int, int) {
	out, first, n := md, 0, 0
	start, line := 0, 1
	for start < len(md) {
		end := bytes.IndexByte(md[start:], '\n')
		if end < 0 {
			end = len(md)
		} else {
			end += start
		}
		if tooDeep(md[start:end]) {
			if n == 0 {
				first = line
				if &out[0] == &src[0] {
					out = bytes.Clone(md)
				}
			}
			n++
			for i := start; i < end; i++ {
				if out[i] != '\r' {
					out[i] = ' '
				}
			}
		}
		start, line = end+1, line+1
	}
	return out, first, n
}

// tooDeep reports whether a line opens a container nested deeper than
// maxNesting. Depth is estimated as the markers on the line plus one level per
// two columns of indentation before and between them: an upper bound for
// "- " lists, close enough for the rest. Lines that open no container only
// continue those already open and are never too deep.
func tooDeep(line []byte) bool {
	markers, col := 0, 0
	for i := 0; i < len(line); {
		switch c := line[i]; {
		case c == ' ':
			col++
			i++
			continue
		case c == '\t':
			col += 4 - col%4
			i++
			continue
		case c == '>':
			i++
		case (c == '-' || c == '*' || c == '+') && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t'):
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 10 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j == len(line) || (line[j] != '.' && line[j] != ')') || (j+1 < len(line) && line[j+1] != ' ' && line[j+1] != '\t') {
				return false
			}
			i = j + 1
		default:
			return false
		}
		markers++
		if markers+col/2 > maxNesting {
			return true
		}
	}
	return false
}
