package compose

import (
	"context"
	"flag"
	"os"
	"testing"

	"github.com/archdrift/archdrift/internal/golden"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestGolden scans every testdata/<case> folder and compares the graph with
// <case>.graph.json and the diagnostics with <case>.diags.txt (absent when
// there are none). To add a case, add a folder; go test -update writes its
// goldens, which are then read and checked by hand.
func TestGolden(t *testing.T) {
	golden.ScanCases(t, "testdata", 3, *update, scanDir)
}

func scanDir(t *testing.T, dir string) (*model.Graph, []model.Diagnostic) {
	t.Helper()
	g, diags, err := New().Scan(context.Background(), scanners.Input{FS: os.DirFS(dir), Root: dir})
	if err != nil {
		t.Fatalf("Scan(%s): %v", dir, err)
	}
	return g, diags
}
