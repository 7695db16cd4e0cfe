package crawl_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/crawl"
	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
)

// The real pages, read in place.
const (
	corpusDir  = "../../../shared/corpus/kremlin-html"
	fixtureDir = "../parser/kremlinhtml/testdata"
)

// page is one real page and what its own text says of its date.
type page struct {
	id         int
	body       []byte
	date, time string // from the page, Moscow wall clock
}

var (
	corpusOnce  sync.Once
	corpusPages []page
	corpusErr   error
)

// corpus returns the 30 real en.kremlin.ru pages, oldest first.
func corpus(tb testing.TB) []page {
	tb.Helper()
	corpusOnce.Do(func() {
		files, err := filepath.Glob(filepath.Join(corpusDir, "*.html"))
		if err != nil || len(files) == 0 {
			corpusErr = fmt.Errorf("no corpus pages in %s (%v)", corpusDir, err)
			return
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				corpusErr = err
				return
			}
			id, _ := strconv.Atoi(strings.TrimSuffix(filepath.Base(f), ".html"))
			doc, err := kremlinhtml.Parse(bytes.NewReader(b), f)
			if err != nil {
				corpusErr = err
				return
			}
			corpusPages = append(corpusPages, page{id: id, body: b, date: doc.Date, time: doc.Time})
		}
		sort.Slice(corpusPages, func(i, j int) bool {
			a, b := corpusPages[i], corpusPages[j]
			return a.date+a.time+fmt.Sprintf("%08d", a.id) < b.date+b.time+fmt.Sprintf("%08d", b.id)
		})
	})
	if corpusErr != nil {
		tb.Fatal(corpusErr)
	}
	return corpusPages
}

// pageByID returns the corpus page with that id.
func pageByID(tb testing.TB, id int) page {
	tb.Helper()
	for _, p := range corpus(tb) {
		if p.id == id {
			return p
		}
	}
	tb.Fatalf("no corpus page %d", id)
	return page{}
}

func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// hit is one request the test server received.
type hit struct {
	Path   string
	At     time.Time
	Header http.Header
	Server string
}

// site is a test kremlin.ru: it serves pages at /events/president/news/N,
// an Atom feed built from them at /events/all/feed (and /page/N) with
// absolute links to the real host, as the real feed has, and robots.txt.
// Pages get an ETag and answer If-None-Match with 304. A fault function
// may answer a request instead; paths listed in forbidden must never be
// asked for.
type site struct {
	*httptest.Server
	t        testing.TB
	name     string
	host     string // the real host the feed's links name
	perPage  int
	log      *[]hit // shared between the sites of one test, to see their order
	logMu    *sync.Mutex
	mu       sync.Mutex
	pages    map[int][]byte
	feed     []feedItem // newest first
	robots   string     // "" answers 404
	forbid   []string   // path prefixes that must never be requested
	fault    func(w http.ResponseWriter, r *http.Request, n int) bool
	count    map[string]int // requests per path
	notMod   int            // 304s sent
	noETag   bool
	lastMod  string
	handlers map[string]http.HandlerFunc
}

type feedItem struct {
	id   int
	time string // as the feed writes it
}

func newSite(tb testing.TB, name string) *site {
	var mu sync.Mutex
	var log []hit
	s := &site{t: tb, name: name, host: "en.kremlin.ru", perPage: 10, pages: map[int][]byte{}, count: map[string]int{},
		log: &log, logMu: &mu, handlers: map[string]http.HandlerFunc{}, lastMod: "Thu, 27 Aug 2020 16:09:44 GMT"}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.Close)
	return s
}

// share makes s log its requests into other's log.
func (s *site) share(other *site) { s.log, s.logMu = other.log, other.logMu }

// addCorpus serves the given corpus pages (all when none are named) and
// lists them in the feed, newest first, with times written as the real
// feed writes them (+04:00).
func (s *site) addCorpus(ids ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range corpus(s.t) {
		if len(ids) > 0 && !slices.Contains(ids, p.id) {
			continue
		}
		s.pages[p.id] = p.body
		s.feed = append([]feedItem{{id: p.id, time: p.date + "T" + p.time + ":00+04:00"}}, s.feed...)
	}
}

func (s *site) setPage(id int, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if body == nil {
		delete(s.pages, id)
	} else {
		s.pages[id] = body
	}
}

func (s *site) hits() []hit {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	var out []hit
	for _, h := range *s.log {
		if h.Server == s.name {
			out = append(out, h)
		}
	}
	return out
}

// pageHits counts the requests for event pages.
func (s *site) pageHits() int {
	n := 0
	for _, h := range s.hits() {
		if strings.HasPrefix(h.Path, "/events/president/news/") && !strings.Contains(h.Path, "feed") {
			n++
		}
	}
	return n
}

