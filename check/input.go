package check

import (
	"github.com/archdrift/archdrift/adr"
	"github.com/archdrift/archdrift/diff"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/policies"
)

// PolicyInput is the document every policy sees as `input`
// (policies/README.md spells out the contract).
type PolicyInput struct {
	Documented *model.Graph `json:"documented"`
	Observed   *model.Graph `json:"observed"`
	Diff       *diff.Result `json:"diff"`
	ADRs       []adr.Record `json:"adrs"`
	// ADRProblems are lifecycle and parse problems of the ADRs, which the
	// adr.invalid rule reports.
	ADRProblems []adr.Problem `json:"adr_problems"`
	// Technologies are the canonical technologies of each documented and
	// observed element that names one, keyed by element id, for ADR
	// constraints (tech:X, technology allow/deny).
	Technologies map[string][]string `json:"technologies"`
	Change       *policies.Change    `json:"change"`
	Config       map[string]any      `json:"config"`
}
