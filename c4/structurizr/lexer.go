package structurizr

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind tells words, quoted strings and line ends apart. The DSL is line
// oriented: a statement is the tokens of one logical line, and only an
// unquoted "{" at its end opens a block.
type tokenKind uint8

const (
	tokWord    tokenKind = iota // unquoted: keywords, identifiers, "{", "}", "->"
	tokString                   // "quoted" or a """text block"""
	tokNewline                  // end of a logical line
	tokEOF
)

// token is one lexeme with the position of its first character (1-based
// line and column, columns counted in characters).
type token struct {
	kind tokenKind
	text string
	line int
	col  int
	// indent is, for a "{" that opens a block, the column of its
	// statement: a "}" indented differently hints at a missing brace.
	indent int
	// endLine and endCol are just after the token's last character, for
	// tools that edit the source (Workspace.Spans).
	endLine, endCol int
}

func (t token) is(word string) bool {
	return t.kind == tokWord && strings.EqualFold(t.text, word)
}

// lexer splits one file into tokens the way Structurizr does: tokens are
// separated by white space, a quote starts a string only at the start of a
// token, a backslash at the very end of a line joins it with the next, "#"
// starts a comment only as the first token of a line, "//" and "/*" start
// comments at the start of any token.
type lexer struct {
	file string
	src  string
	off  int
	line int
	col  int
	// lineHasToken is false until a token is produced on the current line,
	// so that "#" can be told apart from a colour such as #ffffff.
	lineHasToken bool
	// budget counts tokens across every file of one parse; a hostile input
	// cannot make the parser do unbounded work.
	budget *int
	// included marks a file read through !include, which may not close
	// blocks it did not open.
	included bool
	// misindented is the first "}" indented unlike the statement whose
	// block it closes: where a brace is probably missing.
	misindented *token
	openerLine  int
}

// decodeSource turns file bytes into text: a UTF-8 BOM is dropped, and bytes
// that are not valid UTF-8 are read as ISO-8859-1, which Structurizr users
// on older Windows tool chains still produce.
func decodeSource(b []byte) string {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		b = b[3:]
	}
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) * 2)
	for _, c := range b {
		sb.WriteRune(rune(c)) // ISO-8859-1 maps byte n to code point n
	}
	return sb.String()
}

func newLexer(file, src string, budget *int) *lexer {
	return &lexer{file: file, src: src, line: 1, col: 1, budget: budget}
}

// peekRaw returns the rune at the current offset without consuming it and
// without line-continuation handling.
func (l *lexer) peekRaw() (rune, int) {
	if l.off >= len(l.src) {
		return -1, 0
	}
	r, n := utf8.DecodeRuneInString(l.src[l.off:])
	return r, n
}

// continuation reports whether the input at the current offset is a
// backslash that ends its line, and how many bytes the backslash and line
// break take.
func (l *lexer) continuation() (bool, int) {
	s := l.src[l.off:]
	switch {
	case strings.HasPrefix(s, "\\\n"):
		return true, 2
	case strings.HasPrefix(s, "\\\r\n"):
		return true, 3
	}
	return false, 0
}

// skipContinuations consumes any number of "\<newline>" sequences and the
// indentation of the line that follows each of them: the two lines are one.
func (l *lexer) skipContinuations() {
	for {
		ok, n := l.continuation()
		if !ok {
			return
		}
		l.off += n
		l.line++
		l.col = 1
		for l.off < len(l.src) && (l.src[l.off] == ' ' || l.src[l.off] == '\t') {
			l.off++
			l.col++
		}
	}
}

// peek returns the next rune after line continuations, or -1 at the end.
func (l *lexer) peek() rune {
	l.skipContinuations()
	r, _ := l.peekRaw()
	return r
}

// advance consumes one rune (after continuations), keeping line and column.
func (l *lexer) advance() rune {
	l.skipContinuations()
	r, n := l.peekRaw()
	if n == 0 {
		return -1
	}
	l.off += n
	if r == '\n' {
		l.line++
		l.col = 1
	} else {
		l.col++
	}
	return r
}

func (l *lexer) hasPrefix(p string) bool {
	l.skipContinuations()
	return strings.HasPrefix(l.src[l.off:], p)
}

func isLineBreak(r rune) bool { return r == '\n' || r == '\r' }

func isSpace(r rune) bool { return r != '\n' && r != '\r' && (unicode.IsSpace(r) || r == '\uFEFF') }

// next returns the next token. Errors are syntax errors with a position.
func (l *lexer) next() (token, error) {
	for {
		r := l.peek()
		switch {
		case r == -1:
			return token{kind: tokEOF, line: l.line, col: l.col}, nil
		case isSpace(r):
			l.advance()
			continue
		case isLineBreak(r):
			line, col := l.line, l.col
			l.advance()
			if r == '\r' && l.peek() == '\n' {
				l.advance()
			} else if r == '\r' {
				// a lone CR (old Mac line ends) is a line break too
				l.line++
				l.col = 1
			}
			l.lineHasToken = false
			return token{kind: tokNewline, line: line, col: col}, nil
		case r == '#' && !l.lineHasToken:
			l.skipLine()
			continue
		case l.hasPrefix("//"):
			l.skipLine()
			continue
		case l.hasPrefix("/*"):
			if err := l.skipBlockComment(); err != nil {
				return token{}, err
			}
			continue
		}
		if *l.budget <= 0 {
			return token{}, l.errorf(l.line, l.col, "the workspace has more than %d tokens: split it or simplify it", maxTokens)
		}
		*l.budget--
		l.lineHasToken = true
		if l.hasPrefix(`"""`) {
			return l.textBlock()
		}
		if r == '"' {
			return l.quoted()
		}
		return l.word()
	}
}

