package structurizr

import (
	"fmt"
	"testing"

	"github.com/archdrift/archdrift/internal/estategen/gen"
)

// BenchmarkParseEstate parses the workspace of generated estates (package
// internal/estategen/gen): at 100×, about 1,000 elements and 1,400
// relationships in groups, with components and views.
func BenchmarkParseEstate(b *testing.B) {
	for _, scale := range []int{10, 100} {
		b.Run(fmt.Sprintf("scale=%d", scale), func(b *testing.B) {
			files, _, err := gen.Files(gen.Options{Scale: scale, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			const name = "docs/architecture/workspace.dsl"
			src := files[name]
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			var ws *Workspace
			for b.Loop() {
				if ws, err = Parse(nil, name, src); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(ws.Graph.Len()), "elements")
		})
	}
}

// BenchmarkLexEstate is the floor under BenchmarkParseEstate: the tokens
// alone.
func BenchmarkLexEstate(b *testing.B) {
	files, _, err := gen.Files(gen.Options{Scale: 100, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	src := files["docs/architecture/workspace.dsl"]
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Lex("workspace.dsl", src); err != nil {
			b.Fatal(err)
		}
	}
}
