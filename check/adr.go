package check

import (
	"context"

	"github.com/archdrift/archdrift/adr"
	"github.com/archdrift/archdrift/model"
)

// Decisions are the ADRs of the repository and what is wrong with them.
type Decisions struct {
	Dir      string
	Records  []adr.Record
	Problems []adr.Problem
}

// decisions finds and parses the ADRs. No ADR folder is normal (nil); an
// explicitly named folder that does not exist is bad input.
func (rp *repo) decisions(o *Options, doc *Documented) (*Decisions, error) {
	explicit := o.ADRDir
	if explicit == "" {
		explicit = rp.cfg.ADRDir
	}
	if explicit != "" {
		rel, err := relToRoot(rp.root, explicit)
		if err != nil {
			return nil, inputErr("adr: %w", err)
		}
		explicit = rel
	}
	modelPath := ""
	if doc != nil && len(doc.Workspace.ADRPaths) > 0 {
		modelPath = doc.Workspace.ADRPaths[0]
	}
	dir, ok := adr.Discover(rp.fsys, explicit, modelPath)
	if !ok {
		if explicit != "" {
			return nil, inputErr("adr: directory %s does not exist", explicit)
		}
		return &Decisions{Records: []adr.Record{}, Problems: []adr.Problem{}}, nil
	}
	o.logf("reading ADRs in %s", dir)
	recs, probs, err := adr.Load(rp.fsys, dir)
	if err != nil {
		return nil, inputErr("adr: %w", err)
	}
	if recs == nil {
		recs = []adr.Record{}
	}
	if probs == nil {
		probs = []adr.Problem{}
	}
	return &Decisions{Dir: dir, Records: recs, Problems: probs}, nil
}

// ADRs reads the decisions only (archdrift adr).
func ADRs(o Options) (*Decisions, []model.Diagnostic, error) {
	rp, err := open(&o)
	if err != nil {
		return nil, nil, err
	}
	defer rp.close()
	// The model may name the ADR folder (!adrs); a model that does not
	// parse is not fatal here, it only loses that hint.
	var diags []model.Diagnostic
	doc, err := rp.document(&o)
	if err != nil {
		doc = nil
		diags = append(diags, model.Diagnostic{Severity: model.DiagWarning, Origin: "adr", Message: "model not read, its !adrs path is not used: " + err.Error()})
	}
	d, err := rp.decisions(&o, doc)
	if err != nil {
		return nil, diags, err
	}
	// A rego block that does not compile is a problem of its ADR too.
	if err := rp.checkADRPolicies(context.Background(), &o, d); err != nil {
		return nil, diags, err
	}
	return d, diags, nil
}
