package reporters

import (
	"bytes"
	"strings"
	"testing"

	"github.com/archdrift/archdrift/report"
)

func TestTextColourAndWidth(t *testing.T) {
	r := &report.Report{Findings: []report.Finding{{
		Rule: "element.undocumented", Severity: report.SeverityError,
		Message:  "Deployment main/recommendation-service is not in the model and nobody has said why it runs",
		Location: &report.Location{File: "k8s/recs.yaml", Line: 3},
	}}}
	r.Sort()
	var plain, color, narrow bytes.Buffer
	if err := (Text{}).Write(&plain, Input{Report: r}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("plain output has ANSI escapes")
	}
	if err := (Text{}).Write(&color, Input{Report: r, Color: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(color.String(), "\x1b[31m") {
		t.Error("coloured output has no red for errors")
	}
	if err := (Text{}).Write(&narrow, Input{Report: r, Width: 60}); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(narrow.String(), "\n") {
		if strings.HasPrefix(line, "  ") && len([]rune(line)) > 60 {
			t.Errorf("line longer than the terminal: %q", line)
		}
	}
	if !strings.Contains(plain.String(), "k8s/recs.yaml:3") {
		t.Errorf("location missing:\n%s", plain.String())
	}
}
