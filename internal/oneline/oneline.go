// Package oneline keeps text from the repository on one line. Writers of
// models and reports put names and descriptions a pull request controls into
// line-oriented formats (DSL, Mermaid, LikeC4, Markdown tables, Graphviz
// labels); a newline in a name must not start a line of its own there.
package oneline

import "strings"

// Text replaces control characters (newlines included) and the Unicode line
// and paragraph separators with spaces.
func Text(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 || r == 0x85 {
			return ' '
		}
		return r
	}, s)
}
