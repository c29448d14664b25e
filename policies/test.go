package policies

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestResult is the outcome of one Rego test rule.
type TestResult struct {
	Package  string
	Name     string
	Location string
	// Outcome is "pass", "fail", "error" or "skip".
	Outcome string
	Err     string
}

// RunTests runs the test_ rules of the built-in policies and of every
// _test.rego under dirs (with the policies they test), through OPA's tester
// in the same sandbox as Evaluate. Built-in and user files compile
// together, so a user test can exercise a built-in rule.
func RunTests(ctx context.Context, dirs []string, timeout time.Duration) ([]TestResult, error) {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	caps := sandboxCapabilities()
	opts := ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1, Capabilities: caps}
	modules := map[string]*ast.Module{}
	parse := func(name string, text []byte) error {
		m, err := ast.ParseModuleWithOpts(name, string(text), opts)
		if err != nil {
			return policyError(err)
		}
		modules[name] = m
		return nil
	}
	err := fs.WalkDir(BuiltinFS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".rego") {
			return err
		}
		text, err := fs.ReadFile(BuiltinFS(), name)
		if err != nil {
			return err
		}
		return parse("builtin/"+name, text)
	})
	if err != nil {
		return nil, err
	}
	user, err := readUserTree(dirs, func(name string) bool { return strings.HasSuffix(name, ".rego") })
	if err != nil {
		return nil, err
	}
	for _, f := range user {
		if err := parse(f.name, f.text); err != nil {
			return nil, err
		}
	}
	compiler := ast.NewCompiler().WithCapabilities(caps)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ch, err := tester.NewRunner().
		SetCompiler(compiler).
		SetDefaultRegoVersion(ast.RegoV1).
		RaiseBuiltinErrors(true).
		SetTimeout(timeout).
		Run(ctx, modules)
	if err != nil {
		return nil, fmt.Errorf("policies: %w", err)
	}
	var out []TestResult
	for r := range ch {
		tr := TestResult{Package: strings.TrimPrefix(r.Package, "data."), Name: r.Name, Location: locationString(r.Location), Outcome: "pass"}
		switch {
		case r.Error != nil:
			tr.Outcome, tr.Err = "error", r.Error.Error()
		case r.Fail:
			tr.Outcome = "fail"
		case r.Skip:
			tr.Outcome = "skip"
		}
		out = append(out, tr)
	}
	slices.SortFunc(out, func(a, b TestResult) int {
		return strings.Compare(a.Location+"\x00"+a.Name, b.Location+"\x00"+b.Name)
	})
	return out, nil
}
