// Package suggest says how to fix the documentation when it drifted: the
// Structurizr DSL that documents what runs undocumented, in the software
// system (or container) where it belongs, and what the model shows but
// nothing runs. It is the one place where archdrift decides "the DSL lines
// that document X": the reports show a Plan as text, and archdrift suggest
// applies it to the model's source, keeping the file's formatting and
// comments.
//
// New makes a Plan from a diff. Placement decides where an undocumented
// element belongs (the diagrams of the reports draw it there too). Patch
// turns a Plan into edits of the DSL files, located by the spans the
// Structurizr reader records.
package suggest
