// Package dircache remembers directory listings for the length of one run.
//
// A check walks the repository several times: each scanner's Detect, then
// each scanner's file listing, the model and ADR finders. On a large
// repository opened through os.Root every walk costs an openat per path
// component and an lstat per entry; the tree does not change during a run,
// so one listing per directory is enough.
package dircache

import (
	"io/fs"
	"slices"
	"sync"
)

// FS is a file system whose ReadDir results are read once and then reused.
// Open, Stat and ReadFile go to the underlying file system unchanged.
type FS struct {
	fsys fs.FS
	mu   sync.Mutex
	dirs map[string]*listing
}

type listing struct {
	once    sync.Once
	entries []fs.DirEntry
	err     error
}

// New wraps fsys.
func New(fsys fs.FS) *FS {
	return &FS{fsys: fsys, dirs: map[string]*listing{}}
}

// Open opens name in the underlying file system.
func (c *FS) Open(name string) (fs.File, error) { return c.fsys.Open(name) }

// Stat stats name in the underlying file system.
func (c *FS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(c.fsys, name) }

// ReadFile reads name from the underlying file system.
func (c *FS) ReadFile(name string) ([]byte, error) { return fs.ReadFile(c.fsys, name) }

// ReadDir lists name, from memory after the first call. Concurrent first
// calls for one directory read it once. Callers get their own slice, so
// one that sorts or edits it cannot change what the others see.
func (c *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	c.mu.Lock()
	l := c.dirs[name]
	if l == nil {
		l = &listing{}
		c.dirs[name] = l
	}
	c.mu.Unlock()
	l.once.Do(func() { l.entries, l.err = fs.ReadDir(c.fsys, name) })
	return slices.Clone(l.entries), l.err
}
