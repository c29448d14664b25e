package reporters

import (
	"fmt"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/archdrift/archdrift/internal/oneline"
	"github.com/archdrift/archdrift/policies"
	"github.com/archdrift/archdrift/report"
)

// Markdown is the format for pull-request comments and
// $GITHUB_STEP_SUMMARY, laid out for a reviewer: a one-line verdict and
// the counts, a table by rule and severity, a Mermaid container diagram
// with the drift drawn in, the findings folded by rule (each linked to its
// line when Input.Links is set), what could not be read, and last "how to
// fix": the Structurizr DSL that would document what is undocumented. It stays within MaxBytes, dropping
// whole items and saying how many it left out.
type Markdown struct {
	// Rules describe the rules (policies.Engine.Rules()); nil means the
	// built-in rules.
	Rules []policies.Rule
	// MaxBytes bounds the output; zero means DefaultMarkdownMaxBytes.
	MaxBytes int
}

// MarkdownMarker opens every markdown report, so that a workflow can find
// its earlier comment and update it instead of posting another.
const MarkdownMarker = "<!-- archdrift:report -->"

// DefaultMarkdownMaxBytes keeps a comment under GitHub's 65,536-character
// limit with room for what a workflow wraps around it. It counts bytes,
// which bounds the characters.
const DefaultMarkdownMaxBytes = 60000

// Diagram bounds: more than this is unreadable in a comment (and GitHub's
// Mermaid refuses very large graphs).
var markdownDiagramSizes = [][2]int{{60, 120}, {40, 80}, {25, 50}, {12, 24}}

// Name implements Reporter.
func (Markdown) Name() string { return "markdown" }

// Write implements Reporter.
func (m Markdown) Write(w io.Writer, in Input) error {
	cat, err := newRuleCatalog(m.Rules, in.Report.Findings)
	if err != nil {
		return err
	}
	max := m.MaxBytes
	if max <= 0 {
		max = DefaultMarkdownMaxBytes
	}
	out := newMarkdownWriter(in, cat, max).render()
	_, err = io.WriteString(w, out)
	return err
}

type markdownWriter struct {
	in    Input
	cat   *ruleCatalog
	loc   *locator
	max   int
	cut   markdownCuts
	links *Links
}

// markdownCuts counts what the size bound left out.
type markdownCuts struct {
	findings, diagramNodes, diagramEdges, fixes, diagnostics int
	diagram                                                  bool // dropped entirely
}

func newMarkdownWriter(in Input, cat *ruleCatalog, max int) *markdownWriter {
	return &markdownWriter{in: in, cat: cat, loc: newLocator(in), max: max, links: in.Links}
}

// noteReserve is room kept for the truncation note.
const noteReserve = 700

func (m *markdownWriter) render() string {
	head := m.header()
	table := m.table()
	diagram := m.diagram(min(20000, m.max/4))
	fix := m.fix(min(12000, m.max/6))
	diags := m.diagnostics(min(4000, m.max/16))
	budget := m.max - len(head) - len(table) - len(diagram) - len(fix) - len(diags) - noteReserve
	findings := m.findings(budget)
	out := head + m.note() + table + diagram + findings + diags + fix
	if len(out) > m.max {
		// Only a pathological report (thousands of rules, a tiny MaxBytes)
		// gets here: keep the verdict and say why the rest is missing.
		m.cut.findings = len(m.in.Report.Findings)
		out = clipBytes(head+m.note(), m.max)
	}
	return out
}

