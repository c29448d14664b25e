package likec4

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// tokenKind tells LikeC4 lexemes apart. The language is free-form: line
// breaks are white space.
type tokenKind uint8

const (
	tokID        tokenKind = iota // names, kinds and keywords: [_]*[a-zA-Z][-\w]*
	tokString                     // 'quoted', "quoted", '''markdown'''
	tokTag                        // #tag (text without the #)
	tokArrow                      // ->
	tokKindOpen                   // -[
	tokKindClose                  // ]->
	tokPunct                      // { } = : ; , . [ ] ( ) * and the like
	tokNumber                     // 12
	tokEOF
)

// token is one lexeme with the position of its first character.
type token struct {
	kind tokenKind
	text string
	line int
	col  int
	// space is true when white space or a comment precedes the token: a
	// "." after a space starts a relationship kind (a .uses b), one
	// without continues a reference (a.b).
	space bool
}

func (t token) is(kind tokenKind, text string) bool { return t.kind == kind && t.text == text }

func (t token) String() string {
	switch t.kind {
	case tokEOF:
		return "end of file"
	case tokString:
		return "string"
	case tokTag:
		return "#" + t.text
	}
	return fmt.Sprintf("%q", t.text)
}

type lexer struct {
	file   string
	src    string
	off    int
	line   int
	col    int
	budget *int // tokens left over every file of one model
}

func newLexer(file, src string, budget *int) *lexer {
	return &lexer{file: file, src: src, line: 1, col: 1, budget: budget}
}

func (l *lexer) errorf(line, col int, format string, args ...any) *Error {
	return &Error{File: l.file, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

func (l *lexer) peekAt(i int) byte {
	if l.off+i >= len(l.src) {
		return 0
	}
	return l.src[l.off+i]
}

func (l *lexer) advance() rune {
	if l.off >= len(l.src) {
		return -1
	}
	r, n := utf8.DecodeRuneInString(l.src[l.off:])
	l.off += n
	if r == '\n' {
		l.line++
		l.col = 1
	} else {
		l.col++
	}
	return r
}

// skip consumes white space and comments, reporting whether there were any.
func (l *lexer) skip() (bool, error) {
	skipped := false
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			l.advance()
		case strings.HasPrefix(l.src[l.off:], "\uFEFF"):
			l.advance()
		case strings.HasPrefix(l.src[l.off:], "//"):
			for l.off < len(l.src) && l.src[l.off] != '\n' {
				l.advance()
			}
		case strings.HasPrefix(l.src[l.off:], "/*"):
			line, col := l.line, l.col
			end := strings.Index(l.src[l.off+2:], "*/")
			if end < 0 {
				return skipped, l.errorf(line, col, "comment is never closed: add */")
			}
			for stop := l.off + 2 + end + 2; l.off < stop; {
				l.advance()
			}
		default:
			return skipped, nil
		}
		skipped = true
	}
	return skipped, nil
}

func isIDStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isIDRune(c byte) bool { return isIDStart(c) || c >= '0' && c <= '9' || c == '_' }

