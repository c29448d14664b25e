package ghaction

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

type stepClock struct {
	now   time.Time
	slept []time.Duration
}

func (c *stepClock) Now() time.Time { return c.now }

func (c *stepClock) Sleep(ctx context.Context, d time.Duration) error {
	c.slept = append(c.slept, d)
	c.now = c.now.Add(d)
	return ctx.Err()
}

// scripted answers each request with the next response of a script and
// records the bodies it received.
type scripted struct {
	answers []func(w http.ResponseWriter)
	bodies  []string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.bodies = append(s.bodies, string(b))
	if len(s.answers) == 0 {
		w.WriteHeader(http.StatusOK)
		return
	}
	a := s.answers[0]
	s.answers = s.answers[1:]
	a(w)
}

func TestWaitingTransport(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	tests := []struct {
		name     string
		answers  []func(w http.ResponseWriter)
		requests int // how many requests the test makes
		slept    []time.Duration
		status   int    // of the last response
		body     string // of the last response
		err      string
	}{
		{
			name: "429 without headers waits a minute",
			answers: []func(w http.ResponseWriter){func(w http.ResponseWriter) {
				w.WriteHeader(http.StatusTooManyRequests)
			}},
			requests: 1, slept: []time.Duration{time.Minute}, status: http.StatusOK,
		},
		{
			name: "403 naming the secondary limit without retry-after waits a minute",
			answers: []func(w http.ResponseWriter){func(w http.ResponseWriter) {
				w.WriteHeader(http.StatusForbidden)
				io.WriteString(w, `{"message": "You have exceeded a secondary rate limit"}`)
			}},
			requests: 1, slept: []time.Duration{time.Minute}, status: http.StatusOK,
		},
		{
			name: "a plain 403 is passed up with its body",
			answers: []func(w http.ResponseWriter){func(w http.ResponseWriter) {
				w.Header().Set("X-RateLimit-Remaining", "4000")
				w.WriteHeader(http.StatusForbidden)
				io.WriteString(w, `{"message": "Resource not accessible by integration"}`)
			}},
			requests: 1, status: http.StatusForbidden, body: `{"message": "Resource not accessible by integration"}`,
		},
		{
			name: "the last request of the window makes the next one wait",
			answers: []func(w http.ResponseWriter){func(w http.ResponseWriter) {
				w.Header().Set("X-RateLimit-Remaining", "0")
				w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(start.Add(12*time.Second).Unix(), 10))
				w.WriteHeader(http.StatusOK)
			}},
			requests: 2, slept: []time.Duration{12 * time.Second}, status: http.StatusOK,
		},
		{
			name: "a server that keeps refusing stops at the try limit",
			answers: func() []func(w http.ResponseWriter) {
				var out []func(w http.ResponseWriter)
				for range maxTries {
					out = append(out, func(w http.ResponseWriter) {
						w.Header().Set("Retry-After", "0")
						w.WriteHeader(http.StatusForbidden)
					})
				}
				return out
			}(),
			requests: 1, slept: []time.Duration{time.Second, time.Second, time.Second, time.Second, time.Second},
			err: "rate limited by the GitHub API: it asks to wait 1s more, after 5s already waited",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			script := &scripted{answers: tt.answers}
			srv := httptest.NewServer(script)
			defer srv.Close()
			clock := &stepClock{now: start}
			client := &http.Client{Transport: &waitingTransport{base: http.DefaultTransport, clock: clock, budget: DefaultMaxWait}}
			var resp *http.Response
			var err error
			for i := range tt.requests {
				resp, err = client.Post(srv.URL, "application/json", strings.NewReader(`{"n": `+strconv.Itoa(i)+`}`))
				if err != nil {
					break
				}
				if i < tt.requests-1 {
					resp.Body.Close()
				}
			}
			if d := cmp.Diff(tt.slept, clock.slept); d != "" {
				t.Errorf("sleeps (-want +got):\n%s", d)
			}
			if tt.err != "" {
				var rl *RateLimitError
				if err == nil || !errors.As(err, &rl) || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || string(body) != tt.body {
				t.Errorf("response %d %q, want %d %q", resp.StatusCode, body, tt.status, tt.body)
			}
			if resp.Header.Get("X-RateLimit-Remaining") != "" {
				t.Error("rate-limit headers passed up: go-github would refuse requests on its own")
			}
			// A retried POST sends its body again.
			for _, b := range script.bodies {
				if !strings.HasPrefix(b, `{"n": `) {
					t.Errorf("request body %q, want the original", b)
				}
			}
		})
	}
}

// cancelClock ends the context when asked to sleep, as a job cancelled
// while waiting out a rate limit.
type cancelClock struct{ cancel func() }

func (cancelClock) Now() time.Time { return time.Unix(1_700_000_000, 0) }

func (c cancelClock) Sleep(ctx context.Context, d time.Duration) error {
	c.cancel()
	return realClock{}.Sleep(ctx, time.Hour)
}

func TestWaitingTransportStopsWithTheContext(t *testing.T) {
	requests := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusForbidden)
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client := &http.Client{Transport: &waitingTransport{base: http.DefaultTransport, clock: cancelClock{cancel}, budget: DefaultMaxWait}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	if _, err := client.Do(req); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if requests != 1 {
		t.Errorf("%d requests, want 1 (no retry after cancellation)", requests)
	}
}
