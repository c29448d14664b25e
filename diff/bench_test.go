package diff_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/archdrift/archdrift/diff"
	"github.com/archdrift/archdrift/internal/estategen/estatetest"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

// BenchmarkCompare matches and compares the graphs of generated estates
// (package internal/estategen/gen): at 100×, a model of about 1,000
// elements against about 5,500 observed ones, matched by globs, labels,
// config and names.
func BenchmarkCompare(b *testing.B) {
	for _, scale := range []int{10, 100} {
		b.Run(fmt.Sprintf("scale=%d", scale), func(b *testing.B) {
			dir, _ := estatetest.Generate(b, scale)
			res := estatetest.Check(b, dir)
			doc, obs := res.Documented.Workspace.Graph, res.Observed.Graph
			opts := diff.Options{
				Mappings: res.Config.Mappings,
				Prefixes: res.Config.Prefixes,
				CouldSee: func(e *model.Element) bool {
					return slices.ContainsFunc(res.Observed.Scanners, func(s scanners.Scanner) bool { return scanners.CouldSee(s, e) })
				},
			}
			b.ReportAllocs()
			var r *diff.Result
			for b.Loop() {
				r = diff.Compare(doc, obs, opts)
			}
			b.ReportMetric(float64(len(r.Matches)), "matches")
			b.ReportMetric(float64(len(r.Lifted)), "lifted")
		})
	}
}
