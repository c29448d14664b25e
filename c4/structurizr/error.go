package structurizr

import "fmt"

// Error is a fatal problem with a workspace: a syntax error, an unbalanced
// brace, a statement in the wrong place, an include that is missing or
// escapes the repository root. Its position is where the problem starts.
type Error struct {
	File   string
	Line   int
	Column int
	// Msg is lower case and says what to fix.
	Msg string
}

// Error renders "structurizr: FILE:LINE:COL: message", the form editors and
// CI annotations understand.
func (e *Error) Error() string {
	return fmt.Sprintf("structurizr: %s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

func errorf(file string, line, col int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}
