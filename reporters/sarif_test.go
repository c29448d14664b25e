package reporters

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/archdrift/archdrift/policies"
	"github.com/archdrift/archdrift/report"
)

// sarifSchema compiles the OASIS SARIF 2.1.0 schema kept under testdata
// (see testdata/README.md), asserting formats such as uri-reference.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// TestSARIFValidates checks every case against the SARIF 2.1.0 JSON
// schema, and that the schema check can fail.
func TestSARIFValidates(t *testing.T) {
	sch := sarifSchema(t)
	for name, build := range goldenCases {
		t.Run(name, func(t *testing.T) {
			out := render(t, "sarif", build())
			inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("not valid SARIF 2.1.0: %v", err)
			}
		})
	}
	broken := strings.Replace(render(t, "sarif", shopflowInput()), `"level": "error"`, `"level": "fatal"`, 1)
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(broken))
	if err != nil {
		t.Fatal(err)
	}
	if sch.Validate(inst) == nil {
		t.Error("a result with level fatal validates: the schema check cannot fail")
	}
}

// sarifLog is the part of a SARIF log these tests read.
type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID               string `json:"id"`
					ShortDescription struct{ Text string }
					Help             struct{ Text, Markdown string }
					Default          *struct{ Level string } `json:"defaultConfiguration"`
				}
			}
		}
		Results []struct {
			RuleID              string            `json:"ruleId"`
			RuleIndex           int               `json:"ruleIndex"`
			Level               string            `json:"level"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Locations           []sarifLoc        `json:"locations"`
			RelatedLocations    []sarifLoc        `json:"relatedLocations"`
		}
		Invocations []struct {
			Notifications []struct{ Level string } `json:"toolExecutionNotifications"`
		}
	}
}

type sarifLoc struct {
	Physical struct {
		Artifact struct{ URI string } `json:"artifactLocation"`
		Region   *struct{ StartLine int }
	} `json:"physicalLocation"`
}

func parseSARIF(t *testing.T, out string) sarifLog {
	t.Helper()
	var l sarifLog
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Runs) != 1 {
		t.Fatalf("%d runs", len(l.Runs))
	}
	return l
}

func TestSARIFResults(t *testing.T) {
	in := shopflowInput()
	run := parseSARIF(t, render(t, "sarif", in)).Runs[0]
	rules := run.Tool.Driver.Rules
	if len(rules) != len(fixtureRules) {
		t.Errorf("%d rule descriptors, want one per rule (%d)", len(rules), len(fixtureRules))
	}
	for _, r := range rules {
		if r.ShortDescription.Text == "" || r.Help.Text == "" || r.Help.Markdown == "" || r.Default == nil {
			t.Errorf("rule %s lacks a description, help or default level", r.ID)
		}
	}
	if len(run.Results) != len(in.Report.Findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(in.Report.Findings))
	}
	want := map[string]struct {
		uri  string
		line int
	}{
		"adr.invalid":         {"docs/adr/0005-cache-carts-in-redis.md", 1},
		"team.owner":          {"deploy/k8s/main/webapp.yaml", 1}, // from the observed graph
		"element.missing":     {"docs/architecture/workspace.dsl", 36},
		"technology.mismatch": {"deploy/k8s/main/api-gateway.yaml", 1},
	}
	for i, res := range run.Results {
		f := in.Report.Findings[i]
		if res.RuleID != f.Rule || rules[res.RuleIndex].ID != f.Rule || res.Level != sarifLevel(f.Severity) {
			t.Errorf("result %d: rule %s (index %d) level %s, want %s %s", i, res.RuleID, res.RuleIndex, res.Level, f.Rule, sarifLevel(f.Severity))
		}
		if len(res.Locations) != 1 {
			t.Errorf("result %d (%s) has %d locations", i, f.Rule, len(res.Locations))
			continue
		}
		if w, ok := want[f.Rule]; ok {
			got := res.Locations[0].Physical
			if got.Artifact.URI != w.uri || got.Region == nil || got.Region.StartLine < 1 {
				t.Errorf("%s located at %+v, want %s", f.Rule, got, w.uri)
			}
			delete(want, f.Rule)
		}
		if f.Rule == "adr.violation" && (len(res.RelatedLocations) != 1 || res.RelatedLocations[0].Physical.Artifact.URI != "docs/adr/0003-services-talk-through-rabbitmq.md") {
			t.Errorf("adr.violation does not point at its ADR: %+v", res.RelatedLocations)
		}
	}
	if n := len(run.Invocations[0].Notifications); n != 1 {
		t.Errorf("%d notifications for 1 diagnostic", n)
	}
}

// TestSARIFFingerprints checks that fingerprints tell findings apart and
// survive what changes between runs without changing the drift: lines
// moving and messages being reworded.
func TestSARIFFingerprints(t *testing.T) {
	prints := func(in Input) []string {
		var out []string
		for _, r := range parseSARIF(t, render(t, "sarif", in)).Runs[0].Results {
			out = append(out, r.PartialFingerprints[sarifFingerprintKey])
		}
		return out
	}
	before := prints(shopflowInput())
	seen := map[string]bool{}
	for _, p := range before {
		if p == "" || seen[p] {
			t.Errorf("fingerprint %q is empty or repeated", p)
		}
		seen[p] = true
	}
	moved := shopflowInput()
	for i := range moved.Report.Findings {
		f := &moved.Report.Findings[i]
		f.Message = "Reworded: " + f.Message
		if f.Location != nil {
			f.Location = &report.Location{File: f.Location.File, Line: f.Location.Line + 40}
		}
	}
	after := prints(moved)
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("finding %d (%s): fingerprint changed with lines and wording", i, moved.Report.Findings[i].Rule)
		}
	}
	// Two findings about the same thing stay distinct.
	dup := shopflowInput()
	dup.Report.Findings = append(dup.Report.Findings, dup.Report.Findings[0])
	p := prints(dup)
	if p[0] == p[len(p)-1] {
		t.Error("two findings share a fingerprint")
	}
}

// TestSARIFBuiltinRules checks that without Rules the descriptors come
// from the built-in Rego METADATA.
func TestSARIFBuiltinRules(t *testing.T) {
	eng, err := policies.New(context.Background(), policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := (SARIF{}).Write(&buf, shopflowInput()); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range parseSARIF(t, buf.String()).Runs[0].Tool.Driver.Rules {
		got[r.ID] = r.ShortDescription.Text
	}
	for _, r := range eng.Rules() {
		if got[r.ID] != r.Title {
			t.Errorf("rule %s: short description %q, METADATA title %q", r.ID, got[r.ID], r.Title)
		}
	}
	if _, ok := got["adr.violation"]; !ok {
		t.Error("a rule that only a finding names has no descriptor")
	}
}
