package structurizr

// Span locates one statement of a workspace in its file: from its first
// token to just after its last, which is the "}" closing its block when it
// has one. Tools that edit the DSL (archdrift suggest) insert text by
// span, so the file keeps its formatting and comments.
type Span struct {
	// What is "model" (the model block), "element" (an element
	// definition) or "relationship".
	What string
	// ID is the element's ID, for an element.
	ID string
	// In is the ID of the element whose block holds the statement; "" for
	// statements directly in model { } (or in a group or enterprise
	// there) and for the model block itself.
	In   string
	File string
	// Line and Column are where the statement starts (its identifier,
	// when it has one); EndLine and EndColumn are just after its last
	// character. For a Block statement, the "}" that closes it is at
	// (EndLine, EndColumn-1).
	Line, Column       int
	EndLine, EndColumn int
	Block              bool
}

// addSpan records the span of statement st, which started at start and
// has been read (its block too).
func (p *parser) addSpan(what, id string, sc *scope, start token, st *stmt) {
	sp := Span{What: what, ID: id, File: p.lx.file, Line: start.line, Column: start.col}
	if sc != nil && sc.kind == scElement && sc.el != nil {
		sp.In = sc.el.e.ID
	}
	if st.open != nil {
		sp.Block = true
		sp.EndLine, sp.EndColumn = p.lastClose.line, p.lastClose.col+1
	} else {
		last := st.toks[len(st.toks)-1]
		sp.EndLine, sp.EndColumn = last.endLine, last.endCol
	}
	p.ws.Spans = append(p.ws.Spans, sp)
}
