package code

import (
	"io/fs"
	"path"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// Bounds of one walk: a hostile tree must not cost unbounded time or memory.
const (
	maxEntries = 200_000
	maxDepth   = 64
)

// skipDirs are never descended into: test fixtures and harnesses (the go
// tool ignores testdata too), examples, third-party code and tooling state
// are not the system's own units.
var skipDirs = map[string]bool{
	"testdata": true, "test": true, "tests": true, "e2e": true, "integration-test": true, "integration-tests": true,
	"example": true, "examples": true, "sample": true, "samples": true,
	"node_modules": true, "vendor": true, "bower_components": true, "__pycache__": true, "site-packages": true, "venv": true,
}

// outputDirs are build outputs, skipped when their build file sits beside
// them: Maven copies pom.xml into target/, .NET builds into bin/ and obj/.
var outputDirs = map[string]func(d *dir) bool{
	"target": func(d *dir) bool { return d.has("pom.xml") },
	"build":  func(d *dir) bool { return d.has("build.gradle") || d.has("build.gradle.kts") },
	"bin":    func(d *dir) bool { return d.hasSuffix(".csproj") },
	"obj":    func(d *dir) bool { return d.hasSuffix(".csproj") },
	"dist":   func(d *dir) bool { return d.has("package.json") || d.has("pyproject.toml") },
}

// tree is the part of the repository the scanner looks at: every directory
// that was not skipped, with its regular files.
type tree struct {
	dirs map[string]*dir
}

// dir is one directory: its slash path relative to the root ("." for the
// root), and the base names of its regular files and kept subdirectories,
// sorted.
type dir struct {
	path    string
	files   []string
	subdirs []string
}

func (d *dir) has(name string) bool {
	for _, f := range d.files {
		if f == name {
			return true
		}
	}
	return false
}

func (d *dir) hasSuffix(suffix string) bool {
	for _, f := range d.files {
		if strings.HasSuffix(strings.ToLower(f), suffix) {
			return true
		}
	}
	return false
}

// file joins a base name to the directory.
func (d *dir) file(name string) string { return path.Join(d.path, name) }

// walk lists the tree below fsys. Only an unreadable root is an error; an
// unreadable subdirectory, or a tree past the bounds, is a diagnostic.
func walk(fsys fs.FS) (*tree, []model.Diagnostic, error) {
	t := &tree{dirs: map[string]*dir{}}
	w := &walker{fsys: fsys, t: t}
	if err := w.visit(".", 0); err != nil {
		return nil, nil, err
	}
	return t, w.diags, nil
}

type walker struct {
	fsys    fs.FS
	t       *tree
	entries int
	full    bool
	diags   []model.Diagnostic
}

func (w *walker) visit(p string, depth int) error {
	ents, err := fs.ReadDir(w.fsys, p)
	if err != nil {
		if p == "." {
			return err
		}
		w.diags = append(w.diags, warning(p, 0, 0, "directory not read: %v", err))
		return nil
	}
	d := &dir{path: p}
	w.t.dirs[p] = d
	var subdirs []string
	for _, e := range ents {
		if w.entries++; w.entries > maxEntries {
			if !w.full {
				w.full = true
				w.diags = append(w.diags, warning(p, 0, 0, "more than %d files and directories: the rest of the tree was not scanned", maxEntries))
			}
			return nil
		}
		switch {
		case e.IsDir():
			subdirs = append(subdirs, e.Name())
		case e.Type().IsRegular():
			d.files = append(d.files, e.Name())
		}
	}
	for _, s := range subdirs {
		if skipDirs[s] || strings.HasPrefix(s, ".") || strings.HasPrefix(s, "_") {
			continue
		}
		if isOutput, ok := outputDirs[s]; ok && isOutput(d) {
			continue
		}
		if depth+1 > maxDepth {
			w.diags = append(w.diags, warning(p, 0, 0, "directories nested deeper than %d levels were not scanned", maxDepth))
			break
		}
		d.subdirs = append(d.subdirs, s)
		if err := w.visit(path.Join(p, s), depth+1); err != nil {
			return err
		}
		if w.full {
			return nil
		}
	}
	return nil
}
