package adr

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden is what one testdata case yields: the discovered directory, the
// records and the problems.
type golden struct {
	Dir      string    `json:"dir"`
	Records  []Record  `json:"records"`
	Problems []Problem `json:"problems"`
}

// TestGolden walks testdata/<case>/: each case is a repository root whose ADR
// folder is found by Discover and read by Load, and <case>.records.json holds
// the expected result. To add a case, add a folder.
func TestGolden(t *testing.T) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	cases := 0
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "fuzz" {
			continue
		}
		cases++
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			root := filepath.Join("testdata", name)
			fsys := os.DirFS(root)
			dir, ok := Discover(fsys, "", "")
			if !ok {
				t.Fatalf("Discover found no ADR folder in %s", root)
			}
			recs, probs, err := Load(fsys, dir)
			if err != nil {
				t.Fatal(err)
			}
			got := marshalGolden(t, golden{Dir: dir, Records: recs, Problems: probs})
			file := filepath.Join(root, name+".records.json")
			if *update {
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s differs (-want +got; go test -update rewrites it):\n%s", file, diff)
			}
		})
	}
	if cases == 0 {
		t.Fatal("no golden cases under testdata")
	}
}

func marshalGolden(t *testing.T, g golden) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
