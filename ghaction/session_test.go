package ghaction_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/ghaction"
	"github.com/archdrift/archdrift/ghaction/ghtest"
	"github.com/archdrift/archdrift/report"
	"github.com/archdrift/archdrift/reporters"
)

// token is what the fake runner passes; no output may contain it.
const token = "ghs_s3cretTokenThatMustNotLeak"

const headSHA = "0123456789abcdef0123456789abcdef01234567"

// fakeClock sleeps by moving its time, and remembers every sleep.
type fakeClock struct {
	now   time.Time
	slept []time.Duration
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.slept = append(c.slept, d)
	c.now = c.now.Add(d)
	return ctx.Err()
}

// runner is a fake Actions runner: its files and environment.
type runner struct {
	env   ghaction.Env
	log   bytes.Buffer
	clock *fakeClock
}

func newRunner(t *testing.T, srv *ghtest.Server, eventName string) *runner {
	t.Helper()
	dir := t.TempDir()
	event := filepath.Join(dir, "event.json")
	payload := fmt.Sprintf(`{"action": "synchronize", "number": 7, "pull_request": {"number": 7, "title": "Bump orders", "head": {"sha": %q, "ref": "bump"}, "base": {"ref": "main"}}}`, headSHA)
	if eventName != "pull_request" {
		payload = `{"schedule": "0 3 * * *"}`
	}
	if err := os.WriteFile(event, []byte(payload), 0o644); err != nil {
		t.Fatal(err)
	}
	return &runner{
		env: ghaction.Env{
			EventName: eventName, EventPath: event, Repository: "acme/shop",
			SHA: "fedcba9876543210fedcba9876543210fedcba98", RunID: "42",
			APIURL: srv.URL, ServerURL: "https://github.com", Token: token,
			StepSummary: filepath.Join(dir, "summary.md"), Output: filepath.Join(dir, "output.txt"),
		},
		clock: &fakeClock{now: time.Unix(1_700_000_000, 0)},
	}
}

