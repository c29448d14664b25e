// Package model holds the one data type that flows through both sides of
// archdrift: a Graph of Elements and Relationships. The documented model (a C4
// workspace) and the observed topology (what scanners find) are the same kind of
// thing, so the diff is symmetric and every reader or scanner simply yields a
// Graph. The package does no I/O.
package model
