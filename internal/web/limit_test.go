package web_test

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/web"
)

// clock is a settable Config.Now.
type clock struct{ ns atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.ns.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	return c
}

func (c *clock) now() time.Time      { return time.Unix(0, c.ns.Load()) }
func (c *clock) add(d time.Duration) { c.ns.Add(int64(d)) }
func getFrom(t *testing.T, base, path, forwarded string) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if forwarded != "" {
		req.Header.Set("X-Forwarded-For", forwarded)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{path: path, status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// TestRateLimit: a client address (loopback included) gets its burst,
// then a 429 with Retry-After and a short body (JSON under /api/) until
// its tokens come back; /healthz and /static/ are not counted.
func TestRateLimit(t *testing.T) {
	c := newClock()
	ts := serve(t, archive, web.Config{RateLimit: 1, RateBurst: 3, Now: c.now})
	for i := range 3 {
		if r := getFrom(t, ts.URL, "/api/v1/stats", ""); r.status != http.StatusOK {
			t.Fatalf("request %d: %d, want 200", i+1, r.status)
		}
	}
	r := getFrom(t, ts.URL, "/api/v1/stats", "")
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != "1" ||
		!strings.Contains(r.body, `"message": "too many requests from your address: the limit is 1 a second, in bursts of up to 3"`) {
		t.Errorf("4th request = %d, Retry-After %q, body:\n%s", r.status, r.header.Get("Retry-After"), r.body)
	}
	if !strings.Contains(r.body, "Wait a second, then send fewer requests at a time.") {
		t.Errorf("4th request: no hint in the body:\n%s", r.body)
	}
	r = getFrom(t, ts.URL, "/help", "")
	if r.status != http.StatusTooManyRequests || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(r.body, "too many requests") {
		t.Errorf("/help = %d %q, want a 429 page", r.status, r.header.Get("Content-Type"))
	}
	for _, p := range []string{"/healthz", "/static/style.css"} {
		if r := getFrom(t, ts.URL, p, ""); r.status != http.StatusOK {
			t.Errorf("%s = %d, want 200: not counted", p, r.status)
		}
	}
	c.add(time.Second)
	if r := getFrom(t, ts.URL, "/api/v1/stats", ""); r.status != http.StatusOK {
		t.Errorf("a second later: %d, want 200", r.status)
	}
	if r := getFrom(t, ts.URL, "/api/v1/stats", ""); r.status != http.StatusTooManyRequests {
		t.Errorf("and then: %d, want 429", r.status)
	}
	// X-Forwarded-For is the client's to write unless a proxy is trusted.
	if r := getFrom(t, ts.URL, "/api/v1/stats", "203.0.113.9"); r.status != http.StatusTooManyRequests {
		t.Errorf("with X-Forwarded-For, no trusted proxy: %d, want 429", r.status)
	}
}

// TestRateLimitBehindProxy: behind a trusted proxy, each address that
// proxy appends to X-Forwarded-For has its own bucket; the IPv6
// addresses of one /64 share one.
func TestRateLimitBehindProxy(t *testing.T) {
	ts := serve(t, archive, web.Config{RateLimit: 1, RateBurst: 2, Now: newClock().now, TrustProxy: true})
	tests := []struct {
		forwarded string
		want      int
	}{
		{"203.0.113.9", 200},
		{"198.51.100.7, 203.0.113.9", 200}, // the proxy added the last one
		{"203.0.113.9", 429},
		{"198.51.100.7", 200},
		{"2001:db8::1", 200},
		{"2001:db8::2", 200},
		{"2001:db8:0:0:ffff::3", 429},
		{"2001:db8:0:1::1", 200},
	}
	for _, tt := range tests {
		if r := getFrom(t, ts.URL, "/api/v1/stats", tt.forwarded); r.status != tt.want {
			t.Errorf("X-Forwarded-For: %s: %d, want %d", tt.forwarded, r.status, tt.want)
		}
	}
}
