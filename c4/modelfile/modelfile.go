// Package modelfile reads documented-model files (Mermaid diagrams, LikeC4
// sources) from the confined repository file system within bounds on their
// number and size: model files come from pull requests like everything else.
package modelfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// Read returns the bytes of name, refusing non-regular files and files over
// max bytes. Error messages carry no file name: callers position them.
func Read(fsys fs.FS, name string, max int) ([]byte, error) {
	if fsys == nil {
		return nil, errors.New("no file system to read the model from")
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "open "))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(f, int64(max)+1)); err != nil {
		return nil, err
	}
	if buf.Len() > max {
		return nil, fmt.Errorf("larger than %d MiB", max>>20)
	}
	return buf.Bytes(), nil
}

// Limits bound what ReadEach reads.
type Limits struct {
	Files      int // most files
	FileBytes  int // largest file
	TotalBytes int // all files together
}

// ReadEach reads the named files in order and hands each to parse, stopping
// at the first problem. Problems with the files themselves (too many, too
// large, unreadable) are built by fail, so each reader reports them in its
// own error type with the file's position.
func ReadEach(fsys fs.FS, names []string, lim Limits, fail func(name, msg string) error, parse func(name string, src []byte) error) error {
	total := 0
	for i, name := range names {
		if i >= lim.Files {
			return fail(name, fmt.Sprintf("more than %d model files: name fewer with --model", lim.Files))
		}
		src, err := Read(fsys, name, lim.FileBytes)
		if err != nil {
			return fail(name, err.Error())
		}
		if total += len(src); total > lim.TotalBytes {
			return fail(name, fmt.Sprintf("the model files hold more than %d MiB", lim.TotalBytes>>20))
		}
		if err := parse(name, src); err != nil {
			return err
		}
	}
	return nil
}
