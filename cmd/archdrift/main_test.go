package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/archdrift/archdrift/internal/corpus"
)

// TestMain lets testscript run the real CLI as a subprocess: `exec archdrift`
// in a script runs main's code path, with its own exit code.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"archdrift": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
		// archdrift-exits N ARGS... runs archdrift ARGS and succeeds only
		// when it exits with N, so scripts can tell 1 (findings) from 2 (bad
		// input).
		"archdrift-exits": func() {
			want, err := strconv.Atoi(os.Args[1])
			if err != nil {
				fmt.Fprintln(os.Stderr, "archdrift-exits: first argument must be the expected exit code")
				os.Exit(100)
			}
			if got := run(os.Args[2:], os.Stdout, os.Stderr); got != want {
				fmt.Fprintf(os.Stderr, "archdrift-exits: exit code %d, want %d\n", got, want)
				os.Exit(101)
			}
			os.Exit(0)
		},
	})
}

func TestScripts(t *testing.T) {
	shopflow, err := filepath.Abs(filepath.Join("..", "..", "testdata", "shopflow"))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Condition: func(cond string) (bool, error) {
			if cond == "corpus" {
				return corpus.Root() != "", nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Setup: func(env *testscript.Env) error {
			env.Setenv("SHOPFLOW", shopflow)
			// REPO is this repository's root, for the self-scan smoke test.
			env.Setenv("REPO", filepath.Dir(filepath.Dir(shopflow)))
			env.Setenv("CORPUS", corpus.Root())
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		UpdateScripts: *updateScripts,
	})
}
