// Package benchcpu adds the CPU time a benchmark's loop costs to its
// results. On a machine shared with other work, wall time per operation
// moves with the load; the CPU time of the process (every thread, the
// garbage collector's included) moves much less, and it shows what
// parallel work costs in all.
package benchcpu

import (
	"testing"
	"time"
)

// Start begins measuring; the function it returns reports the CPU time
// used since, per operation, as cpu-ms/op, and the user time alone as
// user-ms/op (the system time is mostly page faults, which other processes
// on a shared machine sway most). Call it after the benchmark's setup and
// the report after its loop. Where the platform does not tell a process's
// CPU time, nothing is reported.
func Start(b *testing.B) (report func()) {
	b.Helper()
	user, sys, ok := processCPU()
	return func() {
		u, s, ok2 := processCPU()
		if !ok || !ok2 || b.N == 0 {
			return
		}
		perOp := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
		b.ReportMetric(perOp(u-user+s-sys), "cpu-ms/op")
		b.ReportMetric(perOp(u-user), "user-ms/op")
	}
}
