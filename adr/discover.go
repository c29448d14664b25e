package adr

import (
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
)

// defaultDirs are the ADR folders tried when nothing names one, in order: the
// adr-tools default, its singular variant, MADR's, the arc42/Structurizr
// habit, and the moj-cloud-platform layout.
var defaultDirs = []string{
	"docs/adr",
	"doc/adr",
	"docs/decisions",
	"docs/architecture/decisions",
	"architecture-decision-record",
}

// maxADRDirFile bounds the .adr-dir file adr-tools writes: it holds one path.
const maxADRDirFile = 4 << 10

// Discover returns the ADR directory (a slash path inside fsys): explicit
// (--adr-dir) if given, else the path in adr-tools' .adr-dir file, else the
// Structurizr !adrs path modelADRPath (already resolved against the
// workspace file), else the first of defaultDirs that exists.
//
// An explicit directory wins even when it does not exist: ok is then false
// and the caller reports it rather than silently reading another folder.
func Discover(fsys fs.FS, explicit, modelADRPath string) (dir string, ok bool) {
	if explicit != "" {
		dir, valid := cleanDir(explicit)
		return dir, valid && isDir(fsys, dir)
	}
	if p, found := readADRDir(fsys); found {
		if dir, valid := cleanDir(p); valid && isDir(fsys, dir) {
			return dir, true
		}
	}
	if modelADRPath != "" {
		if dir, valid := cleanDir(modelADRPath); valid && isDir(fsys, dir) {
			return dir, true
		}
	}
	for _, d := range defaultDirs {
		if isDir(fsys, d) {
			return d, true
		}
	}
	return "", false
}

// readADRDir reads the first line of .adr-dir, where adr-tools records the
// ADR folder relative to the repository root.
func readADRDir(fsys fs.FS) (string, bool) {
	f, err := fsys.Open(".adr-dir")
	if err != nil {
		return "", false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxADRDirFile))
	if err != nil {
		return "", false
	}
	line, _, _ := strings.Cut(string(b), "\n")
	line = strings.TrimSpace(line)
	return line, line != ""
}

// cleanDir turns a user-written directory ("./docs/adr/", `docs\adr`) into a
// path fsys accepts; paths leaving the root are refused.
func cleanDir(p string) (string, bool) {
	p = path.Clean(filepath.ToSlash(strings.TrimSpace(p)))
	return p, fs.ValidPath(p)
}

func isDir(fsys fs.FS, p string) bool {
	st, err := fs.Stat(fsys, p)
	return err == nil && st.IsDir()
}
