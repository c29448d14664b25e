package gen

import (
	"bytes"
	"strings"
	"testing"
)

func TestFilesDeterministic(t *testing.T) {
	a, pa, err := Files(Options{Scale: 3, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := Files(Options{Scale: 3, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	c, _, err := Files(Options{Scale: 3, Seed: 8})
	if err != nil {
		t.Fatal(err)
	}
	same := true
	for name, data := range a {
		same = same && bytes.Equal(data, c[name])
	}
	if same {
		t.Error("another seed gives the same estate")
	}
	if len(pa.Findings) == 0 {
		t.Error("nothing planted")
	}
}

// TestScale checks the sizes the issue names: 100× is 10,000 Terraform
// resources, 2,000 workloads, a 1,000-element model and 200 ADRs, give or
// take what is planted and shared.
func TestScale(t *testing.T) {
	tests := []struct {
		scale                          int
		resources, workloads, elements int
		adrs                           int
	}{
		{1, 100, 20, 10, 2},
		{10, 1000, 200, 100, 20},
		{100, 10000, 2000, 1000, 200},
	}
	for _, tt := range tests {
		_, p, err := Files(Options{Scale: tt.scale, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		c := p.Counts
		near := func(what string, got, want int) {
			t.Helper()
			if got < want || got > want+want/10+10 {
				t.Errorf("scale %d: %d %s, want about %d", tt.scale, got, what, want)
			}
		}
		near("Terraform resources", c.TerraformResources, tt.resources)
		near("Kubernetes workloads", c.KubernetesWorkloads, tt.workloads)
		near("model elements", c.ModelElements, tt.elements)
		near("ADRs", c.ADRs, tt.adrs)
		rules := strings.Join(p.Rules(), " ")
		for _, r := range []string{"element.undocumented", "element.missing", "relationship.undocumented", "relationship.missing", "technology.mismatch", "adr.violation"} {
			if !strings.Contains(rules, r) {
				t.Errorf("scale %d: no %s planted", tt.scale, r)
			}
		}
	}
}

func TestScaleZero(t *testing.T) {
	if _, _, err := Files(Options{Scale: 0}); err == nil {
		t.Error("scale 0 accepted")
	}
}

func TestGenerateRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	if _, err := Generate(dir, Options{Scale: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(dir, Options{Scale: 1}); err == nil {
		t.Error("generated into a non-empty directory")
	}
	p, err := ReadPlanted(dir)
	if err != nil {
		t.Fatal(err)
	}
	if p.Scale != 1 || len(p.Findings) == 0 {
		t.Errorf("planted.json reads back as %+v", p)
	}
}

func TestCompare(t *testing.T) {
	s := func(v string) *string { return &v }
	p := &Planted{Findings: []Finding{
		{Rule: "element.missing", Documented: s("a")},
		{Rule: "adr.violation", Documented: s("b")},
	}}
	found := []Finding{
		{Rule: "element.missing", Documented: s("a")},
		{Rule: "element.undocumented", Observed: s("x")},
		{Rule: "doc.stale", Documented: s("c")}, // not compared
	}
	extra, missing := p.Compare(found, []string{"element.missing", "element.undocumented"})
	if len(extra) != 1 || extra[0].String() != "element.undocumented - x" {
		t.Errorf("extra = %v", extra)
	}
	if len(missing) != 0 {
		t.Errorf("missing = %v (adr.violation is not a rule of the engine)", missing)
	}
	_, missing = p.Compare(found, []string{"element.missing", "adr.violation"})
	if len(missing) != 1 || missing[0].Rule != "adr.violation" {
		t.Errorf("missing = %v", missing)
	}
}
