package reporters

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/policies"
	"github.com/archdrift/archdrift/report"
)

// SARIF writes SARIF 2.1.0 for GitHub code scanning and other SARIF
// viewers: one reportingDescriptor per rule, with the title, description
// and default level its Rego METADATA gives; one result per finding,
// located at the line that best explains it (the manifest, the .tf line,
// the DSL line, the ADR block) with the ADR it enforces as a related
// location; partialFingerprints built from the rule and the elements, not
// lines or messages, so alerts survive edits and are not duplicated; and
// the inputs that could not be read as tool execution notifications.
type SARIF struct {
	// Rules describe the rules (policies.Engine.Rules()); nil means the
	// built-in rules.
	Rules []policies.Rule
}

// SARIF identity of the tool.
const (
	sarifToolName = "archdrift"
	sarifToolURI  = "https://github.com/archdrift/archdrift"
	// sarifSourceRoot is the base of the relative paths in results:
	// code scanning resolves it to the checkout.
	sarifSourceRoot = "%SRCROOT%"
	// sarifFingerprintKey names archdrift's partial fingerprint.
	sarifFingerprintKey = "archdriftFinding/v1"
)

// Name implements Reporter.
func (SARIF) Name() string { return "sarif" }

// Write implements Reporter.
func (s SARIF) Write(w io.Writer, in Input) error {
	cat, err := newRuleCatalog(s.Rules, in.Report.Findings)
	if err != nil {
		return err
	}
	run := sarif.NewRunWithInformationURI(sarifToolName, sarifToolURI)
	for _, r := range cat.Rules() {
		addSARIFRule(run, r)
	}
	loc := newLocator(in)
	seen := map[string]int{}
	for _, f := range in.Report.Findings {
		res := run.CreateResultForRule(f.Rule).
			WithLevel(sarifLevel(f.Severity)).
			WithMessage(sarif.NewTextMessage(sarifText(f.Message)))
		if l := sarifLocation(loc.Locate(f), ""); l != nil {
			res.AddLocation(l)
		}
		if f.ADR != nil && !strings.HasPrefix(f.Rule, "adr.invalid") {
			msg := sarifText(fmt.Sprintf("ADR %d: %s", f.ADR.Number, f.ADR.Title))
			if l := sarifLocation(adrLocation(f.ADR), msg); l != nil && !sameLocation(adrLocation(f.ADR), loc.Locate(f)) {
				res.AddRelatedLocation(l.WithID(1))
			}
		}
		fp := findingFingerprint(f)
		seen[fp]++
		if n := seen[fp]; n > 1 {
			// Findings that name the same rule and elements are told apart by
			// their order, which the sorted report keeps stable.
			fp += ":" + strconv.Itoa(n)
		}
		res.WithPartialFingerprints(map[string]string{sarifFingerprintKey: fp})
		props := sarif.NewPropertyBag()
		if f.Documented != nil {
			props.Add("documented", *f.Documented)
		}
		if f.Observed != nil {
			props.Add("observed", *f.Observed)
		}
		if len(props.Properties) > 0 {
			res.WithProperties(props)
		}
	}
	inv := sarif.NewInvocation().WithExecutionSuccessful(true)
	for _, d := range in.Report.Diagnostics {
		n := sarif.NewNotification().WithMessage(sarif.NewTextMessage(sarifText(d.String())))
		n.WithLevel(sarif.LevelWarning)
		if d.Severity == model.DiagError {
			n.WithLevel(sarif.LevelError)
		}
		if l := sarifLocation(&report.Location{File: d.File, Line: d.Line, Column: d.Column}, ""); l != nil {
			n.AddLocation(l)
		}
		inv.AddToolExecutionNotification(n)
	}
	run.AddInvocation(inv)
	run.WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{
		sarifSourceRoot: *sarif.NewArtifactLocation().WithDescription(sarif.NewTextMessage("The root of the checked repository.")),
	})
	rep := sarif.NewReport()
	rep.AddRun(run)
	if err := rep.PrettyWrite(w); err != nil {
		return fmt.Errorf("sarif: %w", err)
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// sarifText escapes the brackets and backslashes of plain message text:
// SARIF viewers turn "[text](target)" into a link (§3.11.6), and repository
// text must not become one.
func sarifText(s string) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(s)
}

