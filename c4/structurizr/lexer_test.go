package structurizr

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// lexAll renders every token as "line:col kind text", newlines as "NL".
func lexAll(t *testing.T, src string) []string {
	t.Helper()
	budget := maxTokens
	l := newLexer("f.dsl", decodeSource([]byte(src)), &budget)
	var out []string
	for {
		tok, err := l.next()
		if err != nil {
			t.Fatalf("next: %v", err)
		}
		switch tok.kind {
		case tokEOF:
			return out
		case tokNewline:
			out = append(out, "NL")
		case tokString:
			out = append(out, fmt.Sprintf("%d:%d str %s", tok.line, tok.col, tok.text))
		default:
			out = append(out, fmt.Sprintf("%d:%d %s", tok.line, tok.col, tok.text))
		}
	}
}

func TestLexer(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string
	}{
		{"words and strings", `a = softwareSystem "Shop X" "B"{`, []string{
			"1:1 a", "1:3 =", "1:5 softwareSystem", "1:20 str Shop X", "1:29 str B", "1:32 {"}},
		{"empty string and escapes", `x "" "say \"hi\"" "C:\path"`, []string{
			"1:1 x", "1:3 str ", "1:6 str say \"hi\"", "1:19 str C:\\path"}},
		{"hash comment only first on a line", "# comment\nbackground #ffffff\n  # indented comment\n", []string{
			"NL", "2:1 background", "2:12 #ffffff", "NL", "NL"}},
		{"slash comments", "a // trailing\nurl https://x.org/a//b\n", []string{
			"1:1 a", "NL", "2:1 url", "2:5 https://x.org/a//b", "NL"}},
		{"block comments", "a /* one */ b\n/* two\nlines */ c\n", []string{
			"1:1 a", "1:13 b", "NL", "3:10 c", "NL"}},
		{"continuation", "a = \\\n    container \\\n    \"Long \\\n    Name\"\n", []string{
			"1:1 a", "1:3 =", "2:5 container", "3:5 str Long Name", "NL"}},
		{"continuation joins words", "ab\\\ncd\n", []string{"1:1 abcd", "NL"}},
		{"text block", "d \"\"\"\n    one\n      two\n    \"\"\" e\n", []string{
			"1:1 d", "1:3 str one\n  two", "4:9 e", "NL"}},
		{"arrows", "a -> b\n-> c\na --https-> b\n", []string{
			"1:1 a", "1:3 ->", "1:6 b", "NL", "2:1 ->", "2:4 c", "NL", "3:1 a", "3:3 --https->", "3:13 b", "NL"}},
		{"bom and latin-1", "\xEF\xBB\xBFa \"\xC3\xA9\"\n", []string{"1:1 a", "1:3 str \u00e9", "NL"}},
		{"latin-1 columns count characters", "\"\xe9\xe9\" b\n", []string{"1:1 str \u00e9\u00e9", "1:6 b", "NL"}},
		{"crlf and cr", "a\r\nb\rc\n", []string{"1:1 a", "NL", "2:1 b", "NL", "3:1 c", "NL"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, lexAll(t, tc.src)); diff != "" {
				t.Errorf("tokens (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLexerBudget(t *testing.T) {
	budget := 3
	l := newLexer("f.dsl", strings.Repeat("a ", 10), &budget)
	var err error
	for range 10 {
		if _, err = l.next(); err != nil {
			break
		}
	}
	if err == nil || !strings.Contains(err.Error(), "tokens") {
		t.Errorf("error = %v, want the token budget to stop the lexer", err)
	}
}

func TestDedent(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"\n    a\n    b\n    ", "a\nb"},
		{"\n    a\n\n      b\n", "a\n\n  b"},
		{"single", "single"},
	} {
		if got := dedent(tc.in); got != tc.want {
			t.Errorf("dedent(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
