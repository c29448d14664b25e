// Package reporters renders a check's report in every output format: one
// file per format, all reading the same report.Report, chosen through a
// Registry so that adding a format is one file and one registry line.
package reporters

import (
	"fmt"
	"io"
	"sort"

	"github.com/archdrift/archdrift/diff"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/report"
)

// Input is what a reporter renders: the report, plus the graphs and the diff
// for formats that draw the architecture.
type Input struct {
	Report     *report.Report
	Documented *model.Graph
	Observed   *model.Graph
	Diff       *diff.Result
	// Color enables ANSI colour in formats that support it (a terminal
	// without NO_COLOR).
	Color bool
	// Links, when set, lets formats link findings to their lines in the
	// repository's web view.
	Links *Links
}

// Reporter writes one format.
type Reporter interface {
	Name() string
	Write(w io.Writer, in Input) error
}

// Registry holds reporters by format name.
type Registry struct{ byName map[string]Reporter }

// NewRegistry returns a registry of the given reporters.
func NewRegistry(list ...Reporter) *Registry {
	r := &Registry{byName: map[string]Reporter{}}
	for _, x := range list {
		r.byName[x.Name()] = x
	}
	return r
}

// Default is every format archdrift ships.
func Default() *Registry {
	return NewRegistry(Text{}, JSON{}, Markdown{}, SARIF{}, JUnit{}, HTML{})
}

// Get returns the reporter for a format.
func (r *Registry) Get(name string) (Reporter, error) {
	x, ok := r.byName[name]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (known: %v)", name, r.Names())
	}
	return x, nil
}

// Names lists the formats, sorted.
func (r *Registry) Names() []string {
	var out []string
	for n := range r.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