func (l *lexer) skipLine() {
	for {
		r := l.peek()
		if r == -1 || isLineBreak(r) {
			return
		}
		l.advance()
	}
}

func (l *lexer) skipBlockComment() error {
	line, col := l.line, l.col
	l.advance()
	l.advance()
	for {
		if l.hasPrefix("*/") {
			l.advance()
			l.advance()
			return nil
		}
		if l.advance() == -1 {
			return l.errorf(line, col, "comment is never closed: add */")
		}
	}
}

func (l *lexer) word() (token, error) {
	t := token{kind: tokWord, line: l.line, col: l.col}
	var sb strings.Builder
	for {
		// peek joins continued lines, so "foo\<newline>bar" is one word, as
		// in Structurizr.
		r := l.peek()
		if r == -1 || isSpace(r) || isLineBreak(r) {
			break
		}
		l.advance()
		sb.WriteRune(r)
		if sb.Len() > maxTokenLen {
			return token{}, l.errorf(t.line, t.col, "word longer than %d bytes", maxTokenLen)
		}
	}
	t.text = sb.String()
	t.endLine, t.endCol = l.line, l.col
	return t, nil
}

func (l *lexer) quoted() (token, error) {
	t := token{kind: tokString, line: l.line, col: l.col}
	l.advance() // opening quote
	var sb strings.Builder
	for {
		r := l.peek()
		switch {
		case r == -1 || isLineBreak(r):
			return token{}, l.errorf(t.line, t.col, "string is never closed: add a closing \" on the same line (or end the line with \\ to continue it)")
		case r == '"':
			l.advance()
			t.text = sb.String()
			t.endLine, t.endCol = l.line, l.col
			return t, nil
		case r == '\\':
			l.advance()
			if l.peek() == '"' {
				l.advance()
				sb.WriteRune('"')
				continue
			}
			sb.WriteRune('\\')
		default:
			l.advance()
			sb.WriteRune(r)
		}
		if sb.Len() > maxTokenLen {
			return token{}, l.errorf(t.line, t.col, "string longer than %d bytes", maxTokenLen)
		}
	}
}

// textBlock reads a """...""" block: the lines between the quotes, with the
// indentation they share removed.
func (l *lexer) textBlock() (token, error) {
	t := token{kind: tokString, line: l.line, col: l.col}
	for range 3 {
		l.advance()
	}
	var sb strings.Builder
	for {
		if l.hasPrefix(`"""`) {
			for range 3 {
				l.advance()
			}
			t.text = dedent(sb.String())
			t.endLine, t.endCol = l.line, l.col
			return t, nil
		}
		r := l.advance()
		if r == -1 {
			return token{}, l.errorf(t.line, t.col, `text block is never closed: add """`)
		}
		sb.WriteRune(r)
		if sb.Len() > maxTokenLen {
			return token{}, l.errorf(t.line, t.col, "text block longer than %d bytes", maxTokenLen)
		}
	}
}

// dedent trims the line break after the opening quotes and the blank last
// line before the closing ones, then removes the indentation every non-blank
// line shares, as Java text blocks do.
func dedent(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	if len(lines) > 1 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	if n := len(lines); n > 1 && strings.TrimSpace(lines[n-1]) == "" {
		lines = lines[:n-1]
	}
	indent := -1
	for _, ln := range lines {
		if strings.TrimSpace(ln) == "" {
			continue
		}
		n := len(ln) - len(strings.TrimLeft(ln, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, ln := range lines {
		if len(ln) >= indent && indent > 0 {
			lines[i] = ln[indent:]
		} else {
			lines[i] = strings.TrimLeft(ln, " \t")
		}
		lines[i] = strings.TrimRight(lines[i], " \t")
	}
	return strings.Join(lines, "\n")
}

// rawBlock consumes the lines of an inline script up to a line holding only
// "}". The lines are not DSL, so they are not tokenised. It is called right
// after the line that opened the block.
func (l *lexer) rawBlock(openLine, openCol int) error {
	for {
		if l.off >= len(l.src) {
			return l.errorf(openLine, openCol, "script block is never closed: add } on a line of its own")
		}
		end := strings.IndexByte(l.src[l.off:], '\n')
		var ln string
		if end < 0 {
			ln = l.src[l.off:]
			l.off = len(l.src)
		} else {
			ln = l.src[l.off : l.off+end]
			l.off += end + 1
		}
		l.line++
		l.col = 1
		if strings.TrimSpace(ln) == "}" {
			l.lineHasToken = false
			return nil
		}
	}
}

func (l *lexer) errorf(line, col int, format string, args ...any) error {
	return errorf(l.file, line, col, format, args...)
}