func (m *markdownWriter) header() string {
	s := m.in.Report.Summary
	var b strings.Builder
	b.WriteString(MarkdownMarker + "\n")
	counts := []string{}
	for _, c := range []struct {
		n    int
		word string
	}{{s.Errors, "error"}, {s.Warnings, "warning"}, {s.Notices, "notice"}} {
		if c.n > 0 {
			counts = append(counts, plural(c.n, c.word))
		}
	}
	switch {
	case s.Errors > 0:
		fmt.Fprintf(&b, "### ❌ archdrift found architecture drift: %s\n\n", strings.Join(counts, ", "))
	case len(counts) > 0:
		fmt.Fprintf(&b, "### ⚠️ archdrift found architecture drift: %s\n\n", strings.Join(counts, ", "))
	default:
		b.WriteString("### ✅ archdrift: the architecture matches its documentation\n\n")
	}
	fmt.Fprintf(&b, "**%d** documented · **%d** observed · **%d** matched", s.Documented, s.Observed, s.Matched)
	if n := len(m.in.Report.Diagnostics); n > 0 {
		fmt.Fprintf(&b, " · ⚠️ %s could not be read (see below)", plural(n, "input"))
	}
	b.WriteString("\n\n")
	return b.String()
}

// note says what the size bound left out, or nothing.
func (m *markdownWriter) note() string {
	c := m.cut
	var parts []string
	if c.findings > 0 {
		parts = append(parts, fmt.Sprintf("%s of %s findings are not shown", thousands(c.findings), thousands(len(m.in.Report.Findings))))
	}
	if c.diagram {
		parts = append(parts, "the diagram is left out")
	} else if c.diagramNodes > 0 || c.diagramEdges > 0 {
		parts = append(parts, fmt.Sprintf("the diagram leaves out %s and %s", plural(c.diagramNodes, "element"), plural(c.diagramEdges, "relationship")))
	}
	if c.fixes > 0 {
		parts = append(parts, fmt.Sprintf("%s are not shown", plural(c.fixes, "DSL suggestion")))
	}
	if c.diagnostics > 0 {
		parts = append(parts, fmt.Sprintf("%s are not shown", plural(c.diagnostics, "diagnostic")))
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("> [!NOTE]\n> This report is shortened to fit a GitHub comment: %s. Run `archdrift check --format html` (or `--format json`) for all of it.\n\n", strings.Join(parts, "; "))
}

// maxTableRules bounds the summary table; further rules are summed up.
const maxTableRules = 40

func (m *markdownWriter) table() string {
	counts := countByRule(m.in.Report.Findings)
	if len(counts) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("| Rule | Errors | Warnings | Notices |\n| :--- | ---: | ---: | ---: |\n")
	num := func(n int) string {
		if n == 0 {
			return "·"
		}
		return strconv.Itoa(n)
	}
	var rest ruleCount
	for i, c := range counts {
		if i >= maxTableRules {
			rest.Errors += c.Errors
			rest.Warnings += c.Warnings
			rest.Notices += c.Notices
			rest.Rule = plural(len(counts)-maxTableRules, "other rule")
			continue
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", m.ruleCell(c.Rule), num(c.Errors), num(c.Warnings), num(c.Notices))
	}
	if rest.Rule != "" {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", rest.Rule, num(rest.Errors), num(rest.Warnings), num(rest.Notices))
	}
	s := m.in.Report.Summary
	fmt.Fprintf(&b, "| **Total** | **%d** | **%d** | **%d** |\n\n", s.Errors, s.Warnings, s.Notices)
	return b.String()
}

// plainRuleID is a rule ID that is safe in a code span.
var plainRuleID = regexp.MustCompile(`^[A-Za-z0-9._/-]{1,80}$`)

func (m *markdownWriter) ruleCell(id string) string {
	name := mdText(clip(id, 80))
	if plainRuleID.MatchString(id) {
		name = "`" + id + "`"
	}
	if t := m.cat.Rule(id).Title; t != "" {
		return name + " " + mdText(clip(t, 80))
	}
	return name
}

func (m *markdownWriter) diagram(budget int) string {
	full := newContainerView(m.in)
	if !full.Drift() {
		return ""
	}
	for _, size := range markdownDiagramSizes {
		v := full.limit(size[0], size[1])
		var b strings.Builder
		b.WriteString("#### Container diagram\n\n```mermaid\n")
		b.WriteString(mermaidFlowchart(v))
		b.WriteString("```\n\n<sub>Red, dashed: runs but is not in the model · grey, dotted: in the model but not found · plain: as documented")
		if v.OmittedNodes > 0 || v.OmittedEdges > 0 {
			fmt.Fprintf(&b, " · showing %d of %d elements and %d of %d relationships, drift first",
				len(v.Nodes), len(full.Nodes), len(v.Edges), len(full.Edges))
		}
		b.WriteString("</sub>\n\n")
		if b.Len() <= budget {
			m.cut.diagramNodes, m.cut.diagramEdges = v.OmittedNodes, v.OmittedEdges
			return b.String()
		}
	}
	m.cut.diagram = true
	return ""
}

// findingGroup is the findings of one rule, in report order.
type findingGroup struct {
	rule  string
	items []report.Finding
}

func groupByRule(findings []report.Finding) []findingGroup {
	var out []findingGroup
	index := map[string]int{}
	for _, f := range findings {
		i, ok := index[f.Rule]
		if !ok {
			i = len(out)
			index[f.Rule] = i
			out = append(out, findingGroup{rule: f.Rule})
		}
		out[i].items = append(out[i].items, f)
	}
	return out
}

// maxMessageRunes bounds one finding's text.
const maxMessageRunes = 500

func (m *markdownWriter) findings(budget int) string {
	groups := groupByRule(m.in.Report.Findings)
	if len(groups) == 0 {
		return ""
	}
	const title = "#### Findings\n\n"
	heads := make([]string, len(groups))
	const foot = "\n</details>\n\n"
	// Every group keeps its summary and room to say how much of it is not
	// shown; items share what is left, most severe rules first.
	left := budget - len(title)
	for i, g := range groups {
		heads[i] = m.groupHead(g)
		left -= len(heads[i]) + len(foot) + len(moreLine(len(g.items)))
	}
	var b strings.Builder
	b.WriteString(title)
	full := false
	for i, g := range groups {
		b.WriteString(heads[i])
		shown := 0
		for _, f := range g.items {
			if full {
				break
			}
			item := m.item(f)
			if len(item) > left {
				full = true
				break
			}
			b.WriteString(item)
			left -= len(item)
			shown++
		}
		if n := len(g.items) - shown; n > 0 {
			b.WriteString(moreLine(n))
			m.cut.findings += n
		}
		b.WriteString(foot)
	}
	return b.String()
}

func (m *markdownWriter) groupHead(g findingGroup) string {
	var e, w, n int
	for _, f := range g.items {
		switch f.Severity {
		case report.SeverityError:
			e++
		case report.SeverityWarning:
			w++
		default:
			n++
		}
	}
	var counts []string
	for _, c := range []struct {
		n    int
		word string
	}{{e, "error"}, {w, "warning"}, {n, "notice"}} {
		if c.n > 0 {
			counts = append(counts, plural(c.n, c.word))
		}
	}
	title := ""
	if t := m.cat.Rule(g.rule).Title; t != "" {
		title = " " + htmlText(clip(t, 80))
	}
	return fmt.Sprintf("<details><summary><code>%s</code>%s: %s</summary>\n\n", htmlText(clip(g.rule, 80)), title, strings.Join(counts, ", "))
}

func moreLine(n int) string {
	return fmt.Sprintf("- … %s more not shown\n", thousands(n))
}

var severityIcon = map[report.Severity]string{
	report.SeverityError:   "❌",
	report.SeverityWarning: "⚠️",
	report.SeverityNotice:  "ℹ️",
}

// item is one finding as a list item: icon, message, the ADR it enforces
// and where to look, linked when the repository's address is known.
func (m *markdownWriter) item(f report.Finding) string {
	var b strings.Builder
	icon := severityIcon[f.Severity]
	if icon == "" {
		icon = "ℹ️"
	}
	fmt.Fprintf(&b, "- %s %s", icon, mdText(clip(f.Message, maxMessageRunes)))
	if f.ADR != nil {
		label := fmt.Sprintf("ADR %d", f.ADR.Number)
		if f.ADR.Title != "" {
			label += ": " + clip(f.ADR.Title, 80)
		}
		b.WriteString(" · " + m.link(label, adrLocation(f.ADR)))
	}
	if loc := m.loc.Locate(f); loc != nil && (f.ADR == nil || *loc != *adrLocation(f.ADR)) {
		b.WriteString(" · " + m.link(loc.String(), loc))
	}
	b.WriteString("\n")
	return b.String()
}

// link is text linked to a location when Links allows, else the text.
func (m *markdownWriter) link(text string, loc *report.Location) string {
	u := m.links.FileURL(loc)
	if u == "" || strings.ContainsAny(u, "<>\n") {
		return mdText(text)
	}
	return "[" + mdText(text) + "](<" + u + ">)"
}

func (m *markdownWriter) fix(budget int) string {
	sections := newDSLFix(m.in)
	if len(sections) == 0 {
		return ""
	}
	const intro = "#### How to fix\n\nDocument what runs (or stop running it), and update or map what the model shows but nothing runs. Structurizr DSL:\n\n"
	fence := codeFence(sections)
	left := budget - len(intro) - 2*len(fence) - 2
	var body strings.Builder
	total := 0
	for _, s := range sections {
		total += len(s.Items)
	}
	shown := 0
	for _, s := range sections {
		var part strings.Builder
		if body.Len() > 0 {
			part.WriteString("\n")
		}
		part.WriteString(s.Header + "\n")
		n := 0
		for _, it := range s.Items {
			if part.Len()+len(it)+1 > left {
				break
			}
			part.WriteString(it + "\n")
			n++
		}
		if n == 0 {
			break
		}
		body.WriteString(part.String())
		left -= part.Len()
		shown += n
		if n < len(s.Items) {
			break
		}
	}
	m.cut.fixes = total - shown
	if shown == 0 {
		return ""
	}
	return intro + fence + "\n" + body.String() + fence + "\n"
}

// codeFence is a backtick fence longer than any backtick run in the
// sections, so their text cannot close it.
func codeFence(sections []dslSection) string {
	longest := 0
	for _, s := range sections {
		for _, t := range append([]string{s.Header}, s.Items...) {
			run := 0
			for _, r := range t {
				if r == '`' {
					run++
					longest = max(longest, run)
				} else {
					run = 0
				}
			}
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

func (m *markdownWriter) diagnostics(budget int) string {
	diags := m.in.Report.Diagnostics
	if len(diags) == 0 {
		return ""
	}
	head := fmt.Sprintf("#### Not read\n\n<details><summary>%s could not be read: findings may be incomplete</summary>\n\n", plural(len(diags), "input"))
	const foot = "\n</details>\n\n"
	var b strings.Builder
	b.WriteString(head)
	left := budget - len(head) - len(foot) - 60
	shown := 0
	for _, d := range diags {
		line := "- " + mdText(clip(d.String(), maxMessageRunes)) + "\n"
		if len(line) > left {
			break
		}
		b.WriteString(line)
		left -= len(line)
		shown++
	}
	if n := len(diags) - shown; n > 0 {
		fmt.Fprintf(&b, "- … %s more not shown\n", thousands(n))
		m.cut.diagnostics = n
	}
	b.WriteString(foot)
	return b.String()
}

// mdText escapes repository text (names, messages, paths: all of which a
// pull request controls) for inline Markdown: no links, images, HTML,
// emphasis, tables, math or @-mentions can come out of it.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range oneline.Text(s) {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '|', '~', '$', '#', '!', '{', '}':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '@':
			b.WriteString(mentionBreak)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mentionBreak is "@" followed by a word joiner: it reads as "@" but
// GitHub does not turn "@name" into a mention that notifies someone.
const mentionBreak = "@\u2060"

// htmlText escapes text for an HTML block (where Markdown escapes would
// show), with mentions broken as in mdText.
func htmlText(s string) string {
	return strings.ReplaceAll(html.EscapeString(oneline.Text(s)), "@", mentionBreak)
}

// thousands writes n with comma separators: 2,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// clipBytes cuts s to at most n bytes at a rune boundary.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
