package compose

import (
	"context"
	"fmt"
	"io/fs"
	"path"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

const scannerName = "compose"

// Scanner reads Compose files. It has no state: one value may run many scans
// at once.
type Scanner struct{}

// New returns the Compose scanner.
func New() *Scanner { return &Scanner{} }

// Name is "compose", the prefix of every ID the scanner makes.
func (*Scanner) Name() string { return scannerName }

// Detect reports whether any file below root is named like a compose file:
// compose.yaml, docker-compose.yml, their overrides and variants.
func (*Scanner) Detect(root fs.FS) bool {
	files, err := scanners.Files(root, ".yml", ".yaml")
	if err != nil {
		return false
	}
	for _, f := range files {
		if roleOf(path.Base(f)) != notCompose {
			return true
		}
	}
	return false
}

// Scan loads every project below the root and returns its services as
// containers and the dependencies between them. A file or project that
// cannot be loaded is a diagnostic; only a root that cannot be listed is an
// error.
func (*Scanner) Scan(ctx context.Context, in scanners.Input) (*model.Graph, []model.Diagnostic, error) {
	projects, diags, err := findProjects(in.FS)
	if err != nil {
		return nil, nil, fmt.Errorf("compose: listing compose files in %s: %w", in.Root, err)
	}
	g := model.NewGraph()
	services := 0
	for _, p := range projects {
		if err := ctx.Err(); err != nil {
			return nil, diags, fmt.Errorf("compose: %w", err)
		}
		lp, ds := loadProject(ctx, in.FS, p)
		diags = append(diags, ds...)
		if lp == nil {
			continue
		}
		for _, s := range lp.services {
			g.Merge(lp.element(s))
			services++
		}
		rels, ds := lp.relationships()
		diags = append(diags, ds...)
		for _, r := range rels {
			g.AddRelationship(r)
		}
	}
	in.Logf("compose: %d projects, %d services, %d relationships", len(projects), services, len(g.Relationships()))
	return g, diags, nil
}
