// Package benchcpu adds the CPU time a benchmark's loop costs to its
// results. On a machine shared with other work, wall time per operation
// moves with the load; the CPU time of the process (every thread, the
// garbage collector's included) moves much less, and it shows what
// parallel work costs in all.
package benchcpu

import (
	"testing"
)

// Start begins measuring; the function it returns reports the CPU time
// used since, per operation, as cpu-ms/op. Call it after the benchmark's
// setup and the report after its loop. Where the platform does not tell a
// process's CPU time, nothing is reported.
func Start(b *testing.B) (report func()) {
	b.Helper()
	start, ok := processCPU()
	return func() {
		end, ok2 := processCPU()
		if !ok || !ok2 || b.N == 0 {
			return
		}
		b.ReportMetric(float64((end-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}
