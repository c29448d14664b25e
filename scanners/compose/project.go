package compose

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

// maxProjectFiles caps the files merged into one project; each one costs a
// full merge.
const maxProjectFiles = 32

// baseNames are the names of a project's main file, in the order Docker
// Compose looks for them.
var baseNames = []string{"compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"}

// fileRole says how a file takes part in its directory's project.
type fileRole int

const (
	notCompose   fileRole = iota
	roleBase              // compose.yaml and friends
	roleOverride          // <stem>.override.<ext>, applied right after the base
	roleVariant           // <stem>.<anything>.<ext>, applied after the overrides
)

// roleOf classifies a file name.
func roleOf(name string) fileRole {
	n := strings.ToLower(name)
	if slices.Contains(baseNames, n) {
		return roleBase
	}
	var ext string
	switch {
	case strings.HasSuffix(n, ".yml"):
		ext = ".yml"
	case strings.HasSuffix(n, ".yaml"):
		ext = ".yaml"
	default:
		return notCompose
	}
	for _, stem := range []string{"docker-compose.", "compose."} {
		if mid, ok := strings.CutPrefix(strings.TrimSuffix(n, ext), stem); ok && mid != "" {
			if mid == "override" {
				return roleOverride
			}
			return roleVariant
		}
	}
	return notCompose
}

// project is one Compose project: a directory and its compose files in the
// order they are merged.
type project struct {
	// dir is the directory, relative to the scan root ("." for the root).
	dir string
	// files are paths relative to the scan root, base file first.
	files []string
	// noDotEnv says the directory's listing holds no .env entry, so
	// readDotEnv need not try to open one: a failed open costs system
	// calls and an error value, for every project of a repository
	// without .env files.
	noDotEnv bool
}

// idPrefix is what element IDs of the project start with: "compose:" at the
// root, "compose:<dir>/" elsewhere.
func (p *project) idPrefix() string {
	if p.dir == "." {
		return scannerName + ":"
	}
	return scannerName + ":" + p.dir + "/"
}

// findProjects groups the compose files below root into projects, sorted by
// directory. A directory with several base files uses the first that Docker
// Compose would and says so.
//
// Only the compose files' paths are built: the walk looks at names (see
// scanners.WalkEntries), and a repository holds far more other files.
func findProjects(root fs.FS) ([]project, []model.Diagnostic, error) {
	byDir := map[string][]string{}
	var dirs []string
	dotEnv := map[string]bool{}
	err := scanners.WalkEntries(root, func(d string, e fs.DirEntry) bool {
		name := e.Name()
		// Any kind of entry and any case: a link is followed, and a
		// file system that ignores case opens .ENV as .env.
		if strings.EqualFold(name, ".env") {
			dotEnv[d] = true
		}
		if !e.Type().IsRegular() || roleOf(name) == notCompose {
			return true
		}
		if _, ok := byDir[d]; !ok {
			dirs = append(dirs, d)
		}
		byDir[d] = append(byDir[d], path.Join(d, name))
		return true
	})
	if err != nil {
		return nil, nil, err
	}
	slices.Sort(dirs)
	var out []project
	var diags []model.Diagnostic
	for _, d := range dirs {
		p, ds := projectOf(d, byDir[d])
		p.noDotEnv = !dotEnv[d]
		out = append(out, p)
		diags = append(diags, ds...)
	}
	return out, diags, nil
}

// projectOf orders the compose files of one directory: the base, then the
// overrides, then the variants, each group by name.
func projectOf(dir string, files []string) (project, []model.Diagnostic) {
	var bases, overrides, variants []string
	for _, f := range files {
		switch roleOf(path.Base(f)) {
		case roleBase:
			bases = append(bases, f)
		case roleOverride:
			overrides = append(overrides, f)
		case roleVariant:
			variants = append(variants, f)
		}
	}
	rank := func(f string) int { return slices.Index(baseNames, strings.ToLower(path.Base(f))) }
	slices.SortFunc(bases, func(a, b string) int { return rank(a) - rank(b) })
	slices.Sort(overrides)
	slices.Sort(variants)
	var diags []model.Diagnostic
	if len(bases) > 1 {
		diags = append(diags, model.Diagnostic{Severity: model.DiagWarning, Origin: scannerName, File: bases[1],
			Message: fmt.Sprintf("%s has several base compose files (%s); like docker compose, using %s only",
				dir, strings.Join(bases, ", "), bases[0])})
		bases = bases[:1]
	}
	all := slices.Concat(bases, overrides, variants)
	if len(all) > maxProjectFiles {
		diags = append(diags, model.Diagnostic{Severity: model.DiagWarning, Origin: scannerName, File: all[maxProjectFiles],
			Message: fmt.Sprintf("%s has more than %d compose files; %s and the %d after it were not loaded",
				dir, maxProjectFiles, all[maxProjectFiles], len(all)-maxProjectFiles-1)})
		all = all[:maxProjectFiles]
	}
	return project{dir: dir, files: all}, diags
}
