// Package scanners defines how archdrift observes a system: every source of
// truth (Kubernetes manifests, Terraform, compose files, cloud APIs) is a
// Scanner that yields a model.Graph. Scanners are chosen through a Registry so
// that adding one is a new package plus one registry line.
package scanners

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// Scanner reads one kind of source and returns the observed topology.
type Scanner interface {
	// Name is the stable scanner name used in IDs ("kubernetes:..."), in
	// --scanners and in diagnostics.
	Name() string
	// Detect reports whether there is anything for this scanner under root.
	Detect(root fs.FS) bool
	// Scan reads the sources. Problems with single files are Diagnostics and
	// the scan goes on; an error means the scanner could not run at all.
	Scan(ctx context.Context, in Input) (*model.Graph, []model.Diagnostic, error)
}

// Input is what every scanner gets.
type Input struct {
	// FS is the repository root, confined so that symlinks and ".." cannot
	// escape it (an os.Root FS in production, fstest.MapFS in tests).
	FS fs.FS
	// Root is the root directory as given by the user, for messages only.
	Root string
	// Progress, when set, receives short human-readable progress notes.
	Progress func(format string, args ...any)
}

// Logf reports progress when a sink is set.
func (in Input) Logf(format string, args ...any) {
	if in.Progress != nil {
		in.Progress(format, args...)
	}
}

// Sighted is implemented by scanners that say which documented elements they
// could have observed. The diff only reports a documented element as missing
// when a scanner that ran could have seen it: Kubernetes cannot see an S3
// bucket, so its absence from the manifests is not drift.
type Sighted interface {
	CouldSee(e *model.Element) bool
}

// Online is implemented by scanners that reach the network (cloud APIs,
// GitHub). They never run unless named explicitly.
type Online interface {
	Online() bool
}

// Registry holds the available scanners by name.
type Registry struct {
	byName map[string]Scanner
}

// NewRegistry returns a registry of the given scanners.
func NewRegistry(list ...Scanner) *Registry {
	r := &Registry{byName: map[string]Scanner{}}
	for _, s := range list {
		r.byName[s.Name()] = s
	}
	return r
}

// Names lists the registered scanners, sorted.
func (r *Registry) Names() []string {
	out := make([]string, 0, len(r.byName))
	for n := range r.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Select returns the scanners to run. With names, exactly those (an unknown
// name is an error). Without, every offline scanner whose Detect finds
// something under root.
func (r *Registry) Select(names []string, root fs.FS) ([]Scanner, error) {
	list, detect, err := r.Candidates(names)
	if err != nil || !detect {
		return list, err
	}
	return slices.DeleteFunc(list, func(s Scanner) bool { return !s.Detect(root) }), nil
}

// Candidates returns what Select chooses from, in the order it keeps: with
// names, exactly those (an unknown name is an error) and detect false;
// without, every offline scanner in name order and detect true, meaning
// that only those whose Detect finds something are to run. A caller that
// runs each scanner once detected, rather than after every Detect, starts
// scanning sooner: Detect may walk the whole tree.
func (r *Registry) Candidates(names []string) (list []Scanner, detect bool, err error) {
	if len(names) > 0 {
		for _, n := range names {
			s, ok := r.byName[n]
			if !ok {
				return nil, false, fmt.Errorf("unknown scanner %q (known: %v)", n, r.Names())
			}
			if !slices.Contains(list, s) {
				list = append(list, s)
			}
		}
		return list, false, nil
	}
	for _, n := range r.Names() {
		s := r.byName[n]
		if o, ok := s.(Online); ok && o.Online() {
			continue
		}
		list = append(list, s)
	}
	return list, true, nil
}

// CouldSee reports whether s could have observed the documented element e:
// by default, any container.
func CouldSee(s Scanner, e *model.Element) bool {
	if v, ok := s.(Sighted); ok {
		return v.CouldSee(e)
	}
	return e.Kind == model.KindContainer
}

// SelfHosted reports whether a documented element could run as a workload
// that an orchestrator file (Kubernetes, compose) declares: a container that
// is not a managed cloud service. A documented S3 bucket or "Amazon SQS"
// queue cannot be missing from Kubernetes manifests.
func SelfHosted(e *model.Element) bool {
	if e.Kind != model.KindContainer {
		return false
	}
	switch e.Class {
	case model.ClassBucket, model.ClassFunction, model.ClassTopic:
		return false
	}
	for _, t := range model.Technologies(e.Technology) {
		for _, p := range []string{"Amazon ", "AWS ", "Azure ", "Google "} {
			if strings.HasPrefix(t.Name, p) {
				return false
			}
		}
	}
	return true
}
