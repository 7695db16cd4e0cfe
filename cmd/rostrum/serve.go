package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
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
	pprof         string
	// memoryLimit is --memory-limit in bytes (0: none), when given.
	memoryLimit    int64
	memoryLimitSet bool
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
	fs.IntVar(&f.cacheSize, "cache-size", web.DefaultCacheSize, "search results kept in memory until the archive changes (`N`, fewer when they are large: 32 MiB at most; 0 turns the cache off)")
	fs.Float64Var(&f.rateLimit, "rate-limit", web.DefaultRateLimit, "requests a second one client address may sustain (`N`; 0 turns the limit off); more get a 429")
	fs.IntVar(&f.rateBurst, "rate-burst", web.DefaultRateBurst, "requests one client address may send at once above --rate-limit (`N`)")
	fs.BoolVar(&f.trustProxy, "trust-proxy", false, "requests come through a reverse proxy that appends the client's address to X-Forwarded-For: limit by that address")
	fs.IntVar(&f.heavySearches, "heavy-searches", web.DefaultHeavySearches, "costly searches (short or several word* prefixes, many ORs) run at once (`N`)")
	fs.DurationVar(&f.busyWait, "busy-wait", web.DefaultBusyWait, "longest a search waits for its turn before a 503 that says to retry")
	fs.Func("memory-limit", "soft limit of the server's Go memory (`SIZE`, such as 400MB; off for none): the collector works harder as it is neared (default: $GOMEMLIMIT if set, else "+cli.FormatBytes(defaultMemoryLimit)+")", func(v string) error {
		n, err := cli.ParseBytes(v)
		if err != nil {
			return err
		}
		if n > 0 && n < minMemoryLimit {
			return fmt.Errorf("%s is below the least a server runs in, %s (off turns the limit off)", v, cli.FormatBytes(minMemoryLimit))
		}
		f.memoryLimit, f.memoryLimitSet = n, true
		return nil
	})
	fs.StringVar(&f.pprof, "pprof", os.Getenv("ROSTRUM_PPROF"), "also serve Go's profiles (/debug/pprof/) on this `host:port`, for measuring the server; keep it on loopback ($ROSTRUM_PPROF)")
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
			undo, err := f.setUp(e)
			if err != nil {
				return fmt.Errorf("serve: %w", err)
			}
			defer undo()
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
			// Reading ahead leaves a few times what it keeps as garbage:
			// give it back to the system now rather than hold it.
			debug.FreeOSMemory()
			if warn := memoryWarning(); warn != "" && ctx.Err() == nil {
				logger.Warn(warn)
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

// defaultMemoryLimit is the soft limit of a server's Go memory when
// neither --memory-limit nor GOMEMLIMIT sets one. At 1,000,000 documents
// a server keeps about 150 MB (the search index's unit keys and lengths,
// the facets' doc values) and searches in flight some tens of MB more;
// the collector works harder as the heap comes near the limit: under
// uncached searches there, 320 MiB cost 55% more CPU a search than no
// limit, 384 MiB about 24%, for a peak of 464 MB resident (BENCHMARKS.md).
// SQLite's memory (each connection's page cache, in its own WebAssembly
// memory) is not Go's and is not counted.
const defaultMemoryLimit = 384 << 20

// minMemoryLimit is the smallest --memory-limit taken: below it the
// collector would run without pause on any archive.
const minMemoryLimit = 64 << 20

// memoryWarning says, when what the server keeps after reading ahead
// (the live heap: mostly the search index's keys and the facets' doc
// values, which grow with the archive, and the searches in flight) takes
// more than two thirds of the soft memory limit, that the limit is too
// low for the archive: the collector would run more and more often as
// the archive grows, and searches slow down. "" when not. (At half, the
// limit starts to bind before GOGC's doubling of the live heap; at
// 1,000,000 documents a server under load keeps about 185 MiB.)
func memoryWarning() string {
	limit := debug.SetMemoryLimit(-1)
	if limit == math.MaxInt64 {
		return ""
	}
	live := liveHeap()
	if live <= limit/3*2 {
		return ""
	}
	return fmt.Sprintf("the archive's search data takes %s of Go memory, more than two thirds of the memory limit of %s: "+
		"searches will slow down as the collector runs more often; raise --memory-limit to about %s",
		cli.FormatBytes(live), cli.FormatBytes(limit), cli.FormatBytes(roundUp64MiB(live*5/2)))
}

// liveHeap is the heap the last collection found live (FreeOSMemory has
// just collected).
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// roundUp64MiB rounds n up to a multiple of 64 MiB.
func roundUp64MiB(n int64) int64 { return (n + 64<<20 - 1) &^ (64<<20 - 1) }

// setUp applies what the flags ask of the process before a server opens
// its archive: the soft memory limit, and the profiles' listener. undo
// puts the limit back and stops the listener.
func (f *serveFlags) setUp(e *env) (undo func(), err error) {
	var undos []func()
	undo = func() {
		for _, u := range undos {
			u()
		}
	}
	if limit, ok := f.goMemoryLimit(); ok {
		before := cli.SetMemoryLimit(limit)
		undos = append(undos, func() { cli.SetMemoryLimit(before) })
	}
	if f.pprof != "" {
		logger, err := cli.Logger("serve", e.stderr, f.logFormat, f.quiet)
		if err != nil {
			undo()
			return nil, err
		}
		stop, err := servePprof(f.pprof, logger)
		if err != nil {
			undo()
			return nil, err
		}
		undos = append(undos, stop)
	}
	return undo, nil
}

// goMemoryLimit is the soft memory limit to set: --memory-limit when
// given, else defaultMemoryLimit; false when GOMEMLIMIT sets it (the
// runtime has applied it).
func (f *serveFlags) goMemoryLimit() (int64, bool) {
	if f.memoryLimitSet {
		return f.memoryLimit, true
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return 0, false
	}
	return defaultMemoryLimit, true
}

// servePprof serves Go's runtime profiles on addr until stop is called.
// They are on a listener of their own, never on the site's.
func servePprof(addr string, logger *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--pprof: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Warn("the profiles' listener stopped", "err", err)
		}
	}()
	logger.Warn("serving Go's profiles", "url", "http://"+ln.Addr().String()+"/debug/pprof/")
	return func() { hs.Close() }, nil
}
