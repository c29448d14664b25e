// Package ghtest is a fake GitHub REST API for tests: the endpoints
// archdrift's GitHub Action uses (pull request files, issue comments,
// issues, check runs), answering as api.github.com does for what go-github
// sends, with pagination by Link header, rate-limit refusals and read-only
// tokens on demand. It records every request, so tests can assert the
// exact traffic.
//
// It serves both at the root (GITHUB_API_URL=URL, like api.github.com) and
// under /api/v3 (GitHub Enterprise Server).
package ghtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Request is one request the server received.
type Request struct {
	Method string
	// Path is the URL path as sent (with /api/v3 when the client used it).
	Path string
	// Query is the query string, keys sorted.
	Query string
	// Body is the decoded JSON body, nil when there was none.
	Body map[string]any
	// Token is the bearer token sent ("" for none).
	Token string
}

// String is "METHOD /path?query", the form tests compare.
func (r Request) String() string {
	if r.Query == "" {
		return r.Method + " " + r.Path
	}
	return r.Method + " " + r.Path + "?" + r.Query
}

// Comment is an issue or pull request comment.
type Comment struct {
	ID   int64
	User string
	Body string
}

// Issue is an issue (PullRequest marks the pull requests the issues API
// also lists).
type Issue struct {
	Number      int
	Title       string
	Body        string
	State       string // open | closed
	StateReason string
	Labels      []string
	PullRequest bool
}

// CheckRun is a check run with the annotations it was sent, in order.
type CheckRun struct {
	ID          int64
	Name        string
	HeadSHA     string
	Status      string
	Conclusion  string
	Title       string
	Summary     string
	Annotations []map[string]any
}

// Limit is a rate-limit refusal the server answers the next request with.
type Limit struct {
	// Secondary: a secondary limit with Retry-After seconds; else a
	// primary limit that resets at Reset.
	Secondary  bool
	RetryAfter int
	Reset      time.Time
}

// Server is the fake API.
type Server struct {
	// URL is the API's base address, for GITHUB_API_URL.
	URL string
	srv *httptest.Server

	mu        sync.Mutex
	requests  []Request
	files     map[int][]file
	comments  map[int][]*Comment
	issues    []*Issue
	checkRuns []*CheckRun
	readOnly  bool
	limits    []Limit
	nextID    int64
}

type file struct{ name, previous string }

// New starts a server; it stops when the test ends.
func New(t interface{ Cleanup(func()) }) *Server {
	s := &Server{files: map[int][]file{}, comments: map[int][]*Comment{}, nextID: 1000}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /repos/{owner}/{repo}/pulls/{number}/files", s.listFiles)
	mux.HandleFunc("GET /repos/{owner}/{repo}/issues/{number}/comments", s.listComments)
	mux.HandleFunc("POST /repos/{owner}/{repo}/issues/{number}/comments", s.createComment)
	mux.HandleFunc("PATCH /repos/{owner}/{repo}/issues/comments/{id}", s.editComment)
	mux.HandleFunc("DELETE /repos/{owner}/{repo}/issues/comments/{id}", s.deleteComment)
	mux.HandleFunc("GET /repos/{owner}/{repo}/issues", s.listIssues)
	mux.HandleFunc("POST /repos/{owner}/{repo}/issues", s.createIssue)
	mux.HandleFunc("PATCH /repos/{owner}/{repo}/issues/{number}", s.editIssue)
	mux.HandleFunc("POST /repos/{owner}/{repo}/check-runs", s.createCheckRun)
	mux.HandleFunc("PATCH /repos/{owner}/{repo}/check-runs/{id}", s.updateCheckRun)
	s.srv = httptest.NewServer(s.front(mux))
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// front records the request, then answers rate limits, missing tokens
// and read-only tokens the way GitHub does, before the endpoint runs.
func (s *Server) front(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
		req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query().Encode()}
		if len(bytes.TrimSpace(body)) > 0 {
			if err := json.Unmarshal(body, &req.Body); err != nil {
				writeError(w, http.StatusBadRequest, "Problems parsing JSON", "")
				return
			}
		}
		auth := r.Header.Get("Authorization")
		req.Token, _ = strings.CutPrefix(auth, "Bearer ")
		s.mu.Lock()
		s.requests = append(s.requests, req)
		var limit *Limit
		if len(s.limits) > 0 {
			limit = &s.limits[0]
			s.limits = s.limits[1:]
		}
		readOnly := s.readOnly
		s.mu.Unlock()

		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		switch {
		case limit != nil && limit.Secondary:
			w.Header().Set("Retry-After", strconv.Itoa(limit.RetryAfter))
			writeError(w, http.StatusForbidden, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
				"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits")
			return
		case limit != nil:
			w.Header().Set("X-RateLimit-Limit", "5000")
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Used", "5000")
			w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(limit.Reset.Unix(), 10))
			writeError(w, http.StatusForbidden, "API rate limit exceeded for installation ID 1.",
				"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api")
			return
		}
		w.Header().Set("X-RateLimit-Limit", "5000")
		w.Header().Set("X-RateLimit-Remaining", "4999")
		if r.Method != http.MethodGet && req.Token == "" {
			writeError(w, http.StatusUnauthorized, "Requires authentication", "https://docs.github.com/rest")
			return
		}
		if r.Method != http.MethodGet && readOnly {
			writeError(w, http.StatusForbidden, "Resource not accessible by integration", "https://docs.github.com/rest")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.URL.Path = strings.TrimPrefix(r.URL.Path, "/api/v3")
		next.ServeHTTP(w, r)
	})
}

