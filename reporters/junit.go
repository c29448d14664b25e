package reporters

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/policies"
	"github.com/archdrift/archdrift/report"
)

// JUnit writes JUnit XML, which nearly every CI system shows as test
// results: one test suite per rule, one test case per rule and element
// (the documented or observed ID a finding names), failing when any of its
// findings is an error. Warnings and notices pass, with their messages as
// the case's output. A rule without findings is one passing case, so the
// suite shows what was checked; inputs that could not be read are skipped
// cases of their own suite.
type JUnit struct {
	// Rules describe the rules (policies.Engine.Rules()); nil means the
	// built-in rules.
	Rules []policies.Rule
}

// Name implements Reporter.
func (JUnit) Name() string { return "junit" }

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure"`
	Skipped   *junitMessage `xml:"skipped"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// Write implements Reporter.
func (j JUnit) Write(w io.Writer, in Input) error {
	cat, err := newRuleCatalog(j.Rules, in.Report.Findings)
	if err != nil {
		return err
	}
	loc := newLocator(in)
	byRule := map[string][]report.Finding{}
	for _, f := range in.Report.Findings {
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	out := junitSuites{Name: "archdrift"}
	for _, r := range cat.Rules() {
		suite := junitSuite{Name: r.ID, Time: "0"}
		if r.Title != "" {
			suite.Name += ": " + r.Title
		}
		for _, c := range junitCases(r.ID, byRule[r.ID], loc) {
			suite.Tests++
			if c.Failure != nil {
				suite.Failures++
			}
			suite.Cases = append(suite.Cases, c)
		}
		out.add(suite)
	}
	if diags := in.Report.Diagnostics; len(diags) > 0 {
		suite := junitSuite{Name: "archdrift.diagnostics: inputs that could not be read", Time: "0"}
		for _, d := range diags {
			name := d.File
			if name == "" {
				name = d.Origin
			}
			suite.Cases = append(suite.Cases, junitCase{
				Name: name, Classname: "archdrift.diagnostics", File: d.File, Time: "0",
				Skipped: &junitMessage{Message: d.String()},
			})
			suite.Tests++
			suite.Skipped++
		}
		out.add(suite)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	_, err = io.WriteString(w, "\n")
	return err
}

func (s *junitSuites) add(suite junitSuite) {
	s.Tests += suite.Tests
	s.Failures += suite.Failures
	s.Skipped += suite.Skipped
	s.Suites = append(s.Suites, suite)
}

// junitCases folds a rule's findings into one case per element, in the
// report's order; a rule without findings is one passing case.
func junitCases(rule string, findings []report.Finding, loc *locator) []junitCase {
	if len(findings) == 0 {
		return []junitCase{{Name: "no findings", Classname: rule, Time: "0"}}
	}
	var keys []string
	byKey := map[string][]report.Finding{}
	for _, f := range findings {
		key := junitElement(f)
		if _, ok := byKey[key]; !ok {
			keys = append(keys, key)
		}
		byKey[key] = append(byKey[key], f)
	}
	out := make([]junitCase, 0, len(keys))
	for _, key := range keys {
		fs := byKey[key]
		c := junitCase{Name: key, Classname: rule, Time: "0"}
		var lines []string
		for _, f := range fs {
			line := fmt.Sprintf("%s: %s", f.Severity, f.Message)
			if l := loc.Locate(f); l != nil {
				line += " (" + l.String() + ")"
				if c.File == "" {
					c.File = l.File
				}
			}
			if f.ADR != nil {
				line += fmt.Sprintf(" [ADR %d: %s, %s]", f.ADR.Number, f.ADR.Title, f.ADR.File)
			}
			lines = append(lines, line)
		}
		text := strings.Join(lines, "\n")
		if i := slices.IndexFunc(fs, func(f report.Finding) bool { return f.Severity == report.SeverityError }); i >= 0 {
			c.Failure = &junitMessage{Message: fs[i].Message, Type: rule, Text: text}
		} else {
			c.SystemOut = text
		}
		out = append(out, c)
	}
	return out
}

// junitElement names the element a finding is about: the documented ID,
// else the observed one, else the file, else the message.
func junitElement(f report.Finding) string {
	switch {
	case f.Documented != nil && *f.Documented != "":
		return *f.Documented
	case f.Observed != nil && *f.Observed != "":
		return *f.Observed
	case f.ADR != nil:
		return fmt.Sprintf("ADR %d", f.ADR.Number)
	case f.Location != nil && f.Location.File != "":
		return f.Location.File
	}
	return f.Message
}
