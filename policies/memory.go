package policies

import (
	"context"
	"errors"
	"fmt"
	"runtime/metrics"
	"time"
)

// DefaultMaxMemory bounds the heap growth of one evaluation when
// Options.MaxMemory is zero.
const DefaultMaxMemory = 1 << 30

// memoryPollInterval is how often the heap is sampled during an evaluation.
// numbers.range grows the heap by roughly 400 MB/s, so a limit is overshot
// by a few MB at most (or by one builtin call's result).
const memoryPollInterval = 10 * time.Millisecond

// heapMetric is live plus not-yet-collected heap objects.
const heapMetric = "/memory/classes/heap/objects:bytes"

// errMemory is the cancellation cause when an evaluation outgrows its limit.
var errMemory = errors.New("memory limit reached")

// watchMemory cancels ctx with errMemory once the heap has grown by more
// than limit bytes since the call, and stops when stop is called. OPA has no
// allocation limit of its own; it only checks for cancellation, so this is
// how a policy that builds a huge value is stopped before it takes the
// machine down. The heap is process-wide: allocations by concurrent work
// count too, which is why the limit is generous.
func watchMemory(cancel context.CancelCauseFunc, limit int64) (stop func()) {
	sample := []metrics.Sample{{Name: heapMetric}}
	read := func() int64 {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return int64(sample[0].Value.Uint64())
	}
	base := read()
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(memoryPollInterval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if read()-base > limit {
					cancel(fmt.Errorf("%w: the heap grew by more than %d MiB", errMemory, limit>>20))
					return
				}
			}
		}
	}()
	return func() { close(done) }
}
