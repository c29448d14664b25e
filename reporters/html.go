package reporters

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/policies"
	"github.com/archdrift/archdrift/report"
)

// HTML writes one self-contained page for nightly reports: the verdict and
// counts, findings by rule, the container diagram laid out by Graphviz as
// inline SVG, the findings with filters by severity and rule (a few lines
// of inline script), the ADRs the findings cite, the matches, the DSL fix
// and what could not be read. It loads nothing at view time: styles and
// script are inline, and a Content-Security-Policy forbids everything
// else.
type HTML struct {
	// Rules describe the rules (policies.Engine.Rules()); nil means the
	// built-in rules.
	Rules []policies.Rule
}

var (
	//go:embed html.tmpl
	htmlPage string
	//go:embed html.css
	htmlStyle string
	//go:embed html.js
	htmlScript string
)

// htmlTemplate is parsed once; templates are safe for concurrent use.
var htmlTemplate = template.Must(template.New("report").Parse(htmlPage))

// Name implements Reporter.
func (HTML) Name() string { return "html" }

type htmlData struct {
	Verdict, VerdictClass string
	Summary               report.Summary
	Rules                 []htmlRule
	Severities            []report.Severity
	Findings              []htmlFinding
	Diagram               template.HTML
	DiagramNote           string
	ADRs                  []htmlADR
	Matches               []htmlMatch
	Fix                   string
	Diagnostics           []string
	CSP                   string
	Style                 template.CSS
	Script                template.JS
}

type htmlRule struct {
	ID, Title, Description    string
	Errors, Warnings, Notices int
}

// Total is the number of findings of the rule.
func (r htmlRule) Total() int { return r.Errors + r.Warnings + r.Notices }

type htmlFinding struct {
	Severity, Rule, Message, Element, Location, URL, ADR, ADRURL string
}

type htmlADR struct {
	Number      int
	Title, File string
	URL         string
	Rules       []string
	Findings    int
}

type htmlMatch struct {
	Documented, Name, Via string
	Observed              []string
}

// Write implements Reporter.
func (h HTML) Write(w io.Writer, in Input) error {
	cat, err := newRuleCatalog(h.Rules, in.Report.Findings)
	if err != nil {
		return err
	}
	r := in.Report
	d := htmlData{
		Summary: r.Summary,
		CSP: fmt.Sprintf("default-src 'none'; style-src '%s'; script-src '%s'; base-uri 'none'; form-action 'none'",
			cspHash(htmlStyle), cspHash(htmlScript)),
		Style:  template.CSS(htmlStyle),
		Script: template.JS(htmlScript),
	}
	switch {
	case r.Summary.Errors > 0:
		d.Verdict, d.VerdictClass = "Drift found: "+severityCounts(r.Summary), "error"
	case len(r.Findings) > 0:
		d.Verdict, d.VerdictClass = "Drift found: "+severityCounts(r.Summary), "warning"
	default:
		d.Verdict, d.VerdictClass = "No drift: the architecture matches its documentation", "ok"
	}
	for _, c := range countByRule(r.Findings) {
		rule := cat.Rule(c.Rule)
		d.Rules = append(d.Rules, htmlRule{ID: c.Rule, Title: cat.Title(c.Rule), Description: rule.Description,
			Errors: c.Errors, Warnings: c.Warnings, Notices: c.Notices})
	}
	for _, s := range []report.Severity{report.SeverityError, report.SeverityWarning, report.SeverityNotice} {
		if slices.ContainsFunc(r.Findings, func(f report.Finding) bool { return f.Severity == s }) {
			d.Severities = append(d.Severities, s)
		}
	}
	loc := newLocator(in)
	adrs := map[int]*htmlADR{}
	for _, f := range r.Findings {
		hf := htmlFinding{Severity: string(f.Severity), Rule: f.Rule, Message: f.Message, Element: junitElement(f)}
		if f.Documented == nil && f.Observed == nil {
			hf.Element = ""
		}
		if l := loc.Locate(f); l != nil {
			hf.Location, hf.URL = l.String(), in.Links.FileURL(l)
		}
		if f.ADR != nil {
			hf.ADR = fmt.Sprintf("ADR %d: %s", f.ADR.Number, f.ADR.Title)
			hf.ADRURL = in.Links.FileURL(adrLocation(f.ADR))
			a := adrs[f.ADR.Number]
			if a == nil {
				a = &htmlADR{Number: f.ADR.Number, Title: f.ADR.Title, File: f.ADR.File, URL: in.Links.FileURL(&report.Location{File: f.ADR.File})}
				adrs[f.ADR.Number] = a
			}
			a.Findings++
			if !slices.Contains(a.Rules, f.Rule) {
				a.Rules = append(a.Rules, f.Rule)
				slices.Sort(a.Rules)
			}
		}
		d.Findings = append(d.Findings, hf)
	}
	for _, a := range adrs {
		d.ADRs = append(d.ADRs, *a)
	}
	slices.SortFunc(d.ADRs, func(a, b htmlADR) int { return a.Number - b.Number })
	for _, m := range r.Matches {
		hm := htmlMatch{Documented: m.Documented, Via: m.Via, Observed: m.Observed}
		if in.Documented != nil {
			if e, ok := in.Documented.Element(m.Documented); ok {
				hm.Name = e.Name
			}
		}
		d.Matches = append(d.Matches, hm)
	}
	for _, s := range newDSLFix(in) {
		d.Fix += s.Header + "\n" + strings.Join(s.Items, "\n") + "\n\n"
	}
	d.Fix = strings.TrimSuffix(d.Fix, "\n")
	for _, diag := range r.Diagnostics {
		d.Diagnostics = append(d.Diagnostics, diag.String())
	}
	full := newContainerView(in)
	view := full.limit(htmlDiagramNodes, htmlDiagramEdges)
	switch {
	case len(view.Nodes) == 0:
		d.DiagramNote = "Nothing to draw: neither graph has containers."
	default:
		svg, err := containerSVG(context.Background(), view)
		if err != nil {
			// A report without its diagram beats no report: say why.
			d.DiagramNote = "The diagram could not be drawn: " + err.Error()
		} else {
			d.Diagram = template.HTML(svg)
		}
		if view.OmittedNodes > 0 || view.OmittedEdges > 0 {
			d.DiagramNote = strings.TrimSpace(d.DiagramNote + fmt.Sprintf(" Showing %d of %d elements and %d of %d relationships, drift first.",
				len(view.Nodes), len(full.Nodes), len(view.Edges), len(full.Edges)))
		}
	}
	if err := htmlTemplate.Execute(w, d); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	return nil
}

// cspHash is the Content-Security-Policy source for an inline block.
func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

func severityCounts(s report.Summary) string {
	return fmt.Sprintf("%s, %s, %s", plural(s.Errors, "error"), plural(s.Warnings, "warning"), plural(s.Notices, "notice"))
}
