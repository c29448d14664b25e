package terraform

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/archdrift/archdrift/model"
)

// maxDiagnostics bounds what a hostile estate can make the scanner say.
const maxDiagnostics = 1000

// diagnostics collects the scan's problems, once each: a module called
// twice must not report its unresolved reference twice.
type diagnostics struct {
	list    []model.Diagnostic
	seen    map[string]bool
	dropped int
	// buffered diagnostics keep everything in the order it is added, to be
	// replayed into the scan's own later (a directory recorded on the parse
	// pool): which are repeats, and which fall beyond maxDiagnostics,
	// depends on everything added before, so only the scan's own decides.
	buffered bool
}

func (d *diagnostics) error(file string, rng hcl.Range, format string, args ...any) {
	d.add(model.DiagError, file, rng, fmt.Sprintf(format, args...))
}

func (d *diagnostics) warn(file string, rng hcl.Range, format string, args ...any) {
	d.add(model.DiagWarning, file, rng, fmt.Sprintf(format, args...))
}

func (d *diagnostics) add(sev model.DiagSeverity, file string, rng hcl.Range, msg string) {
	if file == "" {
		file = rng.Filename
	}
	d.addDiagnostic(model.Diagnostic{Severity: sev, Origin: "terraform", File: file, Line: rng.Start.Line, Column: rng.Start.Column, Message: msg})
}

func (d *diagnostics) addDiagnostic(dg model.Diagnostic) {
	if d.buffered {
		d.list = append(d.list, dg)
		return
	}
	key := dg.String()
	if d.seen == nil {
		d.seen = map[string]bool{}
	}
	if d.seen[key] {
		return
	}
	if len(d.list) >= maxDiagnostics {
		d.dropped++
		return
	}
	d.seen[key] = true
	d.list = append(d.list, dg)
}

// replay adds what the buffered diagnostics b collected, as if each had
// been added to d where b was.
func (d *diagnostics) replay(b *diagnostics) {
	for _, dg := range b.list {
		d.addDiagnostic(dg)
	}
}

// addHCL records parser diagnostics with their file:line:col.
func (d *diagnostics) addHCL(diags hcl.Diagnostics) {
	for _, dg := range diags {
		sev := model.DiagWarning
		if dg.Severity == hcl.DiagError {
			sev = model.DiagError
		}
		msg := strings.TrimSuffix(dg.Summary, ".")
		if dg.Detail != "" {
			msg += ": " + dg.Detail
		}
		var rng hcl.Range
		if dg.Subject != nil {
			rng = *dg.Subject
		}
		d.add(sev, rng.Filename, rng, msg)
	}
}

// sorted returns the diagnostics by file, position and message.
func (d *diagnostics) sorted() []model.Diagnostic {
	out := slices.Clone(d.list)
	if d.dropped > 0 {
		out = append(out, model.Diagnostic{Severity: model.DiagWarning, Origin: "terraform",
			Message: fmt.Sprintf("%d more diagnostics not shown", d.dropped)})
	}
	slices.SortFunc(out, func(a, b model.Diagnostic) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
			strings.Compare(a.Message, b.Message))
	})
	return out
}
