package code

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

// Bounds on what one scan reads beyond manifests: Python files searched for
// a __main__ guard, per project.
const maxPythonProbes = 64

// gradleAppPlugins are plugins that make a Gradle project an application.
var gradleAppPlugins = map[string]bool{
	"application": true, "org.springframework.boot": true, "war": true, "io.micronaut.application": true,
	"io.quarkus": true, "com.google.cloud.tools.jib": true, "org.jetbrains.kotlin.plugin.spring": true,
}

// scan is the state of one Scan call.
type scan struct {
	fsys     fs.FS
	t        *tree
	diags    []model.Diagnostic
	projects map[string]*project
	catalogs map[string]versionCatalog
	modules  []*goModule
	// looseMains are Go main packages outside any module (GOPATH-era code).
	looseMains []*goPackage
}

func (s *scan) project(dir string) *project {
	p, ok := s.projects[dir]
	if !ok {
		p = &project{dir: dir, names: map[string]string{}}
		s.projects[dir] = p
	}
	return p
}

func (s *scan) read(file string) ([]byte, bool) {
	b, err := scanners.ReadFile(s.fsys, file)
	if err != nil {
		s.diags = append(s.diags, warning(file, 0, 0, "not read: %v", err))
		return nil, false
	}
	return b, true
}

func (s *scan) sortedDirs() []string {
	out := make([]string, 0, len(s.t.dirs))
	for d := range s.t.dirs {
		out = append(out, d)
	}
	slices.Sort(out)
	return out
}

func (s *scan) run(ctx context.Context) error {
	dirs := s.sortedDirs()
	for _, dp := range dirs {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("code: %w", err)
		}
		s.readManifests(s.t.dirs[dp])
	}
	if err := s.readGo(ctx, dirs); err != nil {
		return err
	}
	for _, dp := range dirs {
		s.readDockerfiles(s.t.dirs[dp])
	}
	s.foldLooseMains()
	return nil
}

// foldLooseMains gives a Go program outside any module (GOPATH-era code:
// a Dockerfile at the root, the program in cmd/x) to the Dockerfile that
// builds it: the nearest Dockerfile-only directory above it, when that
// directory holds no other such program.
func (s *scan) foldLooseMains() {
	for _, pkg := range s.looseMains {
		lp := s.projects[pkg.dir]
		if lp == nil || lp.docker != nil {
			continue
		}
		for _, a := range ancestors(pkg.dir) {
			p, ok := s.projects[a]
			if !ok {
				continue
			}
			others := slices.ContainsFunc(s.looseMains, func(o *goPackage) bool {
				return o != pkg && (a == "." || strings.HasPrefix(o.dir, a+"/"))
			})
			if p.dockerOnly && !others {
				p.dockerOnly = false
				for _, lang := range lp.languages {
					p.addLanguage(lang, lp.names[lang], model.Source{})
				}
				p.sources = append(p.sources, lp.sources...)
				p.deps = append(p.deps, lp.deps...)
				delete(s.projects, pkg.dir)
			}
			break
		}
	}
}

