package adr

import (
	"fmt"

	"github.com/archdrift/archdrift/model"
)

// Status is the lifecycle state of a decision, normalised from whatever the
// ADR wrote ("✅ Accepted", "Superceded by …", "status: accepted").
type Status string

// The statuses archdrift understands. Only accepted decisions are enforced;
// unknown is what an ADR gets when its status is missing or unreadable.
const (
	StatusProposed   Status = "proposed"
	StatusAccepted   Status = "accepted"
	StatusRejected   Status = "rejected"
	StatusDeprecated Status = "deprecated"
	StatusSuperseded Status = "superseded"
	StatusUnknown    Status = "unknown"
)

// Link kinds. Each kind but relates-to has an inverse that the other ADR is
// expected to carry (adr-tools writes both ends).
const (
	LinkSupersedes   = "supersedes"
	LinkSupersededBy = "superseded-by"
	LinkAmends       = "amends"
	LinkAmendedBy    = "amended-by"
	LinkClarifies    = "clarifies"
	LinkClarifiedBy  = "clarified-by"
	LinkRelatesTo    = "relates-to"
)

// NoNumber is Record.Number for an ADR whose file name and title carry no
// number (log4brains names files by date). ADR 0 is a real number.
const NoNumber = -1

// Link is one lifecycle link between two decisions, read from the Status (or
// Links) section or the status metadata.
type Link struct {
	Kind string `json:"kind"`
	// Target is the link destination as written (a file name, URL or "ADR-0123").
	Target string `json:"target"`
	// Number is the target's ADR number when it could be resolved, 0 otherwise.
	Number int `json:"number"`
	// File is the target ADR's file once Load has found it among its records.
	File string `json:"file,omitempty"`
	// Line is where the link is written in the ADR file.
	Line int `json:"line"`
}

// RegoBlock is a fenced ```rego block whose package lies under archdrift.adr:
// a policy the ADR carries, evaluated like the built-in rules.
type RegoBlock struct {
	Line    int    `json:"line"`
	Package string `json:"package"`
	Source  string `json:"source"`
}

// Record is one parsed ADR. It is plain data, so the policy engine can hand it
// to Rego as JSON unchanged.
type Record struct {
	// Number comes from the file name, else from the title; NoNumber if neither.
	Number int    `json:"number"`
	Title  string `json:"title"`
	Status Status `json:"status"`
	// StatusText is the status as written, decorations included.
	StatusText string `json:"status_text"`
	// StatusLine is the line StatusText was read from (0 when there is none).
	StatusLine int `json:"status_line,omitempty"`
	// Date is as written: ADRs use every date format there is.
	Date string `json:"date"`
	// File is the slash path of the ADR inside the file system it was read from.
	File string `json:"file"`
	// Line is the line of the title (1 when there is none).
	Line           int          `json:"line"`
	Links          []Link       `json:"links,omitempty"`
	Constraints    []Constraint `json:"constraints,omitempty"`
	Rego           []RegoBlock  `json:"rego,omitempty"`
	DecisionMakers []string     `json:"decision_makers,omitempty"`
}

// Problem is something wrong with one ADR: a constraint that does not parse, a
// missing status, a broken supersedes link. Problems become adr.invalid
// findings; they never stop the other ADRs from being read.
type Problem struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	// Number is the ADR's number (NoNumber when it has none).
	Number  int    `json:"number"`
	Message string `json:"message"`
}

// String renders "file:line:col: message", the form editors understand.
func (p Problem) String() string {
	d := p.Diagnostic()
	d.Origin = ""
	return d.String()
}

// Diagnostic converts the problem for callers that report diagnostics rather
// than findings (the `archdrift adr` listing).
func (p Problem) Diagnostic() model.Diagnostic {
	return model.Diagnostic{
		Severity: model.DiagWarning,
		Origin:   "adr",
		File:     p.File,
		Line:     p.Line,
		Column:   p.Column,
		Message:  p.Message,
	}
}

// problemf builds a Problem located in rec's file.
func problemf(rec *Record, line, col int, format string, args ...any) Problem {
	return Problem{File: rec.File, Line: line, Column: col, Number: rec.Number, Message: fmt.Sprintf(format, args...)}
}
