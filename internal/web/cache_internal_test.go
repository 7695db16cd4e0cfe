package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
)

// countingArchive counts the searches that reach a real archive, and can
// hold them until released.
type countingArchive struct {
	Archive
	searches atomic.Int64
	gate     chan struct{} // when set, each search waits for it to close
}

func (c *countingArchive) Search(ctx context.Context, req *transcript.SearchRequest) (*transcript.SearchResult, error) {
	c.searches.Add(1)
	if c.gate != nil {
		<-c.gate
	}
	return c.Archive.Search(ctx, req)
}

func put(t *testing.T, s *sqlite.Store, id, title string) {
	t.Helper()
	d := &transcript.Document{ID: id, Source: "test", Language: "en", Title: title, Date: "2024-01-01",
		Turns: []transcript.Turn{{Index: 1, Speaker: "Ann Example", Person: "Ann Example", Paragraphs: []string{"We discussed gas prices."}}}}
	if _, err := s.Put(t.Context(), d, transcript.Raw{Origin: id, Format: "json", Bytes: []byte(title)}); err != nil {
		t.Fatal(err)
	}
}

func TestSearchCache(t *testing.T) {
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	put(t, s, "t/1", "Gas talks")
	a := &countingArchive{Archive: s}
	clock := time.Unix(1e9, 0)
	var mu sync.Mutex
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	advance := func(d time.Duration) { mu.Lock(); clock = clock.Add(d); mu.Unlock() }
	c := newSearchCache(a, 2, now)
	req := func(q string) *transcript.SearchRequest {
		return &transcript.SearchRequest{Query: &transcript.Query{Text: transcript.Word{Text: q}}, Facets: true}
	}
	ctx := t.Context()

	r1, err := c.search(ctx, req("gas"))
	if err != nil || r1.Documents != 1 {
		t.Fatalf("search gas = %+v, %v", r1, err)
	}
	r2, _ := c.search(ctx, req("gas"))
	if n := a.searches.Load(); n != 1 || r2 != r1 {
		t.Errorf("a repeated search reached the archive: %d searches", n)
	}
	// A different request (here: without facets) is another entry.
	c.search(ctx, &transcript.SearchRequest{Query: &transcript.Query{Text: transcript.Word{Text: "gas"}}})
	if n := a.searches.Load(); n != 2 {
		t.Errorf("%d searches, want 2", n)
	}
	// At most max entries: a third query evicts the least recently used.
	c.search(ctx, req("talks"))
	if c.len() != 2 {
		t.Errorf("%d entries, want 2", c.len())
	}

	// A change to the archive is noticed within genCheck.
	put(t, s, "t/2", "More gas")
	if r, _ := c.search(ctx, req("talks")); r.Documents != 1 {
		t.Errorf("within genCheck the cached answer stands: %d documents", r.Documents)
	}
	advance(genCheck + time.Millisecond)
	before := a.searches.Load()
	r3, _ := c.search(ctx, req("gas"))
	if r3.Documents != 2 || a.searches.Load() != before+1 {
		t.Errorf("after a change: %d documents, %d new searches; want 2 and 1", r3.Documents, a.searches.Load()-before)
	}

	// Errors are not kept.
	bad := &transcript.SearchRequest{Query: &transcript.Query{Text: transcript.Word{Text: "gas"}}, Sort: "loudest"}
	before = a.searches.Load()
	for range 2 {
		if _, err := c.search(ctx, bad); err == nil {
			t.Fatal("an invalid sort gave no error")
		}
	}
	if n := a.searches.Load() - before; n != 2 {
		t.Errorf("an error was cached: %d searches for two requests", n)
	}

	// Concurrent requests for one uncached search share one computation.
	a.gate = make(chan struct{})
	before = a.searches.Load()
	var wg sync.WaitGroup
	results := make([]*transcript.SearchResult, 16)
	for i := range results {
		wg.Go(func() {
			r, err := c.search(ctx, req("prices"))
			if err != nil {
				t.Error(err)
			}
			results[i] = r
		})
	}
	time.Sleep(50 * time.Millisecond) // let them all arrive
	close(a.gate)
	wg.Wait()
	if n := a.searches.Load() - before; n != 1 {
		t.Errorf("16 concurrent identical searches ran %d times, want 1", n)
	}
	for _, r := range results {
		if r != results[0] {
			t.Fatal("concurrent callers got different results")
		}
	}

	// Off: every search reaches the archive.
	off := newSearchCache(a, -1, now)
	a.gate = nil
	before = a.searches.Load()
	off.search(ctx, req("gas"))
	off.search(ctx, req("gas"))
	if n := a.searches.Load() - before; n != 2 {
		t.Errorf("with the cache off, %d searches reached the archive, want 2", n)
	}
}