func (r *runner) open(t *testing.T, mod func(*ghaction.Options)) *ghaction.Session {
	t.Helper()
	opts := ghaction.Options{Env: r.env, Mode: ghaction.ModeAuto, Comment: true, Clock: r.clock, Log: &r.log}
	if mod != nil {
		mod(&opts)
	}
	s, err := ghaction.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (r *runner) file(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return string(b)
}

// result is a report with n findings; tag changes the Markdown so that two
// results with the same n can differ.
func result(n int, tag string) ghaction.Result {
	r := &report.Report{}
	for i := range n {
		sev := []report.Severity{report.SeverityError, report.SeverityWarning, report.SeverityNotice}[i%3]
		r.Findings = append(r.Findings, report.Finding{
			Rule: "element.undocumented", Severity: sev, Message: fmt.Sprintf("finding %d", i),
			Location: &report.Location{File: fmt.Sprintf("deploy/app-%03d.yaml", i), Line: i % 7},
		})
	}
	r.Sort()
	md := fmt.Sprintf("%s\n## %d findings %s\n", reporters.MarkdownMarker, n, tag)
	return ghaction.Result{Report: r, Markdown: md, Failed: r.Summary.Errors > 0}
}

// requests renders requests as "METHOD /path?query", plus the body's keys
// for writes, the form the tests compare.
func requests(list []ghtest.Request) []string {
	var out []string
	for _, r := range list {
		out = append(out, r.String())
	}
	return out
}

func checkTokens(t *testing.T, list []ghtest.Request) {
	t.Helper()
	for _, r := range list {
		if r.Token != token {
			t.Errorf("%s sent token %q, want the runner's", r, r.Token)
		}
	}
}

func TestPullRequestComment(t *testing.T) {
	srv := ghtest.New(t)
	// 120 earlier comments: finding the sticky one takes two pages.
	for i := range 120 {
		srv.AddComment(7, "octocat", fmt.Sprintf("review %d", i))
	}
	// A quote of the marker that does not open the comment is not ours.
	srv.AddComment(7, "octocat", "> "+reporters.MarkdownMarker+" quoted")
	run := newRunner(t, srv, "pull_request")
	const (
		list1 = "GET /repos/acme/shop/issues/7/comments?per_page=100"
		list2 = "GET /repos/acme/shop/issues/7/comments?page=2&per_page=100"
		check = "POST /repos/acme/shop/check-runs"
	)

	steps := []struct {
		name   string
		result ghaction.Result
		want   []string
		body   string // the sticky comment's body after the run
	}{
		{"first run posts", result(2, "a"), []string{list1, list2, "POST /repos/acme/shop/issues/7/comments", check}, result(2, "a").Markdown},
		{"second run edits", result(3, "b"), []string{list1, list2, "PATCH /repos/acme/shop/issues/comments/%d", check}, result(3, "b").Markdown},
		{"same report leaves it", result(3, "b"), []string{list1, list2, check}, result(3, "b").Markdown},
		{"clean run resolves", result(0, ""), []string{list1, list2, "PATCH /repos/acme/shop/issues/comments/%d", check}, "## ✅ Architecture drift resolved"},
		{"still clean leaves it", result(0, ""), []string{list1, list2, check}, "## ✅ Architecture drift resolved"},
		{"drift comes back to the same comment", result(1, "c"), []string{list1, list2, "PATCH /repos/acme/shop/issues/comments/%d", check}, result(1, "c").Markdown},
	}
	var stickyID int64
	for i, step := range steps {
		s := run.open(t, nil)
		if err := s.Publish(context.Background(), step.result); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		got := srv.TakeRequests()
		checkTokens(t, got)
		comments := srv.Comments(7)
		if len(comments) != 122 {
			t.Fatalf("%s: %d comments, want 122 (121 earlier, one sticky)", step.name, len(comments))
		}
		sticky := comments[121]
		if i == 0 {
			stickyID = sticky.ID
		}
		if sticky.ID != stickyID {
			t.Errorf("%s: sticky comment %d, want the same comment %d", step.name, sticky.ID, stickyID)
		}
		want := slicesMap(step.want, func(s string) string {
			if strings.Contains(s, "%d") {
				return fmt.Sprintf(s, stickyID)
			}
			return s
		})
		if d := cmp.Diff(want, requests(got)); d != "" {
			t.Errorf("%s: requests (-want +got):\n%s", step.name, d)
		}
		if !strings.HasPrefix(sticky.Body, reporters.MarkdownMarker) || !strings.Contains(sticky.Body, step.body) {
			t.Errorf("%s: sticky comment is %q, want the marker and %q", step.name, sticky.Body, step.body)
		}
	}
	if c := srv.Comments(7)[119]; c.Body != "review 119" || srv.Comments(7)[0].Body != "review 0" {
		t.Errorf("other comments were changed: %+v", c)
	}
	if run.log.Len() != 0 {
		t.Errorf("warnings on a writable token: %s", run.log.String())
	}
}

func TestCommentDisabled(t *testing.T) {
	srv := ghtest.New(t)
	run := newRunner(t, srv, "pull_request")
	s := run.open(t, func(o *ghaction.Options) { o.Comment = false })
	if err := s.Publish(context.Background(), result(2, "")); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"POST /repos/acme/shop/check-runs"}, requests(srv.Requests())); d != "" {
		t.Errorf("requests (-want +got):\n%s", d)
	}
}

