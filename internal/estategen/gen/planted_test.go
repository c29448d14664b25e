package gen_test

import (
	"fmt"
	"testing"

	"github.com/archdrift/archdrift/internal/estategen/estatetest"
)

// TestPlantedDrift checks generated estates and asserts that the check finds
// exactly the drift the generator planted: an accuracy test at scale. The
// 100× estate is checked by bench/run.sh.
func TestPlantedDrift(t *testing.T) {
	for _, scale := range []int{1, 10} {
		t.Run(fmt.Sprintf("scale=%d", scale), func(t *testing.T) {
			if scale > 1 && testing.Short() {
				t.Skip("large estate; skipped with -short")
			}
			dir, planted := estatetest.Generate(t, scale)
			if len(planted.Findings) == 0 {
				t.Fatal("nothing planted")
			}
			res := estatetest.Check(t, dir)
			estatetest.AssertPlanted(t, res, planted)
			if got, want := res.Report.Summary.Documented, planted.Counts.ModelElements; got != want {
				t.Errorf("%d documented elements, generator wrote %d", got, want)
			}
			for _, d := range res.Report.Diagnostics {
				t.Errorf("diagnostic: %s:%d: %s", d.File, d.Line, d.Message)
			}
		})
	}
}
