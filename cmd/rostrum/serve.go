package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/rostrum/rostrum/internal/cli"
	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

// serveFlags are the flags of serve and demo.
type serveFlags struct {
	addr      string
	baseURL   string
	logFormat string
	quiet     bool
	timeout   time.Duration
	cacheSize int

	rateLimit     float64
	rateBurst     int
	trustProxy    bool
	heavySearches int
	busyWait      time.Duration
	dev           bool // serve only: templates from the source tree, no cache
}

func (f *serveFlags) declare(fs *flag.FlagSet, defaultAddr string) {
	f.addr = defaultAddr
	if v := os.Getenv("ROSTRUM_ADDR"); v != "" {
		f.addr = v
	}
	fs.StringVar(&f.addr, "addr", f.addr, "listen on this `host:port` ($ROSTRUM_ADDR)")
	fs.StringVar(&f.baseURL, "base-url", os.Getenv("ROSTRUM_BASE_URL"), "the site's public `URL`, for absolute links in feeds and citations (default: the address each request came to; $ROSTRUM_BASE_URL)")
	fs.StringVar(&f.logFormat, "log-format", "text", "request log on stderr: `text` or json")
	fs.BoolVar(&f.quiet, "quiet", false, "log only warnings and errors, not every request")
	fs.DurationVar(&f.timeout, "timeout", 10*time.Second, "longest time spent on one request (exports get 50s)")
	fs.IntVar(&f.cacheSize, "cache-size", web.DefaultCacheSize, "search results kept in memory until the archive changes (`N`; 0 turns the cache off)")
	fs.Float64Var(&f.rateLimit, "rate-limit", web.DefaultRateLimit, "requests a second one client address may sustain (`N`; 0 turns the limit off); more get a 429")
	fs.IntVar(&f.rateBurst, "rate-burst", web.DefaultRateBurst, "requests one client address may send at once above --rate-limit (`N`)")
	fs.BoolVar(&f.trustProxy, "trust-proxy", false, "requests come through a reverse proxy that appends the client's address to X-Forwarded-For: limit by that address")
	fs.IntVar(&f.heavySearches, "heavy-searches", web.DefaultHeavySearches, "costly searches (short or several word* prefixes, many ORs) run at once (`N`)")
	fs.DurationVar(&f.busyWait, "busy-wait", web.DefaultBusyWait, "longest a search waits for its turn before a 503 that says to retry")
}

func serveCmd() *command {
	var f serveFlags
	return &command{
		Name:    "serve",
		Summary: "serve the archive as a web site, JSON API and Atom feeds",
		Flags: func(fs *flag.FlagSet, e *env) {
			f.declare(fs, "127.0.0.1:8080")
			fs.BoolVar(&f.dev, "dev", false, "for working on the site: read the templates from "+devTemplates+" in the working directory for every page, and cache nothing")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("serve: unexpected argument %q (run 'rostrum serve --help')", args[0])
			}
			if _, err := os.Stat(filepath.Join(devTemplates, "templates", "layout.html")); f.dev && err != nil {
				return usagef("serve: --dev reads the templates from %s/templates: run it from the root of Rostrum's source tree", devTemplates)
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return fmt.Errorf("serve: %w", err)
			}
			defer store.Close()
			ln, err := cli.Listen(f.addr, false)
			if err != nil {
				return fmt.Errorf("serve: %w", err)
			}
			st, err := store.Stats(ctx)
			if err != nil {
				return fmt.Errorf("serve: %w", err)
			}
			archive := displayDSN(e.cfg.DB)
			if e.cfg.DBRead != "" {
				archive += ", reading from " + displayDSN(e.cfg.DBRead)
			}
			fmt.Fprintf(e.stdout, "Serving %s (%s) at %s\nPress Ctrl+C to stop.\n", archive, textout.Plural(st.Documents, "document", "documents"), cli.SiteURL(ln))
			return serveArchive(ctx, e, store, ln, &f)
		},
	}
}

// serveArchive serves store on ln until ctx ends.
func serveArchive(ctx context.Context, e *env, store transcript.Archive, ln net.Listener, f *serveFlags) error {
	logger, err := cli.Logger("serve", e.stderr, f.logFormat, f.quiet)
	if err != nil {
		return err
	}
	rate := f.rateLimit
	if rate <= 0 {
		rate = -1 // off
	}
	cfg := web.Config{Logger: logger, BaseURL: f.baseURL, RequestTimeout: f.timeout, CacheSize: cacheSize(f.cacheSize),
		RateLimit: rate, RateBurst: f.rateBurst, TrustProxy: f.trustProxy, HeavySearches: f.heavySearches, BusyWait: f.busyWait}
	if f.dev {
		cfg.DevTemplates, cfg.CacheSize = devTemplates, -1
	}
	srv := web.NewServer(store, cfg)
	merged := engine.PayMerge(ctx, store, logger)
	if w, ok := store.(transcript.Warmer); ok {
		// Read ahead what the first faceted search would wait for, while
		// the server already answers.
		go func() {
			if err := w.Warm(ctx); err != nil && ctx.Err() == nil {
				logger.Warn("reading the archive ahead failed; searches will read it as they need it", "err", err)
			}
		}()
	}
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	<-merged
	fmt.Fprintln(e.stderr, "Stopped.")
	return nil
}

// devTemplates is where serve --dev reads the templates, from the root of
// the source tree.
const devTemplates = "internal/web"

// cacheSize maps the flag (0 = off) to web.Config's (0 = default).
func cacheSize(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}