// readManifests reads every manifest of one directory into its project.
func (s *scan) readManifests(d *dir) {
	python := false
	defer func() {
		if p := s.projects[d.path]; python && !p.deployable {
			p.deployable = s.pythonEntry(d)
		}
	}()
	for _, f := range d.files {
		file := d.file(f)
		lower := strings.ToLower(f)
		switch {
		case f == "package.json":
			data, ok := s.read(file)
			if !ok {
				continue
			}
			pkg, diags := parsePackageJSON(file, data)
			s.diags = append(s.diags, diags...)
			if diags != nil {
				continue
			}
			p := s.project(d.path)
			name := pkg.name
			if i := strings.LastIndexByte(name, '/'); i >= 0 {
				name = name[i+1:] // @scope/name
			}
			p.addLanguage(langNode, name, source(file, 1, 1))
			p.deps = append(p.deps, pkg.deps...)
			p.deployable = p.deployable || pkg.entry
		case f == "pyproject.toml":
			data, ok := s.read(file)
			if !ok {
				continue
			}
			py, diags := parsePyproject(file, data)
			s.diags = append(s.diags, diags...)
			p := s.project(d.path)
			p.addLanguage(langPython, py.name, source(file, 1, 1))
			p.deps = append(p.deps, py.deps...)
			p.deployable = p.deployable || py.scripts
			python = true
		case requirementsFile(f):
			p := s.project(d.path)
			python = true
			if devRequirements(f) {
				p.addLanguage(langPython, "", model.Source{})
				continue
			}
			p.addLanguage(langPython, "", source(file, 1, 1))
			deps, diags := readRequirements(s.fsys, file)
			s.diags = append(s.diags, diags...)
			p.deps = append(p.deps, deps...)
		case f == "setup.py" || f == "setup.cfg":
			s.project(d.path).addLanguage(langPython, "", source(file, 1, 1))
			python = true
		case f == "pom.xml":
			data, ok := s.read(file)
			if !ok {
				continue
			}
			pom, diags := parsePOM(file, data)
			s.diags = append(s.diags, diags...)
			if diags != nil {
				continue
			}
			p := s.project(d.path)
			p.addLanguage(langJava, pom.artifactID, source(file, 1, 1))
			p.deps = append(p.deps, pom.deps...)
			p.deployable = p.deployable || !strings.EqualFold(pom.packaging, "pom")
		case f == "build.gradle" || f == "build.gradle.kts":
			data, ok := s.read(file)
			if !ok {
				continue
			}
			b := parseGradle(file, data)
			p := s.project(d.path)
			p.addLanguage(langJava, "", source(file, 1, 1))
			p.deps = append(p.deps, b.deps...)
			p.deps = append(p.deps, s.resolveCatalog(d.path, b.catalogRefs)...)
			_, hasMain := s.t.dirs[path.Join(d.path, "src", "main")]
			p.deployable = p.deployable || hasMain || slices.ContainsFunc(b.plugins, func(id string) bool { return gradleAppPlugins[id] })
		case strings.HasSuffix(lower, ".csproj"):
			data, ok := s.read(file)
			if !ok {
				continue
			}
			cs, diags := parseCsproj(file, data)
			s.diags = append(s.diags, diags...)
			if diags != nil || cs.test {
				continue
			}
			name := cs.assemblyName
			if name == "" {
				name = strings.TrimSuffix(f, f[len(f)-len(".csproj"):])
			}
			p := s.project(d.path)
			p.addLanguage(langDotNet, name, source(file, 1, 1))
			p.deps = append(p.deps, cs.deps...)
			p.deployable = p.deployable || cs.runs()
		}
	}
}

// pythonEntry reports whether a Python project has an entry point: a
// __main__.py in it, in one of its packages or under src/, a manage.py, or
// a top-level script with an `if __name__ == "__main__":` guard.
func (s *scan) pythonEntry(d *dir) bool {
	if d.has("__main__.py") || d.has("manage.py") {
		return true
	}
	for _, sub := range d.subdirs {
		sd := s.t.dirs[path.Join(d.path, sub)]
		if sd == nil {
			continue
		}
		if sd.has("__main__.py") {
			return true
		}
		if sub == "src" {
			for _, pkg := range sd.subdirs {
				if pd := s.t.dirs[path.Join(sd.path, pkg)]; pd != nil && pd.has("__main__.py") {
					return true
				}
			}
		}
	}
	probes := 0
	for _, f := range d.files {
		if !strings.HasSuffix(f, ".py") || probes >= maxPythonProbes {
			continue
		}
		probes++
		if data, err := scanners.ReadFile(s.fsys, d.file(f)); err == nil && mainGuard.Match(data) {
			return true
		}
	}
	return false
}

// resolveCatalog turns version catalog accessors into coordinates, through
// the nearest gradle/libs.versions.toml at or above dir.
func (s *scan) resolveCatalog(dir string, refs []dependency) []dependency {
	if len(refs) == 0 {
		return nil
	}
	var cat versionCatalog
	for _, d := range append([]string{dir}, ancestors(dir)...) {
		gd := s.t.dirs[path.Join(d, "gradle")]
		if gd == nil || !gd.has("libs.versions.toml") {
			continue
		}
		file := gd.file("libs.versions.toml")
		c, ok := s.catalogs[file]
		if !ok {
			if data, read := s.read(file); read {
				var diags []model.Diagnostic
				c, diags = parseVersionCatalog(file, data)
				s.diags = append(s.diags, diags...)
			}
			s.catalogs[file] = c
		}
		cat = c
		break
	}
	var out []dependency
	for _, r := range refs {
		if coord, ok := cat[strings.ToLower(r.name)]; ok {
			r.name = coord
			out = append(out, r)
		}
	}
	return out
}

