package code

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestGolden scans every testdata/<case> folder and compares the graph with
// <case>.graph.json and the diagnostics with <case>.diags.txt (absent when
// there are none). To add a case, add a folder; go test -update writes its
// goldens, which are then read and checked by hand.
func TestGolden(t *testing.T) {
	cases, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range cases {
		if !c.IsDir() || c.Name() == "fuzz" { // fuzz: the fuzzer's regression inputs
			continue
		}
		n++
		name := c.Name()
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", name)
			g, diags := scanDir(t, dir)
			compareGolden(t, filepath.Join(dir, name+".graph.json"), renderGraph(t, g))
			var ds strings.Builder
			for _, d := range diags {
				ds.WriteString(string(d.Severity) + ": " + d.String() + "\n")
			}
			compareGolden(t, filepath.Join(dir, name+".diags.txt"), ds.String())
		})
	}
	if n < 3 {
		t.Errorf("%d golden cases under testdata, want at least 3", n)
	}
}

func scanDir(t *testing.T, dir string) (*model.Graph, []model.Diagnostic) {
	t.Helper()
	g, diags, err := New().Scan(context.Background(), scanners.Input{FS: os.DirFS(dir), Root: dir})
	if err != nil {
		t.Fatalf("Scan(%s): %v", dir, err)
	}
	return g, diags
}

func renderGraph(t *testing.T, g *model.Graph) string {
	t.Helper()
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		t.Fatal(err)
	}
	out.WriteByte('\n')
	return out.String()
}

// compareGolden checks got against a golden file; an empty got means the
// file must not exist. With -update it rewrites (or removes) the file.
func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if got == "" {
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
			return
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		want, err = nil, nil
	}
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got; go test -update rewrites it):\n%s", path, diff)
	}
}
