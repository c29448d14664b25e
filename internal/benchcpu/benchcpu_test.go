package benchcpu

import (
	"runtime"
	"testing"
)

// TestStartReportsWork checks that busy work shows as CPU time where the
// platform tells it, and that the report runs without one.
func TestStartReportsWork(t *testing.T) {
	start, ok := processCPU()
	if !ok {
		if runtime.GOOS != "windows" && runtime.GOOS != "plan9" && runtime.GOOS != "js" && runtime.GOOS != "wasip1" {
			t.Fatalf("no process CPU time on %s", runtime.GOOS)
		}
		t.Skip("no process CPU time here")
	}
	x := 0
	for i := range 50_000_000 {
		x ^= i * 31
	}
	end, _ := processCPU()
	if end <= start {
		t.Errorf("50M iterations (x=%d) cost no CPU time: %v -> %v", x, start, end)
	}
	res := testing.Benchmark(func(b *testing.B) {
		report := Start(b)
		for b.Loop() {
			x ^= len(make([]byte, 1<<10))
		}
		report()
	})
	if _, ok := res.Extra["cpu-ms/op"]; !ok {
		t.Errorf("no cpu-ms/op in %v", res.Extra)
	}
}
