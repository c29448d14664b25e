package adr

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir returns ../shared/corpus/adr relative to the repository root, or
// skips the test when the corpus is not there (a fresh clone).
func corpusDir(t *testing.T) string {
	t.Helper()
	corpus := corpusRoot()
	if corpus == "" {
		t.Skip("corpus not available at ../shared/corpus/adr")
	}
	return corpus
}

// TestCorpusLoad parses every ADR folder of the corpus: nothing may fail, and
// every numbered Markdown file but templates and READMEs must come back.
func TestCorpusLoad(t *testing.T) {
	corpus := corpusDir(t)
	tests := []struct {
		dir     string
		records int
		// problems lists every problem, as "file:line: message prefix".
		problems []string
	}{
		{dir: "adr-tools", records: 9},
		{dir: "madr", records: 19, problems: madrProblems()},
		{dir: "madr-template", records: 1, problems: []string{
			"0000-use-markdown-architectural-decision-records.md:1: no status",
		}},
		{dir: "moj-cloud-platform", records: 49, problems: []string{
			// 036 never says it supersedes 021.
			`021-Multi-cluster.md:7: superseded by ADR 36 (Multi-cluster), but 036-multi-cluster.md has no "supersedes" link back`,
			// Security ADRs are sign-posts to private documents.
			"028-Repo-vulnerability-scanning.md:1: no status",
			"029-Kubernetes-security-config-auditing.md:1: no status",
			"030-AWS-root-user-security.md:1: no status",
			// 030 kept 029's title.
			"030-AWS-root-user-security.md:1: the title says ADR 29 but the file name says 30",
			"031-Image-vulnerability-scanning.md:1: no status",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			recs, probs, err := Load(os.DirFS(filepath.Join(corpus, tt.dir)), ".")
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != tt.records {
				t.Errorf("got %d records, want %d", len(recs), tt.records)
			}
			var got []string
			for _, p := range probs {
				got = append(got, p.String())
			}
			if len(got) != len(tt.problems) {
				t.Errorf("got %d problems, want %d:\n%s", len(got), len(tt.problems), strings.Join(got, "\n"))
				return
			}
			for i, want := range tt.problems {
				if !strings.HasPrefix(got[i], want) {
					t.Errorf("problem %d:\n got %s\nwant %s…", i, got[i], want)
				}
			}
		})
	}
}

// madrProblems: MADR's own decisions carry no status, but for 0003's "on hold".
func madrProblems() []string {
	var out []string
	for _, f := range []string{
		"0000-use-markdown-architectural-decision-records.md:5",
		"0001-use-CC0-or-MIT-as-license.md:5",
		"0002-do-not-use-numbers-in-headings.md:5",
		"0003-provide-own-madr-tools.md:4",
		"0004-write-own-toc-tool.md:5",
		"0005-use-dashes-in-filenames.md:5",
		"0006-use-names-as-identifier.md:5",
		"0007-do-not-emphasize-line-headings.md:5",
		"0008-add-status-field.md:5",
		"0009-support-links-between-adrs-inside-an-adrs.md:5",
		"0010-support-categories.md:5",
		"0011-use-asterisk-as-list-marker.md:5",
		"0012-use-curly-braces-to-denote-placeholder.md:5",
		"0013-use-yaml-front-matter-for-meta-data.md:5",
		"0014-allow-neutral-arguments.md:5",
		"0015-include-consulting-informed-of-raci.md:5",
		"0016-outcome-before-detailed-pros-cons.md:5",
		"0017-use-same-format-for-outcomes-and-options.md:5",
		"0018-use-confirmation-as-heading.md:5",
	} {
		if strings.HasPrefix(f, "0003") {
			out = append(out, f+`: status "on hold" is not one of`)
			continue
		}
		out = append(out, f+": no status")
	}
	return out
}

