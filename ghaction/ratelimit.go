package ghaction

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultMaxWait bounds the time one run spends waiting out rate limits,
// over all its requests: a drift report is not worth holding a runner
// longer.
const DefaultMaxWait = 60 * time.Second

// secondaryWait is how long to wait after a secondary rate limit that does
// not say: GitHub's documentation asks for at least a minute.
const secondaryWait = 60 * time.Second

// maxTries bounds the tries of one request, whatever the waits.
const maxTries = 6

// Clock tells the time and sleeps; tests pass a fake one so that waiting
// out a rate limit takes no time.
type Clock interface {
	Now() time.Time
	// Sleep returns after d, or with ctx's error when ctx ends first.
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// RateLimitError is returned when waiting out a rate limit would exceed
// the budget (Options.MaxWait).
type RateLimitError struct {
	Wait, Waited, Budget time.Duration
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("rate limited by the GitHub API: it asks to wait %s more, after %s already waited, beyond archdrift's budget of %s", e.Wait, e.Waited, e.Budget)
}

// waitingTransport waits out primary and secondary rate limits below
// go-github, so every call gets the same bounded treatment, and takes the
// rate-limit headers off the responses it passes up: go-github would
// otherwise refuse later calls on its own, against the wall clock, until
// the reset time.
type waitingTransport struct {
	base   http.RoundTripper
	clock  Clock
	budget time.Duration

	mu           sync.Mutex
	waited       time.Duration
	blockedUntil time.Time // the last response left no requests until then
}

func (t *waitingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for try := 1; ; try++ {
		if err := t.waitBlocked(req.Context()); err != nil {
			return nil, err
		}
		r := req
		if try > 1 {
			r = req.Clone(req.Context())
			if req.Body != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, err
				}
				r.Body = body
			}
		}
		resp, err := t.base.RoundTrip(r)
		if err != nil {
			return nil, err
		}
		wait, limited := t.rateLimitWait(resp)
		stripRateHeaders(resp.Header)
		if !limited {
			return resp, nil
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		if try >= maxTries || (req.Body != nil && req.GetBody == nil) {
			return nil, t.exceeded(wait)
		}
		if err := t.take(wait); err != nil {
			return nil, err
		}
		if err := t.clock.Sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

// waitBlocked waits until the primary limit resets when the previous
// response used the last request.
func (t *waitingTransport) waitBlocked(ctx context.Context) error {
	t.mu.Lock()
	until := t.blockedUntil
	t.blockedUntil = time.Time{}
	t.mu.Unlock()
	if until.IsZero() {
		return nil
	}
	wait := until.Sub(t.clock.Now())
	if wait <= 0 {
		return nil
	}
	if err := t.take(wait); err != nil {
		return err
	}
	return t.clock.Sleep(ctx, wait)
}

// take books wait against the budget, or says it would exceed it.
func (t *waitingTransport) take(wait time.Duration) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.waited+wait > t.budget {
		return &RateLimitError{Wait: wait, Waited: t.waited, Budget: t.budget}
	}
	t.waited += wait
	return nil
}

func (t *waitingTransport) exceeded(wait time.Duration) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return &RateLimitError{Wait: wait, Waited: t.waited, Budget: t.budget}
}

// rateLimitWait says whether resp is a rate-limit refusal and how long to
// wait before trying again, following GitHub's documentation: a primary
// limit (x-ratelimit-remaining: 0) resets at x-ratelimit-reset; a
// secondary one says retry-after, or else wants at least a minute. It also
// notes when a successful response used the last request.
func (t *waitingTransport) rateLimitWait(resp *http.Response) (time.Duration, bool) {
	h := resp.Header
	now := t.clock.Now()
	reset, hasReset := unixHeader(h, "X-RateLimit-Reset")
	exhausted := h.Get("X-RateLimit-Remaining") == "0"
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests {
		if exhausted && hasReset {
			t.mu.Lock()
			t.blockedUntil = reset
			t.mu.Unlock()
		}
		return 0, false
	}
	if s := h.Get("Retry-After"); s != "" {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n >= 0 {
			return atLeastASecond(time.Duration(n) * time.Second), true
		}
	}
	if exhausted && hasReset {
		return atLeastASecond(reset.Sub(now)), true
	}
	if resp.StatusCode == http.StatusTooManyRequests || secondaryMessage(resp) {
		return secondaryWait, true
	}
	return 0, false
}

// atLeastASecond keeps a wait from being zero, so that a server that keeps
// saying "now" still spends the budget and the loop ends.
func atLeastASecond(d time.Duration) time.Duration {
	return max(d, time.Second)
}

func unixHeader(h http.Header, name string) (time.Time, bool) {
	n, err := strconv.ParseInt(h.Get(name), 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}, false
	}
	return time.Unix(n, 0), true
}

// secondaryMessage peeks at a 403's body for GitHub's secondary-limit
// wording, and puts what it read back.
func secondaryMessage(resp *http.Response) bool {
	peek, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(peek), resp.Body), resp.Body}
	lower := strings.ToLower(string(peek))
	return strings.Contains(lower, "secondary rate limit") || strings.Contains(lower, "abuse")
}

// stripRateHeaders removes what go-github would use to refuse requests by
// itself; this transport already waited.
func stripRateHeaders(h http.Header) {
	for _, name := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Used", "X-RateLimit-Resource", "Retry-After"} {
		h.Del(name)
	}
}
