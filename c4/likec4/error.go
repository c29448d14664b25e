package likec4

import "fmt"

// Error is a fatal problem with a LikeC4 file: a syntax error, an unclosed
// string, comment or block. Its position is where the problem starts.
type Error struct {
	File   string
	Line   int
	Column int
	// Msg is lower case and says what to fix.
	Msg string
}

// Error renders "likec4: FILE:LINE:COL: message".
func (e *Error) Error() string {
	return fmt.Sprintf("likec4: %s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}
