package code

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

const scannerName = "code"

// Scanner reads source trees. It has no state: one value may run many scans
// at once.
type Scanner struct{}

// New returns the source code scanner.
func New() *Scanner { return &Scanner{} }

// Name is "code", the prefix of every ID the scanner makes.
func (*Scanner) Name() string { return scannerName }

// Detect reports whether the tree holds a manifest or a Dockerfile.
func (*Scanner) Detect(root fs.FS) bool {
	found := false
	_ = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return nil
		}
		if d.IsDir() {
			n := d.Name()
			if p != "." && (skipDirs[n] || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_")) {
				return fs.SkipDir
			}
			return nil
		}
		if manifestName(d.Name()) || dockerfileName(d.Name()) {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}

// manifestName reports whether a base name is a manifest the scanner reads.
func manifestName(name string) bool {
	switch name {
	case "go.mod", "package.json", "pyproject.toml", "pom.xml", "build.gradle", "build.gradle.kts":
		return true
	}
	return requirementsFile(name) || strings.HasSuffix(strings.ToLower(name), ".csproj")
}

// CouldSee implements scanners.Sighted: source code shows the components
// of the units it finds and nothing else. Whether a documented component
// belongs to a unit the scanner did resolve into components is the diff's
// call; a documented container may well live in another repository.
func (*Scanner) CouldSee(e *model.Element) bool { return e.Kind == model.KindComponent }

// Scan finds the deployable units below the root, the technologies each
// uses, and the components of Go units.
func (*Scanner) Scan(ctx context.Context, in scanners.Input) (*model.Graph, []model.Diagnostic, error) {
	t, diags, err := walk(in.FS)
	if err != nil {
		return nil, nil, fmt.Errorf("code: listing %s: %w", in.Root, err)
	}
	s := &scan{fsys: in.FS, t: t, diags: diags, projects: map[string]*project{}, catalogs: map[string]versionCatalog{}}
	if err := s.run(ctx); err != nil {
		return nil, s.diags, err
	}
	g, units, components := s.graph(rootName(in.Root))
	in.Logf("code: %d units, %d components, %d relationships", units, components, len(g.Relationships()))
	return g, s.diags, nil
}

// rootName names a unit at the root of the scan that declares no name of
// its own: the root directory's name as the user gave it.
func rootName(root string) string {
	n := filepath.Base(filepath.Clean(root))
	if n == "." || n == ".." || n == string(filepath.Separator) || n == "" {
		return "root"
	}
	return n
}
