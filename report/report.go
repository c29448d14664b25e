// Package report is archdrift's output contract: the Report that every
// reporter renders and that `--format json` prints as is. Field names and
// order are part of the published JSON contract (DESIGN.md).
package report

import (
	"cmp"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// Version of the JSON contract.
const Version = 1

// Severity of a finding.
type Severity string

// Severities, most severe first.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityNotice  Severity = "notice"
)

// Rank orders severities: error 3, warning 2, notice 1, anything else 0.
func (s Severity) Rank() int {
	switch s {
	case SeverityError:
		return 3
	case SeverityWarning:
		return 2
	case SeverityNotice:
		return 1
	}
	return 0
}

// Location points at the line that best explains a finding.
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// String renders file:line:col, the form editors and CI annotations
// understand; "" for a nil location or one without a file.
func (l *Location) String() string {
	if l == nil {
		return ""
	}
	return model.Position(l.File, l.Line, l.Column)
}

// ADRRef names the decision a finding enforces.
type ADRRef struct {
	Number int    `json:"number"`
	Title  string `json:"title"`
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
}

// Finding is one verdict of one rule.
type Finding struct {
	Rule       string    `json:"rule"`
	Severity   Severity  `json:"severity"`
	Message    string    `json:"message"`
	Observed   *string   `json:"observed"`
	Documented *string   `json:"documented"`
	Location   *Location `json:"location"`
	ADR        *ADRRef   `json:"adr"`
}

// Summary counts findings and the sizes of both sides.
type Summary struct {
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Notices    int `json:"notices"`
	Documented int `json:"documented"`
	Observed   int `json:"observed"`
	Matched    int `json:"matched"`
	// Suppressed counts findings silenced by config, the model or a
	// baseline; they do not count towards --fail-on.
	Suppressed int `json:"suppressed"`
}

// Suppressed is a finding that was silenced, and by what.
type Suppressed struct {
	Finding
	// By is "config", "model" (an archdrift.ignore property) or "baseline".
	By     string `json:"by"`
	Reason string `json:"reason,omitempty"`
}

// Resolved is a baselined finding that no longer occurs: the drift was fixed
// and the baseline can shrink.
type Resolved struct {
	Rule       string `json:"rule"`
	Documented string `json:"documented,omitempty"`
	Observed   string `json:"observed,omitempty"`
	Message    string `json:"message"`
}

// Match says which observed elements implement a documented one, and how the
// match was made (explicit, config, name).
type Match struct {
	Documented string   `json:"documented"`
	Observed   []string `json:"observed"`
	Via        string   `json:"via"`
}

// Report is the whole result of a check.
type Report struct {
	Version     int                `json:"version"`
	Summary     Summary            `json:"summary"`
	Findings    []Finding          `json:"findings"`
	Matches     []Match            `json:"matches"`
	Diagnostics []model.Diagnostic `json:"diagnostics"`
	Suppressed  []Suppressed       `json:"suppressed"`
	Resolved    []Resolved         `json:"resolved"`
}

// Str returns a pointer to s, or nil for "" (JSON null).
func Str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Sort puts findings in the published order (severity, rule, ids, location),
// recounts the summary, and normalises nil slices, so the same input always
// gives the same bytes.
func (r *Report) Sort() {
	r.Version = Version
	slices.SortStableFunc(r.Findings, CompareFindings)
	slices.SortFunc(r.Matches, func(a, b Match) int { return strings.Compare(a.Documented, b.Documented) })
	slices.SortStableFunc(r.Diagnostics, func(a, b model.Diagnostic) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column), strings.Compare(a.Message, b.Message))
	})
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	if r.Matches == nil {
		r.Matches = []Match{}
	}
	if r.Diagnostics == nil {
		r.Diagnostics = []model.Diagnostic{}
	}
	if r.Suppressed == nil {
		r.Suppressed = []Suppressed{}
	}
	if r.Resolved == nil {
		r.Resolved = []Resolved{}
	}
	slices.SortStableFunc(r.Suppressed, func(a, b Suppressed) int {
		return cmp.Or(CompareFindings(a.Finding, b.Finding), strings.Compare(a.By, b.By))
	})
	slices.SortStableFunc(r.Resolved, func(a, b Resolved) int {
		return cmp.Or(strings.Compare(a.Rule, b.Rule), strings.Compare(a.Documented, b.Documented), strings.Compare(a.Observed, b.Observed))
	})
	r.Summary.Suppressed = len(r.Suppressed)
	r.Summary.Errors, r.Summary.Warnings, r.Summary.Notices = 0, 0, 0
	for _, f := range r.Findings {
		switch f.Severity {
		case SeverityError:
			r.Summary.Errors++
		case SeverityWarning:
			r.Summary.Warnings++
		case SeverityNotice:
			r.Summary.Notices++
		}
	}
}

// CompareFindings is the published finding order.
func CompareFindings(a, b Finding) int {
	la, lb := Location{}, Location{}
	if a.Location != nil {
		la = *a.Location
	}
	if b.Location != nil {
		lb = *b.Location
	}
	return cmp.Or(
		cmp.Compare(b.Severity.Rank(), a.Severity.Rank()),
		strings.Compare(a.Rule, b.Rule),
		strings.Compare(deref(a.Documented), deref(b.Documented)),
		strings.Compare(deref(a.Observed), deref(b.Observed)),
		strings.Compare(la.File, lb.File),
		cmp.Compare(la.Line, lb.Line),
		strings.Compare(a.Message, b.Message),
	)
}

// Count returns how many findings are at or above min.
func (r *Report) Count(min Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity.Rank() >= min.Rank() {
			n++
		}
	}
	return n
}
