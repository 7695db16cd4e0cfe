package web

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/rostrum/rostrum/internal/lru"
	"github.com/rostrum/rostrum/internal/transcript"
)

// searchCache keeps the results of recent searches while the archive
// stays as it was: popular searches (a name in the news, a feed polled by
// many readers) are answered from memory, and concurrent requests for the
// same uncached search wait for one computation instead of each running
// it. The archive's generation is read at most once per genCheck; when it
// has moved, every entry is dropped. It is safe for concurrent use.
type searchCache struct {
	archive Archive
	max     int
	now     func() time.Time

	mu       sync.Mutex
	gen      int64
	genAt    time.Time
	results  *lru.Cache[string, *transcript.SearchResult]
	inflight map[string]*cacheCall
}

type cacheCall struct {
	done chan struct{}
	res  *transcript.SearchResult
	err  error
}

// genCheck is how stale a cached answer may be: the longest time before
// a change to the archive is noticed.
const genCheck = time.Second

// DefaultCacheSize is the number of search results a server keeps.
const DefaultCacheSize = 512

// pageCacheBytes bounds the finished pages a server keeps (see pageCache).
const pageCacheBytes = 64 << 20

// searchCacheBytes bounds the search results a server keeps by their
// size too: DefaultCacheSize results of a faceted search of a large
// archive (a hundred hits, each speaker's count) would otherwise hold
// tens of MB against the server's memory limit. An entry's cost is its
// size in shares of searchCacheBytes/size, at least 1, so that small
// results are bounded by their number and large ones by their bytes.
const searchCacheBytes = 32 << 20

func newSearchCache(a Archive, size int, now func() time.Time) *searchCache {
	share := searchCacheBytes / max(size, 1)
	cost := func(r *transcript.SearchResult) int { return max(1, (resultBytes(r)+share-1)/share) }
	return &searchCache{archive: a, max: size, now: now, results: lru.New[string](size, cost), inflight: map[string]*cacheCall{}}
}

// resultBytes estimates the memory a search result holds: its strings
// and the fixed size of each struct and slice element.
func resultBytes(r *transcript.SearchResult) int {
	snippet := func(sn *transcript.Snippet) int { return 40 + len(sn.Text) + 16*len(sn.Marks) }
	n := 96 + len(r.Next)
	for i := range r.Hits {
		h := &r.Hits[i]
		n += 208 + len(h.ID) + len(h.Title) + len(h.Lead) + len(h.Date) + len(h.Time) + len(h.Section) + len(h.Language) + len(h.Place) + len(h.URL)
		if h.Header != nil {
			n += snippet(h.Header)
		}
		for j := range h.Turns {
			t := &h.Turns[j]
			n += 72 + len(t.Speaker) + len(t.Person) + len(t.Role) + len(t.Permalink) + snippet(&t.Snippet)
		}
	}
	if f := r.Facets; f != nil {
		n += 160
		for _, list := range [][]transcript.FacetCount{f.Persons, f.Topics, f.Geography, f.Sections, f.Years, f.Months} {
			for _, c := range list {
				n += 24 + len(c.Value)
			}
		}
	}
	return n
}

func cacheKey(req *transcript.SearchRequest) string {
	q := ""
	if req.Query != nil {
		q = req.Query.String()
	}
	return fmt.Sprintf("%q %s %d %d %q %t", q, req.Sort, req.Limit, req.TurnsPerDoc, req.Cursor, req.Facets)
}

// search answers req from the cache or the archive. The result it
// returns is shared: callers must not modify it.
func (c *searchCache) search(ctx context.Context, req *transcript.SearchRequest) (*transcript.SearchResult, error) {
	if c.max <= 0 {
		return c.archive.Search(ctx, req)
	}
	if err := c.checkGeneration(ctx); err != nil {
		return nil, err
	}
	key := cacheKey(req)
	c.mu.Lock()
	if res, ok := c.results.Get(key); ok {
		c.mu.Unlock()
		return res, nil
	}
	if call, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		select {
		case <-call.done:
			if call.err == nil {
				return call.res, nil
			}
			// The first caller's failure may be its own (its deadline);
			// try once more with this request's context.
			return c.archive.Search(ctx, req)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	call := &cacheCall{done: make(chan struct{})}
	c.inflight[key] = call
	gen := c.gen
	c.mu.Unlock()

	call.res, call.err = c.archive.Search(ctx, req)

	c.mu.Lock()
	delete(c.inflight, key)
	// A result of more than a quarter of the cache's bytes is not kept:
	// it would push out many others for one.
	if call.err == nil && gen == c.gen && resultBytes(call.res) <= searchCacheBytes/4 {
		c.results.Add(key, call.res)
	}
	c.mu.Unlock()
	close(call.done)
	return call.res, call.err
}

// checkGeneration drops every entry when the archive has changed.
func (c *searchCache) checkGeneration(ctx context.Context) error {
	c.mu.Lock()
	fresh := c.now().Sub(c.genAt) < genCheck
	c.mu.Unlock()
	if fresh {
		return nil
	}
	g, err := c.archive.Generation(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.genAt = c.now()
	if g != c.gen {
		c.gen = g
		c.results.Clear()
	}
	return nil
}

// generation returns the archive's generation, read from the archive at
// most once per genCheck; every entry is dropped when it has moved.
func (c *searchCache) generation(ctx context.Context) (int64, error) {
	if err := c.checkGeneration(ctx); err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen, nil
}

// len reports the number of cached results.
func (c *searchCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.results.Len()
}
