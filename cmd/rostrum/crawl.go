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
		Usage: `
Usage: rostrum crawl [follow] [--feed PATH] [--max-pages N] [flags]
       rostrum crawl backfill --ids A-B [flags]
       rostrum crawl backfill --since YYYY-MM-DD [--feed PATH] [flags]

Crawl keeps the archive up to date from en.kremlin.ru (and kremlin.ru with
--lang ru or both). It parses each page it fetches into the archive, and
records every fetch, with the page's raw bytes, HTTP status and time, as
the document's provenance.

  follow    (the default) reads the site's Atom feed (--feed: one of
            /events/all/feed, /events/president/news/feed,
            /events/president/transcripts/feed), following its older
            pages until one whose items are all archived, or --max-pages,
            then fetches the new items oldest first. The feed's time of
            each item is recorded as written; the archive dates a
            document by the page's own date and time (Moscow time).
  backfill  --ids A-B asks for every page /events/president/news/N from
            A to B, in that order (A > B walks down), archived or not: a
            page answers 304 if unchanged, a new version if edited, and
            404 if removed, when the archive keeps the document and
            marks it gone. --since DATE reads the feed back to DATE and
            fetches the items since then that are not archived.

With --lang both, each page is fetched in English first, then in Russian;
follow then reads the Russian feed for the items only it has.

The crawler is polite: it obeys robots.txt, asks one host for one page at
a time with --delay between requests (longer if robots.txt sets a
Crawl-delay), asks again for a page it has with a conditional GET,
retries 429, 5xx, timeouts and broken connections with exponential
backoff (honouring Retry-After), and identifies itself as
"Rostrum/VERSION (+https://github.com/rostrum/rostrum)" (add your e-mail
with --user-agent).

A page whose fetch fails (a network error, 5xx after the retries, a
page that does not parse) is owed: it is kept in the archive's crawl
state and asked for again, first, by every later crawl, in any mode,
until one fetches it; the feed walk alone would never come back to it
once newer pages are archived.

It ends with a summary line:

	fetched N, new N, changed N, unchanged N, not modified N, gone N,
	missing N, failed N, owed N, skipped by robots N; N feed pages,
	SIZE in TIME

(owed: the pages of the crawled editions still owed after this run) and
exits with status 1 if a page failed or is still owed. Progress is kept in the
archive after every page: Ctrl-C stops after the current page, and
running the same command again continues where it stopped (also after a
kill or a crash), without duplicating documents or versions.

Example:

	rostrum crawl --db archive.db
	rostrum crawl --db archive.db --lang both --feed /events/president/transcripts/feed
	rostrum crawl backfill --db archive.db --ids 67000-67763 --user-agent me@example.org
	rostrum crawl backfill --db archive.db --since 2025-01-01 --lang ru
	rostrum crawl --db test.db --base http://127.0.0.1:8000 --delay 0
`,
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
	progress, clear := cli.CrawlProgress(e.stderr)
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
	clear()
	cli.CrawlReport(e.stdout, e.stderr, st)
	if err := store.Close(); err != nil {
		return err
	}
	return cli.CrawlOutcome(ctx, st, err)
}
