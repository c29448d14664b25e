package adr

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name       string
		file       string
		src        string
		number     int
		title      string
		status     Status
		statusText string
		statusLine int
		date       string
		links      []Link
		makers     []string
		problems   []string // "line: message prefix"
	}{
		{
			name:   "nygard",
			file:   "0007-use-go.md",
			src:    "# 7. Use Go\n\nDate: 2020-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nStatus: not this one\n",
			number: 7, title: "Use Go", status: StatusAccepted, statusText: "Accepted", statusLine: 7, date: "2020-01-02",
		},
		{
			name:   "adr-tools superceded spelling",
			file:   "doc/adr/0002-b.md",
			src:    "# 2. B\n\nDate: 2020-01-02\n\n## Status\n\nSuperceded by [3. C](0003-c.md)\n",
			number: 2, title: "B", status: StatusSuperseded, statusText: "Superceded by 3. C", statusLine: 7, date: "2020-01-02",
			links: []Link{{Kind: LinkSupersededBy, Target: "0003-c.md", Number: 3, Line: 7}},
		},
		{
			name:   "adr-tools supercedes and custom links",
			file:   "0003-c.md",
			src:    "# 3. C\n\n## Status\n\nAccepted\n\nSupercedes [2. B](0002-b.md)\n\nAmends [1. A](0001-a.md)\n\nClarified by [4. D](0004-d.md)\n",
			number: 3, title: "C", status: StatusAccepted, statusText: "Accepted", statusLine: 5,
			links: []Link{
				{Kind: LinkSupersedes, Target: "0002-b.md", Number: 2, Line: 7},
				{Kind: LinkAmends, Target: "0001-a.md", Number: 1, Line: 9},
				{Kind: LinkClarifiedBy, Target: "0004-d.md", Number: 4, Line: 11},
			},
		},
		{
			name:   "several links after one phrase",
			file:   "0005-e.md",
			src:    "# 5. E\n\n## Status\n\nAccepted\n\nAmended by [6](0006-f.md), [7](0007-g.md) and [8](0008-h.md)\n",
			number: 5, title: "E", status: StatusAccepted, statusText: "Accepted", statusLine: 5,
			links: []Link{
				{Kind: LinkAmendedBy, Target: "0006-f.md", Number: 6, Line: 7},
				{Kind: LinkAmendedBy, Target: "0007-g.md", Number: 7, Line: 7},
				{Kind: LinkAmendedBy, Target: "0008-h.md", Number: 8, Line: 7},
			},
		},
		{
			name:   "madr 2 bullets",
			file:   "docs/adr/0004-use-x.md",
			src:    "# Use X\n\n* Status: superseded by [ADR-0005](0005-use-y.md)\n* Deciders: Ann, Bo\n* Date: 2018-09-01\n\n## Context and Problem Statement\n",
			number: 4, title: "Use X", status: StatusSuperseded, statusText: "superseded by ADR-0005", statusLine: 3, date: "2018-09-01",
			links:  []Link{{Kind: LinkSupersededBy, Target: "0005-use-y.md", Number: 5, Line: 3}},
			makers: []string{"Ann", "Bo"},
		},
		{
			name:   "madr 4 front matter",
			file:   "0012-use-y.md",
			src:    "---\nstatus: accepted\ndate: 2024-01-31\ndecision-makers:\n  - Ann\n  - Bo\n---\n# Use Y\n\n## Context and Problem Statement\n",
			number: 12, title: "Use Y", status: StatusAccepted, statusText: "accepted", statusLine: 2, date: "2024-01-31",
			makers: []string{"Ann", "Bo"},
		},
		{
			name:   "front matter status with a written reference",
			file:   "0002-cobra.md",
			src:    "---\nstatus: superseded by ADR-0003\n---\n# Cobra\n",
			number: 2, title: "Cobra", status: StatusSuperseded, statusText: "superseded by ADR-0003", statusLine: 2,
			links: []Link{{Kind: LinkSupersededBy, Target: "ADR-0003", Number: 3, Line: 2}},
		},
		{
			name:   "front matter status with a markdown link",
			file:   "0002-cobra.md",
			src:    "---\nparent: Decisions\nstatus: \"superseded by [ADR-0003](0003-flag.md)\"\n---\n# Cobra\n",
			number: 2, title: "Cobra", status: StatusSuperseded, statusText: "superseded by [ADR-0003](0003-flag.md)", statusLine: 3,
			links: []Link{{Kind: LinkSupersededBy, Target: "0003-flag.md", Number: 3, Line: 3}},
		},
		{
			name:   "log4brains",
			file:   "docs/adr/20210101-use-x.md",
			src:    "# Use X\n\n- Status: accepted\n- Deciders: Ann\n- Date: 2021-01-01\n- Tags: a, b\n\nTechnical Story: X\n\n## Context\n",
			number: NoNumber, title: "Use X", status: StatusAccepted, statusText: "accepted", statusLine: 3, date: "2021-01-01",
			makers: []string{"Ann"},
		},
		{
			name:   "emoji superseded",
			file:   "021-multi.md",
			src:    "# 21. Multi\n\nDate: 2021-05-11\n\n## Status\n\n⌛️ Superseded by [036. Multi](036-multi.md)\n",
			number: 21, title: "Multi", status: StatusSuperseded, statusText: "⌛️ Superseded by 036. Multi", statusLine: 7, date: "2021-05-11",
			links: []Link{{Kind: LinkSupersededBy, Target: "036-multi.md", Number: 36, Line: 7}},
		},
		{
			name:   "emoji only decides when the word is unknown",
			file:   "034-fargate.md",
			src:    "# 34 Fargate\n\n## Status\n\n🤔 Incomplete\n",
			number: 34, title: "Fargate", status: StatusProposed, statusText: "🤔 Incomplete", statusLine: 5,
		},
		{
			name:   "struck-out status and bold metadata",
			file:   "0004-x.md",
			src:    "# 4. X\n\n**Date:** 2022-01-01\n**Status:** ~~Proposed~~ Accepted\n",
			number: 4, title: "X", status: StatusAccepted, statusText: "Accepted", statusLine: 4, date: "2022-01-01",
		},
		{
			name:   "status in the heading",
			file:   "ADR-005-mesh.md",
			src:    "# ADR-005: Service mesh\n\n## Status: Rejected\n\n## Context\n",
			number: 5, title: "Service mesh", status: StatusRejected, statusText: "Rejected", statusLine: 3,
		},
		{
			name:   "number from the title when the file has none",
			file:   "service-mesh.md",
			src:    "# ADR 12 - Service mesh\n\n## Status\n\nDraft\n",
			number: 12, title: "Service mesh", status: StatusProposed, statusText: "Draft", statusLine: 5,
		},
		{
			name:   "title number disagrees with the file name",
			file:   "030-root.md",
			src:    "# 29 Auditing\n\n## Status\n\nAccepted\n",
			number: 30, title: "Auditing", status: StatusAccepted, statusText: "Accepted", statusLine: 5,
			problems: []string{"1: the title says ADR 29 but the file name says 30"},
		},
		{
			name:   "a year is not a title number",
			file:   "0003-roadmap.md",
			src:    "# 2024 roadmap\n\n## Status\n\nAccepted\n",
			number: 3, title: "2024 roadmap", status: StatusAccepted, statusText: "Accepted", statusLine: 5,
		},
		{
			name:   "no status",
			file:   "0001-x.md",
			src:    "# 1. X\n\n## Context\n\nNothing.\n",
			number: 1, title: "X", status: StatusUnknown,
		},
		{
			name:   "no title falls back to the file name",
			file:   "0001-untitled.md",
			src:    "Status: accepted\n",
			number: 1, title: "0001-untitled", status: StatusAccepted, statusText: "accepted", statusLine: 1,
		},
		{
			// Without its closing fence the block is Markdown: a rule, then
			// a "status:" line that still says what it says.
			name:   "unclosed front matter",
			file:   "0001-x.md",
			src:    "---\nstatus: accepted\n# 1. X\n",
			number: 1, title: "X", status: StatusAccepted, statusText: "accepted", statusLine: 2,
			problems: []string{"1: front matter opened with --- is never closed"},
		},
		{
			name:   "bad front matter",
			file:   "0001-x.md",
			src:    "---\nstatus: accepted\n  bad: indent\n---\n# 1. X\n",
			number: 1, title: "X", status: StatusUnknown,
			problems: []string{"3: front matter: bad YAML: mapping values are not allowed"},
		},
		{
			name:   "crlf line endings",
			file:   "0001-x.md",
			src:    "# 1. X\r\n\r\nDate: 2020-01-01\r\n\r\n## Status\r\n\r\nSuperseded by [2. Y](0002-y.md)\r\n",
			number: 1, title: "X", status: StatusSuperseded, statusText: "Superseded by 2. Y", statusLine: 7, date: "2020-01-01",
			links: []Link{{Kind: LinkSupersededBy, Target: "0002-y.md", Number: 2, Line: 7}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, probs := Parse(tt.file, []byte(tt.src))
			if rec.File != tt.file {
				t.Errorf("file = %q, want %q", rec.File, tt.file)
			}
			if rec.Number != tt.number {
				t.Errorf("number = %d, want %d", rec.Number, tt.number)
			}
			if rec.Title != tt.title {
				t.Errorf("title = %q, want %q", rec.Title, tt.title)
			}
			if rec.Status != tt.status || rec.StatusText != tt.statusText || rec.StatusLine != tt.statusLine {
				t.Errorf("status = %q %q line %d, want %q %q line %d", rec.Status, rec.StatusText, rec.StatusLine, tt.status, tt.statusText, tt.statusLine)
			}
			if rec.Date != tt.date {
				t.Errorf("date = %q, want %q", rec.Date, tt.date)
			}
			if diff := cmp.Diff(tt.links, rec.Links); diff != "" {
				t.Errorf("links (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.makers, rec.DecisionMakers); diff != "" {
				t.Errorf("decision makers (-want +got):\n%s", diff)
			}
			checkProblems(t, probs, tt.problems)
		})
	}
}

