package reporters

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/archdrift/archdrift/diff"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/report"
)

// bigEstate is a generated estate with n findings over five rules, a
// documented system of 300 containers and as many undocumented workloads,
// so that every section of the markdown report has too much to show.
func bigEstate(n int) Input {
	doc := model.NewGraph()
	mustAdd(doc, &model.Element{ID: "estate", Name: "Estate", Kind: model.KindSystem})
	obs := model.NewGraph()
	d := &diff.Result{}
	r := &report.Report{Summary: report.Summary{Documented: 301, Observed: 600, Matched: 150}}
	svc := func(i int) string { return fmt.Sprintf("estate.service_%03d", i) }
	for i := range 300 {
		mustAdd(doc, &model.Element{ID: svc(i), Name: fmt.Sprintf("Service %03d", i), Kind: model.KindContainer, Parent: "estate",
			Technology: "Go", Group: fmt.Sprintf("Domain %d", i%6), Sources: src("structurizr", "workspace.dsl", 10+i, "")})
		if i > 0 {
			doc.AddRelationship(&model.Relationship{From: svc(i - 1), To: svc(i), Description: "Calls"})
		}
		if i%2 == 0 {
			id := k8s("deployment", fmt.Sprintf("service-%03d", i))
			mustAdd(obs, &model.Element{ID: id, Name: fmt.Sprintf("service-%03d", i), Kind: model.KindContainer, Group: "prod"})
			d.Matches = append(d.Matches, report.Match{Documented: svc(i), Observed: []string{id}, Via: "name"})
		} else {
			d.MissingElements = append(d.MissingElements, diff.ElementFact{ID: svc(i), Name: fmt.Sprintf("Service %03d", i), Kind: "container"})
		}
	}
	rules := []struct {
		rule string
		sev  report.Severity
	}{
		{"element.undocumented", report.SeverityError}, {"relationship.undocumented", report.SeverityError},
		{"element.missing", report.SeverityWarning}, {"technology.mismatch", report.SeverityWarning},
		{"relationship.missing", report.SeverityNotice},
	}
	for i := range n {
		rl := rules[i%len(rules)]
		name := fmt.Sprintf("worker-%04d", i)
		id := k8s("deployment", name)
		f := report.Finding{Rule: rl.rule, Severity: rl.sev,
			Message:  fmt.Sprintf("Deployment prod/%s (a batch worker of the payments domain, team checkout) is not in the model", name),
			Observed: report.Str(id), Location: loc(fmt.Sprintf("deploy/k8s/prod/payments/%s.yaml", name), 1+i%40)}
		r.Findings = append(r.Findings, f)
		if rl.rule == "element.undocumented" && len(d.UndocumentedElements) < 300 {
			d.UndocumentedElements = append(d.UndocumentedElements, diff.ElementFact{ID: id, Name: name, Kind: "container", Class: "service",
				Group: "prod", Display: "Deployment prod/" + name, Location: f.Location})
			d.UndocumentedRelationships = append(d.UndocumentedRelationships, diff.RelationshipFact{From: svc(i % 300), To: id, FromName: "Service", ToName: name, Technology: "HTTP"})
		}
	}
	r.Matches = d.Matches
	for i := range 200 {
		r.Diagnostics = append(r.Diagnostics, model.Diagnostic{Severity: model.DiagWarning, Origin: "kubernetes",
			File: fmt.Sprintf("deploy/k8s/prod/broken-%03d.yaml", i), Line: 3, Message: "mapping values are not allowed in this context"})
	}
	r.Sort()
	return Input{Report: r, Documented: doc, Observed: obs, Diff: d,
		Links: &Links{RepoURL: "https://github.com/acme/estate", Ref: "0123456789abcdef0123456789abcdef01234567"}}
}

