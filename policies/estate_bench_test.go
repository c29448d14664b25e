package policies_test

import (
	"context"
	"fmt"
	"testing"

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