func TestCheckRunAnnotationsInBatches(t *testing.T) {
	srv := ghtest.New(t)
	run := newRunner(t, srv, "pull_request")
	s := run.open(t, func(o *ghaction.Options) { o.Comment = false; o.Prefix = "services/shop/" })
	res := result(120, "")
	// A finding without a location gets no annotation; one that climbs out
	// of the repository neither.
	res.Report.Findings = append(res.Report.Findings,
		report.Finding{Rule: "element.missing", Severity: report.SeverityWarning, Message: "nowhere"},
		report.Finding{Rule: "element.missing", Severity: report.SeverityWarning, Message: "outside", Location: &report.Location{File: "../etc/passwd", Line: 1}})
	if err := s.Publish(context.Background(), res); err != nil {
		t.Fatal(err)
	}
	got := srv.Requests()
	runs := srv.CheckRuns()
	if len(runs) != 1 {
		t.Fatalf("%d check runs, want 1", len(runs))
	}
	id := runs[0].ID
	want := []string{"POST /repos/acme/shop/check-runs", fmt.Sprintf("PATCH /repos/acme/shop/check-runs/%d", id), fmt.Sprintf("PATCH /repos/acme/shop/check-runs/%d", id)}
	if d := cmp.Diff(want, requests(got)); d != "" {
		t.Fatalf("requests (-want +got):\n%s", d)
	}
	type batch struct {
		Annotations        int
		Status, Conclusion any
	}
	var batches []batch
	for _, r := range got {
		out, _ := r.Body["output"].(map[string]any)
		anns, _ := out["annotations"].([]any)
		batches = append(batches, batch{len(anns), r.Body["status"], r.Body["conclusion"]})
	}
	wantBatches := []batch{{50, "in_progress", nil}, {50, nil, nil}, {20, "completed", "failure"}}
	if d := cmp.Diff(wantBatches, batches); d != "" {
		t.Errorf("batches (-want +got):\n%s", d)
	}
	if got[0].Body["head_sha"] != headSHA || got[0].Body["name"] != "archdrift" || got[0].Body["details_url"] != "https://github.com/acme/shop/actions/runs/42" {
		t.Errorf("create request %v: want the pull request's head, the name archdrift and the run's page", got[0].Body)
	}
	r := runs[0]
	if len(r.Annotations) != 120 || r.Status != "completed" || r.Conclusion != "failure" || r.Title != "Architecture drift: 40 errors, 40 warnings, 40 notices" {
		t.Errorf("check run: %d annotations, %s, %s, %q", len(r.Annotations), r.Status, r.Conclusion, r.Title)
	}
	first := r.Annotations[0]
	wantFirst := map[string]any{"path": "services/shop/deploy/app-000.yaml", "start_line": float64(1), "end_line": float64(1),
		"annotation_level": "failure", "title": "element.undocumented", "message": "finding 0"}
	if d := cmp.Diff(wantFirst, first); d != "" {
		t.Errorf("first annotation (-want +got):\n%s", d)
	}
}

func TestCheckRunConclusion(t *testing.T) {
	tests := []struct {
		name       string
		res        ghaction.Result
		conclusion string
	}{
		{"clean", result(0, ""), "success"},
		{"findings below the gate", func() ghaction.Result { r := result(2, ""); r.Failed = false; return r }(), "neutral"},
		{"gate failed", result(2, ""), "failure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := ghtest.New(t)
			run := newRunner(t, srv, "pull_request")
			if err := run.open(t, func(o *ghaction.Options) { o.Comment = false }).Publish(context.Background(), tt.res); err != nil {
				t.Fatal(err)
			}
			runs := srv.CheckRuns()
			if len(runs) != 1 || runs[0].Conclusion != tt.conclusion || runs[0].Status != "completed" {
				t.Errorf("check runs %+v, want one completed with %s", runs, tt.conclusion)
			}
		})
	}
}

