package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Archive is what the server reads: an archive as every engine offers
// it, its crawl log, edit log and word counts included. The server asks
// for more only where an engine may lack it (transcript.OccurrenceCounter,
// and the read connections of readConns).
type Archive = transcript.Archive

// Config tunes a Server. The zero value is usable.
type Config struct {
	// Logger receives one record per request and the errors behind 500s;
	// nil discards them.
	Logger *slog.Logger
	// RequestTimeout bounds the time spent answering one request
	// (default 10 s); a request that runs out gets a 503.
	RequestTimeout time.Duration
	// BaseURL is the site's public address, for the absolute links of
	// feeds and citations (e.g. https://rostrum.example.org); empty means
	// the address each request came to.
	BaseURL string
	// Now returns the current time (default time.Now), for tests.
	Now func() time.Time
	// CacheSize is the number of search results kept in memory while the
	// archive does not change (default DefaultCacheSize); negative turns
	// the cache off.
	CacheSize int

	// Searches is how many searches may run in the archive at once
	// (default: one fewer than the archive's read connections, so that
	// one stays free for documents and pages); HeavySearches is how many
	// of them may be heavy (default DefaultHeavySearches; see gate.go).
	// A search that cannot start within BusyWait (default
	// DefaultBusyWait) gets a 503 with Retry-After.
	Searches      int
	HeavySearches int
	BusyWait      time.Duration
	// RateLimit is the requests a second one client address may sustain
	// (default DefaultRateLimit; negative turns the limit off), after a
	// burst of RateBurst (default DefaultRateBurst). A client over it gets
	// a 429 with Retry-After. /healthz and /static/ are not counted.
	RateLimit float64
	RateBurst int
	// TrustProxy says that requests come through a reverse proxy that
	// appends the client's address to X-Forwarded-For: the rate limit
	// then counts that address instead of the proxy's.
	TrustProxy bool

	// DevTemplates: see render (serve --dev).
	DevTemplates string
}

// Request limits.
const (
	MaxQueryBytes    = 1000  // the q parameter
	MaxRawQueryBytes = 4096  // the whole query string of a URL
	MaxExportDocs    = 10000 // documents in one CSV or JSON Lines export
	defaultTimeout   = 10 * time.Second
	exportTimeout    = 50 * time.Second // an export streams up to MaxExportDocs documents
)

// Server is the web site and API over one archive. It is safe for
// concurrent use.
type Server struct {
	archive Archive
	cfg     Config
	log     *slog.Logger
	pages   map[string]*template.Template
	mux     *http.ServeMux
	handler http.Handler

	summaries summaryCache
	health    health
	limiter   *limiter // nil when the rate limit is off
	searcher  gated    // the archive, for searches
	searches  *searchCache
	pageCache *pageCache
	persons   registryCache // the person registry (persons.go)
	changes   changesCache  // the archive's edits (feed_changes.go)
}

// NewServer returns a server over a. It panics if its embedded templates
// do not parse, which is a programming error caught by any test.
func NewServer(a Archive, cfg Config) *Server {
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = defaultTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.CacheSize == 0 {
		cfg.CacheSize = DefaultCacheSize
	}
	if cfg.Searches <= 0 {
		n := defaultReadConns
		if rc, ok := a.(readConns); ok {
			n = rc.ReadConns()
		}
		cfg.Searches = max(1, n-1)
	}
	if cfg.HeavySearches <= 0 {
		cfg.HeavySearches = DefaultHeavySearches
	}
	if cfg.BusyWait <= 0 {
		cfg.BusyWait = DefaultBusyWait
	}
	if cfg.RateLimit == 0 {
		cfg.RateLimit = DefaultRateLimit
	}
	if cfg.RateBurst <= 0 {
		cfg.RateBurst = DefaultRateBurst
	}
	s := &Server{archive: a, cfg: cfg, log: log, pages: parseTemplates(), mux: http.NewServeMux()}
	s.searcher = gated{a, newGate(cfg.Searches, cfg.HeavySearches, cfg.BusyWait)}
	if cfg.RateLimit > 0 {
		s.limiter = newLimiter(cfg.RateLimit, cfg.RateBurst, cfg.Now)
	}
	s.searches = newSearchCache(gated{personFacets{a, s}, s.searcher.gate}, cfg.CacheSize, cfg.Now)
	if cfg.CacheSize > 0 {
		s.pageCache = newPageCache(pageCacheBytes, s.searches)
	}
	s.routes()
	s.handler = s.middleware(s.mux)
	return s
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Serve answers requests on ln until ctx is done, then stops accepting
// new connections and waits up to 10 s for the requests in flight.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      max(s.cfg.RequestTimeout, exportTimeout) + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		// The server's own limit answers in plain text; headers over
		// MaxHeaderBytes but under this get checkRequest's 431, in JSON
		// under /api/ like every other API error.
		MaxHeaderBytes: 4 * MaxHeaderBytes,
		ErrorLog:       slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:    func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("web: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "waiting_for", "requests in flight")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("web: shutdown: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("web: %w", err)
	}
	return nil
}