// docCounting counts the document reads that reach the archive.
type docCounting struct {
	Archive
	docs atomic.Int64
}

func (c *docCounting) Document(ctx context.Context, id string) (*transcript.Document, error) {
	c.docs.Add(1)
	return c.Archive.Document(ctx, id)
}

func TestPageCache(t *testing.T) {
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	put(t, s, "t/1", "Gas talks")
	a := &docCounting{Archive: s}
	clock := time.Unix(1e9, 0)
	var mu sync.Mutex
	srv := NewServer(a, Config{Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }})
	get := func(path string, hdr ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		return w
	}
	first := get("/d/t/1")
	second := get("/d/t/1")
	if first.Code != 200 || second.Code != 200 || first.Body.String() != second.Body.String() {
		t.Fatalf("GET twice: %d, %d, bodies equal: %v", first.Code, second.Code, first.Body.String() == second.Body.String())
	}
	if n := a.docs.Load(); n != 1 {
		t.Errorf("the page was rendered %d times, want once", n)
	}
	if got, want := second.Header().Get("ETag"), first.Header().Get("ETag"); got != want || got == "" {
		t.Errorf("cached ETag %q, first %q", got, want)
	}
	if w := get("/d/t/1", "If-None-Match", first.Header().Get("ETag")); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("a conditional GET of a cached page = %d with %d bytes", w.Code, w.Body.Len())
	}
	// A gzipped answer is another entry, and is gzipped.
	if w := get("/d/t/1", "Accept-Encoding", "gzip"); w.Header().Get("Content-Encoding") != "gzip" || a.docs.Load() != 2 {
		t.Errorf("gzip: Content-Encoding %q, %d renders", w.Header().Get("Content-Encoding"), a.docs.Load())
	}
	// Errors are not kept.
	get("/d/t/404")
	get("/d/t/404")
	if n := a.docs.Load(); n < 4 {
		t.Errorf("an error page was cached: %d document reads", n)
	}
	// A change to the archive shows within a second.
	put(t, s, "t/1", "Oil talks")
	mu.Lock()
	clock = clock.Add(2 * time.Second)
	mu.Unlock()
	if w := get("/d/t/1"); !strings.Contains(w.Body.String(), "Oil talks") {
		t.Error("the page still shows the old version after the archive changed")
	}
}

// summaryCounting counts the archive-wide summaries that reach the archive.
type summaryCounting struct {
	Archive
	stats, persons atomic.Int64
}

func (c *summaryCounting) Stats(ctx context.Context) (transcript.Stats, error) {
	c.stats.Add(1)
	return c.Archive.Stats(ctx)
}

func (c *summaryCounting) Persons(ctx context.Context) ([]transcript.Person, error) {
	c.persons.Add(1)
	return c.Archive.Persons(ctx)
}

// TestSummaryCache: the home page's statistics and the persons list are
// kept while the archive stays as it was, and are fresh once it changes
// (as soon as the change is seen, within genCheck), not a minute later.
func TestSummaryCache(t *testing.T) {
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	put(t, s, "t/1", "Gas talks")
	a := &summaryCounting{Archive: s}
	clock := time.Unix(1e9, 0)
	var mu sync.Mutex
	advance := func(d time.Duration) { mu.Lock(); clock = clock.Add(d); mu.Unlock() }
	// The page cache is off, so that every load renders and reads the summaries.
	srv := NewServer(a, Config{CacheSize: -1, Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }})
	get := func(path string) string {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		if w.Code != 200 {
			t.Fatalf("GET %s = %d", path, w.Code)
		}
		return w.Body.String()
	}
	if home := get("/"); !strings.Contains(home, "1 document · 1 speaker turn · 1 person") {
		t.Fatalf("the home page lacks the archive's counts:\n%s", home)
	}
	get("/")
	get("/persons")
	advance(10 * genCheck)
	get("/")
	if n, m := a.stats.Load(), a.persons.Load(); n != 1 || m != 1 {
		t.Errorf("an unchanged archive was summarised %d times and its persons listed %d times, want once each", n, m)
	}

	d := &transcript.Document{ID: "t/2", Source: "test", Language: "en", Title: "Oil talks", Date: "2024-01-02",
		Turns: []transcript.Turn{
			{Index: 1, Speaker: "Bo Example", Person: "Bo Example", Paragraphs: []string{"Oil."}},
			{Index: 2, Speaker: "Ann Example", Person: "Ann Example", Paragraphs: []string{"Gas."}},
		}}
	if _, err := s.Put(t.Context(), d, transcript.Raw{Origin: "t/2", Format: "json", Bytes: []byte("t/2")}); err != nil {
		t.Fatal(err)
	}
	advance(genCheck)
	if home := get("/"); !strings.Contains(home, "2 documents · 3 speaker turns · 2 persons") {
		t.Errorf("after an ingest, the home page still shows the old counts:\n%s", home)
	}
	if persons := get("/persons"); !strings.Contains(persons, "Bo Example") {
		t.Errorf("after an ingest, the persons list lacks the new person:\n%s", persons)
	}
}

