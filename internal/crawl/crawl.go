// Package crawl keeps an archive up to date from kremlin.ru and
// en.kremlin.ru: it reads the site's Atom feeds (follow mode) or walks
// numeric page ids or the feed back to a date (backfill), fetches each
// page politely, parses it and stores it, and records every fetch with
// its raw bytes in the archive's transcript.CrawlLog.
//
// Politeness: robots.txt is read once per host per run and obeyed (a
// missing one allows everything, a failing one forbids everything for the
// run), requests to a host go one at a time with a delay between them
// (raised by a Crawl-delay), pages already fetched are asked for with a
// conditional GET, failures are retried with exponential backoff and
// jitter, honouring Retry-After, and every request has a timeout and a
// size cap.
//
// Progress is kept in the archive (CrawlLog.SetCrawlState) after every
// page, so a crawl that is interrupted, even killed, continues where it
// stopped when run again; storing a page twice is harmless, since an
// identical document is Unchanged. A page whose fetch failed is owed
// (kept in the crawl state too) and asked for again by every later run,
// whatever its mode, until one fetches it.
package crawl

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/twins"
)

// Stats counts what a crawl did. Pages are the event pages asked for
// (feeds and robots.txt apart); each has one outcome.
type Stats struct {
	Fetched     int // pages asked for, whatever came back
	New         int // pages that gave a document the archive lacked
	Changed     int // … a new version of a document
	Unchanged   int // … the current version again
	NotModified int // 304 answers to a conditional GET
	Gone        int // 404/410 for a document the archive holds (kept, marked gone)
	Missing     int // 404/410 for a page never archived
	Failed      int // network errors, 5xx after retries, pages that did not parse
	// Owed counts the pages of the crawled languages whose last fetch
	// failed, in this run or an earlier one: they are kept in the crawl
	// state and asked for again by every run until one fetches them.
	Owed     int
	Robots   int // pages and feeds not asked for: robots.txt disallows them
	Feeds    int // feed pages read
	Bytes    int64
	Elapsed  time.Duration
	Failures []Failure
}

// Failure is one page that failed.
type Failure struct {
	URL string
	Err string
}

