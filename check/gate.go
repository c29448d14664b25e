package check

import (
	"os"
	"path/filepath"

	"github.com/archdrift/archdrift/baseline"
	"github.com/archdrift/archdrift/report"
)

// policyDirs are the --policy folders (trusted: the person running archdrift
// typed them) plus the config's policies: folders, which a pull request can
// change and so must stay inside the repository root.
func (rp *repo) policyDirs(o *Options) ([]string, error) {
	dirs := append([]string(nil), o.PolicyDirs...)
	for _, d := range rp.cfg.Policies {
		if filepath.IsAbs(d) {
			return nil, inputErr("config: policies: %s must be relative to the repository root", d)
		}
		rel, err := relToRoot(rp.root, filepath.Join(rp.root, d))
		if err != nil {
			return nil, inputErr("config: policies: %w", err)
		}
		dirs = append(dirs, filepath.Join(rp.root, filepath.FromSlash(rel)))
	}
	return dirs, nil
}

// applyBaseline moves the findings a baseline accepts to Suppressed and
// lists baselined findings that are gone as Resolved.
func applyBaseline(o *Options, rep *report.Report) error {
	if o.Baseline == "" {
		return nil
	}
	f, err := os.Open(o.Baseline)
	if err != nil {
		return inputErr("baseline: %w", err)
	}
	defer f.Close()
	b, err := baseline.Read(o.Baseline, f)
	if err != nil {
		return &InputError{Err: err}
	}
	res := b.Apply(rep.Findings)
	rep.Findings = res.New
	for _, k := range res.Known {
		rep.Suppressed = append(rep.Suppressed, report.Suppressed{Finding: k, By: "baseline", Reason: "accepted in " + filepath.Base(o.Baseline)})
	}
	for _, e := range res.Resolved {
		rep.Resolved = append(rep.Resolved, report.Resolved{Rule: e.Rule, Documented: e.Documented, Observed: e.Observed, Message: e.Message})
	}
	return nil
}
