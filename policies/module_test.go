package policies

import (
	"context"
	"strings"
	"testing"

	"github.com/archdrift/archdrift/report"
	"github.com/google/go-cmp/cmp"
)

// oracleModule is an ADR policy that flags every observed Oracle database.
const oracleModule = `package archdrift.adr.no_oracle

finding contains {
	"rule": "adr.violation",
	"severity": "error",
	"message": sprintf("%s runs Oracle", [e.id]),
	"observed": e.id,
} if {
	some e in input.observed.elements
	e.technology == "Oracle Database"
}
`

var oracleInput = map[string]any{
	"observed": map[string]any{"elements": []any{
		map[string]any{"id": "terraform:aws_db_instance.legacy", "technology": "Oracle Database"},
		map[string]any{"id": "terraform:aws_db_instance.orders", "technology": "PostgreSQL"},
	}},
}

func adrRef(n int, file string, line int) *report.ADRRef {
	return &report.ADRRef{Number: n, Title: "No Oracle", File: file, Line: line}
}

// adrFindings evaluates oracleInput and keeps the findings of ADR policies.
func adrFindings(t *testing.T, e *Engine) []report.Finding {
	t.Helper()
	got, err := e.Evaluate(context.Background(), oracleInput)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	var out []report.Finding
	for _, f := range got {
		if f.ADR != nil {
			out = append(out, f)
		}
	}
	return out
}

func TestModulesAreEnforced(t *testing.T) {
	tests := []struct {
		name string
		mod  Module
		want []report.Finding
	}{
		{
			name: "accepted",
			mod:  Module{File: "docs/adr/0004-no-oracle.md", Line: 12, Source: oracleModule, ADR: adrRef(4, "docs/adr/0004-no-oracle.md", 11)},
			want: []report.Finding{{
				Rule: "adr.violation", Severity: report.SeverityError,
				Message:  "terraform:aws_db_instance.legacy runs Oracle",
				Observed: report.Str("terraform:aws_db_instance.legacy"),
				ADR:      adrRef(4, "docs/adr/0004-no-oracle.md", 11),
			}},
		},
		{
			name: "proposed is capped",
			mod:  Module{File: "docs/adr/0004-no-oracle.md", Line: 12, Source: oracleModule, ADR: adrRef(4, "docs/adr/0004-no-oracle.md", 11), MaxSeverity: report.SeverityNotice},
			want: []report.Finding{{
				Rule: "adr.violation", Severity: report.SeverityNotice,
				Message:  "terraform:aws_db_instance.legacy runs Oracle",
				Observed: report.Str("terraform:aws_db_instance.legacy"),
				ADR:      adrRef(4, "docs/adr/0004-no-oracle.md", 11),
			}},
		},
		{
			name: "a finding that names its ADR keeps it",
			mod: Module{File: "docs/adr/0004-no-oracle.md", Line: 12, ADR: adrRef(4, "docs/adr/0004-no-oracle.md", 11),
				Source: strings.Replace(oracleModule, `"observed": e.id,`, `"observed": e.id, "adr": {"number": 4, "title": "Own", "file": "docs/adr/0004-no-oracle.md", "line": 20},`, 1)},
			want: []report.Finding{{
				Rule: "adr.violation", Severity: report.SeverityError,
				Message:  "terraform:aws_db_instance.legacy runs Oracle",
				Observed: report.Str("terraform:aws_db_instance.legacy"),
				ADR:      &report.ADRRef{Number: 4, Title: "Own", File: "docs/adr/0004-no-oracle.md", Line: 20},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustNew(t, Options{Modules: []Module{tt.mod}})
			if r := e.Rejected(); len(r) > 0 {
				t.Fatalf("Rejected: %v", r)
			}
			if d := cmp.Diff(tt.want, adrFindings(t, e)); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
		})
	}
}

// TestModulesRejected checks that a module that does not parse or compile
// is left out with an error at its line in the ADR, and that the other
// modules still run.
func TestModulesRejected(t *testing.T) {
	const file = "docs/adr/0009-bad.md"
	tests := []struct {
		name   string
		source string
		want   string // ModuleError.Error(), lines counted in the ADR file
	}{
		{
			name:   "syntax error",
			source: "package archdrift.adr.bad\n\nfinding contains x if {\n\tx := \n}\n",
			want:   file + ":24:1: unexpected } token",
		},
		{
			name:   "undefined function",
			source: "package archdrift.adr.bad\n\nfinding contains x if {\n\tx := no_such_function(1)\n}\n",
			want:   file + ":23:7: undefined function no_such_function",
		},
		{
			name:   "sandboxed builtin",
			source: "package archdrift.adr.bad\n\nfinding contains x if {\n\tx := http.send({})\n}\n",
			want:   file + ":23:7: builtin http.send is not allowed in archdrift policies: it reaches the network",
		},
		{
			name:   "package outside archdrift.adr",
			source: "package archdrift.rules.element_missing\n\nfinding contains {} if false\n",
			want:   file + ":20:1: package archdrift.rules.element_missing: an ADR policy's package is archdrift.adr.<name>",
		},
		{
			name:   "finding is not a partial set",
			source: "package archdrift.adr.bad\n\nfinding := {}\n",
			want:   file + ":22:1: finding must be a partial set: finding contains {...} if {...}",
		},
		{
			name:   "package of another ADR",
			source: "package archdrift.adr.no_oracle\n\nx := 1\n",
			want:   file + ":20:1: package archdrift.adr.no_oracle is already used by ADR 4 (docs/adr/0004-no-oracle.md); give each ADR its own package",
		},
		{
			name:   "empty",
			source: "# nothing but a comment\n",
			want:   file + ":20:0: empty policy",
		},
	}
	good := Module{File: "docs/adr/0004-no-oracle.md", Line: 12, Source: oracleModule, ADR: adrRef(4, "docs/adr/0004-no-oracle.md", 11)}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := Module{File: file, Line: 20, Source: tt.source, ADR: &report.ADRRef{Number: 9, File: file, Line: 19}}
			e := mustNew(t, Options{Modules: []Module{good, bad}})
			rejected := e.Rejected()
			if len(rejected) == 0 {
				t.Fatal("Rejected is empty")
			}
			if got := rejected[0].Error(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("Rejected[0] = %q, want prefix %q", got, tt.want)
			}
			for _, r := range rejected {
				if r.File != file {
					t.Errorf("the good module was rejected: %v", r)
				}
			}
			if got := adrFindings(t, e); len(got) != 1 {
				t.Errorf("the good module's findings: %v, want 1", got)
			}
		})
	}
}

