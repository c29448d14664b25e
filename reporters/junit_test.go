package reporters

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/archdrift/archdrift/report"
)

func parseJUnit(t *testing.T, out string) junitSuites {
	t.Helper()
	if !strings.HasPrefix(out, xml.Header) {
		t.Error("no XML declaration")
	}
	var s junitSuites
	if err := xml.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("not well-formed XML: %v", err)
	}
	return s
}

func TestJUnit(t *testing.T) {
	in := shopflowInput()
	s := parseJUnit(t, render(t, "junit", in))
	// One suite per rule plus the diagnostics suite.
	if len(s.Suites) != len(fixtureRules)+1 {
		t.Errorf("%d suites, want %d", len(s.Suites), len(fixtureRules)+1)
	}
	cases := map[string]junitCase{} // "rule element" → case
	tests, failures, skipped := 0, 0, 0
	for _, suite := range s.Suites {
		f := 0
		for _, c := range suite.Cases {
			cases[c.Classname+" "+c.Name] = c
			if c.Failure != nil {
				f++
			}
			if c.Skipped != nil {
				skipped++
			}
		}
		if suite.Tests != len(suite.Cases) || suite.Failures != f {
			t.Errorf("suite %s counts %d tests %d failures, has %d and %d", suite.Name, suite.Tests, suite.Failures, len(suite.Cases), f)
		}
		tests += suite.Tests
		failures += suite.Failures
	}
	if s.Tests != tests || s.Failures != failures || s.Skipped != skipped || skipped != 1 {
		t.Errorf("totals %d/%d/%d, suites add up to %d/%d/%d", s.Tests, s.Failures, s.Skipped, tests, failures, skipped)
	}
	errors := 0
	for _, f := range in.Report.Findings {
		c, ok := cases[f.Rule+" "+junitElement(f)]
		if !ok {
			t.Errorf("no test case for %s × %s", f.Rule, junitElement(f))
			continue
		}
		isErr := f.Severity == report.SeverityError
		if isErr {
			errors++
		}
		if isErr != (c.Failure != nil) {
			t.Errorf("%s × %s: failure %v for a %s", f.Rule, junitElement(f), c.Failure != nil, f.Severity)
		}
		text := c.SystemOut
		if c.Failure != nil {
			text = c.Failure.Text
		}
		if !strings.Contains(text, f.Message) {
			t.Errorf("%s × %s does not say %q", f.Rule, junitElement(f), f.Message)
		}
	}
	// Two error findings name the same documented relationship (the ADR
	// rule and the relationship rule): still one case per rule × element.
	if failures != errors {
		t.Errorf("%d failures for %d error findings", failures, errors)
	}
	if c := cases["element.undocumented kubernetes:main/deployment/recommendation-service"]; c.File != "deploy/k8s/main/recommendation-service.yaml" {
		t.Errorf("file attribute %q", c.File)
	}
	if _, ok := cases["element.missing no findings"]; ok {
		t.Error("a rule with findings also has a no-findings case")
	}
	if _, ok := cases["element.ambiguous no findings"]; ok {
		t.Error("element.ambiguous has findings")
	}
	clean := parseJUnit(t, render(t, "junit", cleanInput()))
	if clean.Failures != 0 || clean.Tests != len(fixtureRules) {
		t.Errorf("clean run: %d tests %d failures", clean.Tests, clean.Failures)
	}
}

func TestJUnitHostile(t *testing.T) {
	s := parseJUnit(t, render(t, "junit", hostileInput()))
	found := false
	for _, suite := range s.Suites {
		for _, c := range suite.Cases {
			if c.Failure != nil && strings.Contains(c.Failure.Message, hostileName[:20]) {
				found = true
			}
		}
	}
	if !found {
		t.Error("hostile text did not survive the XML round trip")
	}
}
