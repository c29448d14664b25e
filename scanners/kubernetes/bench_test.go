package kubernetes

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/archdrift/archdrift/internal/estategen/gen"
	"github.com/archdrift/archdrift/scanners"
)

// BenchmarkScanEstate scans the manifests of generated estates (package
// internal/estategen/gen): at 100×, 2,000 workloads in 2,000 files, with
// their Services and ConfigMaps.
func BenchmarkScanEstate(b *testing.B) {
	for _, scale := range []int{10, 100} {
		b.Run(fmt.Sprintf("scale=%d", scale), func(b *testing.B) {
			dir := b.TempDir()
			if _, err := gen.Generate(dir, gen.Options{Scale: scale, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			in := scanners.Input{FS: os.DirFS(dir), Root: dir}
			var elements, rels int
			b.ReportAllocs()
			for b.Loop() {
				g, _, err := New().Scan(context.Background(), in)
				if err != nil {
					b.Fatal(err)
				}
				elements, rels = g.Len(), len(g.Relationships())
			}
			b.ReportMetric(float64(elements), "elements")
			b.ReportMetric(float64(rels), "relationships")
		})
	}
}
