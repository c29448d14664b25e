package reporters

import (
	"fmt"
	"io"
	"strings"

	"github.com/archdrift/archdrift/report"
)

// Text is the terminal format: a verdict line, then findings grouped by
// severity with their locations, then what could not be read.
type Text struct{}

// Name implements Reporter.
func (Text) Name() string { return "text" }

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiDim    = "\x1b[2m"
)

// Write implements Reporter.
func (Text) Write(w io.Writer, in Input) error {
	r := in.Report
	paint := func(code, s string) string {
		if !in.Color {
			return s
		}
		return code + s + ansiReset
	}
	var b strings.Builder
	s := r.Summary
	verdict := "no drift"
	if len(r.Findings) > 0 {
		verdict = "drift found"
	}
	fmt.Fprintf(&b, "%s: %s, %s, %s (%d documented, %d observed, %d matched)\n",
		paint(ansiBold, "archdrift: "+verdict),
		plural(s.Errors, "error"), plural(s.Warnings, "warning"), plural(s.Notices, "notice"),
		s.Documented, s.Observed, s.Matched)
	groups := []struct {
		sev   report.Severity
		title string
		color string
	}{
		{report.SeverityError, "Errors", ansiRed},
		{report.SeverityWarning, "Warnings", ansiYellow},
		{report.SeverityNotice, "Notices", ansiCyan},
	}
	width := 0
	for _, f := range r.Findings {
		width = max(width, len(f.Rule))
	}
	for _, g := range groups {
		var lines []string
		for _, f := range r.Findings {
			if f.Severity != g.sev {
				continue
			}
			indent := 2 + width + 2
			line := fmt.Sprintf("  %s  %s", paint(g.color, fmt.Sprintf("%-*s", width, f.Rule)), wrap(f.Message, in.Width-indent, strings.Repeat(" ", indent)))
			if loc := f.Location.String(); loc != "" {
				line += "\n  " + strings.Repeat(" ", width) + "  " + paint(ansiDim, loc)
			}
			// A broken decision points at what runs; the ADR it breaks is
			// the other half of the story.
			if a := f.ADR; a != nil && a.File != "" && (f.Location == nil || f.Location.File != a.File) {
				ref := fmt.Sprintf("ADR %d: %s", a.Number, (&report.Location{File: a.File, Line: a.Line}).String())
				line += "\n  " + strings.Repeat(" ", width) + "  " + paint(ansiDim, ref)
			}
			lines = append(lines, line)
		}
		if len(lines) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s\n%s\n", paint(ansiBold, g.title), strings.Join(lines, "\n"))
	}
	if len(r.Suppressed) > 0 {
		by := map[string]int{}
		for _, x := range r.Suppressed {
			by[x.By]++
		}
		var parts []string
		for _, k := range []string{"config", "model", "baseline"} {
			if by[k] > 0 {
				parts = append(parts, fmt.Sprintf("%d by %s", by[k], k))
			}
		}
		fmt.Fprintf(&b, "\n%s suppressed (%s); they do not count\n", plural(len(r.Suppressed), "finding"), strings.Join(parts, ", "))
	}
	if len(r.Resolved) > 0 {
		fmt.Fprintf(&b, "\n%s\n", paint(ansiBold, "Resolved since the baseline (remove them from it)"))
		for _, x := range r.Resolved {
			fmt.Fprintf(&b, "  %s  %s\n", x.Rule, x.Message)
		}
	}
	if len(r.Diagnostics) > 0 {
		fmt.Fprintf(&b, "\n%s\n", paint(ansiBold, "Not read (diagnostics)"))
		for _, d := range r.Diagnostics {
			fmt.Fprintf(&b, "  %s\n", d.String())
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// wrap breaks s into lines of at most width runes at spaces, indenting the
// continuation lines; width < 20 (or 0, not a terminal) leaves s whole.
func wrap(s string, width int, indent string) string {
	if width < 20 {
		return s
	}
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(s) {
		n := len([]rune(w))
		if i > 0 {
			if col+1+n > width {
				b.WriteString("\n" + indent)
				col = 0
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w)
		col += n
	}
	return b.String()
}
