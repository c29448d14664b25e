package policies

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archdrift/archdrift/report"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// loadInput reads testdata/input.json into an Input, refusing members the
// contract does not have, so the fixture cannot drift from the Go types.
func loadInput(t testing.TB) Input {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "input.json"))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var in Input
	if err := dec.Decode(&in); err != nil {
		t.Fatalf("testdata/input.json: %v", err)
	}
	return in
}

func mustNew(t testing.TB, opts Options) *Engine {
	t.Helper()
	e, err := New(context.Background(), opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

func loc(file string, line, column int) *report.Location {
	return &report.Location{File: file, Line: line, Column: column}
}

// builtinFindings are what the built-in rules make of testdata/input.json,
// in the published order: errors, warnings, notices, then rule.
var builtinFindings = []report.Finding{
	{
		Rule: "element.undocumented", Severity: report.SeverityError,
		Message:  "Deployment main/recommendation-service is not in the model",
		Observed: report.Str("kubernetes:main/deployment/recommendation-service"),
		Location: loc("deploy/k8s/recommendation.yaml", 1, 0),
	},
	{
		Rule: "relationship.undocumented", Severity: report.SeverityError,
		Message:    "Order Service → Payment Service is observed but not in the model",
		Observed:   report.Str("kubernetes:main/deployment/order-service->kubernetes:main/deployment/payment-service"),
		Documented: report.Str("shopflow.orders->shopflow.payments"),
		Location:   loc("deploy/k8s/orders.yaml", 30, 0),
	},
	{
		Rule: "element.missing", Severity: report.SeverityWarning,
		Message:    "Legacy Billing (shopflow.billing) is in the model but no scanner found it",
		Documented: report.Str("shopflow.billing"),
		Location:   loc("workspace.dsl", 42, 13),
	},
	{
		Rule: "technology.mismatch", Severity: report.SeverityWarning,
		Message:    "PostgreSQL is documented as PostgreSQL but runs MySQL",
		Observed:   report.Str("terraform:aws_db_instance.orders"),
		Documented: report.Str("shopflow.db"),
		Location:   loc("infra/db.tf", 1, 0),
	},
	{
		Rule: "element.ambiguous", Severity: report.SeverityNotice,
		Message:  "kubernetes:main/statefulset/orders-db matches several documented elements: shopflow.db, shopflow.orders; map it explicitly",
		Observed: report.Str("kubernetes:main/statefulset/orders-db"),
		Location: loc("deploy/k8s/db.yaml", 1, 0),
	},
	{
		Rule: "relationship.missing", Severity: report.SeverityNotice,
		Message:    "Order Service → RabbitMQ is in the model but was not observed",
		Documented: report.Str("shopflow.orders->shopflow.queue"),
		Location:   loc("workspace.dsl", 57, 0),
	},
}

func ownerFinding(name, file string) report.Finding {
	return report.Finding{
		Rule: "team.owner", Severity: report.SeverityWarning,
		Message:  name + " has no owner property",
		Observed: report.Str("kubernetes:main/deployment/" + name),
		Location: loc(file, 1, 0),
	}
}

func TestEvaluate(t *testing.T) {
	in := loadInput(t)
	tests := []struct {
		name string
		dirs []string
		want []report.Finding
	}{
		{name: "builtin", want: builtinFindings},
		{
			name: "builtin and user rules",
			dirs: []string{filepath.Join("testdata", "extra")},
			want: []report.Finding{
				builtinFindings[0], builtinFindings[1],
				builtinFindings[2],
				ownerFinding("order-service", "deploy/k8s/orders.yaml"),
				ownerFinding("payment-service", "deploy/k8s/payments.yaml"),
				ownerFinding("recommendation-service", "deploy/k8s/recommendation.yaml"),
				builtinFindings[3],
				builtinFindings[4], builtinFindings[5],
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustNew(t, Options{Dirs: tt.dirs})
			got, err := e.Evaluate(context.Background(), in)
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
		})
	}
}

// TestEvaluateInputForms checks that a map input and an empty or null one
// work like the typed Input.
func TestEvaluateInputForms(t *testing.T) {
	e := mustNew(t, Options{})
	b, err := os.ReadFile(filepath.Join("testdata", "input.json"))
	if err != nil {
		t.Fatal(err)
	}
	var asMap map[string]any
	if err := json.Unmarshal(b, &asMap); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		input any
		want  []report.Finding
	}{
		{name: "map", input: asMap, want: builtinFindings},
		{name: "null", input: nil, want: []report.Finding{}},
		{name: "empty Input", input: Input{}, want: []report.Finding{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.Evaluate(context.Background(), tt.input)
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
		})
	}
	if _, err := e.Evaluate(context.Background(), map[string]any{"bad": make(chan int)}); err == nil {
		t.Error("Evaluate of an input that cannot be JSON: no error")
	}
}

func TestRules(t *testing.T) {
	builtin := []Rule{
		{ID: "adr.invalid", Severity: report.SeverityWarning, Source: "builtin"},
		{ID: "adr.violation", Severity: report.SeverityError, Source: "builtin"},
		{ID: "doc.stale", Severity: report.SeverityWarning, Source: "builtin"},
		{ID: "element.ambiguous", Severity: report.SeverityNotice, Source: "builtin"},
		{ID: "element.missing", Severity: report.SeverityWarning, Source: "builtin"},
		{ID: "element.undocumented", Severity: report.SeverityError, Source: "builtin"},
		{ID: "relationship.missing", Severity: report.SeverityNotice, Source: "builtin"},
		{ID: "relationship.undocumented", Severity: report.SeverityError, Source: "builtin"},
		{ID: "technology.mismatch", Severity: report.SeverityWarning, Source: "builtin"},
	}
	owner := Rule{ID: "team.owner", Severity: report.SeverityWarning, Source: filepath.Join("testdata", "extra", "owner.rego")}
	tests := []struct {
		name string
		dirs []string
		want []Rule
	}{
		{name: "builtin", want: builtin},
		{name: "with user rules", dirs: []string{filepath.Join("testdata", "extra")}, want: append(builtin[:8:8], owner, builtin[8])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustNew(t, Options{Dirs: tt.dirs}).Rules()
			if d := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(Rule{}, "Title", "Description")); d != "" {
				t.Errorf("Rules (-want +got):\n%s", d)
			}
			for _, r := range got {
				if r.Title == "" || r.Description == "" {
					t.Errorf("rule %s: METADATA has no title or description", r.ID)
				}
			}
		})
	}
}

