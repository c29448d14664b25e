package compose

import (
	"context"
	"fmt"
	"io/fs"
	"runtime"

	"golang.org/x/sync/errgroup"

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
// It stops at the first one.
func (*Scanner) Detect(root fs.FS) bool {
	found := false
	_ = scanners.WalkEntries(root, func(_ string, e fs.DirEntry) bool {
		found = e.Type().IsRegular() && roleOf(e.Name()) != notCompose
		return !found
	})
	return found
}

// projectLoad is one project, loaded.
type projectLoad struct {
	project *loaded
	rels    []*model.Relationship
	diags   []model.Diagnostic
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
	// Projects load on a pool of GOMAXPROCS workers; their graphs are
	// merged in project order.
	loads := make([]projectLoad, len(projects))
	eg, ectx := errgroup.WithContext(ctx)
	eg.SetLimit(runtime.GOMAXPROCS(0))
	for i, p := range projects {
		eg.Go(func() error {
			if err := ectx.Err(); err != nil {
				return err
			}
			l := &loads[i]
			l.project, l.diags = loadProject(ectx, in.FS, p)
			if l.project != nil {
				var ds []model.Diagnostic
				l.rels, ds = l.project.relationships()
				l.diags = append(l.diags, ds...)
			}
			return nil
		})
	}
	if err := eg.Wait(); err != nil {
		return nil, diags, fmt.Errorf("compose: %w", err)
	}
	g := model.NewGraph()
	services := 0
	for _, l := range loads {
		diags = append(diags, l.diags...)
		if l.project == nil {
			continue
		}
		for _, s := range l.project.services {
			g.Merge(l.project.element(s))
			services++
		}
		for _, r := range l.rels {
			g.AddRelationship(r)
		}
	}
	in.Logf("compose: %d projects, %d services, %d relationships", len(projects), services, len(g.Relationships()))
	return g, diags, nil
}
