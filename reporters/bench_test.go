package reporters_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/archdrift/archdrift/internal/estategen/estatetest"
	"github.com/archdrift/archdrift/reporters"
)

// BenchmarkWrite renders the report of the 100× generated estate (package
// internal/estategen/gen) in every format: about 60 findings, 800 matches,
// a model of 1,000 elements and an observed graph of 5,500.
func BenchmarkWrite(b *testing.B) {
	dir, _ := estatetest.Generate(b, 100)
	res := estatetest.Check(b, dir)
	in := reporters.Input{Report: res.Report, Documented: res.Documented.Workspace.Graph, Observed: res.Observed.Graph, Diff: res.Diff}
	reg := reporters.WithRules(res.Rules)
	for _, name := range reg.Names() {
		b.Run(fmt.Sprintf("format=%s", name), func(b *testing.B) {
			r, err := reg.Get(name)
			if err != nil {
				b.Fatal(err)
			}
			w := &countingWriter{}
			b.ReportAllocs()
			for b.Loop() {
				w.n = 0
				if err := r.Write(w, in); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(w.n)
		})
	}
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

var _ io.Writer = (*countingWriter)(nil)