// writePolicies writes name → text under dir and returns dir.
func writePolicies(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// policyCalling is a user rule whose body calls expr on line 5.
func policyCalling(expr string) string {
	return "package archdrift.rules.probe\n\n" +
		"finding contains {\"rule\": \"probe\", \"severity\": \"notice\", \"message\": sprintf(\"%v\", [x])} if {\n" +
		"\tsome i in [1]\n" +
		"\tx := " + expr + "\n" +
		"}\n"
}

func TestNewRejects(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // substrings of the error; "$DIR" is the policy directory
	}{
		{
			name:  "http.send",
			files: map[string]string{"net.rego": policyCalling(`http.send({"method": "GET", "url": "https://example.com"})`)},
			want:  []string{"$DIR/net.rego:5:", "http.send is not allowed", "network"},
		},
		{
			name:  "opa.runtime",
			files: map[string]string{"env.rego": policyCalling(`opa.runtime().env.HOME`)},
			want:  []string{"$DIR/env.rego:5:", "opa.runtime is not allowed"},
		},
		{
			name:  "net.lookup_ip_addr",
			files: map[string]string{"dns.rego": policyCalling(`net.lookup_ip_addr("example.com")`)},
			want:  []string{"$DIR/dns.rego:5:", "net.lookup_ip_addr is not allowed"},
		},
		{
			name:  "net.cidr_contains",
			files: map[string]string{"cidr.rego": policyCalling(`net.cidr_contains("10.0.0.0/8", "10.1.2.3")`)},
			want:  []string{"$DIR/cidr.rego:5:", "net.cidr_contains is not allowed"},
		},
		{
			name:  "trace",
			files: map[string]string{"trace.rego": policyCalling(`trace("hi")`)},
			want:  []string{"$DIR/trace.rego:5:", "trace is not allowed"},
		},
		{
			name:  "json.match_schema with a file reference",
			files: map[string]string{"schema.rego": policyCalling(`json.match_schema({}, {"$ref": "file:///etc/passwd"})`)},
			want:  []string{"$DIR/schema.rego:5:", "json.match_schema is not allowed"},
		},
		{
			name:  "Rego v0 syntax",
			files: map[string]string{"old.rego": "package archdrift.rules.old\n\ndeny[msg] {\n\tmsg := \"x\"\n}\n"},
			want:  []string{"$DIR/old.rego:3:"},
		},
		{
			name:  "parse error",
			files: map[string]string{"broken.rego": "package archdrift.rules.broken\n\nfinding contains x if {\n"},
			want:  []string{"$DIR/broken.rego:"},
		},
		{
			name:  "empty file",
			files: map[string]string{"empty.rego": "# nothing here\n"},
			want:  []string{"$DIR/empty.rego: empty module"},
		},
		{
			name:  "finding as a complete rule",
			files: map[string]string{"whole.rego": "package archdrift.rules.whole\n\nfinding := {\"rule\": \"x\"}\n"},
			want:  []string{"$DIR/whole.rego:3:1: finding must be a partial set"},
		},
		{
			name:  "finding in a package the engine does not collect",
			files: map[string]string{"deep.rego": "package archdrift.rules.team.deep\n\nfinding contains \"x\"\n"},
			want:  []string{"$DIR/deep.rego:3:1: finding in package archdrift.rules.team.deep is never collected"},
		},
		{
			name:  "finding declared from a parent package",
			files: map[string]string{"parent.rego": "package archdrift\n\nrules.sneaky.finding contains {\"rule\": \"x\", \"severity\": \"error\", \"message\": \"m\"}\n"},
			want:  []string{"$DIR/parent.rego:3:1: rule rules.sneaky.finding: rules under archdrift.rules belong in a package archdrift.rules.<name>"},
		},
		{
			name:  "finding in package archdrift.rules itself",
			files: map[string]string{"top.rego": "package archdrift.rules\n\nfinding contains \"x\"\n"},
			want:  []string{"$DIR/top.rego:3:1: rule finding: rules under archdrift.rules belong in a package"},
		},
		{
			name:  "reopening a built-in rule",
			files: map[string]string{"mine.rego": "package archdrift.rules.element_missing\n\nextra := 1\n"},
			want:  []string{"$DIR/mine.rego:1:1: package archdrift.rules.element_missing is a built-in rule"},
		},
		{
			name: "METADATA severity",
			files: map[string]string{"meta.rego": "# METADATA\n# title: x\n# custom:\n#   rule: team.x\n#   severity: fatal\n" +
				"package archdrift.rules.meta\n"},
			want: []string{"$DIR/meta.rego:1:1: METADATA: custom.severity fatal is not one of error, warning, notice"},
		},
		{
			name:  "file too large",
			files: map[string]string{"big.rego": "package archdrift.rules.big\n" + strings.Repeat("#", maxPolicyFileSize)},
			want:  []string{"$DIR/big.rego: larger than"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writePolicies(t, t.TempDir(), tt.files)
			_, err := New(context.Background(), Options{Dirs: []string{dir}})
			if err == nil {
				t.Fatal("New: no error")
			}
			t.Logf("error: %v", err)
			for _, w := range tt.want {
				w = strings.ReplaceAll(w, "$DIR/", dir+string(filepath.Separator))
				if !strings.Contains(err.Error(), w) {
					t.Errorf("New error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestUserDirs(t *testing.T) {
	dir := writePolicies(t, t.TempDir(), map[string]string{
		"a.rego":                 "package archdrift.rules.a\n\nfinding contains {\"rule\": \"a\", \"severity\": \"notice\", \"message\": \"a\"}\n",
		"nested/b.rego":          "package archdrift.rules.b\n\nfinding contains {\"rule\": \"b\", \"severity\": \"notice\", \"message\": \"b\"}\n",
		"a_test.rego":            "this is not Rego and must not be read\n",
		".git/hooks/c.rego":      "this is not Rego and must not be read\n",
		"README.md":              "not a policy\n",
		"lib/helpers.rego":       "package team.lib\n\nshout(s) := upper(s)\n",
		"uses_lib/uses_lib.rego": "package archdrift.rules.uses_lib\n\nimport data.team.lib\n\nfinding contains {\"rule\": \"c\", \"severity\": \"notice\", \"message\": lib.shout(\"c\")}\n",
	})
	single := writePolicies(t, t.TempDir(), map[string]string{
		"one.rego": "package archdrift.rules.one\n\nfinding contains {\"rule\": \"d\", \"severity\": \"notice\", \"message\": \"d\"}\n",
	})
	e := mustNew(t, Options{Dirs: []string{dir, filepath.Join(single, "one.rego")}})
	got, err := e.Evaluate(context.Background(), Input{})
	if err != nil {
		t.Fatal(err)
	}
	var messages []string
	for _, f := range got {
		messages = append(messages, f.Message)
	}
	if d := cmp.Diff([]string{"a", "b", "C", "d"}, messages); d != "" {
		t.Errorf("messages (-want +got):\n%s", d)
	}

	t.Run("missing directory", func(t *testing.T) {
		if _, err := New(context.Background(), Options{Dirs: []string{filepath.Join(dir, "nope")}}); err == nil {
			t.Error("New: no error")
		}
	})
	t.Run("not a policy file", func(t *testing.T) {
		if _, err := New(context.Background(), Options{Dirs: []string{filepath.Join(dir, "README.md")}}); err == nil {
			t.Error("New: no error")
		}
	})
	t.Run("symbolic link", func(t *testing.T) {
		linked := t.TempDir()
		if err := os.Symlink(filepath.Join(dir, "a.rego"), filepath.Join(linked, "link.rego")); err != nil {
			t.Skipf("cannot make a symbolic link: %v", err)
		}
		_, err := New(context.Background(), Options{Dirs: []string{linked}})
		if err == nil || !strings.Contains(err.Error(), "link.rego: symbolic link not followed") {
			t.Errorf("New error = %v, want one refusing link.rego", err)
		}
	})
	t.Run("too many files", func(t *testing.T) {
		many := t.TempDir()
		files := map[string]string{}
		for i := range maxPolicyFiles + 1 {
			files[fmt.Sprintf("p/%04d.rego", i)] = "package team.many\n"
		}
		writePolicies(t, many, files)
		_, err := New(context.Background(), Options{Dirs: []string{many}})
		if err == nil || !strings.Contains(err.Error(), "more than") {
			t.Errorf("New error = %v, want too many files", err)
		}
	})
}

func TestEvaluateRejects(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		want   []string
	}{
		{
			name:   "no message",
			policy: "package archdrift.rules.shape\n\nfinding contains {\"rule\": \"shape\", \"severity\": \"error\"}\n",
			want:   []string{"archdrift.rules.shape ($DIR/p.rego)", `rule shape: finding has no "message"`},
		},
		{
			name:   "no rule",
			policy: "package archdrift.rules.shape\n\nfinding contains {\"severity\": \"error\", \"message\": \"m\"}\n",
			want:   []string{"archdrift.rules.shape ($DIR/p.rego)", `finding has no "rule"`},
		},
		{
			name:   "no severity",
			policy: "package archdrift.rules.shape\n\nfinding contains {\"rule\": \"shape\", \"message\": \"m\"}\n",
			want:   []string{"archdrift.rules.shape", `rule shape: finding has no "severity"`},
		},
		{
			name:   "unknown severity",
			policy: "package archdrift.rules.shape\n\nfinding contains {\"rule\": \"shape\", \"severity\": \"critical\", \"message\": \"m\"}\n",
			want:   []string{"archdrift.rules.shape", `severity "critical" is not one of error, warning, notice`},
		},
		{
			name:   "not an object",
			policy: "package archdrift.rules.shape\n\nfinding contains \"just a string\"\n",
			want:   []string{"archdrift.rules.shape", `finding "just a string" is not an object`},
		},
		{
			name:   "observed is a number",
			policy: "package archdrift.rules.shape\n\nfinding contains {\"rule\": \"shape\", \"severity\": \"error\", \"message\": \"m\", \"observed\": 7}\n",
			want:   []string{"archdrift.rules.shape", `"observed" is 7, not a string`},
		},
		{
			name:   "location line is a string",
			policy: "package archdrift.rules.shape\n\nfinding contains {\"rule\": \"shape\", \"severity\": \"error\", \"message\": \"m\", \"location\": {\"file\": \"f\", \"line\": \"3\"}}\n",
			want:   []string{"archdrift.rules.shape", `location: "line" is "3", not a number`},
		},
		{
			name:   "adr is a string",
			policy: "package archdrift.rules.shape\n\nfinding contains {\"rule\": \"shape\", \"severity\": \"error\", \"message\": \"m\", \"adr\": \"0007\"}\n",
			want:   []string{"archdrift.rules.shape", `adr: "0007" is not an object`},
		},
		{
			name:   "builtin error is fatal",
			policy: policyCalling(`to_number("seven")`),
			want:   []string{"$DIR/p.rego:5:", "to_number"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writePolicies(t, t.TempDir(), map[string]string{"p.rego": tt.policy})
			e := mustNew(t, Options{Dirs: []string{dir}})
			_, err := e.Evaluate(context.Background(), Input{})
			if err == nil {
				t.Fatal("Evaluate: no error")
			}
			t.Logf("error: %v", err)
			for _, w := range tt.want {
				w = strings.ReplaceAll(w, "$DIR/", dir+string(filepath.Separator))
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Evaluate error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// TestEvaluateAcceptsFullFinding checks every optional member, ADR included.
func TestEvaluateAcceptsFullFinding(t *testing.T) {
	dir := writePolicies(t, t.TempDir(), map[string]string{"adr.rego": `package archdrift.rules.adr_example

finding contains {
	"rule": "adr.violation",
	"severity": "error",
	"message": "Order Service calls PostgreSQL directly",
	"observed": "a->b",
	"documented": "",
	"location": {"file": "deploy/orders.yaml", "line": 12, "column": 3},
	"adr": {"number": 7, "title": "Only the data service talks to the database", "file": "docs/adr/0007.md", "line": 20},
	"extra": "ignored",
}
`})
	got, err := mustNew(t, Options{Dirs: []string{dir}}).Evaluate(context.Background(), Input{})
	if err != nil {
		t.Fatal(err)
	}
	want := []report.Finding{{
		Rule: "adr.violation", Severity: report.SeverityError,
		Message:  "Order Service calls PostgreSQL directly",
		Observed: report.Str("a->b"),
		Location: loc("deploy/orders.yaml", 12, 3),
		ADR:      &report.ADRRef{Number: 7, Title: "Only the data service talks to the database", File: "docs/adr/0007.md", Line: 20},
	}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("findings (-want +got):\n%s", d)
	}
}

// runaway counts a comprehension of 10^10 elements: it must be stopped by the
// timeout, long before it ends.
const runaway = `package archdrift.rules.runaway

finding contains {"rule": "runaway", "severity": "notice", "message": "finished"} if {
	count([1 | some i in numbers.range(1, 100000); some j in numbers.range(1, 100000)]) > 0
}
`

func TestEvaluateTimeout(t *testing.T) {
	dir := writePolicies(t, t.TempDir(), map[string]string{"runaway.rego": runaway})
	e := mustNew(t, Options{Dirs: []string{dir}, Timeout: 200 * time.Millisecond})
	// The runaway policy would run for hours: getting any answer at all,
	// and this one, proves the timeout stopped it.
	_, err := e.Evaluate(context.Background(), Input{})
	if err == nil {
		t.Fatal("Evaluate: no error")
	}
	if !strings.Contains(err.Error(), "evaluation stopped after 200ms") {
		t.Errorf("Evaluate error %q does not say it was stopped by the timeout", err)
	}
}

func TestEvaluateCancelled(t *testing.T) {
	dir := writePolicies(t, t.TempDir(), map[string]string{"runaway.rego": runaway})
	e := mustNew(t, Options{Dirs: []string{dir}})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := e.Evaluate(ctx, Input{})
	if err == nil {
		t.Fatal("Evaluate: no error")
	}
	t.Logf("error: %v", err)
	if strings.Contains(err.Error(), "evaluation stopped after") {
		t.Errorf("Evaluate error %q blames the timeout for a cancellation", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Evaluate error %q is not context.Canceled", err)
	}
}

func TestEvaluateMemoryLimit(t *testing.T) {
	// numbers.range over 10^12 numbers grows the heap by hundreds of MB a
	// second; the limit must stop it long before the timeout does.
	dir := writePolicies(t, t.TempDir(), map[string]string{"huge.rego": policyCalling(`count(numbers.range(1, 1000000000000))`)})
	e := mustNew(t, Options{Dirs: []string{dir}, Timeout: time.Minute, MaxMemory: 64 << 20})
	_, err := e.Evaluate(context.Background(), Input{})
	if err == nil {
		t.Fatal("Evaluate: no error")
	}
	if !strings.Contains(err.Error(), "the heap grew by more than 64 MiB") {
		t.Errorf("Evaluate error %q does not blame the memory limit", err)
	}
}
