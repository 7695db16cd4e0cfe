package main

import (
	"context"
	"flag"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/cli"
	"github.com/rostrum/rostrum/internal/crawl"
	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
)

// crawlFlags are the flags of rostrum crawl.
type crawlFlags struct {
	feed, ids, since, lang, base, baseRU, contact string
	delay, timeout                                time.Duration
	retries, maxPages                             int
	maxBytes                                      int64
}

func crawlCmd() *command {
	var f crawlFlags
	return &command{
		Name:    "crawl",
		Summary: "fetch new and changed pages from kremlin.ru into the archive",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.StringVar(&f.feed, "feed", crawl.DefaultFeed, "the Atom feed to follow (a `PATH` on the site)")
			fs.IntVar(&f.maxPages, "max-pages", 0, "read at most `N` feed pages; 0 means until the archived items")
			fs.StringVar(&f.ids, "ids", "", "backfill: the page ids `A-B` (or one id)")
			fs.StringVar(&f.since, "since", "", "backfill: the feed's items since `DATE` (YYYY-MM-DD)")
			fs.StringVar(&f.lang, "lang", crawl.English, "the editions to crawl: `en`, ru or both")
			fs.StringVar(&f.base, "base", crawl.DefaultBase, "the English site's base `URL` (a mirror or a test server)")
			fs.StringVar(&f.baseRU, "base-ru", crawl.DefaultBaseRU, "the Russian site's base `URL`")
			fs.DurationVar(&f.delay, "delay", crawl.DefaultDelay, "wait `D` between two requests to a host (0 for none)")
			fs.DurationVar(&f.timeout, "timeout", crawl.DefaultTimeout, "give up on one request after `D`")
			fs.IntVar(&f.retries, "retries", crawl.DefaultMaxAttempts-1, "retry a failed request up to `N` times")
			fs.Int64Var(&f.maxBytes, "max-bytes", crawl.DefaultMaxBytes, "refuse a page larger than `N` bytes")
			fs.StringVar(&f.contact, "user-agent", "", "a `contact` (e-mail or URL) added to the User-Agent")
		},
		Run: func(ctx context.Context, e *env, args []string) error { return runCrawl(ctx, e, &f, args) },
	}
}

func runCrawl(ctx context.Context, e *env, f *crawlFlags, args []string) error {
	mode := "follow"
	if len(args) > 0 {
		mode = args[0]
	}
	if len(args) > 1 || mode != "follow" && mode != "backfill" {
		return usagef("crawl: want follow or backfill, got %q (run 'rostrum crawl --help')", strings.Join(args, " "))
	}
	var first, last int
	switch {
	case mode == "follow" && (f.ids != "" || f.since != ""):
		return usagef("crawl: --ids and --since are for backfill (rostrum crawl backfill --ids A-B)")
	case mode == "backfill" && (f.ids == "") == (f.since == ""):
		return usagef("crawl backfill: give either --ids A-B or --since DATE")
	case f.ids != "":
		var err error
		if first, last, err = crawl.ParseIDRange(f.ids); err != nil {
			return usagef("crawl: --ids %s: %v", f.ids, err)
		}
	case f.since != "":
		if _, err := time.Parse(time.DateOnly, f.since); err != nil {
			return usagef("crawl: --since %s: want a date YYYY-MM-DD", f.since)
		}
	}
	if f.retries < 0 || f.maxPages < 0 || f.delay < 0 || f.timeout <= 0 || f.maxBytes <= 0 {
		return usagef("crawl: --retries, --max-pages and --delay must not be negative, --timeout and --max-bytes must be positive")
	}
	cfg := crawl.Config{
		Parse:       kremlinhtml.Parse,
		Lang:        f.lang,
		Base:        f.base,
		BaseRU:      f.baseRU,
		Delay:       f.delay,
		Timeout:     f.timeout,
		MaxAttempts: f.retries + 1,
		MaxBytes:    f.maxBytes,
		MaxPages:    f.maxPages,
		UserAgent:   crawl.UserAgent(f.contact),
	}
	if f.delay == 0 {
		cfg.Delay = -1 // no delay, where Config's zero means the default
	}
	store, err := openWritable(ctx, "crawl", e.cfg.DB, false)
	if err != nil {
		return err
	}
	defer store.Close()
	progress, clearLine := cli.CrawlProgress(e.stderr)
	cfg.Progress = progress
	c, err := crawl.New(store, store, cfg)
	if err != nil {
		return usagef("%s", err)
	}
	var st crawl.Stats
	switch {
	case mode == "follow":
		st, err = c.Follow(ctx, f.feed)
	case f.ids != "":
		st, err = c.Backfill(ctx, first, last)
	default:
		st, err = c.Since(ctx, f.feed, f.since)
	}
	clearLine()
	cli.CrawlReport(e.stdout, e.stderr, st)
	if err := store.Close(); err != nil {
		return err
	}
	return cli.CrawlOutcome(ctx, st, err)
}
