package structurizr

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/archdrift/archdrift/model"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// goldenResult is what a golden file records: the workspace read from
// testdata/<case>/workspace.dsl, or the fatal error.
type goldenResult struct {
	Error       string            `json:"error,omitempty"`
	Name        string            `json:"name,omitempty"`
	Description string            `json:"description,omitempty"`
	Properties  map[string]string `json:"properties,omitempty"`
	Files       []string          `json:"files,omitempty"`
	DocsPaths   []string          `json:"docs,omitempty"`
	ADRPaths    []string          `json:"adrs,omitempty"`
	Graph       *model.Graph      `json:"graph,omitempty"`
	Diagnostics []string          `json:"diagnostics,omitempty"`
}

// TestGolden reads every testdata/<case>/workspace.dsl and compares the
// result with testdata/<case>/<case>.golden.json. Adding a case is adding a
// folder; go test -run TestGolden -update rewrites the goldens.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "*", "workspace.dsl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no golden cases under testdata")
	}
	for _, ws := range dirs {
		dir := filepath.Dir(ws)
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			w, err := ParseFile(os.DirFS(dir), "workspace.dsl")
			var res goldenResult
			if err != nil {
				res.Error = err.Error()
			} else {
				res = goldenResult{
					Name: w.Name, Description: w.Description, Properties: w.Properties,
					Files: w.Files, DocsPaths: w.DocsPaths, ADRPaths: w.ADRPaths, Graph: w.Graph,
				}
				for _, d := range w.Diagnostics {
					res.Diagnostics = append(res.Diagnostics, d.String())
				}
			}
			got, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join(dir, name+".golden.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s differs (-want +got):\n%s", golden, diff)
			}
		})
	}
}