// Summary returns the one-line summary of a crawl.
func (s Stats) Summary() string {
	return fmt.Sprintf("fetched %d, new %d, changed %d, unchanged %d, not modified %d, gone %d, missing %d, failed %d, owed %d, skipped by robots %d; %d feed pages, %s in %s",
		s.Fetched, s.New, s.Changed, s.Unchanged, s.NotModified, s.Gone, s.Missing, s.Failed, s.Owed, s.Robots, s.Feeds, size(s.Bytes), s.Elapsed.Round(time.Millisecond))
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// Progress is a crawl's state after a page, for a progress display.
type Progress struct {
	Stats
	Phase       string // "feed" while reading a feed, "pages" while fetching pages
	Done, Total int    // pages of the current list fetched, and in it (0 while reading a feed)
	URL         string // the last URL asked for
}

// Crawler crawls into one archive. It is not safe for concurrent use: a
// crawl is one request at a time.
type Crawler struct {
	store transcript.Store
	log   transcript.CrawlLog
	cfg   Config
	f     *fetcher
	sites map[string]*url.URL // language → base URL
	langs []string            // the languages crawled, English first
	stats Stats
	start time.Time
	prog  Progress
	// owed are the pages whose last fetch failed, as kept under owedKey;
	// nil until read.
	owed []owedPage
	// asked are the page URLs asked for in this run: a page is asked for
	// once a run (an owed page retried first is not asked again when the
	// feed or the backfill reaches it).
	asked map[string]bool
}

// owedKey is the crawl state key of the pages owed.
const owedKey = "owed"

// owedPage is a page whose last fetch failed. It is kept in the crawl
// state under owedKey, oldest failure first, until a fetch of it gets an
// answer (a page, 304, 404 or 410): the feed walk of a later run stops at
// the first page of archived entries, so without it a page that failed
// on an older feed page would never be asked for again.
type owedPage struct {
	Lang  string `json:"lang"`
	Path  string `json:"path"`           // on lang's site
	Time  string `json:"time,omitempty"` // what the feed said of it
	Tries int    `json:"tries"`          // failed fetches so far
	Err   string `json:"error"`          // the last one's
}

// New returns a crawler that stores into store and records its fetches in
// log (usually the same archive).
func New(store transcript.Store, log transcript.CrawlLog, cfg Config) (*Crawler, error) {
	if cfg.Parse == nil {
		return nil, errors.New("crawl: no parser")
	}
	c := &Crawler{store: store, log: log, cfg: cfg, sites: map[string]*url.URL{}, asked: map[string]bool{}}
	switch cfg.Lang {
	case "", English:
		c.langs = []string{English}
	case Russian:
		c.langs = []string{Russian}
	case Both:
		c.langs = []string{English, Russian}
	default:
		return nil, fmt.Errorf("crawl: unknown language %q (want en, ru or both)", cfg.Lang)
	}
	for lang, base := range map[string]string{English: cmp(cfg.Base, DefaultBase), Russian: cmp(cfg.BaseRU, DefaultBaseRU)} {
		u, err := url.Parse(base)
		if err != nil || u.Host == "" || u.Scheme != "http" && u.Scheme != "https" {
			return nil, fmt.Errorf("crawl: base URL %q: want http://HOST or https://HOST", base)
		}
		u.Path = strings.TrimSuffix(u.Path, "/")
		u.RawQuery, u.Fragment = "", ""
		c.sites[lang] = u
	}
	c.f = newFetcher(&c.cfg)
	c.f.robotsFetched = c.robotsFetched
	return c, nil
}

func cmp(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Stats returns what the crawler has done so far.
func (c *Crawler) Stats() Stats {
	s := c.stats
	if !c.start.IsZero() {
		s.Elapsed = time.Since(c.start)
	}
	for _, o := range c.owed {
		if slices.Contains(c.langs, o.Lang) {
			s.Owed++
		}
	}
	return s
}

func (c *Crawler) begin() {
	if c.start.IsZero() {
		c.start = time.Now()
	}
}

func (c *Crawler) report() {
	if c.cfg.Progress != nil {
		c.prog.Stats = c.Stats()
		c.cfg.Progress(c.prog)
	}
}

// URL returns the URL of path (such as /events/president/news/1) on the
// site of lang.
func (c *Crawler) URL(lang, p string) string {
	return c.sites[lang].String() + p
}

// NewsPath is the path of the page with numeric id n.
func NewsPath(n int) string { return "/events/president/news/" + strconv.Itoa(n) }

// idFor returns the id of the document that path holds on the site of
// lang, when its last segment is a page number, or "".
func idFor(lang, p string) string {
	n := path.Base(p)
	if _, err := strconv.ParseUint(n, 10, 64); err != nil {
		return ""
	}
	id, _ := parser.KremlinID(lang, n, "", "")
	return id
}

// record writes one fetch to the log. It is not cancelled with ctx: a
// page that was fetched is recorded.
func (c *Crawler) record(ctx context.Context, f transcript.Fetch) error {
	if err := c.log.RecordFetch(context.WithoutCancel(ctx), f); err != nil {
		return fmt.Errorf("crawl: record fetch of %s: %w", f.URL, err)
	}
	return nil
}

func (c *Crawler) robotsFetched(ctx context.Context, r *response, err error) {
	f := transcript.Fetch{URL: "", Outcome: transcript.FetchFeed, FetchedAt: c.cfg.now()}
	if r != nil {
		f.URL, f.Status, f.Bytes, f.FetchedAt = r.URL, r.Status, r.Body, r.At
		f.ContentType = r.Header.Get("Content-Type")
		c.stats.Bytes += int64(len(r.Body))
	}
	if err != nil {
		f.Error = err.Error()
	}
	if f.URL == "" {
		return
	}
	// A robots.txt that cannot be recorded is no reason to stop: the
	// page fetches that follow will report the archive's trouble.
	_ = c.record(ctx, f)
}

// fail counts a failed page.
func (c *Crawler) fail(u string, err error) {
	c.stats.Failed++
	c.stats.Failures = append(c.stats.Failures, Failure{URL: u, Err: err.Error()})
}

// page fetches the event page at path p on lang's site and stores what
// it gives. feedTime is what a feed said of it, or "". The error is
// ctx's, or the archive's; what went wrong with the page itself is
// counted, recorded, and owed to the next run. A page asked for earlier
// in this run is not asked for again.
func (c *Crawler) page(ctx context.Context, lang, p, feedTime string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	u := c.URL(lang, p)
	if c.asked[u] {
		return nil
	}
	c.prog.URL = u
	pu, _ := url.Parse(u)
	id := idFor(lang, pu.Path)
	fetch := transcript.Fetch{URL: u, FeedTime: feedTime, DocumentID: id}

	var hdr http.Header
	last, err := c.log.LastFetch(ctx, u)
	switch {
	case err == nil && last.DocumentID != "" && stored(last.Outcome):
		hdr = http.Header{}
		if last.ETag != "" {
			hdr.Set("If-None-Match", last.ETag)
		}
		if last.LastModified != "" {
			hdr.Set("If-Modified-Since", last.LastModified)
		}
	case err != nil && !errors.Is(err, transcript.ErrNotFound):
		return fmt.Errorf("crawl: last fetch of %s: %w", u, err)
	}

	r, err := c.f.get(ctx, u, hdr)
	if ctx.Err() != nil && err != nil {
		return ctx.Err() // not asked for, or abandoned between attempts: not recorded
	}
	// The page was asked for: whatever happens to ctx now, it is stored
	// and recorded, so that a crawl stopped here continues after it.
	ctx = context.WithoutCancel(ctx)
	c.stats.Fetched++
	c.asked[u] = true
	if r != nil {
		fetch.Status = r.Status
		fetch.ETag = r.Header.Get("ETag")
		fetch.LastModified = r.Header.Get("Last-Modified")
		fetch.ContentType = r.Header.Get("Content-Type")
		fetch.FetchedAt = r.At
		fetch.Bytes = r.Body
		c.stats.Bytes += int64(len(r.Body))
	}
	if fetch.FetchedAt.IsZero() {
		fetch.FetchedAt = c.cfg.now()
	}
	version := func(id string) (int, error) {
		vs, err := c.store.Versions(ctx, id)
		if errors.Is(err, transcript.ErrNotFound) {
			return 0, nil
		}
		if err != nil {
			return 0, fmt.Errorf("crawl: versions of %s: %w", id, err)
		}
		return vs[len(vs)-1].Number, nil
	}
	switch {
	case errors.Is(err, ErrRobots):
		c.stats.Fetched--
		c.stats.Robots++
		fetch.Outcome, fetch.Status, fetch.Error = transcript.FetchRobots, 0, err.Error()
	case err != nil:
		fetch.Outcome, fetch.Error = transcript.FetchFailed, err.Error()
		fetch.Bytes = nil // what came is not the page
		c.fail(u, err)
	case r.Status == http.StatusNotModified:
		fetch.DocumentID = last.DocumentID
		v, err := version(fetch.DocumentID)
		if err != nil {
			return err
		}
		fetch.Outcome, fetch.Version = transcript.FetchNotModified, v
		c.stats.NotModified++
	case r.Status == http.StatusNotFound || r.Status == http.StatusGone:
		fetch.Outcome = transcript.FetchMissing
		if id != "" {
			v, err := version(id)
			if err != nil {
				return err
			}
			if v > 0 {
				fetch.Outcome, fetch.Version = transcript.FetchGone, v
			}
		}
		if fetch.Outcome == transcript.FetchGone {
			c.stats.Gone++
		} else {
			c.stats.Missing++
		}
	case r.Status != http.StatusOK:
		err := fmt.Errorf("HTTP %d", r.Status)
		fetch.Outcome, fetch.Error = transcript.FetchFailed, err.Error()
		c.fail(u, err)
	default:
		doc, err := c.cfg.Parse(bytes.NewReader(r.Body), u)
		if err != nil {
			fetch.Outcome, fetch.Error = transcript.FetchFailed, err.Error()
			c.fail(u, err)
			break
		}
		// A Russian page whose English twin is archived (with --lang both
		// the English page of an id is fetched first) takes the English
		// canonical persons where the two transcripts align, as reparse
		// does, so re-deriving it later changes nothing.
		if doc, err = twins.Resolve(ctx, c.store, doc); err != nil {
			return fmt.Errorf("crawl: %s: %w", u, err)
		}
		res, err := c.store.Put(ctx, doc, transcript.Raw{Origin: u, Format: ingest.FormatKremlinHTML, Bytes: r.Body})
		if err != nil {
			if errors.Is(err, transcript.ErrInvalid) {
				fetch.Outcome, fetch.Error = transcript.FetchFailed, err.Error()
				c.fail(u, err)
				break
			}
			return fmt.Errorf("crawl: store %s: %w", u, err)
		}
		fetch.DocumentID, fetch.Version = doc.ID, res.Version
		switch res.Status {
		case transcript.Inserted:
			fetch.Outcome = transcript.FetchNew
			c.stats.New++
		case transcript.Updated:
			fetch.Outcome = transcript.FetchChanged
			c.stats.Changed++
		default:
			fetch.Outcome = transcript.FetchUnchanged
			c.stats.Unchanged++
		}
	}
	if err := c.record(ctx, fetch); err != nil {
		return err
	}
	switch fetch.Outcome {
	case transcript.FetchRobots:
		return nil // not asked for: what was owed stays owed
	case transcript.FetchFailed:
		return c.owe(ctx, owedPage{Lang: lang, Path: p, Time: feedTime, Err: fetch.Error})
	}
	return c.paid(ctx, lang, p)
}

// loadOwed reads the pages owed, once per crawler.
func (c *Crawler) loadOwed(ctx context.Context) error {
	if c.owed != nil {
		return nil
	}
	v, err := c.log.CrawlState(ctx, owedKey)
	if err != nil {
		return fmt.Errorf("crawl: state %q: %w", owedKey, err)
	}
	c.owed = []owedPage{}
	if v != "" {
		// A state this version cannot read is lost: the pages are asked
		// for again when a feed or backfill reaches them.
		_ = json.Unmarshal([]byte(v), &c.owed)
	}
	return nil
}

func (c *Crawler) saveOwed(ctx context.Context) error {
	v := ""
	if len(c.owed) > 0 {
		b, _ := json.Marshal(c.owed)
		v = string(b)
	}
	if err := c.log.SetCrawlState(context.WithoutCancel(ctx), owedKey, v); err != nil {
		return fmt.Errorf("crawl: save state: %w", err)
	}
	return nil
}

// owe keeps o owed, counting one more try if it was already.
func (c *Crawler) owe(ctx context.Context, o owedPage) error {
	if err := c.loadOwed(ctx); err != nil {
		return err
	}
	i := slices.IndexFunc(c.owed, func(x owedPage) bool { return x.Lang == o.Lang && x.Path == o.Path })
	if i < 0 {
		o.Tries = 1
		c.owed = append(c.owed, o)
	} else {
		c.owed[i].Tries++
		c.owed[i].Err = o.Err
		if o.Time != "" {
			c.owed[i].Time = o.Time
		}
	}
	return c.saveOwed(ctx)
}

// paid drops the page at p on lang's site from the pages owed.
func (c *Crawler) paid(ctx context.Context, lang, p string) error {
	if err := c.loadOwed(ctx); err != nil {
		return err
	}
	n := len(c.owed)
	c.owed = slices.DeleteFunc(c.owed, func(x owedPage) bool { return x.Lang == lang && x.Path == p })
	if len(c.owed) == n {
		return nil
	}
	return c.saveOwed(ctx)
}

// retryOwed asks again for the pages of the crawled languages that
// earlier runs failed to fetch, oldest failure first.
func (c *Crawler) retryOwed(ctx context.Context) error {
	if err := c.loadOwed(ctx); err != nil {
		return err
	}
	var todo []owedPage
	for _, o := range c.owed {
		if slices.Contains(c.langs, o.Lang) {
			todo = append(todo, o)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	c.prog = Progress{Phase: "pages", Total: len(todo)}
	c.report()
	for i, o := range todo {
		if err := c.page(ctx, o.Lang, o.Path, o.Time); err != nil {
			return err
		}
		c.prog.Done = i + 1
		c.report()
	}
	return nil
}

// stored reports whether a fetch with this outcome stored its document,
// so that a 304 to a conditional GET based on it means the archive holds
// the page.
func stored(outcome string) bool {
	switch outcome {
	case transcript.FetchNew, transcript.FetchChanged, transcript.FetchUnchanged:
		return true
	}
	return false
}

// Backfill fetches the pages /events/president/news/N for N from first
// to last, in that order (first > last walks down), each language in
// turn for one id, English first. Every page is asked for, with a
// conditional GET when it was fetched before, so a backfill also finds
// edits and removals. Progress is saved after each page: a backfill of
// the same range that was interrupted continues where it stopped; one
// that completed starts again from first.
func (c *Crawler) Backfill(ctx context.Context, first, last int) (Stats, error) {
	c.begin()
	if first < 0 || last < 0 {
		return c.Stats(), fmt.Errorf("crawl: ids %d-%d: want numbers from 0", first, last)
	}
	if err := c.retryOwed(ctx); err != nil {
		return c.Stats(), err
	}
	key := fmt.Sprintf("backfill %s %d-%d", strings.Join(c.langs, "+"), first, last)
	step := 1
	if first > last {
		step = -1
	}
	n := (last-first)*step + 1
	type pos struct {
		i    int // ids done
		lang int // languages done of the next id
	}
	at := pos{}
	if v, err := c.log.CrawlState(ctx, key); err != nil {
		return c.Stats(), fmt.Errorf("crawl: state %q: %w", key, err)
	} else if v != "" {
		var id int
		var lang string
		if _, err := fmt.Sscanf(v, "%d %s", &id, &lang); err == nil && (id-first)*step >= 0 && (id-first)*step < n {
			at.i = (id - first) * step
			for j, l := range c.langs {
				if l == lang {
					at.lang = j
				}
			}
		}
	}
	c.prog = Progress{Phase: "pages", Total: n, Done: at.i}
	c.report()
	for i := at.i; i < n; i++ {
		id := first + i*step
		for j := range c.langs {
			if i == at.i && j < at.lang {
				continue
			}
			lang := c.langs[j]
			if err := c.page(ctx, lang, NewsPath(id), ""); err != nil {
				return c.Stats(), err
			}
			next := ""
			if j+1 < len(c.langs) {
				next = fmt.Sprintf("%d %s", id, c.langs[j+1])
			} else if i+1 < n {
				next = fmt.Sprintf("%d %s", id+step, c.langs[0])
			}
			if err := c.log.SetCrawlState(context.WithoutCancel(ctx), key, next); err != nil {
				return c.Stats(), fmt.Errorf("crawl: save state: %w", err)
			}
			c.report()
		}
		c.prog.Done = i + 1
	}
	c.report()
	return c.Stats(), nil
}

// walkState is the position of a feed walk, saved after each page.
type walkState struct {
	Next   string `json:"next,omitempty"` // the feed page to read next
	Pages  int    `json:"pages"`          // feed pages read
	Walked bool   `json:"walked"`         // the walk is over: fetching
	Done   int    `json:"done"`           // queued entries fetched
	// Retry is a feed page whose fetch failed: the walk stopped there, and
	// the next run goes on from it, so that the entries of older pages
	// are not lost behind a first page already archived.
	Retry string `json:"retry,omitempty"`
}

// queued is a feed entry to fetch.
type queued struct {
	Path string `json:"path"`
	Time string `json:"time,omitempty"`
}

// Follow reads the Atom feed at feedPath ("" means DefaultFeed) on each
// language's site, following rel="next" back until a page whose entries
// are all archived (and not updated since they were last fetched), or
// MaxPages, then fetches the new entries oldest first. With both
// languages, the English feed's entries are fetched in both (English
// first), then the Russian feed is read for what only it has.
func (c *Crawler) Follow(ctx context.Context, feedPath string) (Stats, error) {
	c.begin()
	feedPath = cmp(feedPath, DefaultFeed)
	if err := c.retryOwed(ctx); err != nil {
		return c.Stats(), err
	}
	for i, lang := range c.langs {
		langs := c.langs[i:]
		judge := func(ctx context.Context, es []feedEntry) ([]feedEntry, bool, error) {
			var keep []feedEntry
			for _, e := range es {
				known, err := c.knownAll(ctx, langs, e)
				if err != nil {
					return nil, false, err
				}
				if !known {
					keep = append(keep, e)
				}
			}
			return keep, len(keep) > 0, nil
		}
		if err := c.walk(ctx, "follow "+lang+" "+feedPath, lang, langs, feedPath, judge); err != nil {
			return c.Stats(), err
		}
	}
	return c.Stats(), nil
}

// Since reads the feed at feedPath back to the entries published on date
// (YYYY-MM-DD, Moscow time) and fetches those since then that are not
// archived, oldest first.
func (c *Crawler) Since(ctx context.Context, feedPath, date string) (Stats, error) {
	c.begin()
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return c.Stats(), fmt.Errorf("crawl: since %q: want YYYY-MM-DD", date)
	}
	feedPath = cmp(feedPath, DefaultFeed)
	if err := c.retryOwed(ctx); err != nil {
		return c.Stats(), err
	}
	for i, lang := range c.langs {
		langs := c.langs[i:]
		judge := func(ctx context.Context, es []feedEntry) ([]feedEntry, bool, error) {
			var keep []feedEntry
			more := false
			for _, e := range es {
				if d := e.Date(); d != "" && d < date {
					continue
				}
				more = true
				known, err := c.knownAll(ctx, langs, e)
				if err != nil {
					return nil, false, err
				}
				if !known {
					keep = append(keep, e)
				}
			}
			return keep, more, nil
		}
		if err := c.walk(ctx, "since "+date+" "+lang+" "+feedPath, lang, langs, feedPath, judge); err != nil {
			return c.Stats(), err
		}
	}
	return c.Stats(), nil
}

// knownAll reports whether the entry's page is known in every language.
func (c *Crawler) knownAll(ctx context.Context, langs []string, e feedEntry) (bool, error) {
	p := entryPath(e.URL)
	if p == "" {
		return true, nil // not a page of the site: never fetched
	}
	for _, lang := range langs {
		ok, err := c.known(ctx, lang, p, e)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// known reports whether the page at p on lang's site needs no fetch: its
// document is archived and was checked after the feed says it was
// updated, or (for a page without a number) it was fetched before.
func (c *Crawler) known(ctx context.Context, lang, p string, e feedEntry) (bool, error) {
	if id := idFor(lang, p); id != "" {
		prov, err := c.log.Provenance(ctx, id)
		if err == nil {
			if t, ok := e.updatedAt(); ok && !prov.LastChecked.IsZero() && t.After(prov.LastChecked) {
				return false, nil
			}
			return true, nil
		}
		if !errors.Is(err, transcript.ErrNotFound) {
			return false, fmt.Errorf("crawl: provenance of %s: %w", id, err)
		}
	}
	fs, err := c.log.Fetches(ctx, c.URL(lang, p))
	if err != nil {
		return false, fmt.Errorf("crawl: fetches of %s: %w", c.URL(lang, p), err)
	}
	for _, f := range fs {
		if f.Outcome != transcript.FetchFailed && f.Outcome != transcript.FetchRobots {
			return true, nil
		}
	}
	return false, nil
}

// entryPath is the path (and query) of a feed entry's URL, which names a
// page on the kremlin.ru host it came from, or "" for none.
func entryPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return ""
	}
	// The site's feeds give absolute URLs. A relative one is taken from
	// the site's root, so that it can never glue onto the host name
	// ("https://en.kremlin.ruevents/…").
	u = (&url.URL{Path: "/"}).ResolveReference(u)
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// judgeFunc picks the entries of a feed page to fetch and says whether
// the walk goes on to the next page.
type judgeFunc func(ctx context.Context, es []feedEntry) (keep []feedEntry, more bool, err error)

// walk reads the feed feedPath on lang's site page by page while judge
// says more, queues the entries judge keeps, then fetches them oldest
// first in each of langs. Its position is saved under key after every
// page, so an interrupted walk continues; a walk that continued an
// interrupted one is followed by a fresh one, for what the feed gained
// meanwhile.
func (c *Crawler) walk(ctx context.Context, key, lang string, langs []string, feedPath string, judge judgeFunc) error {
	for {
		var st walkState
		if v, err := c.log.CrawlState(ctx, key); err != nil {
			return fmt.Errorf("crawl: state %q: %w", key, err)
		} else if v != "" {
			if err := json.Unmarshal([]byte(v), &st); err != nil {
				st = walkState{} // a state this version cannot read: start again
			}
		}
		resumed := st.Pages > 0 || st.Next != ""
		if err := c.walkFeed(ctx, key, lang, feedPath, &st, judge); err != nil {
			return err
		}
		if err := c.fetchQueue(ctx, key, langs, &st); err != nil {
			return err
		}
		for i := 1; i <= st.Pages; i++ {
			if err := c.log.SetCrawlState(context.WithoutCancel(ctx), pageKey(key, i), ""); err != nil {
				return fmt.Errorf("crawl: save state: %w", err)
			}
		}
		next := ""
		if st.Retry != "" {
			// A feed page failed: the next run reads on from it.
			b, _ := json.Marshal(walkState{Next: st.Retry})
			next = string(b)
		}
		if err := c.log.SetCrawlState(context.WithoutCancel(ctx), key, next); err != nil {
			return fmt.Errorf("crawl: save state: %w", err)
		}
		if !resumed || st.Retry != "" {
			return nil
		}
	}
}

func pageKey(key string, i int) string { return fmt.Sprintf("%s page %d", key, i) }

func (c *Crawler) saveWalk(ctx context.Context, key string, st *walkState) error {
	b, _ := json.Marshal(st)
	if err := c.log.SetCrawlState(context.WithoutCancel(ctx), key, string(b)); err != nil {
		return fmt.Errorf("crawl: save state: %w", err)
	}
	return nil
}

// walkFeed reads feed pages from st's position until judge says stop,
// the feed ends or MaxPages are read.
func (c *Crawler) walkFeed(ctx context.Context, key, lang, feedPath string, st *walkState, judge judgeFunc) error {
	if st.Walked {
		return nil
	}
	next := st.Next
	if st.Pages == 0 && next == "" {
		next = c.URL(lang, feedPath)
	}
	c.prog = Progress{Phase: "feed"}
	for next != "" && (c.cfg.MaxPages <= 0 || st.Pages < c.cfg.MaxPages) {
		if err := ctx.Err(); err != nil {
			return err
		}
		c.prog.URL = next
		r, err := c.f.get(ctx, next, nil)
		if ctx.Err() != nil && err != nil {
			return ctx.Err()
		}
		fetch := transcript.Fetch{URL: next, Outcome: transcript.FetchFeed, FetchedAt: c.cfg.now()}
		if r != nil {
			fetch.Status, fetch.FetchedAt, fetch.Bytes = r.Status, r.At, r.Body
			fetch.ContentType = r.Header.Get("Content-Type")
			fetch.ETag, fetch.LastModified = r.Header.Get("ETag"), r.Header.Get("Last-Modified")
			c.stats.Bytes += int64(len(r.Body))
		}
		var page feedPage
		switch {
		case errors.Is(err, ErrRobots):
			c.stats.Robots++
			fetch.Outcome, fetch.Error, fetch.Status = transcript.FetchRobots, err.Error(), 0
		case err == nil && r.Status != http.StatusOK:
			err = fmt.Errorf("HTTP %d", r.Status)
		case err == nil:
			page, err = parseFeed(r.Body)
		}
		if err != nil {
			if fetch.Outcome != transcript.FetchRobots {
				fetch.Outcome, fetch.Error = transcript.FetchFailed, err.Error()
				fetch.Bytes = nil
				c.fail(next, err)
				st.Retry = next
			}
			if err := c.record(ctx, fetch); err != nil {
				return err
			}
			break // fetch what was found so far
		}
		c.stats.Feeds++
		if err := c.record(ctx, fetch); err != nil {
			return err
		}
		keep, more, err := judge(ctx, page.Entries)
		if err != nil {
			return err
		}
		q := make([]queued, len(keep))
		for i, e := range keep {
			q[i] = queued{Path: entryPath(e.URL), Time: e.Time()}
		}
		b, _ := json.Marshal(q)
		st.Pages++
		if err := c.log.SetCrawlState(context.WithoutCancel(ctx), pageKey(key, st.Pages), string(b)); err != nil {
			return fmt.Errorf("crawl: save state: %w", err)
		}
		next = ""
		if more && page.Next != "" {
			if p := entryPath(page.Next); p != "" {
				next = c.URL(lang, "") + p
			}
		}
		st.Next = next
		if err := c.saveWalk(ctx, key, st); err != nil {
			return err
		}
		c.report()
	}
	st.Walked, st.Next = true, ""
	return c.saveWalk(ctx, key, st)
}

// fetchQueue fetches the walk's queued entries, oldest first: the feed's
// last page first, each page from its end.
func (c *Crawler) fetchQueue(ctx context.Context, key string, langs []string, st *walkState) error {
	var queue []queued
	seen := map[string]bool{}
	for i := st.Pages; i >= 1; i-- {
		v, err := c.log.CrawlState(ctx, pageKey(key, i))
		if err != nil {
			return fmt.Errorf("crawl: state: %w", err)
		}
		var q []queued
		if v != "" {
			if err := json.Unmarshal([]byte(v), &q); err != nil {
				return fmt.Errorf("crawl: state %q: %w", pageKey(key, i), err)
			}
		}
		for j := len(q) - 1; j >= 0; j-- {
			if !seen[q[j].Path] {
				seen[q[j].Path] = true
				queue = append(queue, q[j])
			}
		}
	}
	c.prog = Progress{Phase: "pages", Done: st.Done, Total: len(queue)}
	c.report()
	for i := st.Done; i < len(queue); i++ {
		for _, lang := range langs {
			if err := c.page(ctx, lang, queue[i].Path, queue[i].Time); err != nil {
				return err
			}
		}
		st.Done = i + 1
		if err := c.saveWalk(ctx, key, st); err != nil {
			return err
		}
		c.prog.Done = i + 1
		c.report()
	}
	return nil
}
