// Package golden compares test output with golden files under testdata/,
// and rewrites them when a test runs with -update. Scanner packages share
// one walker: every testdata/<case> folder is an estate whose graph and
// diagnostics are checked against <case>.graph.json and <case>.diags.txt, so
// adding a case is adding a folder.
package golden

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/model"
)

// Compare checks got against the golden file at path; an empty got means the
// file must not exist. With update it rewrites (or removes) the file.
func Compare(t testing.TB, path, got string, update bool) {
	t.Helper()
	if update {
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

// Graph renders a graph the way golden files hold it: indented JSON with a
// trailing newline.
func Graph(t testing.TB, g *model.Graph) string {
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

// Diagnostics renders diagnostics one a line, "severity: origin: file:line:col: message".
func Diagnostics(diags []model.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(string(d.Severity) + ": " + d.String() + "\n")
	}
	return b.String()
}

// ScanCases runs scan on every folder under dir (but "fuzz", which holds the
// fuzzer's regression inputs) and compares its graph and diagnostics with the
// case's golden files. It fails when there are fewer than min cases.
func ScanCases(t *testing.T, dir string, min int, update bool, scan func(t *testing.T, dir string) (*model.Graph, []model.Diagnostic)) {
	t.Helper()
	cases, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range cases {
		if !c.IsDir() || c.Name() == "fuzz" {
			continue
		}
		n++
		name := c.Name()
		t.Run(name, func(t *testing.T) {
			caseDir := filepath.Join(dir, name)
			g, diags := scan(t, caseDir)
			Compare(t, filepath.Join(caseDir, name+".graph.json"), Graph(t, g), update)
			Compare(t, filepath.Join(caseDir, name+".diags.txt"), Diagnostics(diags), update)
		})
	}
	if n < min {
		t.Errorf("%d golden cases under %s, want at least %d", n, dir, min)
	}
}
