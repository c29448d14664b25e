package compose

import (
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
)

// TestNormalizeProjectName checks the shortcut against compose-go's
// function, on names it returns as they are and names it hands over.
func TestNormalizeProjectName(t *testing.T) {
	for _, s := range []string{
		"", "shop", "shop-2_x", "0day", "_shop", "-shop", "__", "Shop", "SHOP", "shop.v2", "shop api",
		"shöp", "ǅx", "İstanbul", "x\u212a", "a-", "a_", "é", "\xff", "-", "9", "a/b",
	} {
		if got, want := normalizeProjectName(s), loader.NormalizeProjectName(s); got != want {
			t.Errorf("normalizeProjectName(%q) = %q, want %q (loader.NormalizeProjectName)", s, got, want)
		}
	}
}
