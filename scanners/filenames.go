package scanners

import (
	"io/fs"
	"path"
)

// WalkEntries calls fn with the directory and the entry of everything
// below fsys (files, directories, symbolic links ...), in the order and
// with the skips of Files, a directory before what it holds, until fn
// returns false. Files builds the path of every file of the tree; a
// scanner that keeps a few files by their names (compose.yaml) looks at
// the entries alone and joins only what it keeps. Directories are listed
// with fs.ReadDir only, so on a file system that remembers its listings
// the walk is all in memory.
//
// As with Files, a root that cannot be listed is an error and an unreadable
// subtree is skipped.
func WalkEntries(fsys fs.FS, fn func(dir string, e fs.DirEntry) bool) error {
	info, err := fs.Stat(fsys, ".")
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return nil // Files lists nothing below a root that is a file
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return err
	}
	walkEntries(fsys, ".", entries, fn)
	return nil
}

// walkEntries walks the entries of dir; it returns false once fn has.
func walkEntries(fsys fs.FS, dir string, entries []fs.DirEntry, fn func(dir string, e fs.DirEntry) bool) bool {
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() && skipDirs[name] {
			continue
		}
		if !fn(dir, e) {
			return false
		}
		if e.IsDir() {
			sub := name
			if dir != "." {
				sub = path.Join(dir, name)
			}
			// Like fs.WalkDir, a directory that fails to list part
			// way is walked as far as it was listed.
			kids, _ := fs.ReadDir(fsys, sub)
			if !walkEntries(fsys, sub, kids, fn) {
				return false
			}
		}
	}
	return true
}
