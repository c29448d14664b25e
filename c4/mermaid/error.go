package mermaid

import "fmt"

// Error is a fatal problem with a diagram: a syntax error, an unclosed
// string, parenthesis or boundary. Its position is where the problem starts.
type Error struct {
	File   string
	Line   int
	Column int
	// Msg is lower case and says what to fix.
	Msg string
}

// Error renders "mermaid: FILE:LINE:COL: message".
func (e *Error) Error() string {
	return fmt.Sprintf("mermaid: %s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}
