package web

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/rostrum/rostrum/internal/lru"
)

// pageCache keeps finished answers (headers and the body as sent, gzipped
// or not) of recent GET requests while the archive stays as it was, so
// that a popular document or search page costs a copy instead of a
// render: rendering a long transcript and compressing it take about 2 ms
// of CPU. It holds at most maxBytes of bodies and forgets everything when
// the archive's generation moves (checked through the search cache, at
// most once a second). An answer is also kept at most pageMaxAge, since
// some of what a page shows is not part of the generation (see there).
// It is safe for concurrent use.
type pageCache struct {
	maxBytes int
	searches *searchCache

	mu      sync.Mutex
	gen     int64
	entries *lru.Cache[string, *pageEntry] // costing their bodies' bytes
}

// pageMaxAge is the longest a finished answer is kept, whatever the
// generation. A document page's provenance box shows when the crawler
// last checked the page, and recording a fetch leaves the generation as
// it was (a crawl would otherwise flush every page each second), so
// "last checked" is at most this stale. It matches the max-age of the
// Cache-Control header finish sets.
const pageMaxAge = 60 * time.Second

type pageEntry struct {
	header http.Header
	body   []byte
	at     time.Time // when it was rendered
}

func newPageCache(maxBytes int, searches *searchCache) *pageCache {
	return &pageCache{maxBytes: maxBytes, searches: searches,
		entries: lru.New[string, *pageEntry](maxBytes, func(e *pageEntry) int { return len(e.body) })}
}

// pageKey names an answer: the host (absolute links use it), the
// address, and whether it was gzipped.
func pageKey(r *http.Request) string {
	gz := "-"
	if acceptsGzip(r) {
		gz = "gzip"
	}
	return r.Host + " " + gz + " " + r.URL.RequestURI()
}

// cacheablePage reports whether r's answer may be kept: reads of pages,
// feeds and the API, not exports (they stream) or the health check.
func cacheablePage(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	p := r.URL.Path
	return !strings.HasPrefix(p, "/export.") && p != "/healthz" && !strings.HasPrefix(p, "/static/")
}

// generation returns the archive generation the cache is valid for,
// dropping every entry when it has moved.
func (c *pageCache) sync(ctx context.Context) (int64, error) {
	g, err := c.searches.generation(ctx)
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	if g != c.gen {
		c.gen = g
		c.entries.Clear()
	}
	c.mu.Unlock()
	return g, nil
}

func (c *pageCache) get(ctx context.Context, key string) (*pageEntry, int64, bool) {
	if c == nil || c.maxBytes <= 0 {
		return nil, 0, false
	}
	g, err := c.sync(ctx)
	if err != nil {
		return nil, 0, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries.Get(key); ok {
		if c.searches.now().Sub(e.at) < pageMaxAge {
			return e, g, true
		}
		c.entries.Remove(key)
	}
	return nil, g, false
}

// put keeps an answer computed while the archive was at generation gen,
// starting at time at.
func (c *pageCache) put(gen int64, at time.Time, key string, header http.Header, body []byte) {
	if c == nil || c.maxBytes <= 0 || len(body) > c.maxBytes/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	c.entries.Add(key, &pageEntry{header: header, body: body, at: at})
}

// serve answers r from e.
func (e *pageEntry) serve(w http.ResponseWriter, r *http.Request) int {
	h := w.Header()
	for k, v := range e.header {
		h[k] = v
	}
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, e.header.Get("ETag")) {
		h.Del("Content-Type")
		h.Del("Content-Length")
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(e.body)
	}
	return http.StatusOK
}