func (s *site) requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count[path]
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.logMu.Lock()
	*s.log = append(*s.log, hit{Path: r.URL.RequestURI(), At: time.Now(), Header: r.Header.Clone(), Server: s.name})
	s.logMu.Unlock()
	s.mu.Lock()
	s.count[r.URL.Path]++
	n := s.count[r.URL.Path]
	fault, forbid := s.fault, s.forbid
	s.mu.Unlock()
	for _, f := range forbid {
		if strings.HasPrefix(r.URL.Path, f) {
			s.t.Errorf("%s: requested %s, which robots.txt disallows", s.name, r.URL.Path)
		}
	}
	if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "Rostrum/") || !strings.Contains(ua, "+https://github.com/rostrum/rostrum") {
		s.t.Errorf("%s: User-Agent %q does not name Rostrum and its URL", s.name, ua)
	}
	if fault != nil && fault(w, r, n) {
		return
	}
	if h := s.handlers[r.URL.Path]; h != nil {
		h(w, r)
		return
	}
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		if s.robots == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, s.robots)
	case p == "/events/all/feed" || strings.HasPrefix(p, "/events/all/feed/page/"):
		n := 1
		if rest, ok := strings.CutPrefix(p, "/events/all/feed/page/"); ok {
			n, _ = strconv.Atoi(rest)
		}
		s.serveFeed(w, n)
	case strings.HasPrefix(p, "/events/president/news/"):
		id, err := strconv.Atoi(strings.TrimPrefix(p, "/events/president/news/"))
		s.mu.Lock()
		body, ok := s.pages[id]
		s.mu.Unlock()
		if err != nil || !ok {
			http.NotFound(w, r)
			return
		}
		sum := sha256.Sum256(body)
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		if !s.noETag {
			w.Header().Set("ETag", etag)
			if r.Header.Get("If-None-Match") == etag {
				s.mu.Lock()
				s.notMod++
				s.mu.Unlock()
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		w.Header().Set("Last-Modified", s.lastMod)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	default:
		http.NotFound(w, r)
	}
}

func (s *site) serveFeed(w http.ResponseWriter, n int) {
	s.mu.Lock()
	feed := slices.Clone(s.feed)
	s.mu.Unlock()
	pages := max(1, (len(feed)+s.perPage-1)/s.perPage)
	if n < 1 || n > pages {
		http.NotFound(w, nil)
		return
	}
	base := "http://" + s.host
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" ?><feed xml:lang="en" xmlns="http://www.w3.org/2005/Atom"><title type="text">Test feed</title>`)
	fmt.Fprintf(&b, `<id>%s/events/all/feed</id><link href="%s/events/all/feed" rel="self" />`, base, base)
	if n < pages {
		fmt.Fprintf(&b, `<link href="%s/events/all/feed/page/%d" rel="next" />`, base, n+1)
	}
	for _, it := range feed[(n-1)*s.perPage : min(len(feed), n*s.perPage)] {
		u := fmt.Sprintf("%s/events/president/news/%d", base, it.id)
		fmt.Fprintf(&b, `<entry><title>Item %d</title><id>%s</id><updated>%s</updated><published>%s</published><link href="%s" hreflang="en" rel="alternate" type="text/html" /></entry>`,
			it.id, u, it.time, it.time, u)
	}
	b.WriteString(`</feed>`)
	w.Header().Set("Content-Type", "application/atom+xml")
	fmt.Fprint(w, b.String())
}

// archive is a real SQLite archive in a temporary folder.
type archive interface {
	transcript.Store
	transcript.CrawlLog
}

func newArchive(tb testing.TB) archive {
	tb.Helper()
	if onPostgres != "" {
		return newPostgresArchive(tb, onPostgres)
	}
	return openArchive(tb, filepath.Join(tb.TempDir(), "archive.db"))
}

func openArchive(tb testing.TB, path string) archive {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	var st transcript.Store = s
	a, ok := st.(archive)
	if !ok {
		tb.Fatal("sqlite.Store does not implement transcript.CrawlLog")
	}
	return a
}

// fastConfig is a configuration for tests: no delay unless asked, short
// backoff and timeout.
func fastConfig(base string) crawl.Config {
	return crawl.Config{
		Parse:       kremlinhtml.Parse,
		Base:        base,
		Delay:       -1,
		Timeout:     2 * time.Second,
		BackoffBase: 10 * time.Millisecond,
		MaxBackoff:  50 * time.Millisecond,
	}
}

func mustCrawler(tb testing.TB, a archive, cfg crawl.Config) *crawl.Crawler {
	tb.Helper()
	c, err := crawl.New(a, a, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// versions returns how many versions the archive holds of id, 0 for none.
func versions(tb testing.TB, a archive, id string) int {
	tb.Helper()
	vs, err := a.Versions(context.Background(), id)
	if err != nil {
		return 0
	}
	return len(vs)
}

// docCount counts the archive's documents.
func docCount(tb testing.TB, a archive) (docs, vers int) {
	tb.Helper()
	st, err := a.Stats(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return st.Documents, st.Versions
}

// lastOutcome is the outcome of the latest fetch of u.
func lastOutcome(tb testing.TB, a archive, u string) transcript.Fetch {
	tb.Helper()
	fs, err := a.Fetches(context.Background(), u)
	if err != nil {
		tb.Fatal(err)
	}
	if len(fs) == 0 {
		tb.Fatalf("no fetch recorded for %s", u)
	}
	return fs[len(fs)-1]
}
