// Package estatetest hands generated estates (package gen) to tests and
// benchmarks that need the whole pipeline: a directory to check and the
// result of checking it. Benchmarks inside the packages the pipeline is made
// of cannot import it (check imports them); they call gen directly.
package estatetest

import (
	"context"
	"testing"

	"github.com/archdrift/archdrift/check"
	"github.com/archdrift/archdrift/internal/estategen/gen"
	"github.com/archdrift/archdrift/policies"
	"github.com/archdrift/archdrift/report"
)

// Seed is the seed every test estate is generated with.
const Seed = 1

// Generate writes the estate of the given scale into a fresh temporary
// directory and returns it with the planted drift.
func Generate(tb testing.TB, scale int) (string, *gen.Planted) {
	tb.Helper()
	dir := tb.TempDir()
	p, err := gen.Generate(dir, gen.Options{Scale: scale, Seed: Seed})
	if err != nil {
		tb.Fatal(err)
	}
	return dir, p
}

// Check runs a full check of dir, as `archdrift check DIR` does.
func Check(tb testing.TB, dir string) *check.Result {
	tb.Helper()
	res, err := check.Run(context.Background(), check.Options{Root: dir})
	if err != nil {
		tb.Fatalf("check %s: %v", dir, err)
	}
	return res
}

// Findings turns report findings into the planted form.
func Findings(fs []report.Finding) []gen.Finding {
	out := make([]gen.Finding, len(fs))
	for i, f := range fs {
		out[i] = gen.Finding{Rule: f.Rule, Documented: f.Documented, Observed: f.Observed}
	}
	return out
}

// RuleIDs lists the IDs of rules.
func RuleIDs(rules []policies.Rule) []string {
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.ID
	}
	return out
}

// AssertPlanted fails tb unless res reports exactly the planted drift: the
// same (rule, documented, observed) for every planted rule the engine has,
// and no other element.*, relationship.* or technology.* finding.
func AssertPlanted(tb testing.TB, res *check.Result, p *gen.Planted) {
	tb.Helper()
	extra, missing := p.Compare(Findings(res.Report.Findings), RuleIDs(res.Rules))
	for _, f := range extra {
		tb.Errorf("found, not planted: %s", f)
	}
	for _, f := range missing {
		tb.Errorf("planted, not found: %s", f)
	}
}
