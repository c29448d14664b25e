//go:build unix

package policies_test

import (
	"syscall"
	"testing"
	"time"
)

// reportCPU starts measuring the CPU time of the process (every thread,
// the garbage collector's included); the function it returns reports it per
// operation as cpu-ms/op. On a shared machine it moves less than the wall
// time, and it shows what parallel work costs in all.
func reportCPU(b *testing.B) func() {
	start := cpuTime(b)
	return func() {
		b.ReportMetric(float64((cpuTime(b)-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
