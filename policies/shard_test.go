package policies

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/rego"
)

// TestADRShardsFindTheSame checks that the ADR rule evaluated in shards of
// the ADRs, merged, gives the results of one evaluation over all of them,
// in the same order, on inputs whose constraints break and overlap.
func TestADRShardsFindTheSame(t *testing.T) {
	ctx := context.Background()
	e := mustNew(t, Options{Timeout: 10 * DefaultTimeout})
	q := -1
	for i, pq := range e.queries {
		if pq.byADR {
			q = i
		}
	}
	if q < 0 {
		t.Fatal("no query runs in shards")
	}
	dup := adrBenchInput(t, 100, 20)
	dup.ADRs = append(dup.ADRs, dup.ADRs[:5]...) // findings found in two shards
	for name, in := range map[string]Input{
		"adrs":       adrBenchInput(t, 100, 20),
		"duplicates": dup,
	} {
		v, err := inputValue(in)
		if err != nil {
			t.Fatal(err)
		}
		v = withIndex(v)
		want, err := e.queries[q].query.Eval(ctx, rego.EvalParsedInput(v))
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 {
			t.Fatalf("%s: no findings to compare", name)
		}
		for _, n := range []int{2, 3, 7} {
			t.Run(fmt.Sprintf("%s/shards=%d", name, n), func(t *testing.T) {
				ins := adrShards(v, n)
				if len(ins) != n {
					t.Fatalf("%d shards, want %d", len(ins), n)
				}
				var shards []rego.ResultSet
				for _, in := range ins {
					rs, err := e.queries[q].query.Eval(ctx, rego.EvalParsedInput(in))
					if err != nil {
						t.Fatal(err)
					}
					shards = append(shards, rs)
				}
				got, err := mergeShards(shards)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("merged shards differ (-one evaluation +shards):\n%s", diff)
				}
			})
		}
	}
}
