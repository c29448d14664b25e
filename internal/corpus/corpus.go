// Package corpus locates the public conformance corpus (real files from other
// projects) that tests read from ../shared/corpus beside the repository. It
// is never copied into the repository, so every test that uses it skips when
// it is absent and `go test ./...` passes on a fresh clone.
package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Root returns the corpus folder, or "" when there is none: for callers that
// cannot skip, such as fuzz seeding.
func Root() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "..", "shared", "corpus")
			if st, err := os.Stat(p); err == nil && st.IsDir() {
				return p
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Dir returns the corpus folder sub (slash separated), skipping the test when
// it is absent.
func Dir(t testing.TB, sub string) string {
	t.Helper()
	root := Root()
	if root == "" {
		t.Skip("the public corpus (../shared/corpus) is not present")
	}
	p := filepath.Join(root, filepath.FromSlash(sub))
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus folder %s is not present: %v", sub, err)
	}
	return p
}
