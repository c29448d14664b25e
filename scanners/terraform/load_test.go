package terraform

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// TestNestingDepth checks the depth and the position nestingDepth reports
// against a count of every line and column up to there.
func TestNestingDepth(t *testing.T) {
	deep := strings.Repeat("[", maxNesting+1)
	tests := []struct {
		name string
		src  string
	}{
		{"flat", `resource "aws_sqs_queue" "q" { name = "q" }`},
		{"deep on the first line", deep + "1"},
		{"deep after lines", "a = 1\nb = \"é\"\n\tc = " + deep + strings.Repeat("]", maxNesting+1)},
		{"deep after a newline", "x = {\n" + deep},
		{"closing more than opened", ")))\n" + deep},
		{"exactly as deep as allowed", strings.Repeat("{", maxNesting)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantDepth, wantAt := countNesting([]byte(tt.src))
			depth, at := nestingDepth([]byte(tt.src))
			if depth != wantDepth || at != wantAt {
				t.Errorf("nestingDepth = %d at %+v, want %d at %+v", depth, at, wantDepth, wantAt)
			}
		})
	}
}

// countNesting is nestingDepth tracking the line and byte column of every
// byte on the way.
func countNesting(src []byte) (int, hcl.Range) {
	depth, deepest := 0, 0
	line, col := 1, 1
	var at hcl.Range
	for i, c := range src {
		switch c {
		case '(', '[', '{':
			depth++
			if depth > deepest {
				deepest = depth
				if deepest == maxNesting+1 {
					at = hcl.Range{Start: hcl.Pos{Line: line, Column: col, Byte: i}}
				}
			}
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
		}
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return deepest, at
}
