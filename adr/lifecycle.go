package adr

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// inverse gives the link each kind expects on the other ADR. adr-tools writes
// both ends; a missing end means one of the two files was edited by hand and
// the log no longer says which decision holds.
var inverse = map[string]string{
	LinkSupersedes:   LinkSupersededBy,
	LinkSupersededBy: LinkSupersedes,
	LinkAmends:       LinkAmendedBy,
	LinkAmendedBy:    LinkAmends,
	LinkClarifies:    LinkClarifiedBy,
	LinkClarifiedBy:  LinkClarifies,
}

// recordIndex finds records by file name and number.
type recordIndex struct {
	byBase   map[string]int
	byLower  map[string]int
	byNumber map[int][]int
}

func newRecordIndex(recs []Record) *recordIndex {
	idx := &recordIndex{byBase: map[string]int{}, byLower: map[string]int{}, byNumber: map[int][]int{}}
	for i, r := range recs {
		base := path.Base(r.File)
		if _, dup := idx.byBase[base]; !dup {
			idx.byBase[base] = i
		}
		if _, dup := idx.byLower[strings.ToLower(base)]; !dup {
			idx.byLower[strings.ToLower(base)] = i
		}
		if r.Number != NoNumber {
			idx.byNumber[r.Number] = append(idx.byNumber[r.Number], i)
		}
	}
	return idx
}

// target finds the record a link points at: by file name when the link names
// a file, else by number. -1 when none matches.
func (idx *recordIndex) target(l Link) int {
	if l.File != "" {
		if i, ok := idx.byBase[path.Base(l.File)]; ok {
			return i
		}
	}
	if base := targetBase(l.Target); base != "" {
		if i, ok := idx.byBase[base]; ok {
			return i
		}
		if i, ok := idx.byLower[strings.ToLower(base)]; ok {
			return i
		}
		if strings.HasSuffix(strings.ToLower(base), ".md") {
			// A file link that misses is dangling even if its number
			// happens to match another ADR.
			if _, numbered := FileNumber(base); !numbered {
				return -1
			}
		}
	}
	if n, ok := targetNumber(l.Target); ok {
		if is := idx.byNumber[n]; len(is) > 0 {
			return is[0]
		}
		return -1
	}
	if l.Number > 0 {
		if is := idx.byNumber[l.Number]; len(is) > 0 {
			return is[0]
		}
	}
	return -1
}

// linksTo reports whether rec has a link of kind to the record at index to.
func (idx *recordIndex) linksTo(rec Record, kind string, to int) bool {
	for _, l := range rec.Links {
		if l.Kind == kind && idx.target(l) == to {
			return true
		}
	}
	return false
}

// ResolveLinks sets File and Number of every link that points at one of recs,
// in place. Load calls it; CheckLifecycle does its own lookups and does not
// need it.
func ResolveLinks(recs []Record) {
	idx := newRecordIndex(recs)
	for i := range recs {
		for j, l := range recs[i].Links {
			if t := idx.target(l); t >= 0 {
				recs[i].Links[j].File = recs[t].File
				recs[i].Links[j].Number = max(recs[t].Number, 0)
			}
		}
	}
}

// CheckLifecycle checks the decision log as a whole: every ADR has a status,
// every supersedes/amends/clarifies link lands on an ADR that links back, a
// superseded ADR names its successor, and no two ADRs share a number.
func CheckLifecycle(records []Record) []Problem {
	idx := newRecordIndex(records)
	var probs []Problem
	for i := range records {
		rec := &records[i]
		switch {
		case rec.StatusText == "":
			probs = append(probs, problemf(rec, rec.Line, 0, "no status: add a Status section (or status: in the front matter) saying proposed, accepted, rejected, deprecated or superseded"))
		case isPlaceholder(rec.StatusText):
			probs = append(probs, problemf(rec, rec.StatusLine, 0, "status is still the template's placeholder %q: pick one", rec.StatusText))
		case rec.Status == StatusUnknown:
			probs = append(probs, problemf(rec, rec.StatusLine, 0, "status %q is not one of proposed, accepted, rejected, deprecated or superseded", rec.StatusText))
		}
		successor := false
		for _, l := range rec.Links {
			want, checked := inverse[l.Kind]
			if !checked {
				continue // relates-to points anywhere, web pages included
			}
			successor = successor || l.Kind == LinkSupersededBy
			t := idx.target(l)
			if t < 0 {
				probs = append(probs, problemf(rec, l.Line, 0, "%s %s: no such ADR in this folder", phrase(l.Kind), l.Target))
				continue
			}
			if t == i {
				probs = append(probs, problemf(rec, l.Line, 0, "%s %s: the ADR links to itself", phrase(l.Kind), l.Target))
				continue
			}
			if !idx.linksTo(records[t], want, i) {
				probs = append(probs, problemf(rec, l.Line, 0, "%s %s, but %s has no %q link back", phrase(l.Kind), describe(records[t]), path.Base(records[t].File), phrase(want)))
			}
		}
		if rec.Status == StatusSuperseded && !successor {
			probs = append(probs, problemf(rec, rec.Line, 0, "status is superseded but no superseded-by link names the ADR that replaces it"))
		}
	}
	for n, is := range idx.byNumber {
		if len(is) < 2 {
			continue
		}
		for _, i := range is {
			var others []string
			for _, j := range is {
				if j != i {
					others = append(others, records[j].File)
				}
			}
			rec := &records[i]
			probs = append(probs, problemf(rec, rec.Line, 0, "ADR number %d is also used by %s", n, strings.Join(others, ", ")))
		}
	}
	slices.SortStableFunc(probs, compareProblems)
	return probs
}

// describe names an ADR in a message: "ADR 36 (Multi-cluster)".
func describe(r Record) string {
	if r.Number == NoNumber {
		return fmt.Sprintf("%q", r.Title)
	}
	return fmt.Sprintf("ADR %d (%s)", r.Number, r.Title)
}

// phrase renders a link kind as ADRs write it: "superseded by".
func phrase(kind string) string {
	return strings.ReplaceAll(kind, "-", " ")
}
