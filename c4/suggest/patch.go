package suggest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/archdrift/archdrift/c4/structurizr"
	"github.com/archdrift/archdrift/model"
)

// NotObserved is the comment Patch puts above what the model shows but no
// scanner found.
const NotObserved = "// archdrift: not observed"

// Edit is the new content of one file.
type Edit struct {
	File     string
	Old, New []byte
}

// insertion is text to insert at a byte offset (replacing the white
// space up to end, when end > off); seq keeps insertions at one offset in
// the order they were planned.
type insertion struct {
	off, end int
	text     string
	seq      int
}

type source struct {
	name   string
	src    []byte
	starts []int // byte offset of each line
	ins    []insertion
	unit   string // one level of indentation
}

func newSource(name string, src []byte) *source {
	s := &source{name: name, src: src, starts: []int{0}, unit: "    "}
	for i, c := range src {
		if c == '\n' {
			s.starts = append(s.starts, i+1)
		}
	}
	for i := range len(s.starts) {
		if ln := s.line(i + 1); strings.HasPrefix(ln, "\t") {
			s.unit = "\t"
			break
		} else if strings.HasPrefix(ln, " ") {
			break
		}
	}
	return s
}

// line returns line n (1-based) without its line break.
func (s *source) line(n int) string {
	if n < 1 || n > len(s.starts) {
		return ""
	}
	end := len(s.src)
	if n < len(s.starts) {
		end = s.starts[n] - 1
	}
	return strings.TrimRight(string(s.src[s.starts[n-1]:end]), "\r")
}

func (s *source) indent(n int) string {
	ln := s.line(n)
	return ln[:len(ln)-len(strings.TrimLeft(ln, " \t"))]
}

// offset maps a 1-based line and a column counted in characters to a byte
// offset.
func (s *source) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(s.starts) {
		return len(s.src)
	}
	off := s.starts[line-1]
	for c := 1; c < col && off < len(s.src) && s.src[off] != '\n'; c++ {
		_, n := utf8.DecodeRune(s.src[off:])
		off += n
	}
	return off
}

// afterLine is the offset just after line n's line break.
func (s *source) afterLine(n int) int {
	if n < len(s.starts) {
		return s.starts[n]
	}
	return len(s.src)
}

func (s *source) insert(off int, text string) {
	if off == len(s.src) && len(s.src) > 0 && s.src[len(s.src)-1] != '\n' {
		text = "\n" + text
	}
	s.ins = append(s.ins, insertion{off: off, end: off, text: text, seq: len(s.ins)})
}

func (s *source) result() []byte {
	ins := slices.Clone(s.ins)
	slices.SortStableFunc(ins, func(a, b insertion) int { return cmp.Or(cmp.Compare(a.off, b.off), cmp.Compare(a.seq, b.seq)) })
	var out []byte
	last := 0
	for _, in := range ins {
		out = append(out, s.src[last:max(last, in.off)]...)
		out = append(out, in.text...)
		last = max(last, in.end)
	}
	return append(out, s.src[last:]...)
}

func indentLines(lines []string, indent string) string {
	var b strings.Builder
	for _, l := range lines {
		if l == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString(indent + l + "\n")
	}
	return b.String()
}

