package adr

import (
	"strings"
	"testing"
)

// TestHostileMarkdown feeds Parse 1 MiB inputs that made goldmark take from
// minutes to most of an hour before the block-only pass, the nesting cap and
// the inline budget. Each now takes well under a second; the bound is far
// looser so that a busy shared runner does not fail it, and still catches the
// quadratic cases coming back.
func TestHostileMarkdown(t *testing.T) {
	n := MaxFileSize - 64
	fill := func(prefix, pat string) string { return prefix + strings.Repeat(pat, (n-len(prefix))/len(pat)) }
	var growing strings.Builder
	for i := 0; growing.Len() < n; i++ {
		growing.WriteString(strings.Repeat(" ", 2*(i%40)) + "- x\n")
	}
	tests := map[string]string{
		"nested quotes on one line":      fill("", ">"),
		"nested ordered lists":           fill("", "1. "),
		"lists nested by indentation":    growing.String(),
		"unclosed link destinations":     fill("# T\n\n", "[a]("),
		"unclosed links in Status":       fill("# T\n\n## Status\n\n", "[a]("),
		"unclosed links in headings":     fill("", "## Status: [a](\n"),
		"many constraint blocks":         fill("", "```archdrift\n- deny: \"A -> B\"\n```\n"),
		"deep YAML in a constraint":      "```archdrift\n" + strings.Repeat("[", n-32) + "\n```\n",
		"alias bomb in a constraint":     "```archdrift\n- &a [x,x,x,x,x,x,x,x,x]\n- &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n- &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n- &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n- &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n- &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n```\n",
		"front matter alias bomb":        "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nstatus: *d\n---\n",
		"one long emphasis run":          fill("", "*a_"),
		"setext headings":                fill("", "a\n=\n"),
		"bullets with links in preamble": fill("# T\n\n", "* Status: superseded by [a](b.md)\n"),
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			if len(src) > MaxFileSize {
				t.Fatalf("input of %d bytes would be skipped, not parsed", len(src))
			}
			// Parsing must end (a quadratic or worse parser would blow
			// go test's timeout) and say something about the file.
			rec, _ := Parse("0001-x.md", []byte(src))
			if rec.File != "0001-x.md" {
				t.Errorf("Parse lost the file name: %+v", rec.File)
			}
		})
	}
}

func TestDeepLinesAreReported(t *testing.T) {
	src := "# 1. X\n\n## Status\n\nAccepted\n\n" + strings.Repeat("> ", 40) + "deep\n"
	rec, probs := Parse("0001-x.md", []byte(src))
	if rec.Status != StatusAccepted {
		t.Errorf("status = %q, want accepted: the rest of the file is still read", rec.Status)
	}
	checkProblems(t, probs, []string{"7: 1 line(s) nest lists or quotes more than 12 levels deep"})
}