// TestCorpusRecords checks status and number of hand-read corpus files. Each
// row was checked against the file itself; the comment says what is special.
// The corpus has no "Superceded by" (adr-tools' own log never supersedes
// anything): that spelling is covered by TestParse and testdata/adr-tools.
func TestCorpusRecords(t *testing.T) {
	corpus := corpusDir(t)
	tests := []struct {
		file       string
		number     int
		status     Status
		statusText string
		title      string
		date       string
		links      []string // "kind target"
	}{
		// adr-tools: Nygard format, "Amends"/"Amended by" links.
		{file: "adr-tools/0001-record-architecture-decisions.md", number: 1, status: StatusAccepted, statusText: "Accepted", title: "Record architecture decisions", date: "2016-02-12"},
		{file: "adr-tools/0004-markdown-format.md", number: 4, status: StatusAccepted, statusText: "Accepted", title: "Markdown format", date: "2016-02-12"},
		{file: "adr-tools/0005-help-comments.md", number: 5, status: StatusAccepted, statusText: "Accepted", date: "2016-02-13", links: []string{"amended-by 0009-help-scripts.md"}},
		{file: "adr-tools/0008-use-iso-8601-format-for-dates.md", number: 8, status: StatusAccepted, statusText: "Accepted", date: "2017-02-21"},
		{file: "adr-tools/0009-help-scripts.md", number: 9, status: StatusAccepted, statusText: "Accepted", date: "2018-06-26", links: []string{"amends 0005-help-comments.md"}},
		// MADR 4: front matter; most decisions have no status at all.
		{file: "madr/0000-use-markdown-architectural-decision-records.md", number: 0, status: StatusUnknown, title: "Use Markdown Architectural Decision Records"},
		{file: "madr/0003-provide-own-madr-tools.md", number: 3, status: StatusUnknown, statusText: "on hold", title: "Write Own MADR Tooling"},
		// 0008 quotes "status: superseded" in its body: not its own status.
		{file: "madr/0008-add-status-field.md", number: 8, status: StatusUnknown, title: "Add Status Field"},
		{file: "madr/0013-use-yaml-front-matter-for-meta-data.md", number: 13, status: StatusUnknown},
		{file: "madr/0018-use-confirmation-as-heading.md", number: 18, status: StatusUnknown},
		{file: "madr-template/0000-use-markdown-architectural-decision-records.md", number: 0, status: StatusUnknown},
		// moj-cloud-platform: emoji statuses, 3-digit numbers, dd/mm/yyyy dates.
		{file: "moj-cloud-platform/000-Record-Architecture-Decisions.md", number: 0, status: StatusAccepted, statusText: "✅ Accepted", title: "Record Architecture Decisions", date: "2019-05-01"},
		{file: "moj-cloud-platform/001-Use-AWS-hosted-elasticsearch.md", number: 1, status: StatusAccepted, statusText: "✅ Accepted", date: "05/02/2018"},
		// "Date 09/04/2018" has no colon.
		{file: "moj-cloud-platform/006-Use-github-as-user-directory.md", number: 6, status: StatusAccepted, date: "09/04/2018"},
		// Status section goes on with dated updates after "✅ Accepted", one
		// of which says "see [021-Multi-cluster](https://…)".
		{file: "moj-cloud-platform/012-One-cluster-for-dev-staging-prod.md", number: 12, status: StatusAccepted, statusText: "✅ Accepted", links: []string{
			"relates-to https://github.com/ministryofjustice/cloud-platform/blob/main/architecture-decision-record/021-Multi-cluster.md",
		}},
		{file: "moj-cloud-platform/017-Variable-Naming.md", number: 17, status: StatusProposed, statusText: "🤔 Proposed"},
		{file: "moj-cloud-platform/018-Dedicated-Ingress-Controllers.md", number: 18, status: StatusRejected, statusText: "❌ Rejected (see 019)", links: []string{"relates-to 019-Shared-Ingress-Controllers.md"}},
		// "# 020. Environments and Pipeline": a zero-padded title number.
		{file: "moj-cloud-platform/020-Environments-and-Pipeline.md", number: 20, status: StatusProposed, title: "Environments and Pipeline", date: "2021-02-26"},
		{file: "moj-cloud-platform/021-Multi-cluster.md", number: 21, status: StatusSuperseded, statusText: "⌛️ Superseded by 036. Multi-cluster", title: "Multi-cluster", links: []string{"superseded-by 036-multi-cluster.md"}},
		// "**Status:** Completed …" lines deep in the body are not the status.
		{file: "moj-cloud-platform/022-EKS.md", number: 22, status: StatusAccepted, statusText: "✅ Accepted", title: "EKS"},
		// Security ADRs are sign-posts without a status.
		{file: "moj-cloud-platform/028-Repo-vulnerability-scanning.md", number: 28, status: StatusUnknown, date: "2021-11-05"},
		// File 030 carries 029's title: the file name wins.
		{file: "moj-cloud-platform/030-AWS-root-user-security.md", number: 30, status: StatusUnknown, title: "Kubernetes security config auditing"},
		{file: "moj-cloud-platform/033-Manager-cluster.md", number: 33, status: StatusAccepted, statusText: "✅ Accepted (documenting an existing thing)"},
		// "🤔 Incomplete": the word is unknown, the emoji means proposed.
		{file: "moj-cloud-platform/034-EKS-Fargate.md", number: 34, status: StatusProposed, statusText: "🤔 Incomplete"},
		{file: "moj-cloud-platform/036-multi-cluster.md", number: 36, status: StatusAccepted, date: "2022-09-16"},
		{file: "moj-cloud-platform/037-serverless.md", number: 37, status: StatusRejected, statusText: "❌ Rejected", title: "Serverless (Lambda/Functions-as-a-Service)"},
		{file: "moj-cloud-platform/049-use-cluster-accounts-for-resources.md", number: 49, status: StatusAccepted, date: "2026-06-05"},
	}
	fsys := os.DirFS(corpus)
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rec, _ := ParseFile(fsys, tt.file)
			if rec.Number != tt.number {
				t.Errorf("number = %d, want %d", rec.Number, tt.number)
			}
			if rec.Status != tt.status {
				t.Errorf("status = %q (from %q), want %q", rec.Status, rec.StatusText, tt.status)
			}
			if tt.statusText != "" && rec.StatusText != tt.statusText {
				t.Errorf("status text = %q, want %q", rec.StatusText, tt.statusText)
			}
			if tt.title != "" && rec.Title != tt.title {
				t.Errorf("title = %q, want %q", rec.Title, tt.title)
			}
			if tt.date != "" && rec.Date != tt.date {
				t.Errorf("date = %q, want %q", rec.Date, tt.date)
			}
			if tt.links != nil || tt.status == StatusAccepted {
				var got []string
				for _, l := range rec.Links {
					got = append(got, l.Kind+" "+l.Target)
				}
				if strings.Join(got, "|") != strings.Join(tt.links, "|") {
					t.Errorf("links = %q, want %q", got, tt.links)
				}
			}
		})
	}
	if len(tests) < 20 {
		t.Fatalf("the table must keep at least 20 hand-checked files, has %d", len(tests))
	}
}
