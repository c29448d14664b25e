package check_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/archdrift/archdrift/check"
	"github.com/archdrift/archdrift/internal/estategen/estatetest"
)

// BenchmarkRun is the whole check of a generated estate (package
// internal/estategen/gen) at 1×, 10× and 100×: 100, 1,000 and 10,000
// Terraform resources; 20, 200 and 2,000 Kubernetes workloads.
func BenchmarkRun(b *testing.B) {
	for _, scale := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("scale=%d", scale), func(b *testing.B) {
			dir, _ := estatetest.Generate(b, scale)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := check.Run(ctx, check.Options{Root: dir}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
