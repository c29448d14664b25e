package policies

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestBuiltinRego runs every test_ rule of the built-in _test.rego files
// through OPA's tester, in the same sandbox the engine uses.
func TestBuiltinRego(t *testing.T) {
	caps := sandboxCapabilities()
	opts := ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1, Capabilities: caps}
	modules := map[string]*ast.Module{}
	tests := 0
	err := fs.WalkDir(BuiltinFS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".rego") {
			return err
		}
		text, err := fs.ReadFile(BuiltinFS(), name)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts("builtin/"+name, string(text), opts)
		if err != nil {
			return err
		}
		modules["builtin/"+name] = m
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	compiler := ast.NewCompiler().WithCapabilities(caps)
	ch, err := tester.NewRunner().
		SetCompiler(compiler).
		SetDefaultRegoVersion(ast.RegoV1).
		RaiseBuiltinErrors(true).
		SetTimeout(30*time.Second).
		Run(context.Background(), modules)
	if err != nil {
		t.Fatal(err)
	}
	for r := range ch {
		tests++
		switch {
		case r.Error != nil:
			t.Errorf("%s.%s (%s): %v", r.Package, r.Name, locationString(r.Location), r.Error)
		case r.Fail:
			t.Errorf("%s.%s (%s): failed", r.Package, r.Name, locationString(r.Location))
		case r.Skip:
			t.Errorf("%s.%s (%s): skipped; built-in tests may not be skipped", r.Package, r.Name, locationString(r.Location))
		}
	}
	if tests == 0 {
		t.Fatal("no Rego tests found under builtin/")
	}
	t.Logf("%d Rego tests", tests)
}

// TestEveryBuiltinRuleHasTests keeps <rule>.rego and <rule>_test.rego in
// pairs, so a new rule cannot ship untested.
func TestEveryBuiltinRuleHasTests(t *testing.T) {
	names, err := fs.Glob(BuiltinFS(), "*.rego")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
	}
	for _, n := range names {
		if strings.HasSuffix(n, "_test.rego") {
			continue
		}
		if test := strings.TrimSuffix(n, ".rego") + "_test.rego"; !have[test] {
			t.Errorf("builtin/%s has no builtin/%s", n, test)
		}
	}
}
