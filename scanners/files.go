package scanners

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// MaxFileSize bounds what a scanner reads from one file: hostile input must
// not cost unbounded memory.
const MaxFileSize = 8 << 20

// skipDirs are never descended into: they hold tooling state or third-party
// code, not the system's own description.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true, ".terraform": true, ".idea": true, ".vscode": true}

// Files lists the regular files below fsys whose names end in one of exts,
// sorted, skipping tooling folders.
func Files(fsys fs.FS, exts ...string) ([]string, error) {
	var out []string
	err := WalkEntries(fsys, func(dir string, e fs.DirEntry) bool {
		if e.Type().IsRegular() && hasExt(e.Name(), exts) {
			out = append(out, path.Join(dir, e.Name()))
		}
		return true
	})
	return out, err // directories are listed sorted and walked in order, so out is sorted
}

// hasExt reports whether name ends in one of exts, ignoring case.
func hasExt(name string, exts []string) bool {
	lower := strings.ToLower(name)
	for _, e := range exts {
		if strings.HasSuffix(lower, e) {
			return true
		}
	}
	return false
}

// ReadFile reads one file, refusing files over MaxFileSize. The buffer is
// sized from the file's size up front: most files are read in one call,
// with no copying as the buffer grows.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := int64(0)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = min(st.Size(), MaxFileSize+1)
	}
	// The extra MinRead leaves room to see EOF without growing; the limit
	// still applies if the file grew after Stat.
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, err
	}
	if buf.Len() > MaxFileSize {
		return nil, fmt.Errorf("%s: larger than %d MiB, skipped", name, MaxFileSize>>20)
	}
	return buf.Bytes(), nil
}

// HasFile reports whether any file below fsys ends in one of exts; Detect
// implementations use it to stop at the first hit.
func HasFile(fsys fs.FS, exts ...string) bool {
	found := false
	_ = WalkEntries(fsys, func(_ string, e fs.DirEntry) bool {
		found = !e.IsDir() && hasExt(e.Name(), exts)
		return !found
	})
	return found
}
