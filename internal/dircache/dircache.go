// Package dircache remembers directory listings and open directories for
// the length of one run.
//
// A check walks the repository several times: each scanner's Detect, then
// each scanner's file listing, the model and ADR finders. On a large
// repository opened through os.Root every walk costs an openat per path
// component and an lstat per entry; the tree does not change during a run,
// so one listing per directory is enough.
//
// Opening a file through os.Root costs an openat and a close for every
// directory on its path, besides the file's own. Files are read a
// directory at a time, so an FS made by NewRoot keeps a few directories
// open as roots of their own and opens each file there with one openat.
package dircache

import (
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
)

// maxOpenDirs bounds the directories an FS keeps open: a repository with
// thousands of directories must not exhaust the process's descriptors.
// Scanners read a directory's files together, so a few dozen is plenty.
const maxOpenDirs = 32

// FS is a file system whose ReadDir results are read once and then reused.
// Stat and ReadDir's first read go to the underlying file system; Open
// does too unless the FS was made by NewRoot.
type FS struct {
	fsys fs.FS
	mu   sync.Mutex
	dirs map[string]*listing

	root   *os.Root            // set by NewRoot
	open   map[string]*openDir // directories open as roots, by name
	clock  uint64              // ticks on every use of an open directory
	closed bool                // Close was called: open through root only
}

type listing struct {
	once    sync.Once
	entries []fs.DirEntry
	err     error
}

// openDir is a directory opened as a root of its own. It is closed once
// evicted and no Open is using it.
type openDir struct {
	root    *os.Root
	users   int
	used    uint64
	evicted bool
}

// New wraps fsys.
func New(fsys fs.FS) *FS {
	return &FS{fsys: fsys, dirs: map[string]*listing{}}
}

// NewRoot wraps root. Files are opened in their directory, itself opened
// through root (os.Root.OpenRoot), so what is read stays inside root as
// with root.FS(). Close releases the directories it keeps open.
func NewRoot(root *os.Root) *FS {
	c := New(root.FS())
	c.root = root
	c.open = map[string]*openDir{}
	return c
}

// Open opens name, in its directory when the FS was made by NewRoot.
// When that fails it opens name through the root instead, whose answer
// then stands: a symlink may lead out of the directory yet stay inside the
// root, and errors read as root.FS()'s do.
func (c *FS) Open(name string) (fs.File, error) {
	if f := c.openInDir(name); f != nil {
		return f, nil
	}
	return c.fsys.Open(name)
}

// openInDir opens name in its directory kept open, or returns nil.
func (c *FS) openInDir(name string) fs.File {
	var f fs.File
	c.inParent(name, func(dir *os.Root, base string) {
		if of, err := dir.Open(base); err == nil {
			f = of
		}
	})
	return f
}

// inParent calls do with the directory of name, kept open, and the last
// element of name. It does nothing unless the FS was made by NewRoot, name
// is a valid path below the root, and its directory opens.
func (c *FS) inParent(name string, do func(dir *os.Root, base string)) {
	if c.root == nil || name == "." || !fs.ValidPath(name) {
		return
	}
	parent, base := ".", name
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		parent, base = name[:i], name[i+1:]
	}
	d, err := c.acquire(parent)
	if err != nil || d == nil {
		return
	}
	defer c.release(d)
	do(d.root, base)
}

// acquire returns dir opened as a root, opening it (and evicting the least
// recently used directory beyond maxOpenDirs) when it is not. It returns
// nil after Close.
func (c *FS) acquire(dir string) (*openDir, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, nil
	}
	c.clock++
	if d := c.open[dir]; d != nil {
		d.users++
		d.used = c.clock
		return d, nil
	}
	// Opening under the lock keeps one descriptor per directory; it is one
	// openat per path component, the cost Open paid per file before.
	r, err := c.root.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	d := &openDir{root: r, users: 1, used: c.clock}
	c.open[dir] = d
	if len(c.open) > maxOpenDirs {
		c.evictLocked()
	}
	return d, nil
}

// evictLocked drops the least recently used open directory; it closes now
// if nothing uses it, or when its last user releases it.
func (c *FS) evictLocked() {
	var oldest string
	var od *openDir
	for name, d := range c.open {
		if od == nil || d.used < od.used {
			oldest, od = name, d
		}
	}
	delete(c.open, oldest)
	od.evicted = true
	if od.users == 0 {
		od.root.Close()
	}
}

func (c *FS) release(d *openDir) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d.users--
	if d.evicted && d.users == 0 {
		d.root.Close()
	}
}

// Close closes the directories the FS keeps open. Later Opens go through
// the root the FS was made with, which the caller still owns.
func (c *FS) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for name, d := range c.open {
		delete(c.open, name)
		d.evicted = true
		if d.users == 0 {
			d.root.Close()
		}
	}
	return nil
}

// Stat stats name in the underlying file system.
func (c *FS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(c.fsys, name) }

// ReadFile reads name, opening it as Open does.
func (c *FS) ReadFile(name string) ([]byte, error) {
	if f := c.openInDir(name); f != nil {
		defer f.Close()
		return io.ReadAll(f)
	}
	return fs.ReadFile(c.fsys, name)
}

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
	l.once.Do(func() { l.entries, l.err = c.readDir(name) })
	return slices.Clone(l.entries), l.err
}

// readDir lists name, opening it in its parent directory kept open when the
// FS was made by NewRoot, else (and when that fails) through the root, as
// Open does.
func (c *FS) readDir(name string) ([]fs.DirEntry, error) {
	var entries []fs.DirEntry
	ok := false
	c.inParent(name, func(dir *os.Root, base string) {
		var err error
		entries, err = fs.ReadDir(dir.FS(), base)
		ok = err == nil
	})
	if ok {
		return entries, nil
	}
	return fs.ReadDir(c.fsys, name)
}
