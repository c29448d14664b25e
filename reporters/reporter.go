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
	"github.com/archdrift/archdrift/policies"
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
	// Width is the terminal width for formats that wrap (0: no wrapping,
	// as when piped).
	Width int
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

// Default is every format archdrift ships, describing the built-in rules.
func Default() *Registry { return WithRules(nil) }

// WithRules is every format archdrift ships, describing the given rules (a
// policy engine's Rules(), user rules included); nil means the built-ins.
func WithRules(rules []policies.Rule) *Registry {
	return NewRegistry(Text{}, JSON{}, Markdown{Rules: rules}, SARIF{Rules: rules}, JUnit{Rules: rules}, HTML{Rules: rules})
}

// fileNames are the file names --output-dir writes, by format.
var fileNames = map[string]string{"text": "archdrift.txt", "json": "archdrift.json", "markdown": "archdrift.md", "sarif": "archdrift.sarif", "junit": "archdrift.junit.xml", "html": "archdrift.html"}

// FileName is the file a format is written to in an output directory.
func FileName(format string) string {
	if n, ok := fileNames[format]; ok {
		return n
	}
	return "archdrift." + format
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
