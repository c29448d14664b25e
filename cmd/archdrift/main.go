// Command archdrift checks a system's architecture documentation (a C4 model
// and its ADRs) against what really runs (Kubernetes, Terraform, ...), and
// gates CI on the drift.
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// gcPercent is archdrift's GOGC. A check is one short batch: it parses
// every file, holds the syntax trees while it builds two graphs, and exits.
// With Go's default of 100 the collector ran 13 times on the 100× estate
// and took about a sixth of the CPU; at 300 it runs a few times, which is
// 0.1 s faster there for about 70 MB more peak memory (bench/RESULTS.md).
const gcPercent = 300

// tuneGC sets gcPercent unless GOGC is set: whoever runs archdrift in a
// tight container can still trade speed back for memory.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
}
