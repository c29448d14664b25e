package dircache

import (
	"io/fs"
	"slices"
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
