package policies

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/archdrift/archdrift/report"
)

// FuzzADRModule loads arbitrary text as the rego block of an ADR. Whatever
// an ADR holds, New must not fail (a bad block is left out, so the other
// decisions are still enforced), every rejection must point into the ADR,
// and evaluation must not panic or hang.
func FuzzADRModule(f *testing.F) {
	f.Add(oracleModule, 12)
	f.Add("package archdrift.adr.x\n\nfinding contains x if {\n\tx := \n}\n", 1)
	f.Add("package archdrift.rules.element_missing\n\nfinding contains {} if false\n", 3)
	f.Add("package archdrift.adr.x\n\nfinding := 1\n", 5)
	f.Add("package archdrift.adr.x\n\nimport data.archdrift.rules.element_missing\n\nfinding contains f if { some f in element_missing.finding }\n", 40)
	f.Add("package archdrift.adr.x\n\nfinding contains x if { x := http.send({}) }\n", 2)
	f.Add("# METADATA\n# custom: [\npackage archdrift.adr.x\n", 7)
	f.Add("package archdrift.adr.x\n\nfinding contains {\"rule\": \"r\", \"severity\": \"error\", \"message\": \"m\", \"adr\": {\"number\": -4}}\n", 9)
	f.Add("", 0)
	in := Input{}
	f.Fuzz(func(t *testing.T, text string, line int) {
		if len(text) > 1<<14 || line < -1 || line > 1<<20 {
			return
		}
		const file = "docs/adr/0001-fuzz.md"
		mod := Module{File: file, Line: line, Source: text, ADR: &report.ADRRef{Number: 1, File: file, Line: line}, MaxSeverity: report.SeverityNotice}
		e, err := New(context.Background(), Options{Timeout: 100 * time.Millisecond, MaxMemory: 64 << 20, Modules: []Module{mod, mod}})
		if err != nil {
			t.Fatalf("New failed on an ADR policy: %v", err)
		}
		for _, r := range e.Rejected() {
			if r.File != file || r.Line < 1 || r.Message == "" {
				t.Errorf("rejection %+v does not point into the ADR", r)
			}
		}
		findings, err := e.Evaluate(context.Background(), in)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "policies: ") {
				t.Errorf("Evaluate error %q lacks the package prefix", err)
			}
			return
		}
		for _, fd := range findings {
			if fd.ADR != nil && fd.Severity.Rank() > report.SeverityNotice.Rank() {
				t.Errorf("finding of a capped ADR policy is %s", fd.Severity)
			}
		}
	})
}
