package policies_test

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/profiler"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/archdrift/archdrift/internal/benchcpu"
	"github.com/archdrift/archdrift/internal/estategen/estatetest"
	"github.com/archdrift/archdrift/policies"
)

// BenchmarkEvaluateEstate evaluates the built-in rules over the policy
// input of generated estates (package internal/estategen/gen), input
// conversion included: at 100×, about 1,000 documented and 5,500 observed
// elements, 200 ADRs and their constraints.
func BenchmarkEvaluateEstate(b *testing.B) {
	for _, scale := range []int{10, 100} {
		b.Run(fmt.Sprintf("scale=%d", scale), func(b *testing.B) {
			dir, _ := estatetest.Generate(b, scale)
			res := estatetest.Check(b, dir)
			in := *res.Input
			ctx := context.Background()
			e, err := policies.New(ctx, policies.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			defer benchcpu.Start(b)()
			var n int
			for b.Loop() {
				fs, err := e.Evaluate(ctx, in)
				if err != nil {
					b.Fatal(err)
				}
				n = len(fs)
			}
			b.ReportMetric(float64(n), "findings")
		})
	}
}

// BenchmarkPolicyStage times the parts of the policy stage of a 100× check
// one by one: parsing the built-in Rego (the floor of New), New (parse,
// compile, prepare the queries), converting and indexing the input,
// evaluating it (every package side by side) and each package alone.
func BenchmarkPolicyStage(b *testing.B) {
	dir, _ := estatetest.Generate(b, 100)
	res := estatetest.Check(b, dir)
	in := *res.Input
	ctx := context.Background()
	e, err := policies.New(ctx, policies.Options{})
	if err != nil {
		b.Fatal(err)
	}
	value, err := policies.PolicyValue(in)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			parseBuiltin(b)
		}
	})
	b.Run("new", func(b *testing.B) {
		b.ReportAllocs()
		defer benchcpu.Start(b)()
		for b.Loop() {
			if _, err := policies.New(ctx, policies.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("input", func(b *testing.B) {
		b.ReportAllocs()
		defer benchcpu.Start(b)()
		for b.Loop() {
			if _, err := policies.PolicyValue(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("evaluate", func(b *testing.B) {
		b.ReportAllocs()
		defer benchcpu.Start(b)()
		for b.Loop() {
			if _, err := e.EvaluateValue(ctx, value); err != nil {
				b.Fatal(err)
			}
		}
	})
	for i, name := range e.PackageNames() {
		b.Run("package="+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.EvalPackage(ctx, i, value); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// parseBuiltin parses every built-in rule file (not their tests), as New
// does first.
func parseBuiltin(tb testing.TB) {
	tb.Helper()
	fsys := policies.BuiltinFS()
	names, err := fs.Glob(fsys, "*.rego")
	if err != nil {
		tb.Fatal(err)
	}
	opts := ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1}
	for _, n := range names {
		if strings.HasSuffix(n, "_test.rego") {
			continue
		}
		text, err := fs.ReadFile(fsys, n)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := ast.ParseModuleWithOpts(n, string(text), opts); err != nil {
			tb.Fatal(err)
		}
	}
}

var regoProfile = flag.Int("rego-profile", 0, "TestRegoProfile: print the `n` most expensive Rego expressions of each package on a generated estate")

// TestRegoProfile prints, with -rego-profile N, the N most expensive Rego
// expressions of each package over a 100× estate (OPA's profiler), to find
// what to optimise. It checks nothing and is skipped without the flag.
func TestRegoProfile(t *testing.T) {
	if *regoProfile <= 0 {
		t.Skip("run with -rego-profile N")
	}
	ctx := context.Background()
	e, value := estateEngine(t, 100)
	for i, name := range e.PackageNames() {
		p := profiler.New()
		if _, err := e.EvalPackage(ctx, i, value, rego.EvalQueryTracer(p)); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(os.Stdout, "== %s\n", name)
		for _, r := range p.ReportTopNResults(*regoProfile, []string{"total_time_ns", "num_eval"}) {
			fmt.Fprintf(os.Stdout, "%8.2fms %7d evals %7d redo  %s:%d\n", float64(r.ExprTimeNs)/1e6, r.NumEval, r.NumRedo, r.Location.File, r.Location.Row)
		}
	}
}
