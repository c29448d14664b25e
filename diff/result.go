// Package diff compares the documented and the observed graph. It matches
// elements (explicit → config → name), lifts observed edges to the documented
// level through matches and transparent plumbing, and states the differences
// as facts. It has no opinions: policies turn facts into findings.
package diff

import "github.com/archdrift/archdrift/report"

// Result is the set of drift facts. Its JSON form is the "diff" member of the
// policy input document (policies/README.md).
type Result struct {
	Matches                   []report.Match     `json:"matches"`
	Ambiguous                 []Ambiguity        `json:"ambiguous"`
	UndocumentedElements      []ElementFact      `json:"undocumented_elements"`
	MissingElements           []ElementFact      `json:"missing_elements"`
	UndocumentedRelationships []RelationshipFact `json:"undocumented_relationships"`
	MissingRelationships      []RelationshipFact `json:"missing_relationships"`
	TechnologyMismatches      []TechnologyFact   `json:"technology_mismatches"`
	// Lifted are all observed edges expressed between documented elements
	// (or observed ones where unmatched), for policies such as ADR
	// constraints that reason about the real topology.
	Lifted []RelationshipFact `json:"lifted"`
}

// ElementFact describes one element that is on one side only.
type ElementFact struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	Class      string `json:"class"`
	Technology string `json:"technology"`
	Group      string `json:"group"`
	// Display is how a person recognises it: "Deployment main/orders" for an
	// observed element, the documented name otherwise.
	Display  string           `json:"display"`
	Location *report.Location `json:"location"`
	// Also lists the IDs of other observed elements that are the same
	// thing seen by other scanners (a compose service and a Kubernetes
	// Deployment of one name), folded into this fact so that one real
	// element gives one finding.
	Also []string `json:"also,omitempty"`
}

// RelationshipFact is an edge present on one side only. From and To are
// documented IDs where the ends matched; ObservedFrom/ObservedTo are the
// observed ends it was lifted from.
type RelationshipFact struct {
	From         string           `json:"from"`
	To           string           `json:"to"`
	FromName     string           `json:"from_name"`
	ToName       string           `json:"to_name"`
	ObservedFrom string           `json:"observed_from,omitempty"`
	ObservedTo   string           `json:"observed_to,omitempty"`
	Description  string           `json:"description,omitempty"`
	Technology   string           `json:"technology,omitempty"`
	Location     *report.Location `json:"location"`
}

// TechnologyFact is a documented element whose technology contradicts what
// runs.
type TechnologyFact struct {
	Documented           string           `json:"documented"`
	DocumentedName       string           `json:"documented_name"`
	Observed             string           `json:"observed"`
	DocumentedTechnology string           `json:"documented_technology"`
	ObservedTechnology   string           `json:"observed_technology"`
	Location             *report.Location `json:"location"`
}

// Ambiguity is an observed element that several documented elements match
// equally well by name. It is not guessed; it is reported.
type Ambiguity struct {
	Observed   string           `json:"observed"`
	Candidates []string         `json:"candidates"`
	Location   *report.Location `json:"location"`
}
