package policies

import (
	"embed"
	"io/fs"
)

// builtinFiles holds the built-in rules and their Rego tests.
//
//go:embed builtin/*.rego
var builtinFiles embed.FS

// BuiltinFS returns the embedded built-in policies: one <rule>.rego per rule
// and its <rule>_test.rego, at the root of the returned file system. It is
// what `archdrift policy` commands can list, print or copy as a starting
// point for a team's own rules.
func BuiltinFS() fs.FS {
	sub, err := fs.Sub(builtinFiles, "builtin")
	if err != nil {
		// fs.Sub fails only for an invalid path, and "builtin" is a
		// constant valid one.
		panic("policies: embedded builtin directory: " + err.Error())
	}
	return sub
}