// addSARIFRule describes one rule from its METADATA.
func addSARIFRule(run *sarif.Run, r policies.Rule) {
	title := r.Title
	if title == "" {
		title = r.ID
	}
	desc := r.Description
	if desc == "" {
		desc = title + "."
	}
	d := run.AddRule(r.ID).
		WithName(sarifRuleName(r.ID)).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(title)).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(desc))
	help := fmt.Sprintf("%s\n\nRule %s", desc, r.ID)
	helpMD := fmt.Sprintf("**%s**\n\n%s\n\nRule `%s`", title, desc, r.ID)
	if r.Severity != "" {
		help += fmt.Sprintf(", default severity %s", r.Severity)
		helpMD += fmt.Sprintf(", default severity %s", r.Severity)
		d.WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity)))
	}
	if r.Source != "" && r.Source != "builtin" {
		help += fmt.Sprintf(" (from %s)", r.Source)
		helpMD += fmt.Sprintf(" (from `%s`)", r.Source)
	}
	d.WithHelp(sarif.NewMultiformatMessageString().WithText(help + ".").WithMarkdown(helpMD + "."))
	props := sarif.NewPropertyBag().WithTags([]string{"architecture", "drift"})
	if r.Severity != "" {
		// GitHub reads problem.severity for rules that are not about security.
		props.Add("problem.severity", map[report.Severity]string{
			report.SeverityError: "error", report.SeverityWarning: "warning", report.SeverityNotice: "recommendation",
		}[r.Severity])
	}
	d.WithProperties(props)
}

// sarifRuleName is the rule ID in the PascalCase SARIF viewers expect for
// names: element.undocumented → ElementUndocumented.
func sarifRuleName(id string) string {
	var b strings.Builder
	up := true
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			if up && r >= 'a' && r <= 'z' {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			up = false
		default:
			up = true
		}
	}
	return b.String()
}

func sarifLevel(s report.Severity) string {
	switch s {
	case report.SeverityError:
		return sarif.LevelError
	case report.SeverityWarning:
		return sarif.LevelWarning
	}
	return sarif.LevelNote
}

// sarifLocation is a repository-relative physical location, or nil when
// there is no file or it is not a plain relative path (SARIF consumers
// resolve it against the checkout).
func sarifLocation(l *report.Location, msg string) *sarif.Location {
	if l == nil || l.File == "" {
		return nil
	}
	file := strings.ReplaceAll(l.File, `\`, "/")
	if path.IsAbs(file) || strings.HasPrefix(path.Clean(file), "../") {
		return nil
	}
	al := sarif.NewSimpleArtifactLocation(escapeSegments(path.Clean(file))).WithURIBaseID(sarifSourceRoot)
	pl := sarif.NewPhysicalLocation().WithArtifactLocation(al)
	if l.Line > 0 {
		r := sarif.NewRegion().WithStartLine(l.Line)
		if l.Column > 0 {
			r.WithStartColumn(l.Column)
		}
		pl.WithRegion(r)
	}
	out := sarif.NewLocationWithPhysicalLocation(pl)
	if msg != "" {
		out.WithMessage(sarif.NewTextMessage(msg))
	}
	return out
}

func sameLocation(a, b *report.Location) bool {
	return a != nil && b != nil && *a == *b
}

// findingFingerprint identifies a finding across runs by what it is about
// (rule, documented and observed IDs, the ADR it enforces), not where the
// lines are: moving a manifest's lines keeps the alert. A finding that
// names neither an element nor an ADR is identified by its file and
// message instead.
func findingFingerprint(f report.Finding) string {
	parts := []string{f.Rule, deref(f.Documented), deref(f.Observed)}
	if f.ADR != nil {
		parts = append(parts, "adr", strconv.Itoa(f.ADR.Number), f.ADR.File)
	}
	if f.Documented == nil && f.Observed == nil && f.ADR == nil {
		file := ""
		if f.Location != nil {
			file = f.Location.File
		}
		parts = append(parts, file, f.Message)
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:16])
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
