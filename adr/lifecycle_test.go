package adr

import (
	"testing"
	"testing/fstest"
)

// nygard writes a minimal adr-tools ADR: title, then a Status section.
func nygard(title string, status ...string) *fstest.MapFile {
	src := "# " + title + "\n\nDate: 2024-01-01\n\n## Status\n"
	for _, s := range status {
		src += "\n" + s + "\n"
	}
	return &fstest.MapFile{Data: []byte(src)}
}

func TestCheckLifecycle(t *testing.T) {
	tests := []struct {
		name     string
		files    fstest.MapFS
		problems []string // "file:line: message prefix"
	}{
		{
			name: "a consistent log",
			files: fstest.MapFS{
				"0001-a.md": nygard("1. A", "Superceded by [2. B](0002-b.md)"),
				"0002-b.md": nygard("2. B", "Accepted", "Supercedes [1. A](0001-a.md)", "Amended by [3. C](0003-c.md)"),
				"0003-c.md": nygard("3. C", "Accepted", "Amends [2. B](0002-b.md)", "Relates to [the wiki](https://example.com/wiki)"),
			},
		},
		{
			name: "missing status",
			files: fstest.MapFS{
				"0001-a.md": {Data: []byte("# 1. A\n\n## Context\n")},
			},
			problems: []string{"0001-a.md:1: no status"},
		},
		{
			name: "dangling superseded-by",
			files: fstest.MapFS{
				"0001-a.md": nygard("1. A", "Superseded by [7. Gone](0007-gone.md)"),
			},
			problems: []string{"0001-a.md:7: superseded by 0007-gone.md: no such ADR"},
		},
		{
			name: "dangling written reference",
			files: fstest.MapFS{
				"0001-a.md": nygard("1. A", "Superseded by ADR-0042"),
			},
			problems: []string{"0001-a.md:7: superseded by ADR-0042: no such ADR"},
		},
		{
			name: "superseded-by without a back-link",
			files: fstest.MapFS{
				"0001-a.md": nygard("1. A", "Superseded by [2. B](0002-b.md)"),
				"0002-b.md": nygard("2. B", "Accepted"),
			},
			problems: []string{`0001-a.md:7: superseded by ADR 2 (B), but 0002-b.md has no "supersedes" link back`},
		},
		{
			name: "supersedes without the old ADR saying so",
			files: fstest.MapFS{
				"0001-a.md": nygard("1. A", "Accepted"),
				"0002-b.md": nygard("2. B", "Accepted", "Supersedes [1. A](0001-a.md)"),
			},
			problems: []string{`0002-b.md:9: supersedes ADR 1 (A), but 0001-a.md has no "superseded by" link back`},
		},
		{
			name: "back-link to a different ADR",
			files: fstest.MapFS{
				"0001-a.md": nygard("1. A", "Superseded by [2. B](0002-b.md)"),
				"0002-b.md": nygard("2. B", "Accepted", "Supersedes [3. C](0003-c.md)"),
				"0003-c.md": nygard("3. C", "Superseded by [2. B](0002-b.md)"),
			},
			problems: []string{`0001-a.md:7: superseded by ADR 2 (B), but 0002-b.md has no "supersedes" link back`},
		},
		{
			name: "amends an ADR that does not exist",
			files: fstest.MapFS{
				"0002-b.md": nygard("2. B", "Accepted", "Amends [1. A](0001-a.md)"),
			},
			problems: []string{"0002-b.md:9: amends 0001-a.md: no such ADR"},
		},
		{
			name: "duplicate numbers",
			files: fstest.MapFS{
				"0003-a.md":      nygard("3. A", "Accepted"),
				"0003-b.md":      nygard("3. B", "Accepted"),
				"adr-0003-c.md":  nygard("C", "Accepted"),
				"0004-unique.md": nygard("4. Unique", "Accepted"),
			},
			problems: []string{
				"0003-a.md:1: ADR number 3 is also used by 0003-b.md, adr-0003-c.md",
				"0003-b.md:1: ADR number 3 is also used by 0003-a.md, adr-0003-c.md",
				"adr-0003-c.md:1: ADR number 3 is also used by 0003-a.md, 0003-b.md",
			},
		},
		{
			name: "superseded with no successor named",
			files: fstest.MapFS{
				"0001-a.md": nygard("1. A", "Superseded"),
			},
			problems: []string{"0001-a.md:1: status is superseded but no superseded-by link"},
		},
		{
			name: "unknown status",
			files: fstest.MapFS{
				"0001-a.md": nygard("1. A", "Parked"),
			},
			problems: []string{`0001-a.md:7: status "Parked" is not one of`},
		},
		{
			name: "links to itself",
			files: fstest.MapFS{
				"0001-a.md": nygard("1. A", "Superseded by [1. A](0001-a.md)"),
			},
			problems: []string{"0001-a.md:7: superseded by 0001-a.md: the ADR links to itself"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs, err := Load(tt.files, ".")
			if err != nil {
				t.Fatal(err)
			}
			checkFileProblems(t, probs, tt.problems)
		})
	}
}

// checkFileProblems compares problems with "file:line: message prefix".
func checkFileProblems(t *testing.T, got []Problem, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d:\n%v", len(got), len(want), got)
		return
	}
	for i, p := range got {
		if s := p.String(); len(s) < len(want[i]) || s[:len(want[i])] != want[i] {
			t.Errorf("problem %d:\n got %s\nwant %s…", i, s, want[i])
		}
	}
}

// TestCheckLifecycleAlone runs the checks on records built in memory, as the
// policy engine will: CheckLifecycle needs no file system and no Load.
func TestCheckLifecycleAlone(t *testing.T) {
	recs := []Record{
		{Number: 1, Title: "A", File: "a.md", Line: 1, Status: StatusSuperseded, StatusText: "Superseded",
			Links: []Link{{Kind: LinkSupersededBy, Target: "ADR-2", Number: 2, Line: 3}}},
		{Number: 2, Title: "B", File: "b.md", Line: 1, Status: StatusAccepted, StatusText: "Accepted",
			Links: []Link{{Kind: LinkSupersedes, Target: "ADR-1", Number: 1, Line: 4}}},
	}
	if probs := CheckLifecycle(recs); len(probs) != 0 {
		t.Errorf("problems on a consistent log: %v", probs)
	}
	recs[1].Links = nil
	checkFileProblems(t, CheckLifecycle(recs), []string{`a.md:3: superseded by ADR 2 (B), but b.md has no "supersedes" link back`})
}
