package web

import (
	"context"
	"fmt"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Search admission. A search's cost is known only roughly before it runs,
// but what makes one costly can be read from the query: a word* stands for
// every indexed word it begins (a* for thousands), and each alternative of
// an OR is a search of its own. Such a query is heavy; a few of them used
// to hold every connection of the archive's read pool for seconds while
// documents, pages and /healthz waited behind them. So searches run
// through a gate: at most Config.Searches at once, one fewer than the read
// connections, so that one is always free for documents and pages, and of
// them at most Config.HeavySearches heavy ones. A search that cannot enter
// within Config.BusyWait gets a 503 that says to retry, with Retry-After.
const (
	// MaxPrefixes is the most words ending in * a query may have; a
	// query with more is refused before it runs.
	MaxPrefixes = 8
	// DefaultHeavySearches is how many heavy searches run at once.
	DefaultHeavySearches = 1
	// DefaultBusyWait is how long a search waits for its turn.
	DefaultBusyWait = 5 * time.Second

	minPrefixRunes    = 3 // a shorter prefix makes a search heavy
	heavyAlternatives = 8 // so do more alternatives of ORs
	defaultReadConns  = 4 // of an archive that does not say (see readConns)
)

// readConns is an archive that says how many reads it runs at once.
type readConns interface {
	ReadConns() int
}

// queryCost is what makes a search costly, counted from its query.
type queryCost struct {
	prefixes      int // words ending in *
	shortPrefixes int // of which shorter than minPrefixRunes
	alternatives  int // nodes under an OR, over all ORs
}

func costOf(q *transcript.Query) queryCost {
	var c queryCost
	if q != nil {
		c.add(q.Text)
	}
	return c
}

func (c *queryCost) add(n transcript.Node) {
	switch n := n.(type) {
	case transcript.Word:
		if n.Prefix {
			c.prefixes++
			if utf8.RuneCountInString(n.Text) < minPrefixRunes {
				c.shortPrefixes++
			}
		}
	case transcript.And:
		for _, m := range n.Nodes {
			c.add(m)
		}
	case transcript.Or:
		c.alternatives += len(n.Nodes)
		for _, m := range n.Nodes {
			c.add(m)
		}
	case transcript.Not:
		c.add(n.Node)
	}
}

// heavy reports whether a search with this query is costly enough to run
// only Config.HeavySearches at a time.
func (c queryCost) heavy() bool {
	return c.shortPrefixes > 0 || c.prefixes > 1 || c.alternatives > heavyAlternatives
}

// check refuses a query whose cost has no useful bound.
func (c queryCost) check() error {
	if c.prefixes > MaxPrefixes {
		return &httpError{Status: http.StatusBadRequest, Msg: fmt.Sprintf("the query has %d words ending in *; the limit is %d", c.prefixes, MaxPrefixes),
			Hint: "Each word* stands for every word it begins: use fewer of them, or longer ones."}
	}
	return nil
}

// gate bounds the searches that run in the archive at once (see above).
// It is safe for concurrent use.
type gate struct {
	searches chan struct{} // a token per running search
	heavy    chan struct{} // a token per running heavy search
	wait     time.Duration
}

func newGate(searches, heavy int, wait time.Duration) *gate {
	return &gate{searches: make(chan struct{}, searches), heavy: make(chan struct{}, min(heavy, searches)), wait: wait}
}

// enter waits for the search's turn: first a heavy token if it is heavy,
// then a search token. It returns a busy error after g.wait, and ctx's
// error if ctx ends first; otherwise call release when the search is done.
func (g *gate) enter(ctx context.Context, heavy bool) (release func(), err error) {
	var timer *time.Timer // started by the first wait, for both
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	take := func(sem chan struct{}) error {
		select {
		case sem <- struct{}{}:
			return nil
		default:
		}
		if timer == nil {
			timer = time.NewTimer(g.wait)
		}
		select {
		case sem <- struct{}{}:
			return nil
		case <-timer.C:
			return g.busy(heavy)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if heavy {
		if err := take(g.heavy); err != nil {
			return nil, err
		}
	}
	if err := take(g.searches); err != nil {
		if heavy {
			<-g.heavy
		}
		return nil, err
	}
	return func() {
		<-g.searches
		if heavy {
			<-g.heavy
		}
	}, nil
}

func (g *gate) busy(heavy bool) *httpError {
	if heavy {
		e := errorT(http.StatusServiceUnavailable, "err.busyheavy", cap(g.heavy)).withHint("err.busyheavyhint")
		e.RetryAfter = g.wait
		return e
	}
	e := errorT(http.StatusServiceUnavailable, "err.busy").withHint("err.busyhint")
	e.RetryAfter = g.wait
	return e
}

// gated is an archive whose searches go through a gate.
type gated struct {
	Archive
	gate *gate
}

func (a gated) Search(ctx context.Context, req *transcript.SearchRequest) (*transcript.SearchResult, error) {
	release, err := a.gate.enter(ctx, costOf(req.Query).heavy())
	if err != nil {
		return nil, err
	}
	defer release()
	return a.Archive.Search(ctx, req)
}
