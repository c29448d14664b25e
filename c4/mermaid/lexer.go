package mermaid

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// tokenKind tells the lexemes of a C4 diagram apart. Outside parentheses
// the lexer yields words, braces and line ends; between the parentheses of
// a macro call it yields arguments: quoted strings, $key=value pairs, bare
// text, commas and the closing parenthesis.
type tokenKind uint8

const (
	tokWord    tokenKind = iota // macro names and keywords: Person, title …
	tokLParen                   // (
	tokRParen                   // )
	tokComma                    // ,
	tokLBrace                   // {
	tokRBrace                   // }
	tokString                   // "quoted" argument
	tokBare                     // unquoted argument
	tokNamed                    // $key="value": key in text, value in val
	tokNewline                  // end of a line
	tokOther                    // a character that starts no token
	tokEOF
)

// token is one lexeme with the file position of its first character.
type token struct {
	kind tokenKind
	text string
	val  string
	line int
	col  int
}

// lineOrigin is where a line of the diagram starts in its file: line n of
// a .mmd file is line n, column 1; a line of a Markdown fence starts where
// the fence's content does.
type lineOrigin struct{ line, col int }

// lexer reads one diagram. Positions are counted in the diagram (line,
// column in characters) and mapped to the file through origins.
type lexer struct {
	file    string
	src     string
	origins []lineOrigin
	off     int
	line    int
	col     int
}

func newLexer(file, src string, origins []lineOrigin) *lexer {
	return &lexer{file: file, src: src, origins: origins, line: 1, col: 1}
}

// at maps a diagram position to the file.
func (l *lexer) at(line, col int) (int, int) {
	if line-1 < len(l.origins) {
		o := l.origins[line-1]
		return o.line, o.col + col - 1
	}
	return line, col
}

func (l *lexer) tok(kind tokenKind, text string, line, col int) token {
	fl, fc := l.at(line, col)
	return token{kind: kind, text: text, line: fl, col: fc}
}

func (l *lexer) errorf(line, col int, format string, args ...any) *Error {
	fl, fc := l.at(line, col)
	return &Error{File: l.file, Line: fl, Column: fc, Msg: fmt.Sprintf(format, args...)}
}

func (l *lexer) peek() rune {
	if l.off >= len(l.src) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(l.src[l.off:])
	return r
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

func (l *lexer) skipSpaces() {
	for r := l.peek(); r == ' ' || r == '\t' || r == '\r' || r == '\uFEFF'; r = l.peek() {
		l.advance()
	}
}

// skipComment consumes "%%" and the rest of its line (directives such as
// %%{init: …}%% included).
func (l *lexer) skipComment() bool {
	if !strings.HasPrefix(l.src[l.off:], "%%") {
		return false
	}
	for r := l.peek(); r != -1 && r != '\n'; r = l.peek() {
		l.advance()
	}
	return true
}

func isWordStart(r rune) bool {
	return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

func isWordRune(r rune) bool { return isWordStart(r) || r >= '0' && r <= '9' }

// next returns the next token outside parentheses.
func (l *lexer) next() token {
	for {
		l.skipSpaces()
		if !l.skipComment() {
			break
		}
	}
	line, col := l.line, l.col
	r := l.peek()
	switch {
	case r == -1:
		return l.tok(tokEOF, "", line, col)
	case r == '\n':
		l.advance()
		return l.tok(tokNewline, "", line, col)
	case r == '(':
		l.advance()
		return l.tok(tokLParen, "(", line, col)
	case r == ')':
		l.advance()
		return l.tok(tokRParen, ")", line, col)
	case r == '{':
		l.advance()
		return l.tok(tokLBrace, "{", line, col)
	case r == '}':
		l.advance()
		return l.tok(tokRBrace, "}", line, col)
	case r == ',':
		l.advance()
		return l.tok(tokComma, ",", line, col)
	case isWordStart(r):
		start := l.off
		for isWordRune(l.peek()) {
			l.advance()
		}
		return l.tok(tokWord, l.src[start:l.off], line, col)
	}
	l.advance()
	return l.tok(tokOther, string(r), line, col)
}

// restOfLine consumes the text up to the end of the line (title, accTitle
// …) and returns it trimmed.
func (l *lexer) restOfLine() string {
	start := l.off
	for r := l.peek(); r != -1 && r != '\n'; r = l.peek() {
		l.advance()
	}
	return strings.TrimSpace(l.src[start:l.off])
}

// skipTo consumes everything up to and including the rune stop (the "}"
// of a multi-line accDescr), reporting false at the end of the input.
func (l *lexer) skipTo(stop rune) bool {
	for {
		r := l.advance()
		if r == -1 {
			return false
		}
		if r == stop {
			return true
		}
	}
}

// arg returns the next token between the parentheses of a macro call.
// White space, line breaks and comments between arguments are skipped.
func (l *lexer) arg() (token, error) {
	for {
		r := l.peek()
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == '\uFEFF' {
			l.advance()
			continue
		}
		if l.skipComment() {
			continue
		}
		break
	}
	line, col := l.line, l.col
	switch r := l.peek(); r {
	case -1:
		return l.tok(tokEOF, "", line, col), nil
	case ')':
		l.advance()
		return l.tok(tokRParen, ")", line, col), nil
	case ',':
		l.advance()
		return l.tok(tokComma, ",", line, col), nil
	case '"':
		s, err := l.quoted()
		if err != nil {
			return token{}, err
		}
		return l.tok(tokString, s, line, col), nil
	case '$':
		l.advance()
		start := l.off
		for r := l.peek(); r != -1 && r != '=' && r != ',' && r != ')' && r != '\n'; r = l.peek() {
			l.advance()
		}
		key := strings.TrimSpace(l.src[start:l.off])
		if l.peek() != '=' {
			return token{}, l.errorf(line, col, "named argument $%s has no value: write $%s=\"value\"", key, key)
		}
		l.advance()
		l.skipSpaces()
		var val string
		if l.peek() == '"' {
			s, err := l.quoted()
			if err != nil {
				return token{}, err
			}
			val = s
		} else {
			val = l.bare()
		}
		t := l.tok(tokNamed, key, line, col)
		t.val = val
		return t, nil
	}
	return l.tok(tokBare, l.bare(), line, col), nil
}

// quoted reads a "string". Mermaid has no escapes: a string ends at the
// next quote, which may be on a later line.
func (l *lexer) quoted() (string, error) {
	line, col := l.line, l.col
	l.advance()
	start := l.off
	for {
		switch l.peek() {
		case -1:
			return "", l.errorf(line, col, "string is never closed: add a closing \"")
		case '"':
			s := l.src[start:l.off]
			l.advance()
			return s, nil
		}
		l.advance()
	}
}

// bare reads an unquoted argument up to the next comma, closing
// parenthesis or line end.
func (l *lexer) bare() string {
	start := l.off
	for r := l.peek(); r != -1 && r != ',' && r != ')' && r != '\n'; r = l.peek() {
		l.advance()
	}
	return strings.TrimSpace(l.src[start:l.off])
}