// checkProblems compares problems with "line: message prefix" strings.
func checkProblems(t *testing.T, got []Problem, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d: %v", len(got), len(want), got)
		return
	}
	for i, p := range got {
		// "line: msg" compares the line only, "line:col: msg" the column too.
		pos, msg, _ := strings.Cut(want[i], ": ")
		gotPos := strconv.Itoa(p.Line)
		if strings.Contains(pos, ":") {
			gotPos += ":" + strconv.Itoa(p.Column)
		}
		if gotPos != pos || !strings.HasPrefix(p.Message, msg) {
			t.Errorf("problem %d = %s: %s, want %s", i, gotPos, p.Message, want[i])
		}
	}
}

func TestParseOversize(t *testing.T) {
	src := []byte("# 1. Big\n\n## Status\n\nAccepted\n" + strings.Repeat("x", MaxFileSize))
	rec, probs := Parse("0001-big.md", src)
	if rec.Status != StatusUnknown || rec.Number != 1 {
		t.Errorf("got %+v, want an unread record numbered 1", rec)
	}
	if len(probs) != 1 || !strings.Contains(probs[0].Message, "larger than 1 MiB") {
		t.Errorf("problems = %v, want one saying the file is too large", probs)
	}
}

func TestClassifyStatus(t *testing.T) {
	tests := []struct {
		text string
		want Status
	}{
		{"Accepted", StatusAccepted},
		{"✅ Accepted", StatusAccepted},
		{"accepted on 2020-01-02", StatusAccepted},
		{"Approved", StatusAccepted},
		{"♻️ Amended", StatusAccepted},
		{"Proposed", StatusProposed},
		{"🤔 Proposed", StatusProposed},
		{"In review", StatusProposed},
		{"Draft", StatusProposed},
		{"❌ Rejected (see 019)", StatusRejected},
		{"Not accepted", StatusRejected},
		{"Deprecated", StatusDeprecated},
		{"Superseded by [3. Foo](0003-foo.md)", StatusSuperseded},
		{"Superceded by 3. Foo", StatusSuperseded},
		{"⌛️ Superseded by 036", StatusSuperseded},
		{"Obsolete, superseded by ADR-9", StatusDeprecated},
		{"Was good, superseded by ADR-9", StatusSuperseded},
		{"⌛", StatusSuperseded},
		{"2020-01-31 accepted", StatusAccepted},
		{"on hold", StatusUnknown},
		{"", StatusUnknown},
		{"Done ✅", StatusUnknown}, // trailing emoji do not count, "done" is not a status word
	}
	for _, tt := range tests {
		if got := ClassifyStatus(tt.text); got != tt.want {
			t.Errorf("ClassifyStatus(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestFileNumber(t *testing.T) {
	tests := []struct {
		name string
		want int
		ok   bool
	}{
		{"0001-record.md", 1, true},
		{"docs/adr/000-zero.md", 0, true},
		{"ADR-012-thing.md", 12, true},
		{"adr_7.md", 7, true},
		{"42.md", 42, true},
		{"20200101-log4brains.md", 0, false},
		{"2020-01-31-dated.md", 0, false},
		{"readme.md", 0, false},
		{"2fa.md", 0, false},
	}
	for _, tt := range tests {
		got, ok := FileNumber(tt.name)
		if got != tt.want || ok != tt.ok {
			t.Errorf("FileNumber(%q) = %d, %v, want %d, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
