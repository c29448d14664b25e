package adr

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archdrift/archdrift/internal/estategen/gen"
)

// BenchmarkLoadEstate loads the decision log of the generated 100× estate
// (package internal/estategen/gen): 210 ADRs with constraints.
func BenchmarkLoadEstate(b *testing.B) {
	files, _, err := gen.Files(gen.Options{Scale: 100, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	fsys := fstest.MapFS{}
	size := 0
	for name, data := range files {
		if strings.HasPrefix(name, "docs/adr/") {
			fsys[name] = &fstest.MapFile{Data: data}
			size += len(data)
		}
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var recs []Record
	for b.Loop() {
		if recs, _, err = Load(fsys, "docs/adr"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(recs)), "adrs")
}
