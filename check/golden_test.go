package check

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/reporters"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestEstates runs a full check on every estate under the repository's
// testdata/ and compares each report format with its golden file,
// testdata/<case>/<case>.check.<ext>. Adding a case is adding a folder.
func TestEstates(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "testdata", "*"))
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		name := filepath.Base(dir)
		ran++
		t.Run(name, func(t *testing.T) {
			res, err := Run(context.Background(), Options{Root: dir})
			if err != nil {
				t.Fatalf("check %s: %v", dir, err)
			}
			in := reporters.Input{Report: res.Report, Documented: res.Documented.Workspace.Graph, Observed: res.Observed.Graph, Diff: res.Diff}
			for _, format := range []struct{ name, ext string }{{"json", "json"}, {"text", "txt"}, {"markdown", "md"}, {"sarif", "sarif"}, {"junit", "junit.xml"}, {"html", "html"}} {
				rep, err := reporters.Default().Get(format.name)
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := rep.Write(&buf, in); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join(dir, name+".check."+format.ext), buf.Bytes())
			}
		})
	}
	if ran == 0 {
		t.Fatal("no estates found under testdata/")
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./check -update to create it)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s differs (-want +got); run go test ./check -update if the change is intended:\n%s", path, d)
	}
}
