package baseline

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/archdrift/archdrift/report"
)

func finding(rule, doc, obs, file string, line int) report.Finding {
	return report.Finding{Rule: rule, Severity: report.SeverityError, Message: rule + " " + doc + obs,
		Documented: report.Str(doc), Observed: report.Str(obs), Location: &report.Location{File: file, Line: line}}
}

func TestFingerprintIgnoresLocationAndMessageWording(t *testing.T) {
	a := finding("element.undocumented", "", "k:main/deployment/x", "a.yaml", 1)
	b := finding("element.undocumented", "", "k:main/deployment/x", "moved/a.yaml", 40)
	b.Message = "reworded"
	if Fingerprint(a) != Fingerprint(b) {
		t.Errorf("fingerprint changed with location or message")
	}
	c := finding("element.missing", "", "k:main/deployment/x", "a.yaml", 1)
	if Fingerprint(a) == Fingerprint(c) {
		t.Errorf("different rules share a fingerprint")
	}
	d := finding("element.undocumented", "", "k:main/deployment/y", "a.yaml", 1)
	if Fingerprint(a) == Fingerprint(d) {
		t.Errorf("different elements share a fingerprint")
	}
}

func TestRoundTripAndApply(t *testing.T) {
	old := &report.Report{Findings: []report.Finding{
		finding("element.undocumented", "", "k:a", "a.yaml", 1),
		finding("relationship.missing", "s.a->s.b", "", "w.dsl", 9),
	}}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	if err := enc.Encode(FromReport(old)); err != nil {
		t.Fatal(err)
	}
	b, err := Read("baseline.json", &buf)
	if err != nil {
		t.Fatal(err)
	}
	now := []report.Finding{
		finding("element.undocumented", "", "k:a", "a.yaml", 3), // known, moved
		finding("element.undocumented", "", "k:new", "n.yaml", 1),
	}
	res := b.Apply(now)
	if len(res.New) != 1 || *res.New[0].Observed != "k:new" {
		t.Errorf("New = %+v, want only k:new", res.New)
	}
	if len(res.Known) != 1 || *res.Known[0].Observed != "k:a" {
		t.Errorf("Known = %+v, want only k:a", res.Known)
	}
	if len(res.Resolved) != 1 || res.Resolved[0].Rule != "relationship.missing" {
		t.Errorf("Resolved = %+v, want the relationship.missing entry", res.Resolved)
	}
}

func TestReadRejectsBadFiles(t *testing.T) {
	for name, src := range map[string]string{
		"wrong version": `{"version": 7, "findings": []}`,
		"unknown key":   `{"version": 1, "findings": [], "extra": true}`,
		"not json":      `findings: []`,
	} {
		if _, err := Read("b.json", strings.NewReader(src)); err == nil {
			t.Errorf("%s: Read succeeded, want an error", name)
		} else if !strings.Contains(err.Error(), "b.json") {
			t.Errorf("%s: error %q does not name the file", name, err)
		}
	}
}
