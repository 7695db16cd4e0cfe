package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

// watched reports each search whose query has a word* (or as match
// says) as it reaches the archive, and, while hold is open, keeps it
// there.
type watched struct {
	*sqlite.Store
	match   func(q string) bool // nil: the query has a *
	started chan string         // the query, buffered
	hold    chan struct{}       // nil: no holding
	running atomic.Int32        // watched searches in the archive now
	most    atomic.Int32        // the most at once
}

func (a *watched) Search(ctx context.Context, req *transcript.SearchRequest) (*transcript.SearchResult, error) {
	q := ""
	if req.Query != nil {
		q = req.Query.String()
	}
	if a.match == nil && !strings.Contains(q, "*") || a.match != nil && !a.match(q) {
		return a.Store.Search(ctx, req)
	}
	n := a.running.Add(1)
	defer a.running.Add(-1)
	for m := a.most.Load(); n > m && !a.most.CompareAndSwap(m, n); m = a.most.Load() {
	}
	select {
	case a.started <- req.Query.String():
	default:
	}
	if a.hold != nil {
		select {
		case <-a.hold:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return a.Store.Search(ctx, req)
}

// serve starts the site over a, with its rate limit off unless cfg sets
// one.
func serve(t testing.TB, a web.Archive, cfg web.Config) *httptest.Server {
	t.Helper()
	if cfg.RateLimit == 0 {
		cfg.RateLimit = -1
	}
	ts := httptest.NewServer(web.NewServer(a, cfg))
	t.Cleanup(ts.Close)
	return ts
}

// TestHeavySearchesLeaveRoom is the reproduction: four worst-case
// searches (each with another limit, which defeats the result cache) used
// to hold all four connections of the read pool, and /healthz, document
// pages and every other search waited for them (8.0 s against 0.001 s).
// Now they run one at a time, one connection stays free of searches, and
// /healthz does not touch the archive: the cheap requests sent while the
// heavy ones run are all answered before the first heavy one is.
func TestHeavySearchesLeaveRoom(t *testing.T) {
	a := &watched{Store: slowArchive(t), started: make(chan string, 8)}
	ts := serve(t, a, web.Config{BusyWait: time.Minute, RequestTimeout: time.Minute})

	heavy := make(chan answer, 4)
	for i := range 4 {
		go func() { heavy <- request(ts.URL, searchPath(worstQuery, "limit", string(rune('1'+i)))) }()
	}
	select {
	case <-a.started:
	case <-time.After(time.Minute):
		t.Fatal("no heavy search reached the archive")
	}
	cheap := []string{
		"/healthz",
		"/d/" + storetest.Synthetic(17).ID,
		searchPath(`"synthetic event 17"`),
		"/api/v1/search?q=zzz",
		"/api/v1/search?q=event&limit=3",
	}
	var got []answer
	for _, p := range cheap {
		got = append(got, request(ts.URL, p))
	}
	var heavyAnswers []answer
	for range 4 {
		heavyAnswers = append(heavyAnswers, <-heavy)
	}
	first := heavyAnswers[0].at
	for _, h := range heavyAnswers {
		// On a slow machine a heavy search may wait past BusyWait: a
		// 503 is fine, not running them all at once is the point.
		if h.err != nil || h.status != http.StatusOK && h.status != http.StatusServiceUnavailable {
			t.Errorf("GET %s: %d %v", h.path, h.status, h.err)
		}
		if h.at.Before(first) {
			first = h.at
		}
	}
	for _, c := range got {
		if c.err != nil || c.status != http.StatusOK {
			t.Errorf("GET %s: %d %v", c.path, c.status, c.err)
		}
		if !c.at.Before(first) {
			t.Errorf("GET %s was answered %v after the first heavy search, want before it", c.path, c.at.Sub(first))
		}
	}
	if n := a.most.Load(); n != 1 {
		t.Errorf("%d heavy searches ran at once, want 1", n)
	}
}

// TestBusySearch: a heavy search that cannot start within BusyWait, while
// another holds the only heavy turn, gets a 503 that says to retry, with
// Retry-After; cheap searches still run meanwhile.
func TestBusySearch(t *testing.T) {
	a := &watched{Store: archive, started: make(chan string, 8), hold: make(chan struct{}),
		match: func(q string) bool { return strings.Count(q, "*") > 1 }}
	ts := serve(t, a, web.Config{BusyWait: 50 * time.Millisecond, CacheSize: -1})
	first := make(chan answer, 1)
	go func() { first <- request(ts.URL, "/api/v1/search?q="+url.QueryEscape("talk* OR meet*")) }()
	<-a.started

	tests := []struct {
		path   string
		status int
		want   string // in the body
	}{
		{"/api/v1/search?q=" + url.QueryEscape("pres* energ*"), http.StatusServiceUnavailable, `"message": "the server is busy with other costly searches (it runs 1 at a time)"`},
		{searchPath("a*"), http.StatusServiceUnavailable, "fewer or longer words ending in *"},
		{"/api/v1/search?q=talks", http.StatusOK, `"hits"`},
		{searchPath("talk*"), http.StatusOK, "talk"},
		{"/export.csv?q=" + url.QueryEscape("x* OR y*"), http.StatusServiceUnavailable, "busy"},
	}
	for _, tt := range tests {
		r := request(ts.URL, tt.path)
		if r.err != nil || r.status != tt.status || !strings.Contains(r.body, tt.want) {
			t.Errorf("GET %s = %d %v, want %d with %q; body:\n%s", tt.path, r.status, r.err, tt.status, tt.want, r.body)
		}
		if tt.status == http.StatusServiceUnavailable && r.header.Get("Retry-After") != "1" {
			t.Errorf("GET %s: Retry-After %q, want 1", tt.path, r.header.Get("Retry-After"))
		}
	}
	close(a.hold)
	if r := <-first; r.status != http.StatusOK {
		t.Errorf("the held search: %d %v", r.status, r.err)
	}
}

// TestSearchSlots: with the archive's read connections all taken by
// searches but one, the next search waits for a turn, while a document
// page still gets the free connection.
func TestSearchSlots(t *testing.T) {
	a := &watched{Store: archive, started: make(chan string, 8), hold: make(chan struct{})}
	ts := serve(t, a, web.Config{Searches: 2, HeavySearches: 2, BusyWait: 50 * time.Millisecond, CacheSize: -1})
	held := make(chan answer, 2)
	for _, q := range []string{"talk*", "meet*"} {
		go func() { held <- request(ts.URL, "/api/v1/search?q="+q) }()
		<-a.started
	}
	r := request(ts.URL, "/api/v1/search?q=talks")
	var e struct {
		Error struct {
			Status  int
			Message string
		}
	}
	if err := json.Unmarshal([]byte(r.body), &e); err != nil || r.status != 503 || e.Error.Message != "the server is busy with other searches" {
		t.Errorf("a third search = %d %q, want 503 busy", r.status, r.body)
	}
	if r := request(ts.URL, "/d/"+sampleID); r.status != http.StatusOK {
		t.Errorf("document page = %d, want 200", r.status)
	}
	close(a.hold)
	for range 2 {
		if r := <-held; r.status != http.StatusOK {
			t.Errorf("GET %s = %d", r.path, r.status)
		}
	}
}

// TestTooManyPrefixes: a query with more than web.MaxPrefixes words
// ending in * (the 26 one-letter prefixes) is refused before it
// runs.
func TestTooManyPrefixes(t *testing.T) {
	ts := newServer(t, web.Config{})
	var parts []string
	for c := 'a'; c <= 'z'; c++ {
		parts = append(parts, string(c)+"*")
	}
	q := strings.Join(parts, " OR ")
	for _, path := range []string{searchPath(q), "/api/v1/search?q=" + url.QueryEscape(q), "/feed?q=" + url.QueryEscape(q)} {
		r := request(ts.URL, path)
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, "26 words ending in *; the limit is 8") {
			t.Errorf("GET %s = %d, want 400 naming the limit; body:\n%s", path, r.status, r.body)
		}
	}
	if r := request(ts.URL, searchPath(worstQuery)); r.status != http.StatusOK {
		t.Errorf("GET %s = %d, want 200", searchPath(worstQuery), r.status)
	}
}
