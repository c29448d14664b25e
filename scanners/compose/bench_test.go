package compose

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"runtime"
	"testing"

	"golang.org/x/sync/errgroup"
	"gopkg.in/yaml.v3"

	"github.com/archdrift/archdrift/internal/estategen/gen"
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
				var g errgroup.Group
				g.SetLimit(runtime.GOMAXPROCS(0))
				for i, name := range files {
					g.Go(func() error {
						data, err := scanners.ReadFile(in.FS, name)
						if err != nil {
							return err
						}
						dec := yaml.NewDecoder(bytes.NewReader(data))
						for {
							var n yaml.Node
							if err := dec.Decode(&n); errors.Is(err, io.EOF) {
								return nil
							} else if err != nil {
								return fmt.Errorf("%s: %w", name, err)
							}
							counts[i]++
						}
					})
				}
				if err := g.Wait(); err != nil {
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
