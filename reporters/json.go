package reporters

import (
	"encoding/json"
	"io"
)

// JSON writes the report as the published JSON contract, indented, with a
// trailing newline.
type JSON struct{}

// Name implements Reporter.
func (JSON) Name() string { return "json" }

// Write implements Reporter.
func (JSON) Write(w io.Writer, in Input) error {
	return WriteJSON(w, in.Report)
}

// WriteJSON writes any value the way every archdrift JSON output looks:
// two-space indent, no HTML escaping (messages contain "→" and "<").
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
