package code

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/archdrift/archdrift/model"
)

// warning is a diagnostic of this scanner. Every problem names the file
// and, where known, the line and column, so that a person can open it.
func warning(file string, line, col int, format string, args ...any) model.Diagnostic {
	return model.Diagnostic{Severity: model.DiagWarning, Origin: scannerName, File: file, Line: line, Column: col, Message: fmt.Sprintf(format, args...)}
}

// position turns a byte offset of data into a 1-based line and column.
func position(data []byte, offset int) (line, col int) {
	offset = max(0, min(offset, len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = offset - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// lineIndex turns many byte offsets of one file into lines and columns,
// each in logarithmic time: a manifest with many dependencies must not
// cost quadratic time.
type lineIndex []int // the offsets at which lines start

func newLineIndex(data []byte) lineIndex {
	ix := lineIndex{0}
	for i, b := range data {
		if b == '\n' {
			ix = append(ix, i+1)
		}
	}
	return ix
}

// position is the 1-based line and column of a byte offset.
func (ix lineIndex) position(offset int) (line, col int) {
	offset = max(0, offset)
	i := sort.SearchInts(ix, offset+1) - 1 // the last line starting at or before offset
	return i + 1, offset - ix[i] + 1
}

// source is where a dependency or an element was read.
func source(file string, line, col int) model.Source {
	return model.Source{Scanner: scannerName, File: file, Line: line, Column: col}
}
