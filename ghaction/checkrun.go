package ghaction

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/archdrift/archdrift/report"
)

// CheckRunName names the check run on the pull request's head.
const CheckRunName = "archdrift"

// annotationsPerRequest is the API's limit: a check run takes at most 50
// annotations per create or update request, and appends them.
const annotationsPerRequest = 50

// maxAnnotations bounds the requests one run makes; the report (in the
// summary) still has every finding.
const maxAnnotations = 1000

// maxCheckSummary is the API's limit on output.summary, in characters.
const maxCheckSummary = 65535

// createCheckRun creates a check run on the pull request's head with one
// annotation per finding that has a location: the first 50 with the
// create request, the rest 50 at a time in updates, the last of which
// completes the run.
func (s *Session) createCheckRun(ctx context.Context, r Result) error {
	anns := s.annotations(r.Report)
	var batches [][]*github.CheckRunAnnotation
	for len(anns) > annotationsPerRequest {
		batches = append(batches, anns[:annotationsPerRequest])
		anns = anns[annotationsPerRequest:]
	}
	batches = append(batches, anns)

	output := func(batch []*github.CheckRunAnnotation) *github.CheckRunOutput {
		summary := r.Markdown
		if len(summary) > maxCheckSummary {
			summary = strings.ToValidUTF8(summary[:maxCheckSummary-64], "") + "\n\n… (cut: the full report is in the job summary)\n"
		}
		return &github.CheckRunOutput{Title: github.String(checkTitle(r.Report)), Summary: github.String(summary), Annotations: batch}
	}
	conclusion := checkConclusion(r)
	create := github.CreateCheckRunOptions{Name: CheckRunName, HeadSHA: s.headSHA, Output: output(batches[0])}
	if len(batches) == 1 {
		create.Status, create.Conclusion = github.String("completed"), github.String(conclusion)
	} else {
		create.Status = github.String("in_progress")
	}
	if url := s.runURL(); url != "" {
		create.DetailsURL = github.String(url)
	}
	run, _, err := s.gh.Checks.CreateCheckRun(ctx, s.owner, s.repo, create)
	if err != nil {
		return err
	}
	for i, batch := range batches[1:] {
		update := github.UpdateCheckRunOptions{Name: CheckRunName, Output: output(batch)}
		if i == len(batches)-2 {
			update.Status, update.Conclusion = github.String("completed"), github.String(conclusion)
		}
		if _, _, err := s.gh.Checks.UpdateCheckRun(ctx, s.owner, s.repo, run.GetID(), update); err != nil {
			return err
		}
	}
	return nil
}

// annotations are the findings GitHub can pin to a line of a file.
func (s *Session) annotations(r *report.Report) []*github.CheckRunAnnotation {
	if r == nil {
		return nil
	}
	var out []*github.CheckRunAnnotation
	for _, f := range r.Findings {
		if len(out) == maxAnnotations {
			break
		}
		if f.Location == nil {
			continue
		}
		p := s.repoPath(f.Location.File)
		if p == "" {
			continue
		}
		line := max(f.Location.Line, 1)
		out = append(out, &github.CheckRunAnnotation{
			Path:            github.String(p),
			StartLine:       github.Int(line),
			EndLine:         github.Int(line),
			AnnotationLevel: github.String(annotationLevel(f.Severity)),
			Title:           github.String(f.Rule),
			Message:         github.String(f.Message),
		})
	}
	return out
}

func annotationLevel(s report.Severity) string {
	switch s {
	case report.SeverityError:
		return "failure"
	case report.SeverityWarning:
		return "warning"
	}
	return "notice"
}

// checkConclusion follows the gate: failure when it failed, neutral when
// there are findings below --fail-on, success when there are none.
func checkConclusion(r Result) string {
	switch {
	case r.Failed:
		return "failure"
	case r.Report != nil && len(r.Report.Findings) > 0:
		return "neutral"
	}
	return "success"
}

func checkTitle(r *report.Report) string {
	if r == nil || len(r.Findings) == 0 {
		return "No architecture drift"
	}
	return fmt.Sprintf("Architecture drift: %d errors, %d warnings, %d notices", r.Summary.Errors, r.Summary.Warnings, r.Summary.Notices)
}

// runURL is the workflow run's page, for the check run's details link.
func (s *Session) runURL() string {
	e := s.opts.Env
	if e.ServerURL == "" || e.RunID == "" {
		return ""
	}
	return fmt.Sprintf("%s/%s/%s/actions/runs/%s", e.ServerURL, s.owner, s.repo, e.RunID)
}
