// Package baseline records accepted drift, so a team can adopt the gate on an
// estate that already drifts: known findings stop counting, new ones fail,
// and fixed ones are reported so the baseline shrinks. Findings are keyed by
// a fingerprint of rule and element IDs, never line numbers, so moving or
// reordering code does not resurrect them.
package baseline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/report"
)

// Version of the baseline file format.
const Version = 1

// Entry is one accepted finding.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Documented  string `json:"documented,omitempty"`
	Observed    string `json:"observed,omitempty"`
	Message     string `json:"message"`
}

// File is the baseline document (.archdrift-baseline.json).
type File struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

// Fingerprint identifies a finding across runs: its rule and the IDs it is
// about. ADR findings add the ADR number, so one edge breaking two decisions
// is two findings. Findings without IDs fall back to the message.
func Fingerprint(f report.Finding) string {
	parts := []string{f.Rule, deref(f.Documented), deref(f.Observed)}
	if f.ADR != nil {
		parts = append(parts, fmt.Sprint(f.ADR.Number))
	}
	if f.Documented == nil && f.Observed == nil {
		parts = append(parts, f.Message)
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:12])
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// FromReport records every finding of r.
func FromReport(r *report.Report) *File {
	out := &File{Version: Version, Findings: []Entry{}}
	seen := map[string]bool{}
	for _, f := range r.Findings {
		fp := Fingerprint(f)
		if seen[fp] {
			continue
		}
		seen[fp] = true
		out.Findings = append(out.Findings, Entry{Fingerprint: fp, Rule: f.Rule, Documented: deref(f.Documented), Observed: deref(f.Observed), Message: f.Message})
	}
	slices.SortFunc(out.Findings, func(a, b Entry) int {
		return strings.Compare(a.Rule+a.Documented+a.Observed+a.Fingerprint, b.Rule+b.Documented+b.Observed+b.Fingerprint)
	})
	return out
}

// Read decodes a baseline file.
func Read(name string, r io.Reader) (*File, error) {
	var f File
	dec := json.NewDecoder(io.LimitReader(r, 64<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("baseline: %s: %w", name, err)
	}
	if f.Version != Version {
		return nil, fmt.Errorf("baseline: %s: version %d, want %d (re-create it with archdrift baseline)", name, f.Version, Version)
	}
	return &f, nil
}

// Result splits a run's findings against a baseline.
type Result struct {
	// New are findings not in the baseline: they count.
	New []report.Finding
	// Known are findings the baseline accepts: they do not count.
	Known []report.Finding
	// Resolved are baseline entries no longer found: the drift was fixed and
	// the entry can be dropped.
	Resolved []Entry
}

// Apply splits findings into new and known, and lists resolved entries.
func (b *File) Apply(findings []report.Finding) Result {
	accepted := map[string]bool{}
	for _, e := range b.Findings {
		accepted[e.Fingerprint] = true
	}
	var res Result
	present := map[string]bool{}
	for _, f := range findings {
		fp := Fingerprint(f)
		present[fp] = true
		if accepted[fp] {
			res.Known = append(res.Known, f)
		} else {
			res.New = append(res.New, f)
		}
	}
	for _, e := range b.Findings {
		if !present[e.Fingerprint] {
			res.Resolved = append(res.Resolved, e)
		}
	}
	return res
}
