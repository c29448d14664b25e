package terraform

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

// Options configure the scanner. The zero value auto-detects state: a
// terraform.tfstate or *.tfplan.json file in a root module's directory.
type Options struct {
	// StatePath is a terraform.tfstate (version 4) or `terraform show -json`
	// state file (--tf-state).
	StatePath string
	// PlanPath is `terraform show -json` output of a plan (--tf-plan).
	PlanPath string
}

// Scanner observes Terraform configurations.
type Scanner struct {
	opts Options
}

// New returns a Terraform scanner.
func New(opts Options) *Scanner { return &Scanner{opts: opts} }

// Name is "terraform": the prefix of every ID the scanner yields.
func (s *Scanner) Name() string { return "terraform" }

// Detect reports whether root holds any .tf file.
func (s *Scanner) Detect(root fs.FS) bool { return scanners.HasFile(root, ".tf") }

// Scan reads every Terraform module under in.FS and returns the elements
// and relationships it declares. Broken files, remote modules, unknown
// providers and unresolved references are diagnostics; an error means the
// file system could not be walked at all.
func (s *Scanner) Scan(ctx context.Context, in scanners.Input) (*model.Graph, []model.Diagnostic, error) {
	if in.FS == nil {
		return nil, nil, errors.New("terraform: no file system to scan")
	}
	d := &diagnostics{}
	mods, err := loadModules(ctx, in.FS, d)
	if err != nil {
		return nil, d.sorted(), fmt.Errorf("terraform: %w", err)
	}
	e := newEstate(in.FS, mods, d)
	if err := e.expand(ctx); err != nil {
		return nil, d.sorted(), fmt.Errorf("terraform: %w", err)
	}
	e.reportProviders()
	if err := ctx.Err(); err != nil {
		return nil, d.sorted(), fmt.Errorf("terraform: %w", err)
	}
	g := e.graph()
	e.applyStates(g, s.loadStates(e, in.Root))
	in.Logf("terraform: %d modules, %d module instances, %d resources, %d elements", len(mods), e.instances, len(e.nodes), g.Len())
	return g, d.sorted(), nil
}

// reportProviders says once per directory which providers the scanner does
// not know: their resources are read, but become neither elements nor
// edges.
func (e *estate) reportProviders() {
	dirs := sortedKeys(e.mods)
	for _, dir := range dirs {
		m := e.mods[dir]
		first := map[string]*block{}
		count := map[string]int{}
		for _, r := range m.resources {
			p := providerOf(r.typ)
			if knownProviders[p] || utilityProviders[p] {
				continue
			}
			if first[p] == nil {
				first[p] = r
			}
			count[p]++
		}
		for _, p := range slices.Sorted(maps.Keys(first)) {
			r := first[p]
			e.d.warn(r.file, r.def(), "unknown provider %q: %d resource(s) not mapped to elements (first %s.%s)", p, count[p], r.typ, r.name)
		}
	}
}
