package ghaction

import (
	"context"
	"fmt"

	"github.com/google/go-github/v60/github"

	"github.com/archdrift/archdrift/reporters"
)

// IssueTitle and IssueLabel find the nightly drift issue again.
const (
	IssueTitle = "Architecture drift report"
	IssueLabel = "archdrift"
)

// upsertIssue keeps one drift issue: created when there is drift and none
// exists, updated (and reopened) while there is drift, closed as completed
// when the estate is clean. A body that would not change is not sent.
func (s *Session) upsertIssue(ctx context.Context, r Result) error {
	issue, err := s.findIssue(ctx)
	if err != nil {
		return err
	}
	clean := r.Report == nil || len(r.Report.Findings) == 0
	switch {
	case clean && (issue == nil || issue.GetState() == "closed"):
		return nil
	case clean:
		_, _, err := s.gh.Issues.Edit(ctx, s.owner, s.repo, issue.GetNumber(), &github.IssueRequest{
			Body:        github.String(cleanIssueBody(s.headSHA)),
			State:       github.String("closed"),
			StateReason: github.String("completed"),
		})
		return err
	case issue == nil:
		_, _, err := s.gh.Issues.Create(ctx, s.owner, s.repo, &github.IssueRequest{
			Title:  github.String(IssueTitle),
			Body:   github.String(r.Markdown),
			Labels: &[]string{IssueLabel},
		})
		return err
	}
	req := &github.IssueRequest{}
	changed := false
	if issue.GetBody() != r.Markdown {
		req.Body, changed = github.String(r.Markdown), true
	}
	if issue.GetState() == "closed" {
		req.State, changed = github.String("open"), true
	}
	if !changed {
		return nil
	}
	_, _, err = s.gh.Issues.Edit(ctx, s.owner, s.repo, issue.GetNumber(), req)
	return err
}

// findIssue returns the open drift issue, else the most recent closed one
// (reopened when drift comes back, so there stays one issue), else nil.
// Pull requests, which the issues API lists too, are skipped.
func (s *Session) findIssue(ctx context.Context) (*github.Issue, error) {
	opt := &github.IssueListByRepoOptions{
		Labels: []string{IssueLabel}, State: "all", Sort: "created", Direction: "desc",
		ListOptions: github.ListOptions{PerPage: 100},
	}
	var closed *github.Issue
	for page := 0; page < maxPages; page++ {
		list, resp, err := s.gh.Issues.ListByRepo(ctx, s.owner, s.repo, opt)
		if err != nil {
			return nil, err
		}
		for _, is := range list {
			if is.IsPullRequest() || is.GetTitle() != IssueTitle {
				continue
			}
			if is.GetState() == "open" {
				return is, nil
			}
			if closed == nil {
				closed = is
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	return closed, nil
}

func cleanIssueBody(sha string) string {
	at := ""
	if sha != "" {
		at = fmt.Sprintf(" at `%.12s`", sha)
	}
	return reporters.MarkdownMarker + "\n## ✅ No architecture drift\n\n" +
		"The nightly check" + at + " found no drift, so this issue is closed. archdrift reopens it when drift comes back.\n"
}
