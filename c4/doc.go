// Package c4 is archdrift's door to documented C4 models in every notation
// it knows: Structurizr DSL and JSON (c4/structurizr), LikeC4
// (c4/likec4) and Mermaid C4 diagrams (c4/mermaid).
//
// Readers lists one Reader per notation; Read reads a set of model files,
// each with the reader that claims it, and merges what they document by
// element ID into one Workspace. Find picks the model files of a
// repository when none are named. Writers lists one Writer per output
// format, and FromObserved turns an observed topology into a C4 model
// worth writing: a team with no docs gets a first model in one command.
//
// A new notation is one package, one adapter here and one line in
// Readers (and Writers).
package c4