func TestForkReadOnlyTokenDegrades(t *testing.T) {
	srv := ghtest.New(t)
	srv.SetReadOnly(true)
	run := newRunner(t, srv, "pull_request")
	s := run.open(t, nil)
	res := result(2, "fork")
	if err := s.Publish(context.Background(), res); err != nil {
		t.Fatalf("Publish with a read-only token: %v, want no error (the job must not fail for it)", err)
	}
	want := []string{"GET /repos/acme/shop/issues/7/comments?per_page=100", "POST /repos/acme/shop/issues/7/comments", "POST /repos/acme/shop/check-runs"}
	if d := cmp.Diff(want, requests(srv.Requests())); d != "" {
		t.Errorf("requests (-want +got):\n%s", d)
	}
	log := run.log.String()
	for _, want := range []string{
		"::warning title=archdrift::archdrift could not comment on pull request #7: GitHub answered 403 (Resource not accessible by integration): the token may write nothing here. A pull request from a fork gets a read-only token",
		"::warning title=archdrift::archdrift could not create the check run: GitHub answered 403",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	summary := run.file(t, run.env.StepSummary)
	if !strings.HasPrefix(summary, "> [!WARNING]\n> archdrift could not comment on pull request #7") || !strings.HasSuffix(summary, res.Markdown) {
		t.Errorf("job summary should open with the warning and hold the report:\n%s", summary)
	}
	if got := run.file(t, run.env.Output); got != "errors=1\nwarnings=1\nnotices=0\n" {
		t.Errorf("outputs = %q", got)
	}
}

func TestNoTokenDegrades(t *testing.T) {
	srv := ghtest.New(t)
	run := newRunner(t, srv, "pull_request")
	run.env.Token = ""
	if err := run.open(t, nil).Publish(context.Background(), result(1, "")); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests(); len(got) != 0 {
		t.Errorf("requests without a token: %v", requests(got))
	}
	if !strings.Contains(run.log.String(), "GITHUB_TOKEN is not set") || !strings.Contains(run.file(t, run.env.StepSummary), "GITHUB_TOKEN is not set") {
		t.Errorf("no warning about the missing token:\n%s", run.log.String())
	}
}

func TestNightlyIssue(t *testing.T) {
	srv := ghtest.New(t)
	// Neither an issue with another title nor a pull request is the report.
	srv.AddIssue(ghtest.Issue{Title: "Upgrade archdrift", Labels: []string{"archdrift"}})
	srv.AddIssue(ghtest.Issue{Title: ghaction.IssueTitle, Labels: []string{"archdrift"}, PullRequest: true})
	run := newRunner(t, srv, "schedule")
	const list = "GET /repos/acme/shop/issues?direction=desc&labels=archdrift&per_page=100&sort=created&state=all"
	steps := []struct {
		name   string
		result ghaction.Result
		want   []string
		bodies []map[string]any // bodies of the writes
		state  string
	}{
		{"drift creates", result(2, "a"), []string{list, "POST /repos/acme/shop/issues"},
			[]map[string]any{{"title": ghaction.IssueTitle, "body": result(2, "a").Markdown, "labels": []any{"archdrift"}}}, "open"},
		{"more drift updates", result(3, "b"), []string{list, "PATCH /repos/acme/shop/issues/3"},
			[]map[string]any{{"body": result(3, "b").Markdown}}, "open"},
		{"same drift leaves it", result(3, "b"), []string{list}, nil, "open"},
		{"clean closes", result(0, ""), []string{list, "PATCH /repos/acme/shop/issues/3"}, nil, "closed"},
		{"still clean leaves it closed", result(0, ""), []string{list}, nil, "closed"},
		{"drift reopens the same issue", result(1, "c"), []string{list, "PATCH /repos/acme/shop/issues/3"},
			[]map[string]any{{"body": result(1, "c").Markdown, "state": "open"}}, "open"},
	}
	for _, step := range steps {
		if err := run.open(t, nil).Publish(context.Background(), step.result); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		got := srv.TakeRequests()
		checkTokens(t, got)
		if d := cmp.Diff(step.want, requests(got)); d != "" {
			t.Errorf("%s: requests (-want +got):\n%s", step.name, d)
		}
		if step.bodies != nil {
			var bodies []map[string]any
			for _, r := range got[1:] {
				bodies = append(bodies, r.Body)
			}
			if d := cmp.Diff(step.bodies, bodies); d != "" {
				t.Errorf("%s: request bodies (-want +got):\n%s", step.name, d)
			}
		}
		issues := srv.Issues()
		if len(issues) != 3 {
			t.Fatalf("%s: %d issues, want 3 (one report)", step.name, len(issues))
		}
		if is := issues[2]; is.State != step.state || is.Title != ghaction.IssueTitle {
			t.Errorf("%s: issue %+v, want %s", step.name, is, step.state)
		}
		if step.state == "closed" && (issues[2].StateReason != "completed" || !strings.Contains(issues[2].Body, "No architecture drift")) {
			t.Errorf("%s: closed issue %+v, want completed with a clean body", step.name, issues[2])
		}
	}
}

func TestPushWritesSummaryOnly(t *testing.T) {
	srv := ghtest.New(t)
	run := newRunner(t, srv, "push")
	s := run.open(t, nil)
	if files, ok, err := s.ChangedFiles(context.Background()); ok || err != nil || files != nil {
		t.Errorf("ChangedFiles on push = %v, %v, %v; want no change", files, ok, err)
	}
	if err := s.Publish(context.Background(), result(1, "push")); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests(); len(got) != 0 {
		t.Errorf("requests on push: %v", requests(got))
	}
	if got := run.file(t, run.env.StepSummary); got != result(1, "push").Markdown {
		t.Errorf("summary = %q", got)
	}
}

func TestChangedFiles(t *testing.T) {
	srv := ghtest.New(t)
	var files []string
	for i := range 150 {
		files = append(files, fmt.Sprintf("shop/deploy/app-%03d.yaml", i))
	}
	files = append(files, "README.md", "shop/docs/workspace.dsl<-docs/workspace.dsl")
	srv.SetPullRequestFiles(7, files...)
	run := newRunner(t, srv, "pull_request")
	s := run.open(t, func(o *ghaction.Options) { o.Prefix = "shop/" })
	got, ok, err := s.ChangedFiles(context.Background())
	if err != nil || !ok {
		t.Fatalf("ChangedFiles: %v, %v", ok, err)
	}
	if len(got) != 151 || got[0] != "deploy/app-000.yaml" || got[150] != "docs/workspace.dsl" {
		t.Errorf("ChangedFiles = %d files %q … %q; want 151, relative to shop/, the rename's old name outside it dropped", len(got), got[0], got[len(got)-1])
	}
	want := []string{"GET /repos/acme/shop/pulls/7/files?per_page=100", "GET /repos/acme/shop/pulls/7/files?page=2&per_page=100"}
	if d := cmp.Diff(want, requests(srv.Requests())); d != "" {
		t.Errorf("requests (-want +got):\n%s", d)
	}
}

func TestEnterpriseAPIURL(t *testing.T) {
	srv := ghtest.New(t)
	srv.SetPullRequestFiles(7, "a.yaml")
	run := newRunner(t, srv, "pull_request")
	run.env.APIURL = srv.URL + "/api/v3"
	if _, _, err := run.open(t, nil).ChangedFiles(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"GET /api/v3/repos/acme/shop/pulls/7/files?per_page=100"}, requests(srv.Requests())); d != "" {
		t.Errorf("requests (-want +got):\n%s", d)
	}
}

