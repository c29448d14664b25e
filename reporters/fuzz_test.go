package reporters

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/archdrift/archdrift/diff"
	"github.com/archdrift/archdrift/report"
)

// FuzzReporters puts arbitrary text where a repository controls it (an
// element's name and technology, a message, a file path) and checks that
// every format still renders and stays well formed.
func FuzzReporters(f *testing.F) {
	f.Add(hostileName, "Go", "deploy/x.yaml")
	f.Add("", "", "")
	f.Add("\xff\xfe<\x00>", "]]>", "../../a")
	f.Fuzz(func(t *testing.T, name, tech, file string) {
		in := shopflowInput()
		if e, ok := in.Documented.Element("shopflow.orders"); ok {
			e.Name, e.Technology = name, tech
		}
		in.Diff.UndocumentedElements = append(in.Diff.UndocumentedElements, diff.ElementFact{
			ID: "kubernetes:" + name, Name: name, Kind: "container", Technology: tech, Display: name, Location: loc(file, 1)})
		in.Diff.UndocumentedRelationships = append(in.Diff.UndocumentedRelationships, diff.RelationshipFact{
			From: "shopflow.orders", To: "kubernetes:" + name, FromName: name, ToName: name, Description: name, Technology: tech})
		in.Report.Findings = append(in.Report.Findings, report.Finding{Rule: name, Severity: report.SeverityError, Message: name,
			Observed: report.Str("kubernetes:" + name), Location: loc(file, 3), ADR: &report.ADRRef{Number: 1, Title: name, File: file}})
		in.Report.Sort()
		for _, format := range formats {
			out := render(t, format.name, in)
			switch format.name {
			case "markdown":
				checkMarkdownStructure(t, out)
				if len(out) > DefaultMarkdownMaxBytes {
					t.Errorf("markdown is %d bytes", len(out))
				}
			case "sarif":
				if !json.Valid([]byte(out)) {
					t.Error("sarif is not JSON")
				}
			case "junit":
				var s junitSuites
				if err := xml.Unmarshal([]byte(out), &s); err != nil {
					t.Errorf("junit is not XML: %v", err)
				}
			case "html":
				if !strings.Contains(out, "<svg") {
					t.Error("html has no diagram")
				}
			}
		}
	})
}