// sizedArchive answers each search with a result of the size its query
// asks for: the query "persons:N" gets N facet values of 100 bytes.
type sizedArchive struct {
	Archive
	searches atomic.Int64
}

func (a *sizedArchive) Generation(context.Context) (int64, error) { return 1, nil }

func (a *sizedArchive) Search(_ context.Context, req *transcript.SearchRequest) (*transcript.SearchResult, error) {
	a.searches.Add(1)
	var n int
	fmt.Sscanf(req.Query.Text.(transcript.Word).Text, "persons:%d", &n)
	f := &transcript.Facets{}
	for i := range n {
		f.Persons = append(f.Persons, transcript.FacetCount{Value: fmt.Sprintf("%0100d", i), Count: 1})
	}
	return &transcript.SearchResult{Facets: f}, nil
}

// TestSearchCacheBytes: the search cache is bounded by its results'
// size as well as their number: a large result takes the room of
// several small ones, and one of more than a quarter of the cache's
// bytes is not kept at all.
func TestSearchCacheBytes(t *testing.T) {
	small := &transcript.SearchResult{Facets: &transcript.Facets{Persons: []transcript.FacetCount{{Value: "Ann", Count: 1}}}}
	big := &transcript.SearchResult{Facets: &transcript.Facets{}}
	for range 1000 {
		big.Facets.Persons = append(big.Facets.Persons, transcript.FacetCount{Value: strings.Repeat("x", 100), Count: 1})
	}
	if s, b := resultBytes(small), resultBytes(big); s > 400 || b < 100_000 || b > 200_000 {
		t.Errorf("resultBytes: %d for one facet value, %d for 1,000 of 100 bytes", s, b)
	}
	withHits := &transcript.SearchResult{Hits: []transcript.DocumentHit{{ID: "a", Title: strings.Repeat("t", 500),
		Turns: []transcript.TurnHit{{Snippet: transcript.Snippet{Text: strings.Repeat("s", 1000), Marks: [][2]int{{0, 1}}}}}}}}
	if n := resultBytes(withHits); n < 1500 {
		t.Errorf("resultBytes of a hit with a 500-byte title and a 1,000-byte snippet = %d", n)
	}

	a := &sizedArchive{}
	const size = 64 // a share of 512 KiB
	c := newSearchCache(a, size, time.Now)
	ctx := t.Context()
	search := func(q string) {
		t.Helper()
		req := &transcript.SearchRequest{Query: &transcript.Query{Text: transcript.Word{Text: q}}}
		if _, err := c.search(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	for i := range size {
		search(fmt.Sprintf("persons:%d", i%3+1) + strings.Repeat(" ", i)) // 64 small results
	}
	if c.len() != size {
		t.Fatalf("%d entries after %d small results, want %d", c.len(), size, size)
	}
	// About 2 MB: the room of 4 small results.
	search("persons:15000")
	if c.len() != size-3 {
		t.Errorf("%d entries after a 2 MB result, want %d", c.len(), size-3)
	}
	// More than 8 MB: answered, not kept.
	before := a.searches.Load()
	search("persons:90000")
	search("persons:90000")
	if n := a.searches.Load() - before; n != 2 {
		t.Errorf("a result of more than a quarter of the cache was kept: %d searches for two requests", n)
	}
	if c.len() != size-3 {
		t.Errorf("%d entries after a result too large to keep, want %d", c.len(), size-3)
	}
}