var (
	mermaidEntity = regexp.MustCompile(`#[0-9]+;`)
	shownItem     = regexp.MustCompile(`(?m)^- (❌|⚠️|ℹ️) `)
	moreItems     = regexp.MustCompile(`(?m)^- … ([\d,]+) more not shown$`)
	cutFindings   = regexp.MustCompile(`([\d,]+) of ([\d,]+) findings are not shown`)
)

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMarkdownFitsAComment checks issue 6's bound: 2,000 findings stay
// under GitHub's 65,536-character comment limit, and the report says how
// many findings it left out, exactly.
func TestMarkdownFitsAComment(t *testing.T) {
	for _, max := range []int{0, 20000, 3000} {
		t.Run(fmt.Sprint("max=", max), func(t *testing.T) {
			in := bigEstate(2000)
			var b strings.Builder
			if err := (Markdown{Rules: fixtureRules, MaxBytes: max}).Write(&b, in); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			limit := max
			if limit == 0 {
				limit = DefaultMarkdownMaxBytes
			}
			t.Logf("2,000 findings → %d bytes, %d characters (bound %d)", len(out), utf8.RuneCountInString(out), limit)
			if len(out) > limit || utf8.RuneCountInString(out) >= 65536 {
				t.Fatalf("report is %d bytes, over %d", len(out), limit)
			}
			m := cutFindings.FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("no note saying how many findings were left out:\n%s", out[:min(len(out), 2000)])
			}
			left, total := atoi(t, m[1]), atoi(t, m[2])
			shown := len(shownItem.FindAllString(out, -1))
			more := 0
			for _, mm := range moreItems.FindAllStringSubmatch(out, -1) {
				more += atoi(t, mm[1])
			}
			if total != 2000 || shown+left != 2000 {
				t.Errorf("note says %d of %d left out, but %d are shown", left, total, shown)
			}
			if max == 0 {
				if more < left {
					t.Errorf("groups say %d more not shown, the note %d", more, left)
				}
				if !strings.Contains(out, "```mermaid") || !strings.Contains(out, "the diagram leaves out") {
					t.Error("the diagram is missing or does not say it was cut")
				}
				if !strings.Contains(out, "DSL suggestion") {
					t.Error("the note does not say DSL suggestions were left out")
				}
			}
			checkMarkdownStructure(t, out)
		})
	}
}

// checkMarkdownStructure fails when truncation broke the document: every
// <details> closed, every code fence closed.
func checkMarkdownStructure(t *testing.T, out string) {
	t.Helper()
	if o, c := strings.Count(out, "<details>"), strings.Count(out, "</details>"); o != c {
		t.Errorf("%d <details> but %d </details>", o, c)
	}
	fences := 0
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "```") {
			fences++
		}
	}
	if fences%2 != 0 {
		t.Errorf("%d code fence lines: one is not closed", fences)
	}
}

func TestMarkdownEscapesRepositoryText(t *testing.T) {
	out := render(t, "markdown", hostileInput())
	checkMarkdownStructure(t, out)
	// Outside code blocks, nothing from the repository may become a link,
	// an image, HTML or a mention.
	prose := proseOnly(out)
	if regexp.MustCompile(`[^\\]\]\(https://evil`).MatchString(prose) {
		t.Error("markdown outside code blocks links to evil.example")
	}
	for _, bad := range []string{"<img", "<script", "@octocat", "<b>", "\n## heading", "~~s~~", "$x$"} {
		if strings.Contains(prose, bad) {
			t.Errorf("markdown outside code blocks contains %q", bad)
		}
	}
	if strings.Contains(out, "../outside.yaml#") {
		t.Error("a path outside the repository was linked")
	}
	if !strings.Contains(out, "````\n") {
		t.Error("the DSL holds ``` but its fence is not longer")
	}
}

