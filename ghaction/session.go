package ghaction

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/archdrift/archdrift/report"
	"github.com/archdrift/archdrift/reporters"
)

// maxEventBytes bounds the webhook payload read from GITHUB_EVENT_PATH.
const maxEventBytes = 32 << 20

// maxPages bounds every paginated listing (100 items a page): GitHub lists
// at most 3,000 files of a pull request, and a sticky comment or the drift
// issue is found long before.
const maxPages = 50

// Options configure Open.
type Options struct {
	Env  Env
	Mode Mode
	// Comment posts (or updates) the sticky comment on a pull request.
	Comment bool
	// Prefix is the checked directory inside the repository, a slash path
	// ending in "/" ("" at the top): GitHub names files from the
	// repository's top, the report from the checked directory.
	Prefix string
	// HTTPClient carries the requests; nil means a client with a 30s
	// timeout. Its transport is wrapped to wait out rate limits.
	HTTPClient *http.Client
	// Clock waits out rate limits; nil means the real one.
	Clock Clock
	// MaxWait bounds the total time spent waiting out rate limits; zero
	// means DefaultMaxWait.
	MaxWait time.Duration
	// Log receives warnings, as workflow commands (::warning::) the runner
	// shows on the run's page; nil discards them.
	Log io.Writer
}

// Session is one archdrift run inside GitHub Actions.
type Session struct {
	opts        Options
	gh          *github.Client
	owner, repo string
	kind        kind
	pr          int    // pull request number (kindPullRequest)
	headSHA     string // the pull request's head, else GITHUB_SHA
}

// Open reads the event and prepares the API client. It makes no request.
func Open(opts Options) (*Session, error) {
	s := &Session{opts: opts, headSHA: opts.Env.SHA}
	if s.opts.Log == nil {
		s.opts.Log = io.Discard
	}
	var err error
	if s.owner, s.repo, err = opts.Env.ownerRepo(); err != nil {
		return nil, fmt.Errorf("github: %w", err)
	}
	mode := opts.Mode
	if mode == "" {
		mode = ModeAuto
	}
	if s.kind, err = resolveKind(mode, opts.Env.EventName); err != nil {
		return nil, fmt.Errorf("github: %w", err)
	}
	if s.kind == kindPullRequest {
		if err := s.readPullRequest(); err != nil {
			return nil, fmt.Errorf("github: %w", err)
		}
	}
	if s.gh, err = newClient(opts); err != nil {
		return nil, fmt.Errorf("github: %w", err)
	}
	return s, nil
}

func (s *Session) readPullRequest() error {
	if s.opts.Env.EventPath == "" {
		return errors.New("GITHUB_EVENT_PATH is not set: the pull request is unknown")
	}
	f, err := os.Open(s.opts.Env.EventPath)
	if err != nil {
		return fmt.Errorf("reading the event: %w", err)
	}
	defer f.Close()
	var ev github.PullRequestEvent
	if err := json.NewDecoder(io.LimitReader(f, maxEventBytes)).Decode(&ev); err != nil {
		return fmt.Errorf("reading the event %s: %w", s.opts.Env.EventPath, err)
	}
	s.pr = ev.GetPullRequest().GetNumber()
	if s.pr <= 0 {
		return fmt.Errorf("the %s event in %s names no pull request", s.opts.Env.EventName, s.opts.Env.EventPath)
	}
	if sha := ev.GetPullRequest().GetHead().GetSHA(); sha != "" {
		s.headSHA = sha
	}
	return nil
}

func newClient(opts Options) (*github.Client, error) {
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	clock := opts.Clock
	if clock == nil {
		clock = realClock{}
	}
	budget := opts.MaxWait
	if budget <= 0 {
		budget = DefaultMaxWait
	}
	wrapped := *hc
	wrapped.Transport = &waitingTransport{base: base, clock: clock, budget: budget}
	gh := github.NewClient(&wrapped)
	if opts.Env.Token != "" {
		gh = gh.WithAuthToken(string(opts.Env.Token))
	}
	if opts.Env.APIURL != "" {
		u, err := url.Parse(strings.TrimRight(opts.Env.APIURL, "/") + "/")
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("GITHUB_API_URL %q is not an http(s) address", opts.Env.APIURL)
		}
		gh.BaseURL = u
	}
	return gh, nil
}

// PullRequest is the number of the pull request under review, or 0.
func (s *Session) PullRequest() int { return s.pr }

// Links says where the report's files can be browsed: the repository at the
// pull request's head (a permanent commit; GITHUB_SHA is the temporary
// merge commit there) or at GITHUB_SHA. Report paths are relative to the
// checked directory, so the prefix joins the ref.
func (s *Session) Links() *reporters.Links {
	server := s.opts.Env.ServerURL
	if server == "" {
		server = "https://github.com"
	}
	if s.headSHA == "" {
		return nil
	}
	ref := s.headSHA
	if p := strings.Trim(s.opts.Prefix, "/"); p != "" {
		ref += "/" + p
	}
	return &reporters.Links{RepoURL: strings.TrimRight(server, "/") + "/" + s.owner + "/" + s.repo, Ref: ref}
}

