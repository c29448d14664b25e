package compose

import (
	"context"
	"fmt"
	"os"
	"path"
	"testing"

	"github.com/archdrift/archdrift/internal/benchcpu"
	"github.com/archdrift/archdrift/internal/dircache"
	"github.com/archdrift/archdrift/internal/estategen/gen"
	"github.com/archdrift/archdrift/internal/parsefloor"
	"github.com/archdrift/archdrift/scanners"
)

var benchScales = []int{10, 100}

// estate generates a benchmark estate once per benchmark.
func estate(b *testing.B, scale int) scanners.Input {
	b.Helper()
	dir := b.TempDir()
	if _, err := gen.Generate(dir, gen.Options{Scale: scale, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return scanners.Input{FS: os.DirFS(dir), Root: dir}
}

// BenchmarkScanEstate scans the compose projects of generated estates
// (package internal/estategen/gen): one project of five services per
// domain, 100 at 100×.
func BenchmarkScanEstate(b *testing.B) {
	for _, scale := range benchScales {
		b.Run(fmt.Sprintf("scale=%d", scale), func(b *testing.B) {
			in := estate(b, scale)
			var elements, rels int
			b.ReportAllocs()
			defer benchcpu.Start(b)()
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

// BenchmarkScanEstateCached is BenchmarkScanEstate on the file system a
// check gives scanners: directory listings remembered (internal/dircache),
// and read once already by Detect.
func BenchmarkScanEstateCached(b *testing.B) {
	for _, scale := range benchScales {
		b.Run(fmt.Sprintf("scale=%d", scale), func(b *testing.B) {
			in := estate(b, scale)
			in.FS = dircache.New(in.FS)
			if !New().Detect(in.FS) {
				b.Fatal("Detect = false")
			}
			b.ReportAllocs()
			defer benchcpu.Start(b)()
			for b.Loop() {
				if _, _, err := New().Scan(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParseFloor does only what bench/parsefloor counts for the files
// Scan reads: list the compose files, read each one and decode every YAML
// document into a yaml.Node, on the same pool of GOMAXPROCS workers.
// BenchmarkScanEstate over this is what the scanner costs beyond parsing.
func BenchmarkParseFloor(b *testing.B) {
	for _, scale := range benchScales {
		b.Run(fmt.Sprintf("scale=%d", scale), func(b *testing.B) {
			in := estate(b, scale)
			var docs int
			b.ReportAllocs()
			for b.Loop() {
				all, err := scanners.Files(in.FS, ".yml", ".yaml")
				if err != nil {
					b.Fatal(err)
				}
				var files []string
				for _, f := range all {
					if roleOf(path.Base(f)) != notCompose {
						files = append(files, f)
					}
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
			b.ReportMetric(float64(docs), "documents")
		})
	}
}