// proseOnly drops the fenced code blocks of a Markdown document, where
// GitHub renders text literally.
func proseOnly(md string) string {
	var b strings.Builder
	fence := ""
	for _, line := range strings.Split(md, "\n") {
		switch {
		case fence == "" && strings.HasPrefix(line, "```"):
			fence = strings.TrimRight(line, "abcdefghijklmnopqrstuvwxyz")
		case fence != "" && line == fence:
			fence = ""
		case fence == "":
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

func TestMarkdownLinks(t *testing.T) {
	in := shopflowInput()
	const url = "https://github.com/acme/shopflow/blob/0123456789abcdef0123456789abcdef01234567/deploy/k8s/main/cart-cache.yaml#L1"
	if out := render(t, "markdown", in); !strings.Contains(out, "(<"+url+">)") {
		t.Errorf("no link to %s", url)
	}
	in.Links = nil
	if out := render(t, "markdown", in); strings.Contains(out, "](") {
		t.Error("links without Links")
	}
}

func TestMarkdownVerdict(t *testing.T) {
	warnOnly := shopflowInput()
	warnOnly.Report.Findings = warnOnly.Report.Findings[6:]
	warnOnly.Report.Sort()
	for _, tt := range []struct {
		name string
		in   Input
		want string
	}{
		{"errors", shopflowInput(), "### ❌ archdrift found architecture drift: 6 errors, 6 warnings, 3 notices\n"},
		{"warnings", warnOnly, "### ⚠️ archdrift found architecture drift: 6 warnings, 3 notices\n"},
		{"clean", cleanInput(), "### ✅ archdrift: the architecture matches its documentation\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, "markdown", tt.in)
			if !strings.HasPrefix(out, MarkdownMarker+"\n"+tt.want) {
				t.Errorf("verdict: got\n%s", out[:min(200, len(out))])
			}
		})
	}
}

func TestMDText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain words, a.b-c/d (e)", "plain words, a.b-c/d (e)"},
		{"[x](https://e) ![i](j)", `\[x\](https://e) \!\[i\](j)`},
		{"<b>&", "&lt;b&gt;&amp;"},
		{"@octocat", "@\u2060octocat"},
		{"a\nb\r\tc", "a b  c"},
		{"`*_|~$#{}\\", "\\`\\*\\_\\|\\~\\$\\#\\{\\}\\\\"},
	} {
		if got := mdText(tt.in); got != tt.want {
			t.Errorf("mdText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 65536: "65,536", 1234567: "1,234,567", -2000: "-2,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// FuzzMarkdownEscapes checks that no text, however hostile, gets out of
// the escaping of the Markdown prose, the Mermaid labels or DSL strings.
func FuzzMarkdownEscapes(f *testing.F) {
	f.Add(hostileName)
	f.Add("a](b) <c> @d `e` \"f\" #g |h| \\")
	f.Fuzz(func(t *testing.T, s string) {
		md := mdText(s)
		if strings.ContainsAny(md, "<>\n\r") || regexp.MustCompile(`(^|[^\\])[\[\]`+"`"+`|]`).MatchString(md) {
			t.Errorf("mdText(%q) = %q leaves markup", s, md)
		}
		if i := strings.Index(md, "@"); i >= 0 && !strings.HasPrefix(md[i:], mentionBreak) {
			t.Errorf("mdText(%q) = %q leaves a mention", s, md)
		}
		mm := mermaidText(s, 80)
		if strings.ContainsAny(mermaidEntity.ReplaceAllString(mm, ""), "\"<>`|\n\r[](){};%\\#") {
			t.Errorf("mermaidText(%q) = %q leaves syntax", s, mm)
		}
		ds := dslString(s)
		inner := ds[1 : len(ds)-1]
		if strings.ContainsAny(inner, "\n\r\\"[:2]) || strings.Contains(strings.ReplaceAll(inner, `\"`, ""), `"`) || strings.HasSuffix(inner, `\`) && !strings.HasSuffix(inner, `\"`) {
			t.Errorf("dslString(%q) = %s can end early", s, ds)
		}
	})
}