func TestRateLimitsAreWaitedOut(t *testing.T) {
	tests := []struct {
		name   string
		limits func(now time.Time) []ghtest.Limit
		slept  []time.Duration
	}{
		{"primary waits for the reset", func(now time.Time) []ghtest.Limit { return []ghtest.Limit{{Reset: now.Add(20 * time.Second)}} }, []time.Duration{20 * time.Second}},
		{"secondary waits retry-after", func(time.Time) []ghtest.Limit { return []ghtest.Limit{{Secondary: true, RetryAfter: 30}} }, []time.Duration{30 * time.Second}},
		{"twice, within the budget", func(now time.Time) []ghtest.Limit {
			return []ghtest.Limit{{Secondary: true, RetryAfter: 10}, {Reset: now.Add(25 * time.Second)}}
		}, []time.Duration{10 * time.Second, 15 * time.Second}},
		{"a reset already past waits a second", func(now time.Time) []ghtest.Limit { return []ghtest.Limit{{Reset: now.Add(-time.Hour)}} }, []time.Duration{time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := ghtest.New(t)
			srv.SetPullRequestFiles(7, "a.yaml")
			run := newRunner(t, srv, "pull_request")
			srv.RateLimitNext(tt.limits(run.clock.now)...)
			files, _, err := run.open(t, nil).ChangedFiles(context.Background())
			if err != nil || len(files) != 1 {
				t.Fatalf("ChangedFiles = %v, %v", files, err)
			}
			if d := cmp.Diff(tt.slept, run.clock.slept); d != "" {
				t.Errorf("sleeps (-want +got):\n%s", d)
			}
			if n := len(srv.Requests()); n != len(tt.slept)+1 {
				t.Errorf("%d requests, want %d", n, len(tt.slept)+1)
			}
		})
	}
}

