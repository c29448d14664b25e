package model

// Severity of a diagnostic.
type DiagSeverity string

// Diagnostic severities.
const (
	DiagError   DiagSeverity = "error"
	DiagWarning DiagSeverity = "warning"
)

// Diagnostic is a non-fatal problem met while reading one side: a file that did
// not parse, an include that was skipped, an API call that was denied. It is
// reported, the run goes on, and the report says what was not seen.
type Diagnostic struct {
	Severity DiagSeverity `json:"severity"`
	// Origin names the reader or scanner ("structurizr", "kubernetes").
	Origin  string `json:"origin"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

// String renders "origin: file:line:col: message".
func (d Diagnostic) String() string {
	out := ""
	if d.Origin != "" {
		out = d.Origin + ": "
	}
	if d.File != "" {
		out += Position(d.File, d.Line, d.Column) + ": "
	}
	return out + d.Message
}
