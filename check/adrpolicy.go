package check

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/adr"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/policies"
	"github.com/archdrift/archdrift/report"
)

// adrModules turns the ```rego blocks of the enforced ADRs into policies:
// an accepted decision's at the severities its findings declare, a proposed
// one's capped at notice. Rejected, deprecated, superseded and unknown
// decisions are not enforced, so their policies are not even compiled.
func adrModules(recs []adr.Record) []policies.Module {
	var mods []policies.Module
	for _, r := range recs {
		var ceiling report.Severity
		switch r.Status {
		case adr.StatusAccepted:
		case adr.StatusProposed:
			ceiling = report.SeverityNotice
		default:
			continue
		}
		for _, b := range r.Rego {
			mods = append(mods, policies.Module{
				File: r.File,
				// The block's source starts on the line after its fence.
				Line:        b.Line + 1,
				Source:      b.Source,
				ADR:         &report.ADRRef{Number: max(r.Number, 0), Title: r.Title, File: r.File, Line: b.Line},
				MaxSeverity: ceiling,
			})
		}
	}
	return mods
}

// addModuleProblems records the ADR policies that the engine left out as
// problems of their ADRs, so adr.invalid reports them with their file and
// line while the other decisions are still enforced.
func addModuleProblems(d *Decisions, rejected []policies.ModuleError) {
	if len(rejected) == 0 {
		return
	}
	number := map[string]int{}
	for _, r := range d.Records {
		number[r.File] = r.Number
	}
	for _, e := range rejected {
		n, ok := number[e.File]
		if !ok {
			n = adr.NoNumber
		}
		d.Problems = append(d.Problems, adr.Problem{
			File: e.File, Line: e.Line, Column: e.Column, Number: n,
			Message: "rego policy left out: " + e.Message,
		})
	}
	slices.SortStableFunc(d.Problems, func(a, b adr.Problem) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
}

// checkADRPolicies compiles the enforced ADRs' policies with the policy
// directories they may import, for `archdrift adr`, which lists what is
// wrong with the decisions without running a check.
func (rp *repo) checkADRPolicies(ctx context.Context, o *Options, d *Decisions) error {
	mods := adrModules(d.Records)
	if len(mods) == 0 {
		return nil
	}
	dirs, err := rp.policyDirs(o)
	if err != nil {
		return err
	}
	eng, err := policies.New(ctx, policies.Options{Dirs: dirs, Modules: mods})
	if err != nil {
		return &InputError{Err: err}
	}
	addModuleProblems(d, eng.Rejected())
	return nil
}

// technologies gives the canonical technologies of every element of the
// graphs that names one (input.technologies), so that ADR constraints can
// compare "tech:PostgreSQL" with a model that says "PostgreSQL 15" or
// "Java and Spring Boot": the known technologies the text mentions, or the
// text itself when it mentions none. Rego has no technology table; Go does.
func technologies(graphs ...*model.Graph) map[string][]string {
	out := map[string][]string{}
	for _, g := range graphs {
		if g == nil {
			continue
		}
		for _, e := range g.Elements() {
			text := strings.TrimSpace(e.Technology)
			if text == "" {
				continue
			}
			var names []string
			for _, t := range model.Technologies(text) {
				names = append(names, t.Name)
			}
			if len(names) == 0 {
				names = []string{model.CanonicalTechnology(text)}
			}
			out[e.ID] = names
		}
	}
	return out
}
