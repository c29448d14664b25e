package adr

import (
	"cmp"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Bounds on one ADR directory: a decision log is hundreds of small files.
const (
	maxFiles     = 10000
	maxTotalSize = 16 << 20
)

// Load parses every ADR in dir (not its sub-folders) and runs the lifecycle
// checks. Numbered Markdown files (0001-title.md) are ADRs; other Markdown
// files are ADRs when they carry a status, date or decision makers, and READMEs, indexes and templates
// never are. Only an unreadable dir is an error: a bad ADR is a Problem.
func Load(fsys fs.FS, dir string) ([]Record, []Problem, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil, fmt.Errorf("adr: %w", err)
	}
	var recs []Record
	var probs []Problem
	seen, total := 0, 0
	md := newMarkdown()
	for _, e := range entries {
		if !e.Type().IsRegular() || !isADRFileName(e.Name()) {
			continue
		}
		name := path.Join(dir, e.Name())
		if seen++; seen > maxFiles {
			probs = append(probs, Problem{File: dir, Number: NoNumber, Message: fmt.Sprintf("more than %d ADR files, the rest are not read", maxFiles)})
			break
		}
		if total >= maxTotalSize {
			probs = append(probs, Problem{File: name, Number: NoNumber, Message: fmt.Sprintf("the ADR folder holds more than %d MiB; this file and the rest are not read", maxTotalSize>>20)})
			break
		}
		rec, ps, size, ok := md.parseFile(fsys, name)
		total += size
		probs = append(probs, ps...)
		if !ok {
			continue
		}
		if _, numbered := FileNumber(name); !numbered && rec.StatusText == "" && rec.Date == "" && len(rec.DecisionMakers) == 0 {
			continue // notes.md beside the ADRs is not a decision
		}
		recs = append(recs, rec)
	}
	SortRecords(recs)
	ResolveLinks(recs)
	probs = append(probs, CheckLifecycle(recs)...)
	slices.SortStableFunc(probs, compareProblems)
	return recs, probs, nil
}

// ParseFile reads and parses one ADR. A file that cannot be read gives a
// Record with only its file and number, and a Problem saying why.
func ParseFile(fsys fs.FS, name string) (Record, []Problem) {
	rec, probs, _, _ := newMarkdown().parseFile(fsys, name)
	return rec, probs
}

// parseFile is ParseFile for Load: it also says how many bytes it read and
// whether the file could be read at all.
func (md *markdown) parseFile(fsys fs.FS, name string) (Record, []Problem, int, bool) {
	src, err := readBounded(fsys, name)
	if err != nil {
		rec := Record{File: name, Number: NoNumber, Status: StatusUnknown, Line: 1}
		if n, ok := FileNumber(name); ok {
			rec.Number = n
		}
		return rec, []Problem{{File: name, Number: rec.Number, Message: err.Error()}}, len(src), false
	}
	rec, probs := md.parse(name, src)
	return rec, probs, len(src), true
}

// readBounded reads a file, refusing one over MaxFileSize.
func readBounded(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("larger than %d MiB, skipped", MaxFileSize>>20)
	}
	return b, nil
}

// notADRStems are Markdown files that live beside ADRs without being one.
var notADRStems = map[string]bool{
	"readme": true, "index": true, "_index": true, "toc": true, "summary": true,
	"changelog": true, "contributing": true, "license": true,
}

// isADRFileName reports whether a file in the ADR folder may be an ADR.
func isADRFileName(name string) bool {
	lower := strings.ToLower(name)
	ext := path.Ext(lower)
	if ext != ".md" && ext != ".markdown" {
		return false
	}
	stem := strings.TrimSuffix(lower, ext)
	return !notADRStems[stem] && !strings.Contains(stem, "template") && !strings.HasPrefix(stem, ".")
}

// SortRecords orders records by number, then file; unnumbered records come
// last.
func SortRecords(recs []Record) {
	slices.SortStableFunc(recs, func(a, b Record) int {
		an, bn := a.Number, b.Number
		if (an == NoNumber) != (bn == NoNumber) {
			if an == NoNumber {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(an, bn), strings.Compare(a.File, b.File))
	})
}
