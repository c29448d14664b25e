package dircache

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// countingFS counts the directory reads that reach it.
type countingFS struct {
	fstest.MapFS
	mu    sync.Mutex
	reads map[string]int
}

func (c *countingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	c.mu.Lock()
	c.reads[name]++
	c.mu.Unlock()
	return c.MapFS.ReadDir(name)
}

func walk(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	var out []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReadDirOnce(t *testing.T) {
	under := &countingFS{MapFS: fstest.MapFS{
		"a/b/c.tf":   {Data: []byte("x")},
		"a/d.yaml":   {Data: []byte("y")},
		"e/f/g.yaml": {Data: []byte("z")},
	}, reads: map[string]int{}}
	c := New(under)
	want := walk(t, under.MapFS)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if got := walk(t, c); !slices.Equal(got, want) {
				t.Errorf("walk = %v, want %v", got, want)
			}
		})
	}
	wg.Wait()
	for dir, n := range under.reads {
		if n != 1 {
			t.Errorf("%s read %d times, want once", dir, n)
		}
	}
	if len(under.reads) != 5 {
		t.Errorf("read %d directories, want 5 (., a, a/b, e, e/f): %v", len(under.reads), under.reads)
	}
	b, err := fs.ReadFile(c, "a/d.yaml")
	if err != nil || string(b) != "y" {
		t.Errorf("ReadFile = %q, %v", b, err)
	}
	if _, err := fs.ReadDir(c, "missing"); err == nil {
		t.Error("ReadDir of a missing directory: no error")
	}
}

func TestCallersOwnTheirSlice(t *testing.T) {
	c := New(fstest.MapFS{"a": {}, "b": {}})
	first, err := c.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	first[0] = nil
	second, _ := c.ReadDir(".")
	if second[0] == nil || second[0].Name() != "a" {
		t.Errorf("a caller's edit leaked into the cache: %v", second)
	}
}

func TestFSConformance(t *testing.T) {
	if err := fstest.TestFS(New(fstest.MapFS{"a/b.txt": {Data: []byte("b")}, "c.txt": {Data: []byte("c")}}), "a/b.txt", "c.txt"); err != nil {
		t.Fatal(err)
	}
}

// TestNewRootOpensAsRootFS checks that opening in a directory kept open
// gives what root.FS() gives: the same contents, and the same errors for
// missing files, escaping symlinks and bad names.
func TestNewRootOpensAsRootFS(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("top.tf", "top")
	write("a/b/c.tf", "c")
	write("a/d.yaml", "d")
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("s"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skipf("symlinks: %v", err)
		}
	}
	link("b", "a/inside")          // a directory inside the root
	link(outside, "a/out")         // a directory outside it
	link("../../top.tf", "a/b/up") // a file inside, through ..
	link(filepath.Join(outside, "secret"), "a/b/secret")

	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	want := r.FS()
	c := NewRoot(r)
	names := []string{
		"top.tf", "a/b/c.tf", "a/d.yaml", "a/inside/c.tf", "a/b/up",
		"a/out/secret", "a/b/secret", "a/missing/x.tf", "a/b/missing.tf",
		"a/d.yaml/x", "../x", "a/../top.tf", "/top.tf", "a//d.yaml", "",
	}
	check := func(name string) {
		t.Helper()
		got, gotErr := fs.ReadFile(c, name)
		exp, expErr := fs.ReadFile(want, name)
		if fmt.Sprint(gotErr) != fmt.Sprint(expErr) || string(got) != string(exp) {
			t.Errorf("ReadFile(%q) = %q, %v; root.FS() gives %q, %v", name, got, gotErr, exp, expErr)
		}
	}
	for _, name := range names {
		check(name)
	}
	dirs := []string{".", "a", "a/b", "a/inside", "a/out", "a/missing", "a/d.yaml", "../a", "a/", ""}
	checkDir := func(name string) {
		t.Helper()
		got, gotErr := c.ReadDir(name)
		exp, expErr := fs.ReadDir(want, name)
		if fmt.Sprint(gotErr) != fmt.Sprint(expErr) || describe(got) != describe(exp) {
			t.Errorf("ReadDir(%q) = %s, %v; root.FS() gives %s, %v", name, describe(got), gotErr, describe(exp), expErr)
		}
	}
	for _, name := range dirs {
		checkDir(name)
	}
	if c.open["a/b"] == nil || c.open["a"] == nil {
		t.Errorf("a and a/b are not kept open: %v", slices.Collect(maps.Keys(c.open)))
	}
	// Many directories: some are evicted while others stay open, and
	// every file still reads.
	for i := range 3 * maxOpenDirs {
		write(fmt.Sprintf("many/d%d/f.tf", i), strconv.Itoa(i))
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 3 * maxOpenDirs {
				i := (i + w*7) % (3 * maxOpenDirs)
				got, err := fs.ReadFile(c, fmt.Sprintf("many/d%d/f.tf", i))
				if err != nil || string(got) != strconv.Itoa(i) {
					t.Errorf("many/d%d/f.tf = %q, %v", i, got, err)
				}
			}
		})
	}
	wg.Wait()
	if n := len(c.open); n != maxOpenDirs {
		t.Errorf("%d directories open, want %d", n, maxOpenDirs)
	}
	c.Close()
	if len(c.open) != 0 {
		t.Errorf("%d directories open after Close", len(c.open))
	}
	for _, name := range names {
		check(name) // through the root again
	}
}

// describe is what ReadDir's entries say: names, types and sizes.
func describe(entries []fs.DirEntry) string {
	var b strings.Builder
	for _, e := range entries {
		info, err := e.Info()
		size := int64(-1)
		if err == nil {
			size = info.Size()
		}
		fmt.Fprintf(&b, "%s %v %d; ", e.Name(), e.Type(), size)
	}
	return b.String()
}
