package kubernetes

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
		if !c.IsDir() {
			continue
		}
		n++
		name := c.Name()
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", name)
			g, diags := scanDir(t, dir)
			graph, err := json.Marshal(g)
			if err != nil {
				t.Fatal(err)
			}
			var indented bytes.Buffer
			if err := json.Indent(&indented, graph, "", "  "); err != nil {
				t.Fatal(err)
			}
			indented.WriteByte('\n')
			var ds strings.Builder
			for _, d := range diags {
				ds.WriteString(string(d.Severity) + ": " + d.String() + "\n")
			}
			compareGolden(t, filepath.Join(dir, name+".graph.json"), indented.String())
			compareGolden(t, filepath.Join(dir, name+".diags.txt"), ds.String())
		})
	}
	if n < 3 {
		t.Errorf("%d golden cases under testdata, want at least 3", n)
	}
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
