package code

import (
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// Languages, as canonical technology names of package model.
const (
	langGo     = "Go"
	langJava   = "Java"
	langDotNet = ".NET"
	langPython = "Python"
	langNode   = "Node.js"
)

// languageRank orders the languages of a directory that has several
// manifests: the first is the unit's language. A Go or Java service often
// carries a package.json for its front-end tooling; the reverse is rare.
var languageRank = map[string]int{langGo: 0, langJava: 1, langDotNet: 2, langPython: 3, langNode: 4}

// dependency is a library a project uses, and where that is written.
type dependency struct {
	eco  ecosystem
	name string
	src  model.Source
}

// project is a directory with at least one manifest or Dockerfile. It is a
// deployable unit when something says it runs: a main package, a start
// script, an entry point, an executable project type, or a Dockerfile.
type project struct {
	dir string
	// names declared by the manifests, by language.
	names      map[string]string
	languages  []string
	deployable bool
	deps       []dependency
	sources    []model.Source
	goModule   *goModule
	goMains    []string
	docker     *dockerfile
	dockerFile string
	// dockerOnly: no manifest, only a Dockerfile; what it is comes from
	// its base image.
	dockerOnly bool
}

// addLanguage records a manifest of language lang, the name it declares
// and where it is; a source without a file (a development-only manifest)
// is not recorded as the unit's evidence.
func (p *project) addLanguage(lang, name string, src model.Source) {
	if !slices.Contains(p.languages, lang) {
		p.languages = append(p.languages, lang)
	}
	if name != "" && p.names[lang] == "" {
		p.names[lang] = name
	}
	if src.File != "" {
		p.sources = append(p.sources, src)
	}
}

// language is the unit's main language, "" for a Dockerfile-only unit.
func (p *project) language() string {
	if len(p.languages) == 0 {
		return ""
	}
	return slices.MinFunc(p.languages, func(a, b string) int { return languageRank[a] - languageRank[b] })
}

// genericDirs are directory names that say where code sits, not what it
// is: a unit in one of them is named after its manifest instead.
var genericDirs = map[string]bool{".": true, "src": true, "source": true, "app": true, "code": true, "main": true, "service": true, "server": true}

// name is the unit's name: its directory's, unless that is generic (src,
// the repository root), in which case the name its manifest declares, else
// rootName.
func (p *project) name(rootName string) string {
	base := path.Base(p.dir)
	if !genericDirs[base] {
		return base
	}
	if n := p.names[p.language()]; n != "" {
		return n
	}
	for _, lang := range slices.Sorted(maps.Keys(p.names)) {
		if n := p.names[lang]; n != "" {
			return n
		}
	}
	if p.dir == "." {
		return rootName
	}
	return base
}

// packagingDirs hold a project's build and deployment files rather than a
// unit of their own: carts/docker/carts/Dockerfile builds carts.
var packagingDirs = map[string]bool{
	"docker": true, "dockerfiles": true, "build": true, "builds": true, "deploy": true, "deployment": true,
	"deployments": true, "ci": true, "container": true, "containers": true, "packaging": true, "image": true,
	"images": true, "infra": true, "ops": true,
}

// underPackaging reports whether dir lies below base through a packaging
// directory.
func underPackaging(base, dir string) bool {
	rel := relPath(base, dir)
	if rel == "." {
		return false
	}
	for _, seg := range strings.Split(rel, "/") {
		if packagingDirs[strings.ToLower(seg)] {
			return true
		}
	}
	return false
}

// relPath is p relative to base, both slash paths relative to the root and
// p at or below base.
func relPath(base, p string) string {
	switch {
	case base == ".":
		return p
	case p == base:
		return "."
	}
	return strings.TrimPrefix(p, base+"/")
}

// ancestors lists the directories above p, nearest first, ending at ".".
func ancestors(p string) []string {
	var out []string
	for p != "." {
		p = path.Dir(p)
		out = append(out, p)
	}
	return out
}