// Patch applies the plan to the DSL source of ws, whose workspace file is
// main: each element goes before the "}" closing the block of the element
// it belongs in (a block is opened when there is none), people and
// external systems after the last top-level element, relationships after
// the last relationship of model { } (and after every block they refer
// into), and NotObserved goes above each missing element and
// relationship. Only text is inserted, so the files keep their formatting
// and comments. read returns a file's content. Edits are sorted by file;
// files that do not change are left out.
func (p *Plan) Patch(ws *structurizr.Workspace, main string, read func(string) ([]byte, error)) ([]Edit, error) {
	files := map[string]*source{}
	get := func(name string) (*source, error) {
		if s := files[name]; s != nil {
			return s, nil
		}
		b, err := read(name)
		if err != nil {
			return nil, fmt.Errorf("suggest: %s: %w", name, err)
		}
		files[name] = newSource(name, b)
		return files[name], nil
	}
	var modelSpan *structurizr.Span
	elementSpan := map[string]structurizr.Span{}
	var lastTop, lastRel *structurizr.Span
	for i, sp := range ws.Spans {
		switch {
		case sp.What == "model" && sp.File == main:
			modelSpan = &ws.Spans[i]
		case sp.What == "element":
			if _, ok := elementSpan[sp.ID]; !ok {
				elementSpan[sp.ID] = sp
			}
		}
	}
	if modelSpan == nil {
		return nil, fmt.Errorf("suggest: %s has no model block to add to", main)
	}
	inModel := func(sp structurizr.Span) bool {
		return sp.File == main && sp.Line > modelSpan.Line && sp.EndLine < modelSpan.EndLine
	}
	for i, sp := range ws.Spans {
		if !inModel(sp) || sp.In != "" {
			continue
		}
		switch sp.What {
		case "element":
			if e, ok := ws.Graph.Element(sp.ID); ok && e.Parent == "" && (e.Kind == model.KindPerson || e.Kind == model.KindSystem) {
				if lastTop == nil || sp.EndLine > lastTop.EndLine {
					lastTop = &ws.Spans[i]
				}
			}
		case "relationship":
			if lastRel == nil || sp.EndLine > lastRel.EndLine {
				lastRel = &ws.Spans[i]
			}
		}
	}
	ms, err := get(main)
	if err != nil {
		return nil, err
	}
	// Where relationships may go: after every element they can refer to.
	relAfter := 0
	if lastRel != nil {
		relAfter = lastRel.EndLine
	}
	// Elements, by the block they go in.
	byIn := map[string][]Element{}
	var order []string
	for _, e := range p.Elements {
		in := e.In
		if _, ok := elementSpan[in]; !ok {
			in = ""
		}
		if _, seen := byIn[in]; !seen {
			order = append(order, in)
		}
		byIn[in] = append(byIn[in], e)
	}
	for _, in := range order {
		var lines []string
		for _, e := range byIn[in] {
			if e.Comment != "" {
				lines = append(lines, e.Comment)
			}
			lines = append(lines, e.Lines...)
		}
		if in == "" {
			after, indent := modelSpan.Line, ms.indent(modelSpan.Line)+ms.unit
			if lastTop != nil {
				after, indent = lastTop.EndLine, ms.indent(lastTop.Line)
			}
			ms.insert(ms.afterLine(after), indentLines(lines, indent))
			relAfter = max(relAfter, after)
			continue
		}
		sp := elementSpan[in]
		s, err := get(sp.File)
		if err != nil {
			return nil, err
		}
		indent := s.indent(sp.Line)
		switch {
		case !sp.Block:
			s.insert(s.offset(sp.EndLine, sp.EndColumn), " {\n"+indentLines(lines, indent+s.unit)+indent+"}")
		case strings.TrimSpace(string(s.src[s.starts[sp.EndLine-1]:s.offset(sp.EndLine, sp.EndColumn-1)])) == "":
			// The "}" is alone on its line: insert the lines before it.
			s.insert(s.starts[sp.EndLine-1], indentLines(lines, s.indent(sp.EndLine)+s.unit))
		default:
			// "… { }" on one line: open it up, replacing the space
			// between the braces.
			brace := s.offset(sp.EndLine, sp.EndColumn-1)
			start := brace
			for start > 0 && (s.src[start-1] == ' ' || s.src[start-1] == '\t') {
				start--
			}
			s.insert(start, "\n"+indentLines(lines, indent+s.unit)+indent)
			s.ins[len(s.ins)-1].end = brace
		}
		if sp.File == main {
			relAfter = max(relAfter, sp.EndLine)
		}
	}
	if len(p.Relationships) > 0 {
		var lines []string
		for _, r := range p.Relationships {
			lines = append(lines, r.Lines...)
		}
		indent := ms.indent(modelSpan.Line) + ms.unit
		if lastRel != nil {
			indent = ms.indent(lastRel.Line)
		}
		if relAfter == 0 {
			// No relationship and nothing added: before model's "}".
			ms.insert(ms.starts[modelSpan.EndLine-1], indentLines(lines, indent))
		} else {
			ms.insert(ms.afterLine(relAfter), indentLines(lines, indent))
		}
	}
	marked := map[string]bool{}
	for _, m := range p.Missing {
		var sp *structurizr.Span
		switch m.What {
		case "element":
			if s, ok := elementSpan[m.ID]; ok {
				sp = &s
			}
		case "relationship":
			if m.Location == nil {
				continue
			}
			for i, s := range ws.Spans {
				if s.What == "relationship" && s.File == m.Location.File && s.Line == m.Location.Line {
					sp = &ws.Spans[i]
					break
				}
			}
		}
		if sp == nil {
			continue
		}
		s, err := get(sp.File)
		if err != nil {
			return nil, err
		}
		key := fmt.Sprintf("%s:%d", sp.File, sp.Line)
		if marked[key] || strings.TrimSpace(s.line(sp.Line-1)) == NotObserved {
			continue
		}
		marked[key] = true
		s.insert(s.starts[sp.Line-1], s.indent(sp.Line)+NotObserved+"\n")
	}
	var out []Edit
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range files {
			if !yield(n) {
				return
			}
		}
	}) {
		s := files[name]
		if len(s.ins) == 0 {
			continue
		}
		out = append(out, Edit{File: name, Old: s.src, New: s.result()})
	}
	return out, nil
}