// readGo parses the Go files of every directory and groups the packages
// into modules.
func (s *scan) readGo(ctx context.Context, dirs []string) error {
	modByDir := map[string]*goModule{}
	for _, dp := range dirs {
		d := s.t.dirs[dp]
		if !d.has("go.mod") {
			continue
		}
		file := d.file("go.mod")
		m := &goModule{dir: dp, packages: map[string]*goPackage{}}
		if data, ok := s.read(file); ok {
			var diags []model.Diagnostic
			m.path, diags = parseGoMod(file, data)
			s.diags = append(s.diags, diags...)
		}
		modByDir[dp] = m
		s.modules = append(s.modules, m)
		s.project(dp).addLanguage(langGo, moduleName(m.path), source(file, 1, 1))
	}
	for _, dp := range dirs {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("code: %w", err)
		}
		pkg := s.readGoPackage(s.t.dirs[dp])
		if pkg == nil {
			continue
		}
		var mod *goModule
		for _, a := range append([]string{dp}, ancestors(dp)...) {
			if m, ok := modByDir[a]; ok {
				mod = m
				break
			}
		}
		switch {
		case mod != nil:
			mod.packages[relPath(mod.dir, dp)] = pkg
		case pkg.main():
			s.looseMains = append(s.looseMains, pkg)
		}
	}
	for _, m := range s.modules {
		p := s.project(m.dir)
		p.goModule = m
		for _, rel := range slices.Sorted(maps.Keys(m.packages)) {
			pkg := m.packages[rel]
			if pkg.main() {
				p.goMains = append(p.goMains, rel)
				p.deployable = true
			}
			for _, imp := range pkg.imports {
				if _, own := m.importDir(imp.path); !own {
					p.deps = append(p.deps, dependency{eco: ecoGo, name: imp.path, src: imp.src})
				}
			}
		}
	}
	for _, pkg := range s.looseMains {
		p := s.project(pkg.dir)
		p.addLanguage(langGo, "", source(pkg.file, pkg.line, 1))
		p.deployable = true
		for _, imp := range pkg.imports {
			p.deps = append(p.deps, dependency{eco: ecoGo, name: imp.path, src: imp.src})
		}
	}
	return nil
}

// readGoPackage parses the non-test Go files of a directory that a
// linux/amd64 build would compile; nil when there are none.
func (s *scan) readGoPackage(d *dir) *goPackage {
	var pkg *goPackage
	for _, f := range d.files {
		if !strings.HasSuffix(f, ".go") || strings.HasSuffix(f, "_test.go") {
			continue
		}
		file := d.file(f)
		data, ok := s.read(file)
		if !ok {
			continue
		}
		gf, diags := parseGoFile(file, data)
		s.diags = append(s.diags, diags...)
		if gf.excluded {
			continue
		}
		if pkg == nil {
			pkg = &goPackage{dir: d.path, name: gf.pkg, file: file, line: gf.line}
		}
		if gf.pkg != pkg.name {
			continue // a second package in one directory does not build; the first one is kept
		}
		pkg.imports = append(pkg.imports, gf.imports...)
	}
	return pkg
}

// readDockerfiles attributes a directory's Dockerfiles to a unit: the
// project in the same directory; the Go module whose package the directory
// is; the project above it when the Dockerfile sits in a packaging
// directory (docker/, deploy/); else the directory is a unit of its own,
// known only by its base image.
func (s *scan) readDockerfiles(d *dir) {
	var files []string
	for _, f := range d.files {
		if dockerfileName(f) {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return
	}
	// "Dockerfile" itself describes the unit; variants (Dockerfile.dev)
	// only confirm it.
	main := files[0]
	for _, f := range files {
		if strings.EqualFold(f, "Dockerfile") || strings.EqualFold(f, "Containerfile") {
			main = f
			break
		}
	}
	file := d.file(main)
	data, ok := s.read(file)
	if !ok {
		return
	}
	df := parseDockerfile(data)
	p := s.dockerOwner(d.path)
	p.deployable = true
	if p.docker == nil {
		p.docker, p.dockerFile = &df, file
	}
	p.sources = append(p.sources, source(file, max(df.line, 1), 1))
}

func (s *scan) dockerOwner(dp string) *project {
	if p, ok := s.projects[dp]; ok {
		return p
	}
	for _, m := range s.modules {
		if m.dir != "." && !strings.HasPrefix(dp, m.dir+"/") {
			continue
		}
		if _, ok := m.packages[relPath(m.dir, dp)]; ok {
			return s.projects[m.dir]
		}
	}
	for _, a := range ancestors(dp) {
		if p, ok := s.projects[a]; ok && !p.dockerOnly {
			if underPackaging(a, dp) {
				return p
			}
			break
		}
	}
	p := s.project(dp)
	p.dockerOnly = true
	return p
}
