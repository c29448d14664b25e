package code

import (
	"errors"
	"go/build/constraint"
	"go/parser"
	"go/scanner"
	"go/token"
	"path"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/archdrift/archdrift/model"
)

// goFile is what one Go source file contributes: its package clause and
// imports. Only the header is parsed (parser.ImportsOnly); nothing is
// built or type-checked.
type goFile struct {
	pkg     string
	line    int // of the package clause
	imports []goImport
	// excluded: a build constraint or file name keeps it out of a
	// linux/amd64 build (//go:build ignore generators, _windows.go).
	excluded bool
}

// goImport is one import spec and where it is written.
type goImport struct {
	path string
	src  model.Source
}

// parseGoFile reads the header of a Go file. A file that does not parse
// yields what could be read before the error, and a diagnostic.
func parseGoFile(file string, data []byte) (goFile, []model.Diagnostic) {
	var out goFile
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, data, parser.ImportsOnly|parser.ParseComments)
	var diags []model.Diagnostic
	if err != nil {
		line, col := 0, 0
		var list scanner.ErrorList
		if errors.As(err, &list) && len(list) > 0 {
			line, col = list[0].Pos.Line, list[0].Pos.Column
			err = errors.New(list[0].Msg)
		}
		diags = append(diags, warning(file, line, col, "Go file not read: %v", err))
	}
	if f == nil || f.Name == nil || f.Name.Name == "" || f.Name.Name == "_" {
		out.excluded = true
		return out, diags
	}
	out.pkg = f.Name.Name
	out.line = fset.Position(f.Package).Line
	out.excluded = !goodOSArch(path.Base(file))
	for _, cg := range f.Comments {
		if cg.Pos() >= f.Package {
			break
		}
		for _, c := range cg.List {
			if !constraint.IsGoBuild(c.Text) && !constraint.IsPlusBuild(c.Text) {
				continue
			}
			if expr, err := constraint.Parse(c.Text); err == nil && !expr.Eval(buildTag) {
				out.excluded = true
			}
		}
	}
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || p == "" {
			continue
		}
		pos := fset.Position(spec.Path.Pos())
		out.imports = append(out.imports, goImport{path: p, src: source(file, pos.Line, pos.Column)})
	}
	return out, diags
}

// buildTag says which build tags hold for the build archdrift pretends to
// make: a linux/amd64 server built with gc and cgo. Custom tags
// (integration, ignore, tools) are off, as in a plain go build.
func buildTag(tag string) bool {
	switch tag {
	case "linux", "amd64", "unix", "gc", "cgo":
		return true
	}
	return strings.HasPrefix(tag, "go1.")
}

var (
	knownOS   = map[string]bool{"aix": true, "android": true, "darwin": true, "dragonfly": true, "freebsd": true, "hurd": true, "illumos": true, "ios": true, "js": true, "linux": true, "nacl": true, "netbsd": true, "openbsd": true, "plan9": true, "solaris": true, "wasip1": true, "windows": true, "zos": true}
	knownArch = map[string]bool{"386": true, "amd64": true, "arm": true, "arm64": true, "loong64": true, "mips": true, "mipsle": true, "mips64": true, "mips64le": true, "ppc64": true, "ppc64le": true, "riscv64": true, "s390x": true, "sparc64": true, "wasm": true}
)

// goodOSArch applies the go tool's file name rule (name_GOOS_GOARCH.go)
// for linux/amd64.
func goodOSArch(name string) bool {
	parts := strings.Split(strings.TrimSuffix(name, ".go"), "_")
	n := len(parts)
	if n >= 3 && knownOS[parts[n-2]] && knownArch[parts[n-1]] {
		return parts[n-2] == "linux" && parts[n-1] == "amd64"
	}
	if n >= 2 {
		if knownOS[parts[n-1]] {
			return parts[n-1] == "linux"
		}
		if knownArch[parts[n-1]] {
			return parts[n-1] == "amd64"
		}
	}
	return true
}

// parseGoMod returns the module path of a go.mod. Only the module line
// matters here: dependencies are read from the imports, which say what the
// code really uses.
func parseGoMod(file string, data []byte) (string, []model.Diagnostic) {
	f, err := modfile.ParseLax(file, data, nil)
	if err != nil {
		line := 0
		var list modfile.ErrorList
		if errors.As(err, &list) && len(list) > 0 {
			line = list[0].Pos.Line
			err = list[0].Err
		}
		return "", []model.Diagnostic{warning(file, line, 0, "go.mod not read: %v", err)}
	}
	if f.Module == nil || f.Module.Mod.Path == "" {
		return "", []model.Diagnostic{warning(file, 0, 0, "go.mod has no module line")}
	}
	return f.Module.Mod.Path, nil
}

// moduleName is the last element of a module path without its major
// version suffix: example.com/shop/catalog/v2 is "catalog".
func moduleName(modPath string) string {
	prefix, _, ok := module.SplitPathVersion(modPath)
	if !ok {
		prefix = modPath
	}
	return path.Base(prefix)
}

// goPackage is one directory of Go files in a build.
type goPackage struct {
	dir     string // repository-relative
	name    string // package clause
	file    string // first file, for the element's source
	line    int
	imports []goImport
}

func (p *goPackage) main() bool { return p.name == "main" }

// goModule is a go.mod and the packages below it (not below a nested
// module).
type goModule struct {
	dir      string
	path     string
	packages map[string]*goPackage // by directory relative to the module
}

// importDir returns the module-relative directory of an import path of
// this module, if it is one.
func (m *goModule) importDir(imp string) (string, bool) {
	if m.path == "" {
		return "", false
	}
	if imp == m.path {
		return ".", true
	}
	if rest, ok := strings.CutPrefix(imp, m.path+"/"); ok {
		return rest, true
	}
	return "", false
}
