package adr

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadSelectsFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"adr/0002-b.md":             nygard("2. B", "Accepted"),
		"adr/0001-a.markdown":       nygard("1. A", "Accepted"),
		"adr/use-go.md":             {Data: []byte("---\nstatus: accepted\n---\n# Use Go\n")},
		"adr/notes.md":              {Data: []byte("# Notes\n\nNot a decision.\n")},
		"adr/README.md":             nygard("Decisions", "Accepted"),
		"adr/index.md":              nygard("Index", "Accepted"),
		"adr/adr-template.md":       nygard("NUMBER. TITLE", "STATUS"),
		"adr/0003-c.txt":            nygard("3. C", "Accepted"),
		"adr/sub/0004-d.md":         nygard("4. D", "Accepted"),
		"adr/0000-record.md":        nygard("0. Record", "Accepted"),
		"adr/20200101-log4brain.md": {Data: []byte("# L\n\n- Status: proposed\n")},
	}
	recs, probs, err := Load(fsys, "adr")
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 0 {
		t.Errorf("problems: %v", probs)
	}
	var got []string
	for _, r := range recs {
		got = append(got, r.File)
	}
	// By number, then the unnumbered by file.
	want := "adr/0000-record.md adr/0001-a.markdown adr/0002-b.md adr/20200101-log4brain.md adr/use-go.md"
	if strings.Join(got, " ") != want {
		t.Errorf("records:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

// TestLoadGoesOn: a file too large to read and a file with a bad constraint
// block are problems; the ADRs around them are still read.
func TestLoadGoesOn(t *testing.T) {
	big := strings.Repeat("x", MaxFileSize+1)
	fsys := fstest.MapFS{
		"0001-a.md":   nygard("1. A", "Accepted"),
		"0002-big.md": {Data: []byte("# 2. Big\n\n## Status\n\nAccepted\n" + big)},
		"0003-bad.md": {Data: []byte(adrWith("```archdrift\n- deny: \"A ->\"\n```\n"))},
		"0004-d.md":   nygard("4. D", "Accepted"),
	}
	recs, probs, err := Load(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	var nums []int
	for _, r := range recs {
		nums = append(nums, r.Number)
	}
	if len(nums) != 3 || nums[0] != 1 || nums[1] != 3 || nums[2] != 4 {
		t.Errorf("records %v, want 1, 3 and 4", nums)
	}
	checkFileProblems(t, probs, []string{
		"0002-big.md: larger than 1 MiB, skipped",
		`0003-bad.md:10:9: archdrift constraint: deny: right of "->": empty selector`,
	})
}

func TestLoadMissingDir(t *testing.T) {
	_, _, err := Load(fstest.MapFS{}, "docs/adr")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want fs.ErrNotExist", err)
	}
}

func TestParseFileUnreadable(t *testing.T) {
	rec, probs := ParseFile(fstest.MapFS{}, "docs/adr/0007-gone.md")
	if rec.Number != 7 || rec.File != "docs/adr/0007-gone.md" || rec.Status != StatusUnknown {
		t.Errorf("record = %+v", rec)
	}
	if len(probs) != 1 || !strings.HasPrefix(probs[0].Message, "cannot read") {
		t.Errorf("problems = %v", probs)
	}
}
