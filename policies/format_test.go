package policies

import (
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"
)

// TestBuiltinFormatted keeps the built-in Rego in `opa fmt` form.
func TestBuiltinFormatted(t *testing.T) {
	names, err := fs.Glob(BuiltinFS(), "*.rego")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		text, err := fs.ReadFile(BuiltinFS(), n)
		if err != nil {
			t.Fatal(err)
		}
		want, err := format.SourceWithOpts(n, text, format.Opts{RegoVersion: ast.RegoV1})
		if err != nil {
			t.Errorf("builtin/%s: %v", n, err)
			continue
		}
		if d := cmp.Diff(string(want), string(text)); d != "" {
			t.Errorf("builtin/%s is not formatted as opa fmt would (-want +got):\n%s", n, d)
		}
	}
}
