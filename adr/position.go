package adr

import "sort"

// lineIndex turns byte offsets into 1-based line and column numbers. goldmark
// reports positions as offsets into the source; findings want lines.
type lineIndex []int // offset of the start of each line

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	for i, b := range src {
		if b == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

// line returns the 1-based line holding offset off.
func (idx lineIndex) line(off int) int {
	return sort.Search(len(idx), func(i int) bool { return idx[i] > off })
}

// column returns the 1-based byte column of offset off.
func (idx lineIndex) column(off int) int {
	l := idx.line(off)
	if l < 1 {
		return 1
	}
	return off - idx[l-1] + 1
}
