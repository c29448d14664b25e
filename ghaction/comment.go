package ghaction

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/archdrift/archdrift/reporters"
)

// upsertComment keeps one comment on the pull request: the first comment
// that starts with reporters.MarkdownMarker is edited (only when its text
// changes, so reruns do not churn), or one is posted. When the report is
// clean, an existing comment is marked resolved rather than deleted, so
// the conversation keeps its history; no comment is posted for a clean
// pull request that never had one.
func (s *Session) upsertComment(ctx context.Context, r Result) error {
	existing, err := s.findComment(ctx)
	if err != nil {
		return err
	}
	clean := r.Report == nil || len(r.Report.Findings) == 0
	var body string
	switch {
	case clean && existing == nil:
		return nil
	case clean:
		body = resolvedBody(s.headSHA)
	default:
		body = r.Markdown
	}
	if existing == nil {
		_, _, err := s.gh.Issues.CreateComment(ctx, s.owner, s.repo, s.pr, &github.IssueComment{Body: github.String(body)})
		return err
	}
	if existing.GetBody() == body {
		return nil
	}
	_, _, err = s.gh.Issues.EditComment(ctx, s.owner, s.repo, existing.GetID(), &github.IssueComment{Body: github.String(body)})
	return err
}

// findComment returns the sticky comment, or nil.
func (s *Session) findComment(ctx context.Context) (*github.IssueComment, error) {
	opt := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}}
	for page := 0; page < maxPages; page++ {
		list, resp, err := s.gh.Issues.ListComments(ctx, s.owner, s.repo, s.pr, opt)
		if err != nil {
			return nil, err
		}
		for _, c := range list {
			if strings.HasPrefix(c.GetBody(), reporters.MarkdownMarker) {
				return c, nil
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	return nil, nil
}

// resolvedBody replaces the report once the drift is gone. It keeps the
// marker, so that drift coming back edits the same comment again.
func resolvedBody(sha string) string {
	at := ""
	if sha != "" {
		at = fmt.Sprintf(" at `%.12s`", sha)
	}
	return reporters.MarkdownMarker + "\n## ✅ Architecture drift resolved\n\n" +
		"archdrift found no drift" + at + ": the model, the ADRs and what runs agree.\n"
}