func TestRateLimitBeyondTheBudget(t *testing.T) {
	srv := ghtest.New(t)
	srv.SetPullRequestFiles(7, "a.yaml")
	run := newRunner(t, srv, "pull_request")
	srv.RateLimitNext(ghtest.Limit{Secondary: true, RetryAfter: 45}, ghtest.Limit{Secondary: true, RetryAfter: 45})
	s := run.open(t, nil)
	_, _, err := s.ChangedFiles(context.Background())
	var rl *ghaction.RateLimitError
	if !errors.As(err, &rl) || rl.Wait != 45*time.Second || rl.Waited != 45*time.Second || rl.Budget != ghaction.DefaultMaxWait {
		t.Fatalf("ChangedFiles error = %v, want a RateLimitError after 45s of 60s", err)
	}
	if d := cmp.Diff([]time.Duration{45 * time.Second}, run.clock.slept); d != "" {
		t.Errorf("sleeps (-want +got):\n%s", d)
	}

	// Publishing degrades instead: the report is in the summary.
	srv.RateLimitNext(ghtest.Limit{Secondary: true, RetryAfter: 3600})
	if err := run.open(t, func(o *ghaction.Options) { o.Comment = false }).Publish(context.Background(), result(1, "")); err != nil {
		t.Fatalf("Publish: %v, want a warning only", err)
	}
	if !strings.Contains(run.log.String(), "could not create the check run: rate limited by the GitHub API") {
		t.Errorf("log: %s", run.log.String())
	}
}

// TestTokenNeverLeaks talks to a server that echoes the Authorization
// header in its errors, the worst case.
func TestTokenNeverLeaks(t *testing.T) {
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, `{"message": "boom for %s"}`, r.Header.Get("Authorization"))
	}))
	defer echo.Close()
	srv := ghtest.New(t)
	run := newRunner(t, srv, "pull_request")
	run.env.APIURL = echo.URL
	s := run.open(t, nil)
	_, _, err := s.ChangedFiles(context.Background())
	if err == nil {
		t.Fatal("ChangedFiles against a failing server: no error")
	}
	err2 := s.Publish(context.Background(), result(1, ""))
	if err2 == nil {
		t.Fatal("Publish against a failing server: no error")
	}
	for _, text := range []string{err.Error(), err2.Error(), run.log.String(), run.file(t, run.env.StepSummary),
		fmt.Sprintf("%v %+v %#v %s", run.env, run.env, run.env, run.env.Token)} {
		if strings.Contains(text, token) {
			t.Errorf("the token leaks into %q", text)
		}
	}
	if !strings.Contains(err.Error(), "github: listing the files of pull request #7") || !strings.Contains(err.Error(), "500") {
		t.Errorf("error %q should say what failed", err)
	}
}

