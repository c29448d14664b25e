package benchcpu

import (
	"runtime"
	"testing"
)

// TestStartReportsWork checks that busy work shows as CPU time where the
// platform tells it, and that the report runs without one.
func TestStartReportsWork(t *testing.T) {
	u0, s0, ok := processCPU()
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
	u1, s1, _ := processCPU()
	if u1+s1 <= u0+s0 {
		t.Errorf("50M iterations (x=%d) cost no CPU time: %v -> %v", x, u0+s0, u1+s1)
	}
	res := testing.Benchmark(func(b *testing.B) {
		report := Start(b)
		for b.Loop() {
			x ^= len(make([]byte, 1<<10))
		}
		report()
	})
	for _, m := range []string{"cpu-ms/op", "user-ms/op"} {
		if _, ok := res.Extra[m]; !ok {
			t.Errorf("no %s in %v", m, res.Extra)
		}
	}
}
