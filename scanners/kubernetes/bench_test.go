package kubernetes

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/archdrift/archdrift/internal/benchcpu"
	"github.com/archdrift/archdrift/internal/estategen/gen"
	"github.com/archdrift/archdrift/internal/parsefloor"
	"github.com/archdrift/archdrift/scanners"
)

// estate generates a benchmark estate once per benchmark.
func estate(b *testing.B, scale int) scanners.Input {
	b.Helper()
	dir := b.TempDir()
	if _, err := gen.Generate(dir, gen.Options{Scale: scale, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return scanners.Input{FS: os.DirFS(dir), Root: dir}
}

// BenchmarkScanEstate scans the manifests of generated estates (package
// internal/estategen/gen): at 100×, 2,000 workloads in 2,000 files, with
// their Services and ConfigMaps.
func BenchmarkScanEstate(b *testing.B) {
	for _, scale := range []int{10, 100} {
		b.Run(fmt.Sprintf("scale=%d", scale), func(b *testing.B) {
			in := estate(b, scale)
			var elements, rels int
			b.ReportAllocs()
			report := benchcpu.Start(b)
			for b.Loop() {
				g, _, err := New().Scan(context.Background(), in)
				if err != nil {
					b.Fatal(err)
				}
				elements, rels = g.Len(), len(g.Relationships())
			}
			report()
			b.ReportMetric(float64(elements), "elements")
			b.ReportMetric(float64(rels), "relationships")
		})
	}
}

// BenchmarkParseFloor does only what bench/parsefloor counts for the files
// Scan reads: list them, read each one and decode every YAML document into
// a yaml.Node, on the same pool of GOMAXPROCS workers. BenchmarkScanEstate
// over this is what the scanner costs beyond parsing.
func BenchmarkParseFloor(b *testing.B) {
	for _, scale := range []int{10, 100} {
		b.Run(fmt.Sprintf("scale=%d", scale), func(b *testing.B) {
			in := estate(b, scale)
			var docs int
			b.ReportAllocs()
			report := benchcpu.Start(b)
			for b.Loop() {
				files, err := scanners.Files(in.FS, ".yaml", ".yml")
				if err != nil {
					b.Fatal(err)
				}
				counts := make([]int, len(files))
				err = parsefloor.Each(in.FS, files, func(i int, _ string, src []byte) (err error) {
					counts[i], err = parsefloor.YAML(src)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
				docs = 0
				for _, c := range counts {
					docs += c
				}
			}
			report()
			b.ReportMetric(float64(docs), "documents")
		})
	}
}
