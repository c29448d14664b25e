package compose

import (
	"fmt"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/override"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

// compose-go reads an extends file straight from the OS file system, which
// would let a compose file in a pull request name any file of the machine.
// So compose-go loads with extends switched off, and the scanner applies it
// here: base files are read through the scanner's fs.FS, only inside the
// root, and merged with compose-go's own ExtendService, so the merge rules
// are the loader's.

// Bounds on extends.
const (
	// maxExtendsDepth caps a chain of services extending each other.
	maxExtendsDepth = 16
	// maxExtendsFiles caps the files one project loads as bases.
	maxExtendsFiles = 32
)

// extendsScope is a set of services that extends may name: the project's
// own (merged) services, or those of a file named by extends.file.
type extendsScope struct {
	// name identifies the scope in cycle reports: its first file.
	name string
	// dir is the directory relative paths in the scope start from.
	dir      string
	files    []*composeFile
	services map[string]any
}

// extendsRef names a service in a scope.
type extendsRef struct{ scope, service string }

// resolveExtends applies extends to every service of the project, in place,
// and reports whether any service extended another. extends that cannot be
// followed are diagnostics and leave the service as written.
func (l *projectLoader) resolveExtends(dict map[string]any, files []*composeFile) bool {
	services, _ := dict["services"].(map[string]any)
	scope := &extendsScope{name: files[0].name, dir: l.p.dir, files: files, services: services}
	applied := false
	for _, name := range slices.Sorted(maps.Keys(services)) {
		if l.extend(scope, name, nil) {
			applied = true
		}
	}
	return applied
}

// extend resolves the extends attribute of one service, its bases first, and
// reports whether it merged a base.
func (l *projectLoader) extend(scope *extendsScope, name string, chain []extendsRef) bool {
	svc, ok := scope.services[name].(map[string]any)
	if !ok {
		return false
	}
	ext, ok := svc["extends"]
	if !ok {
		return false
	}
	me := extendsRef{scope.name, name}
	fail := func(format string, args ...any) bool {
		delete(svc, "extends")
		file, line, col := scope.locate("services." + name + ".extends")
		l.diag(model.DiagWarning, file, line, col, "service %s: %s; the service is read without its base", name, fmt.Sprintf(format, args...))
		return false
	}
	if slices.Contains(chain, me) {
		return fail("extends cycle through %s", chainString(append(chain, me)))
	}
	if len(chain) >= maxExtendsDepth {
		return fail("extends chain longer than %d", maxExtendsDepth)
	}
	spec, _ := ext.(map[string]any)
	ref, _ := spec["service"].(string)
	if ref == "" {
		return fail("extends names no service")
	}
	base := scope
	if file, _ := spec["file"].(string); file != "" {
		var why string
		base, why = l.extendsFile(scope, file)
		if base == nil {
			return fail("extends file %q %s", file, why)
		}
	}
	if _, ok := base.services[ref]; !ok {
		return fail("extends %q, which %s does not define", ref, base.name)
	}
	l.extend(base, ref, append(slices.Clone(chain), me))
	parent, ok := base.services[ref].(map[string]any)
	if !ok {
		return fail("extends %q, which is not a mapping", ref)
	}
	src := deepClone(parent).(map[string]any)
	delete(src, "extends")
	if base.dir != l.p.dir {
		rebasePaths(src, base.dir, l.p.dir)
	}
	delete(svc, "extends")
	merged, err := guard(func() (map[string]any, error) { return override.ExtendService(src, svc) })
	if err != nil {
		return fail("%v", err)
	}
	scope.services[name] = merged
	return true
}

// extendsFile loads the file an extends names, relative to the scope that
// names it. It returns nil and the reason when it cannot, or may not.
func (l *projectLoader) extendsFile(from *extendsScope, file string) (*extendsScope, string) {
	const outside = "is outside the repository root; not followed"
	if strings.Contains(file, "://") || path.IsAbs(file) || filepath.IsAbs(file) || strings.ContainsAny(file, "\\~") {
		return nil, outside
	}
	target := path.Join(from.dir, file)
	if !fs.ValidPath(target) {
		return nil, outside
	}
	if s, seen := l.bases[target]; seen {
		if s == nil {
			return nil, "could not be loaded (see above)"
		}
		return s, ""
	}
	if len(l.bases) >= maxExtendsFiles {
		return nil, fmt.Sprintf("is one more than the %d extends files a project may load", maxExtendsFiles)
	}
	l.bases[target] = nil
	data, err := scanners.ReadFile(l.fsys, target)
	if err != nil {
		return nil, fmt.Sprintf("cannot be read: %v", err)
	}
	f, d := parseFile(target, data)
	if d != nil {
		l.diags = append(l.diags, *d)
		return nil, "could not be parsed"
	}
	dict, err := l.loadFiles(path.Dir(target), []*composeFile{f})
	if err != nil {
		l.diagAt([]*composeFile{f}, err, "", "")
		return nil, "could not be loaded"
	}
	services, ok := dict["services"].(map[string]any)
	if !ok {
		return nil, "has no services"
	}
	s := &extendsScope{name: target, dir: path.Dir(target), files: []*composeFile{f}, services: services}
	l.bases[target] = s
	return s, ""
}

// locate finds the line of a compose path in the scope's files, the last
// file first (its value won the merge), or falls back to the first file.
func (s *extendsScope) locate(dotted string) (file string, line, col int) {
	for _, f := range slices.Backward(s.files) {
		if n := f.pathNode(dotted); n != nil {
			return f.name, n.Line, n.Column
		}
	}
	return s.files[0].name, 0, 0
}

func chainString(chain []extendsRef) string {
	parts := make([]string, len(chain))
	for i, r := range chain {
		parts[i] = r.service + " (" + r.scope + ")"
	}
	return strings.Join(parts, " → ")
}

// rebasePaths rewrites the relative paths the scanner reads (env_file) and
// shows (build context) of a service taken from a file in another
// directory, so that they stay relative to the project directory.
func rebasePaths(svc map[string]any, from, to string) {
	rebase := func(p string) string {
		if p == "" || path.IsAbs(p) || strings.Contains(p, "://") {
			return p
		}
		return relPath(to, path.Join(from, p))
	}
	if list, ok := svc["env_file"].([]any); ok {
		for _, e := range list {
			if m, ok := e.(map[string]any); ok {
				if p, ok := m["path"].(string); ok {
					m["path"] = rebase(p)
				}
			}
		}
	}
	if b, ok := svc["build"].(map[string]any); ok {
		if p, ok := b["context"].(string); ok {
			b["context"] = rebase(p)
		}
	}
}

// relPath is the slash path that leads from directory base to target, both
// relative to the same root.
func relPath(base, target string) string {
	split := func(p string) []string {
		p = path.Clean(p)
		if p == "." {
			return nil
		}
		return strings.Split(p, "/")
	}
	b, t := split(base), split(target)
	i := 0
	for i < len(b) && i < len(t) && b[i] == t[i] {
		i++
	}
	var parts []string
	for range b[i:] {
		parts = append(parts, "..")
	}
	parts = append(parts, t[i:]...)
	if len(parts) == 0 {
		return "."
	}
	return strings.Join(parts, "/")
}

// deepClone copies a YAML-shaped value, so that a base shared by several
// services is not changed by merging one of them.
func deepClone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepClone(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepClone(e)
		}
		return out
	}
	return v
}
