package policies_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/metrics"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/archdrift/archdrift/check"
	"github.com/archdrift/archdrift/internal/estategen/estatetest"
	"github.com/archdrift/archdrift/policies"
)

// TestIndexIsAShortcutOnRealInputs checks that the built-in rules find the
// same on real check inputs with the engine's index as without it (when
// they build the same lookups in Rego): ShopFlow, reviewed as a change, and
// a generated estate.
func TestIndexIsAShortcutOnRealInputs(t *testing.T) {
	estate, _ := estatetest.Generate(t, 3)
	ctx := context.Background()
	e, err := policies.New(ctx, policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"../testdata/shopflow", estate} {
		res, err := check.Run(ctx, check.Options{Root: dir})
		if err != nil {
			t.Fatal(err)
		}
		in := *res.Input
		// A change that touches an implementation file and no doc, so
		// that doc.stale reads the elements too.
		in.Change = &policies.Change{Files: []string{res.Input.Observed.Elements()[0].Sources[0].File}}
		plain, err := policies.InputValue(in)
		if err != nil {
			t.Fatal(err)
		}
		indexed, err := policies.PolicyValue(in)
		if err != nil {
			t.Fatal(err)
		}
		want, err := e.EvaluateValue(ctx, plain)
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.EvaluateValue(ctx, indexed)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: findings with the index differ from those without (-without +with):\n%s", dir, diff)
		}
	}
}

// TestComprehensionIndexesHold guards the built-in rules' groupings,
// written {k: {v | ...; key == k} | some k in keys}: they are linear only
// while OPA indexes the inner comprehension on k and every k looked up is
// in that index. A comprehension OPA cannot index, or a key it misses,
// evaluates the whole comprehension again for one key, which on a large
// estate is quadratic.
func TestComprehensionIndexesHold(t *testing.T) {
	ctx := context.Background()
	e, value := estateEngine(t, 3)
	// Without the engine's index, the rules build its groupings with
	// comprehensions of their own (a Rego test's input).
	plain := removeIndex(value)
	for i, name := range e.PackageNames() {
		for _, value := range []ast.Value{value, plain} {
			m := metrics.New()
			if _, err := e.EvalPackage(ctx, i, value, rego.EvalMetrics(m), rego.EvalInstrument(true)); err != nil {
				t.Fatal(err)
			}
			counters := m.All()
			count := func(c string) uint64 {
				n, _ := counters["counter_eval_op_comprehension_cache_"+c].(uint64)
				return n
			}
			// A miss is counted for every comprehension evaluated in full:
			// those OPA does not index (skip) and indexed ones missing a key.
			if miss, skip := count("miss"), count("skip"); miss > skip {
				t.Errorf("%s: %d comprehensions evaluated in full for a key their index lacks", name, miss-skip)
			}
			if value == plain && name == "rules.adr_violation" && count("build") == 0 {
				t.Errorf("%s: no comprehension was indexed", name)
			}
		}
	}
}

// removeIndex is the input v without its index member.
func removeIndex(v ast.Value) ast.Value {
	obj := v.(ast.Object)
	var items [][2]*ast.Term
	obj.Foreach(func(k, x *ast.Term) {
		if !k.Equal(ast.StringTerm("index")) {
			items = append(items, ast.Item(k, x))
		}
	})
	return ast.NewObject(items...)
}

// estateEngine checks a generated estate of the given scale and returns the
// built-in engine with the policy input of that check, converted.
func estateEngine(t *testing.T, scale int) (*policies.Engine, ast.Value) {
	t.Helper()
	dir, _ := estatetest.Generate(t, scale)
	ctx := context.Background()
	res, err := check.Run(ctx, check.Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	e, err := policies.New(ctx, policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	value, err := policies.PolicyValue(*res.Input)
	if err != nil {
		t.Fatal(err)
	}
	return e, value
}