// ChangedFiles lists the files the pull request changes (both names of a
// rename), relative to the checked directory; files outside it are left
// out. ok is false when the run is not on a pull request.
func (s *Session) ChangedFiles(ctx context.Context) (files []string, ok bool, err error) {
	if s.kind != kindPullRequest {
		return nil, false, nil
	}
	files = []string{}
	opt := &github.ListOptions{PerPage: 100}
	for page := 0; page < maxPages; page++ {
		list, resp, err := s.gh.PullRequests.ListFiles(ctx, s.owner, s.repo, s.pr, opt)
		if err != nil {
			return nil, true, s.redact(fmt.Errorf("github: listing the files of pull request #%d: %w", s.pr, err))
		}
		for _, f := range list {
			for _, name := range []string{f.GetFilename(), f.GetPreviousFilename()} {
				if rel, ok := s.relative(name); ok {
					files = append(files, rel)
				}
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	return files, true, nil
}

// relative makes a repository path relative to the checked directory.
func (s *Session) relative(name string) (string, bool) {
	if name == "" {
		return "", false
	}
	if s.opts.Prefix == "" {
		return name, true
	}
	rel, ok := strings.CutPrefix(name, s.opts.Prefix)
	return rel, ok && rel != ""
}

// repoPath makes a report path (relative to the checked directory) a
// repository path, or "" when it is not a plain relative path.
func (s *Session) repoPath(file string) string {
	file = strings.ReplaceAll(file, `\`, "/")
	if file == "" || path.IsAbs(file) || path.Clean(file) != file || file == ".." || strings.HasPrefix(file, "../") {
		return ""
	}
	return s.opts.Prefix + file
}

// Result is what a check produced, for Publish.
type Result struct {
	Report *report.Report
	// Markdown is the report rendered by reporters.Markdown; it starts with
	// reporters.MarkdownMarker.
	Markdown string
	// Failed says the gate failed: findings at or above --fail-on.
	Failed bool
}

// Publish posts the result where the event wants it (the sticky comment
// and a check run on a pull request, the drift issue on a schedule), then
// writes the job summary and the step outputs. A write GitHub refuses with
// 403, or a rate limit beyond the budget, is a warning and a note in the
// job summary, not an error; other failures are returned, after the
// summary and outputs are written.
func (s *Session) Publish(ctx context.Context, r Result) error {
	var notes []string
	var errs []error
	try := func(what string, write func() error) {
		err := write()
		if err == nil {
			return
		}
		if reason, ok := degradable(err); ok {
			msg := fmt.Sprintf("archdrift could not %s: %s. The report is in the job summary instead.", what, reason)
			notes = append(notes, msg)
			fmt.Fprintf(s.opts.Log, "::warning title=archdrift::%s\n", workflowEscape(msg))
			return
		}
		errs = append(errs, fmt.Errorf("github: %s: %w", what, err))
	}
	if s.kind != kindSummaryOnly && s.opts.Env.Token == "" {
		msg := "archdrift did not write to GitHub: GITHUB_TOKEN is not set (the action passes its github-token input). The report is in the job summary instead."
		notes = append(notes, msg)
		fmt.Fprintf(s.opts.Log, "::warning title=archdrift::%s\n", workflowEscape(msg))
	} else {
		switch s.kind {
		case kindPullRequest:
			if s.opts.Comment {
				try(fmt.Sprintf("comment on pull request #%d", s.pr), func() error { return s.upsertComment(ctx, r) })
			}
			try("create the check run", func() error { return s.createCheckRun(ctx, r) })
		case kindNightly:
			try(fmt.Sprintf("update the issue %q", IssueTitle), func() error { return s.upsertIssue(ctx, r) })
		}
	}
	if err := s.writeSummary(r.Markdown, notes); err != nil {
		errs = append(errs, err)
	}
	if err := s.writeOutputs(r.Report); err != nil {
		errs = append(errs, err)
	}
	return s.redact(errors.Join(errs...))
}

// degradable says whether err is one the run survives with a warning: a
// 403 (a read-only token, as pull requests from forks get, or a missing
// permission) or a rate limit beyond the budget.
func degradable(err error) (string, bool) {
	var rl *RateLimitError
	if errors.As(err, &rl) {
		return rl.Error(), true
	}
	var er *github.ErrorResponse
	if errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusForbidden {
		msg := er.Message
		if msg == "" {
			msg = "forbidden"
		}
		return fmt.Sprintf("GitHub answered 403 (%s): the token may write nothing here. A pull request from a fork gets a read-only token; otherwise grant the permissions the action documents", strings.TrimRight(msg, ".")), true
	}
	return "", false
}

// redact takes the token out of err's text, should any layer have put it
// there.
func (s *Session) redact(err error) error {
	tok := string(s.opts.Env.Token)
	if err == nil || tok == "" || !strings.Contains(err.Error(), tok) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), tok, "***"))
}

// workflowEscape escapes a workflow command's message
// (https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts).
func workflowEscape(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// writeSummary appends the report, after any notes, to the job summary.
func (s *Session) writeSummary(markdown string, notes []string) error {
	if s.opts.Env.StepSummary == "" {
		return nil
	}
	var b strings.Builder
	for _, n := range notes {
		b.WriteString("> [!WARNING]\n> " + n + "\n\n")
	}
	b.WriteString(markdown)
	if !strings.HasSuffix(markdown, "\n") {
		b.WriteString("\n")
	}
	return appendFile(s.opts.Env.StepSummary, b.String(), "job summary")
}

// writeOutputs sets the step outputs errors, warnings and notices.
func (s *Session) writeOutputs(r *report.Report) error {
	if s.opts.Env.Output == "" || r == nil {
		return nil
	}
	text := fmt.Sprintf("errors=%d\nwarnings=%d\nnotices=%d\n", r.Summary.Errors, r.Summary.Warnings, r.Summary.Notices)
	return appendFile(s.opts.Env.Output, text, "step outputs")
}

func appendFile(name, text, what string) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("github: %s: %w", what, err)
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return fmt.Errorf("github: %s: %w", what, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("github: %s: %w", what, err)
	}
	return nil
}