func writeError(w http.ResponseWriter, code int, msg, doc string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"message": msg, "documentation_url": doc})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// page cuts items by the page and per_page parameters (GitHub's default
// is 30 a page) and sets the Link header to the next page.
func page[T any](w http.ResponseWriter, r *http.Request, items []T) []T {
	q := r.URL.Query()
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 || per > 100 {
		per = 30
	}
	n, _ := strconv.Atoi(q.Get("page"))
	n = max(n, 1)
	lo := min((n-1)*per, len(items))
	hi := min(lo+per, len(items))
	if hi < len(items) {
		q.Set("page", strconv.Itoa(n+1))
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
		w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="next"`, u.String()))
	}
	return items[lo:hi]
}

func number(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil {
		writeError(w, http.StatusNotFound, "Not Found", "")
		return 0, false
	}
	return n, true
}

// SetPullRequestFiles sets the files pull request pr changes; "new<-old"
// is a rename.
func (s *Server) SetPullRequestFiles(pr int, names ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[pr] = nil
	for _, n := range names {
		f := file{name: n}
		if cur, prev, ok := strings.Cut(n, "<-"); ok {
			f = file{name: cur, previous: prev}
		}
		s.files[pr] = append(s.files[pr], f)
	}
}

// AddComment adds a comment to pull request or issue pr, returning its ID.
func (s *Server) AddComment(pr int, user, body string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	s.comments[pr] = append(s.comments[pr], &Comment{ID: s.nextID, User: user, Body: body})
	return s.nextID
}

// Comments returns the comments of pr.
func (s *Server) Comments(pr int) []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Comment
	for _, c := range s.comments[pr] {
		out = append(out, *c)
	}
	return out
}

// AddIssue adds an issue and returns its number.
func (s *Server) AddIssue(is Issue) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	is.Number = len(s.issues) + 1
	if is.State == "" {
		is.State = "open"
	}
	s.issues = append(s.issues, &is)
	return is.Number
}

// Issues returns the issues, by number.
func (s *Server) Issues() []Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Issue
	for _, is := range s.issues {
		out = append(out, *is)
	}
	return out
}

// CheckRuns returns the check runs, in creation order.
func (s *Server) CheckRuns() []CheckRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []CheckRun
	for _, c := range s.checkRuns {
		cp := *c
		cp.Annotations = slices.Clone(c.Annotations)
		out = append(out, cp)
	}
	return out
}

// SetReadOnly makes every write answer 403, as a fork's pull request token.
func (s *Server) SetReadOnly(ro bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.readOnly = ro
}

// RateLimitNext answers the next requests with these refusals, one each.
func (s *Server) RateLimitNext(limits ...Limit) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits = append(s.limits, limits...)
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// TakeRequests returns the requests received so far and forgets them.
func (s *Server) TakeRequests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.requests
	s.requests = nil
	return out
}

func (s *Server) listFiles(w http.ResponseWriter, r *http.Request) {
	pr, ok := number(w, r, "number")
	if !ok {
		return
	}
	s.mu.Lock()
	var all []map[string]any
	for _, f := range s.files[int(pr)] {
		m := map[string]any{"filename": f.name, "status": "modified"}
		if f.previous != "" {
			m["status"], m["previous_filename"] = "renamed", f.previous
		}
		all = append(all, m)
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, orEmpty(page(w, r, all)))
}

func (s *Server) commentJSON(c *Comment) map[string]any {
	return map[string]any{"id": c.ID, "body": c.Body, "user": map[string]any{"login": c.User, "type": "Bot"}}
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	pr, ok := number(w, r, "number")
	if !ok {
		return
	}
	s.mu.Lock()
	var all []map[string]any
	for _, c := range s.comments[int(pr)] {
		all = append(all, s.commentJSON(c))
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, orEmpty(page(w, r, all)))
}

func (s *Server) createComment(w http.ResponseWriter, r *http.Request) {
	pr, ok := number(w, r, "number")
	if !ok {
		return
	}
	var in struct{ Body string }
	json.NewDecoder(r.Body).Decode(&in)
	id := s.AddComment(int(pr), "github-actions[bot]", in.Body)
	writeJSON(w, http.StatusCreated, s.commentJSON(&Comment{ID: id, User: "github-actions[bot]", Body: in.Body}))
}

func (s *Server) findComment(id int64) *Comment {
	for _, list := range s.comments {
		for _, c := range list {
			if c.ID == id {
				return c
			}
		}
	}
	return nil
}

func (s *Server) editComment(w http.ResponseWriter, r *http.Request) {
	id, ok := number(w, r, "id")
	if !ok {
		return
	}
	var in struct{ Body string }
	json.NewDecoder(r.Body).Decode(&in)
	s.mu.Lock()
	c := s.findComment(id)
	if c != nil {
		c.Body = in.Body
	}
	s.mu.Unlock()
	if c == nil {
		writeError(w, http.StatusNotFound, "Not Found", "")
		return
	}
	writeJSON(w, http.StatusOK, s.commentJSON(c))
}

func (s *Server) deleteComment(w http.ResponseWriter, r *http.Request) {
	id, ok := number(w, r, "id")
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for pr, list := range s.comments {
		s.comments[pr] = slices.DeleteFunc(list, func(c *Comment) bool { return c.ID == id })
	}
	w.WriteHeader(http.StatusNoContent)
}

func issueJSON(is *Issue) map[string]any {
	labels := []map[string]any{}
	for _, l := range is.Labels {
		labels = append(labels, map[string]any{"name": l})
	}
	m := map[string]any{"number": is.Number, "title": is.Title, "body": is.Body, "state": is.State, "labels": labels}
	if is.StateReason != "" {
		m["state_reason"] = is.StateReason
	}
	if is.PullRequest {
		m["pull_request"] = map[string]any{"url": "https://api.github.com/pulls/" + strconv.Itoa(is.Number)}
	}
	return m
}

// listIssues filters by labels and state, newest first unless
// direction=asc, as GitHub does.
func (s *Server) listIssues(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	var want []string
	if l := q.Get("labels"); l != "" {
		want = strings.Split(l, ",")
	}
	s.mu.Lock()
	var all []map[string]any
	for _, is := range s.issues {
		if state != "all" && is.State != state {
			continue
		}
		if !containsAll(is.Labels, want) {
			continue
		}
		all = append(all, issueJSON(is))
	}
	s.mu.Unlock()
	if q.Get("direction") != "asc" {
		slices.Reverse(all)
	}
	writeJSON(w, http.StatusOK, orEmpty(page(w, r, all)))
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

type issueRequest struct {
	Title       *string
	Body        *string
	State       *string
	StateReason *string `json:"state_reason"`
	Labels      *[]string
}

func (s *Server) createIssue(w http.ResponseWriter, r *http.Request) {
	var in issueRequest
	json.NewDecoder(r.Body).Decode(&in)
	if in.Title == nil || *in.Title == "" {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed", "")
		return
	}
	is := Issue{Title: *in.Title}
	if in.Body != nil {
		is.Body = *in.Body
	}
	if in.Labels != nil {
		is.Labels = *in.Labels
	}
	n := s.AddIssue(is)
	s.mu.Lock()
	out := issueJSON(s.issues[n-1])
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) editIssue(w http.ResponseWriter, r *http.Request) {
	n, ok := number(w, r, "number")
	if !ok {
		return
	}
	var in issueRequest
	json.NewDecoder(r.Body).Decode(&in)
	s.mu.Lock()
	defer s.mu.Unlock()
	if n < 1 || int(n) > len(s.issues) {
		writeError(w, http.StatusNotFound, "Not Found", "")
		return
	}
	is := s.issues[n-1]
	if in.Title != nil {
		is.Title = *in.Title
	}
	if in.Body != nil {
		is.Body = *in.Body
	}
	if in.State != nil {
		is.State = *in.State
		is.StateReason = ""
	}
	if in.StateReason != nil {
		is.StateReason = *in.StateReason
	}
	if in.Labels != nil {
		is.Labels = *in.Labels
	}
	writeJSON(w, http.StatusOK, issueJSON(is))
}

type checkRunRequest struct {
	Name       string
	HeadSHA    string `json:"head_sha"`
	Status     *string
	Conclusion *string
	Output     *struct {
		Title       string
		Summary     string
		Annotations []map[string]any
	}
}

func (s *Server) applyCheckRun(c *CheckRun, in checkRunRequest) error {
	if in.Name != "" {
		c.Name = in.Name
	}
	if in.Status != nil {
		c.Status = *in.Status
	}
	if in.Conclusion != nil {
		c.Conclusion = *in.Conclusion
	}
	if in.Output != nil {
		if len(in.Output.Annotations) > 50 {
			return fmt.Errorf("only 50 annotations are allowed per request, got %d", len(in.Output.Annotations))
		}
		c.Title, c.Summary = in.Output.Title, in.Output.Summary
		c.Annotations = append(c.Annotations, in.Output.Annotations...)
	}
	return nil
}

func checkRunJSON(c *CheckRun) map[string]any {
	return map[string]any{"id": c.ID, "name": c.Name, "head_sha": c.HeadSHA, "status": c.Status, "conclusion": c.Conclusion,
		"output": map[string]any{"title": c.Title, "annotations_count": len(c.Annotations)}}
}

func (s *Server) createCheckRun(w http.ResponseWriter, r *http.Request) {
	var in checkRunRequest
	json.NewDecoder(r.Body).Decode(&in)
	if in.Name == "" || in.HeadSHA == "" {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed: name and head_sha are required", "")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	c := &CheckRun{ID: s.nextID, HeadSHA: in.HeadSHA, Status: "queued"}
	if err := s.applyCheckRun(c, in); err != nil {
		writeError(w, http.StatusUnprocessableEntity, err.Error(), "")
		return
	}
	s.checkRuns = append(s.checkRuns, c)
	writeJSON(w, http.StatusCreated, checkRunJSON(c))
}

func (s *Server) updateCheckRun(w http.ResponseWriter, r *http.Request) {
	id, ok := number(w, r, "id")
	if !ok {
		return
	}
	var in checkRunRequest
	json.NewDecoder(r.Body).Decode(&in)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.checkRuns {
		if c.ID == id {
			if err := s.applyCheckRun(c, in); err != nil {
				writeError(w, http.StatusUnprocessableEntity, err.Error(), "")
				return
			}
			writeJSON(w, http.StatusOK, checkRunJSON(c))
			return
		}
	}
	writeError(w, http.StatusNotFound, "Not Found", "")
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