// next returns the next token.
func (l *lexer) next() (token, error) {
	space, err := l.skip()
	if err != nil {
		return token{}, err
	}
	t := token{line: l.line, col: l.col, space: space}
	if l.off >= len(l.src) {
		t.kind = tokEOF
		return t, nil
	}
	if *l.budget <= 0 {
		return token{}, l.errorf(t.line, t.col, "the model has more than %d tokens: split or simplify it", maxTokens)
	}
	*l.budget--
	c := l.src[l.off]
	switch {
	case c == '\'' || c == '"':
		s, err := l.quoted()
		if err != nil {
			return token{}, err
		}
		t.kind, t.text = tokString, s
		return t, nil
	case c == '_' || isIDStart(c):
		if id := l.id(); id != "" {
			t.kind, t.text = tokID, id
			return t, nil
		}
	case c == '#':
		l.advance()
		start := l.off
		for l.off < len(l.src) && (isIDRune(l.src[l.off]) || l.src[l.off] == '-') {
			l.advance()
		}
		t.kind, t.text = tokTag, l.src[start:l.off]
		if t.text == "" {
			t.kind, t.text = tokPunct, "#"
		}
		return t, nil
	case c >= '0' && c <= '9':
		start := l.off
		for l.off < len(l.src) && (isIDRune(l.src[l.off]) || l.src[l.off] == '%') {
			l.advance()
		}
		t.kind, t.text = tokNumber, l.src[start:l.off]
		return t, nil
	case strings.HasPrefix(l.src[l.off:], "->"):
		l.advance()
		l.advance()
		t.kind, t.text = tokArrow, "->"
		return t, nil
	case strings.HasPrefix(l.src[l.off:], "-["):
		l.advance()
		l.advance()
		t.kind, t.text = tokKindOpen, "-["
		return t, nil
	case strings.HasPrefix(l.src[l.off:], "]->"):
		for range 3 {
			l.advance()
		}
		t.kind, t.text = tokKindClose, "]->"
		return t, nil
	}
	r := l.advance()
	t.kind, t.text = tokPunct, string(r)
	return t, nil
}

// id reads [_]*[a-zA-Z][-\w]*. A "-" is part of the name only when a
// name character follows, so "a->b" is a, ->, b.
func (l *lexer) id() string {
	start, line, col, off := l.off, l.line, l.col, l.off
	for l.off < len(l.src) && l.src[l.off] == '_' {
		l.advance()
	}
	if l.off >= len(l.src) || !isIDStart(l.src[l.off]) {
		l.off, l.line, l.col = off, line, col
		return ""
	}
	for l.off < len(l.src) {
		c := l.src[l.off]
		if isIDRune(c) || c == '-' && l.off+1 < len(l.src) && isIDRune(l.src[l.off+1]) {
			l.advance()
			continue
		}
		break
	}
	return l.src[start:l.off]
}

// quoted reads a string in single or double quotes, or a ”'markdown”'
// (""") block. A backslash escapes the quote; strings may span lines.
func (l *lexer) quoted() (string, error) {
	line, col := l.line, l.col
	q := l.src[l.off]
	if strings.HasPrefix(l.src[l.off:], strings.Repeat(string(q), 3)) {
		l.advance()
		l.advance()
		l.advance()
		end := strings.Index(l.src[l.off:], strings.Repeat(string(q), 3))
		if end < 0 {
			return "", l.errorf(line, col, "text block is never closed: add %s", strings.Repeat(string(q), 3))
		}
		s := l.src[l.off : l.off+end]
		for stop := l.off + end + 3; l.off < stop; {
			l.advance()
		}
		return dedent(s), nil
	}
	l.advance()
	var sb strings.Builder
	for {
		if l.off >= len(l.src) {
			return "", l.errorf(line, col, "string is never closed: add a closing %c", q)
		}
		c := l.src[l.off]
		if c == '\\' && l.off+1 < len(l.src) && (l.src[l.off+1] == q || l.src[l.off+1] == '\\') {
			l.advance()
			sb.WriteByte(l.src[l.off])
			l.advance()
			continue
		}
		if c == q {
			l.advance()
			return sb.String(), nil
		}
		sb.WriteRune(l.advance())
	}
}

// raw reads the next run of non-space characters (a link URI or an icon),
// after white space on the same line.
func (l *lexer) raw() string {
	for l.off < len(l.src) && (l.src[l.off] == ' ' || l.src[l.off] == '\t') {
		l.advance()
	}
	start := l.off
	for l.off < len(l.src) && !strings.ContainsRune(" \t\r\n;", rune(l.src[l.off])) {
		l.advance()
	}
	return l.src[start:l.off]
}

// dedent removes the indentation the lines of a text block share, and its
// blank first and last lines.
func dedent(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
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
		if indent > 0 && len(ln) >= indent {
			lines[i] = ln[indent:]
		} else {
			lines[i] = strings.TrimLeft(ln, " \t")
		}
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
