// Package modelfile reads one documented-model file (a Mermaid diagram, a
// LikeC4 source) from the confined repository file system with a size bound:
// model files come from pull requests like everything else.
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