func TestOpenErrors(t *testing.T) {
	srv := ghtest.New(t)
	tests := []struct {
		name string
		mod  func(*ghaction.Env, *ghaction.Options)
		want string
	}{
		{"no repository", func(e *ghaction.Env, _ *ghaction.Options) { e.Repository = "" }, `GITHUB_REPOSITORY "": want owner/name`},
		{"pull-request mode on push", func(e *ghaction.Env, o *ghaction.Options) { e.EventName = "push"; o.Mode = ghaction.ModePullRequest }, `mode pull-request needs a pull_request or pull_request_target event, not "push"`},
		{"no event file", func(e *ghaction.Env, _ *ghaction.Options) { e.EventPath = "" }, "GITHUB_EVENT_PATH is not set"},
		{"event without a pull request", func(e *ghaction.Env, _ *ghaction.Options) {
			p := filepath.Join(t.TempDir(), "event.json")
			os.WriteFile(p, []byte(`{"ref": "main"}`), 0o644)
			e.EventPath = p
		}, "names no pull request"},
		{"bad API URL", func(e *ghaction.Env, _ *ghaction.Options) { e.APIURL = "file:///etc" }, `GITHUB_API_URL "file:///etc" is not an http(s) address`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := newRunner(t, srv, "pull_request")
			opts := ghaction.Options{Mode: ghaction.ModeAuto}
			tt.mod(&run.env, &opts)
			opts.Env = run.env
			_, err := ghaction.Open(opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestModes(t *testing.T) {
	srv := ghtest.New(t)
	tests := []struct {
		event string
		mode  ghaction.Mode
		pr    int
		calls string // the first request Publish makes
	}{
		{"pull_request", ghaction.ModeAuto, 7, "GET /repos/acme/shop/issues/7/comments?per_page=100"},
		{"pull_request_target", ghaction.ModeAuto, 7, "GET /repos/acme/shop/issues/7/comments?per_page=100"},
		{"schedule", ghaction.ModeAuto, 0, "GET /repos/acme/shop/issues?direction=desc&labels=archdrift&per_page=100&sort=created&state=all"},
		{"workflow_dispatch", ghaction.ModeAuto, 0, "GET /repos/acme/shop/issues?direction=desc&labels=archdrift&per_page=100&sort=created&state=all"},
		{"push", ghaction.ModeNightly, 0, "GET /repos/acme/shop/issues?direction=desc&labels=archdrift&per_page=100&sort=created&state=all"},
		{"push", ghaction.ModeAuto, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.event+" "+string(tt.mode), func(t *testing.T) {
			run := newRunner(t, srv, "pull_request")
			run.env.EventName = tt.event
			s := run.open(t, func(o *ghaction.Options) { o.Mode = tt.mode })
			if s.PullRequest() != tt.pr {
				t.Errorf("PullRequest() = %d, want %d", s.PullRequest(), tt.pr)
			}
			srv.TakeRequests()
			if err := s.Publish(context.Background(), result(0, "")); err != nil {
				t.Fatal(err)
			}
			got := requests(srv.TakeRequests())
			if first := append(got, "")[0]; first != tt.calls {
				t.Errorf("first request %q, want %q", first, tt.calls)
			}
		})
	}
	if _, err := ghaction.ParseMode("weekly"); err == nil {
		t.Error("ParseMode(weekly): no error")
	}
}

func TestLinks(t *testing.T) {
	srv := ghtest.New(t)
	run := newRunner(t, srv, "pull_request")
	got := run.open(t, func(o *ghaction.Options) { o.Prefix = "services/shop/" }).Links()
	want := &reporters.Links{RepoURL: "https://github.com/acme/shop", Ref: headSHA + "/services/shop"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Links (-want +got):\n%s", d)
	}
	url := got.FileURL(&report.Location{File: "deploy/a.yaml", Line: 3})
	if url != "https://github.com/acme/shop/blob/"+headSHA+"/services/shop/deploy/a.yaml#L3" {
		t.Errorf("FileURL = %s", url)
	}
}

func slicesMap(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f(s)
	}
	return out
}