// TestModuleEvaluationErrorNamesTheADR checks that a builtin error while
// evaluating an ADR policy points at its line in the ADR.
func TestModuleEvaluationErrorNamesTheADR(t *testing.T) {
	src := "package archdrift.adr.boom\n\nfinding contains {\"rule\": \"x\", \"severity\": \"error\", \"message\": m} if {\n\tm := sprintf(\"%d\", [to_number(\"nope\")])\n}\n"
	e := mustNew(t, Options{Modules: []Module{{File: "docs/adr/0003-boom.md", Line: 30, Source: src}}})
	_, err := e.Evaluate(context.Background(), oracleInput)
	if err == nil || !strings.Contains(err.Error(), "docs/adr/0003-boom.md#L30:33:") {
		t.Errorf("Evaluate error = %v, want one at docs/adr/0003-boom.md#L30:33", err)
	}
}

// TestModuleMalformedFindingNamesTheADR checks that a finding breaking the
// contract names the ADR policy that made it.
func TestModuleMalformedFindingNamesTheADR(t *testing.T) {
	src := "package archdrift.adr.shape\n\nfinding contains {\"rule\": \"x\", \"severity\": \"fatal\", \"message\": \"m\"}\n"
	e := mustNew(t, Options{Modules: []Module{{File: "docs/adr/0003-shape.md", Line: 8, Source: src}}})
	_, err := e.Evaluate(context.Background(), oracleInput)
	if err == nil || !strings.Contains(err.Error(), "archdrift.adr.shape (docs/adr/0003-shape.md#L8)") {
		t.Errorf("Evaluate error = %v, want it to name archdrift.adr.shape (docs/adr/0003-shape.md#L8)", err)
	}
}

// TestManyModulesAreBounded checks that a flood of ADR policies is cut off,
// not compiled.
func TestManyModulesAreBounded(t *testing.T) {
	mods := make([]Module, maxPolicyFiles+3)
	for i := range mods {
		mods[i] = Module{File: "docs/adr/flood.md", Line: i + 1, Source: "package archdrift.adr.flood\n"}
	}
	e := mustNew(t, Options{Modules: mods})
	if got := len(e.Rejected()); got != 3 {
		t.Errorf("%d rejected, want 3", got)
	}
}
