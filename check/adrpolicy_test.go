package check

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/adr"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/policies"
	"github.com/archdrift/archdrift/report"
)

// adrMessages returns the distinct messages of the findings that cite ADR
// number n, sorted. One broken decision may be shown by several pieces of
// evidence (a manifest and the code), each its own finding.
func adrMessages(rep *report.Report, n int) []string {
	var out []string
	for _, f := range rep.Findings {
		if f.ADR != nil && f.ADR.Number == n {
			out = append(out, string(f.Severity)+" "+f.Rule+": "+f.Message)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestShopFlowSupersededADR checks that ShopFlow's superseded ADR 2 does
// not fire, and that it is its status that keeps it quiet: the same ADR
// without its "Superceded by" line does fire.
func TestShopFlowSupersededADR(t *testing.T) {
	const adr2 = "docs/adr/0002-only-the-order-service-talks-to-postgresql.md"
	res, err := Run(context.Background(), Options{Root: filepath.Join("..", "testdata", "shopflow")})
	if err != nil {
		t.Fatal(err)
	}
	if got := adrMessages(res.Report, 2); len(got) > 0 {
		t.Errorf("superseded ADR 2 fired: %q", got)
	}
	if len(adrMessages(res.Report, 3)) == 0 || len(adrMessages(res.Report, 5)) == 0 {
		t.Errorf("accepted ADRs 3 and 5 did not fire: %q %q", adrMessages(res.Report, 3), adrMessages(res.Report, 5))
	}

	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "testdata", "shopflow"))); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, filepath.FromSlash(adr2))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	text, n := cutLine(string(b), "Superceded by ")
	if n != 1 {
		t.Fatalf("%s: no Superceded by line to remove", adr2)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = Run(context.Background(), Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`error adr.violation: Product Catalog → PostgreSQL breaks ADR 2 "Only the Order Service talks to PostgreSQL" (only: Order Service -> PostgreSQL)`,
	}
	if d := cmp.Diff(want, adrMessages(res.Report, 2)); d != "" {
		t.Errorf("ADR 2 once accepted (-want +got):\n%s", d)
	}
}

// cutLine removes the lines that start with prefix and says how many.
func cutLine(text, prefix string) (string, int) {
	var keep []string
	n := 0
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			n++
			continue
		}
		keep = append(keep, l)
	}
	return strings.Join(keep, "\n"), n
}

func TestADRModules(t *testing.T) {
	block := []adr.RegoBlock{{Line: 9, Package: "archdrift.adr.x", Source: "package archdrift.adr.x\n"}}
	recs := []adr.Record{
		{Number: 1, Title: "Accepted", Status: adr.StatusAccepted, File: "docs/adr/0001-a.md", Rego: block},
		{Number: 2, Title: "Proposed", Status: adr.StatusProposed, File: "docs/adr/0002-p.md", Rego: block},
		{Number: 3, Title: "Superseded", Status: adr.StatusSuperseded, File: "docs/adr/0003-s.md", Rego: block},
		{Number: 4, Title: "Rejected", Status: adr.StatusRejected, File: "docs/adr/0004-r.md", Rego: block},
		{Number: 5, Title: "Deprecated", Status: adr.StatusDeprecated, File: "docs/adr/0005-d.md", Rego: block},
		{Number: 6, Title: "Unknown", Status: adr.StatusUnknown, File: "docs/adr/0006-u.md", Rego: block},
		{Number: adr.NoNumber, Title: "Log4brains", Status: adr.StatusAccepted, File: "docs/adr/20240101-l.md", Rego: block},
	}
	want := []policies.Module{
		{File: "docs/adr/0001-a.md", Line: 10, Source: block[0].Source, ADR: &report.ADRRef{Number: 1, Title: "Accepted", File: "docs/adr/0001-a.md", Line: 9}},
		{File: "docs/adr/0002-p.md", Line: 10, Source: block[0].Source, ADR: &report.ADRRef{Number: 2, Title: "Proposed", File: "docs/adr/0002-p.md", Line: 9}, MaxSeverity: report.SeverityNotice},
		{File: "docs/adr/20240101-l.md", Line: 10, Source: block[0].Source, ADR: &report.ADRRef{Number: 0, Title: "Log4brains", File: "docs/adr/20240101-l.md", Line: 9}},
	}
	if d := cmp.Diff(want, adrModules(recs)); d != "" {
		t.Errorf("adrModules (-want +got):\n%s", d)
	}
}

func TestAddModuleProblems(t *testing.T) {
	d := &Decisions{
		Records: []adr.Record{{Number: 2, File: "docs/adr/0002-b.md"}},
		Problems: []adr.Problem{
			{File: "docs/adr/0001-a.md", Line: 3, Number: 1, Message: "no status"},
			{File: "docs/adr/0002-b.md", Line: 30, Number: 2, Message: "archdrift block: bad YAML"},
		},
	}
	addModuleProblems(d, []policies.ModuleError{
		{File: "docs/adr/0002-b.md", Line: 14, Column: 7, Message: "undefined function f"},
		{File: "docs/adr/gone.md", Line: 1, Message: "x"},
	})
	want := []adr.Problem{
		{File: "docs/adr/0001-a.md", Line: 3, Number: 1, Message: "no status"},
		{File: "docs/adr/0002-b.md", Line: 14, Column: 7, Number: 2, Message: "rego policy left out: undefined function f"},
		{File: "docs/adr/0002-b.md", Line: 30, Number: 2, Message: "archdrift block: bad YAML"},
		{File: "docs/adr/gone.md", Line: 1, Number: adr.NoNumber, Message: "rego policy left out: x"},
	}
	if diff := cmp.Diff(want, d.Problems); diff != "" {
		t.Errorf("Problems (-want +got):\n%s", diff)
	}
}

func TestTechnologies(t *testing.T) {
	g := model.NewGraph()
	for _, e := range []*model.Element{
		{ID: "a", Technology: "PostgreSQL 15"},
		{ID: "b", Technology: "Spring Boot on Go, behind NGINX"},
		{ID: "c", Technology: "  Our Own Thing  "},
		{ID: "d"},
		{ID: "e", Technology: "postgres"},
	} {
		if err := g.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	got := technologies(g, nil)
	want := map[string][]string{
		"a": {"PostgreSQL"},
		"b": {"Go", "Java", "NGINX"},
		"c": {"Our Own Thing"},
		"e": {"PostgreSQL"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("technologies (-want +got):\n%s", d)
	}
}
