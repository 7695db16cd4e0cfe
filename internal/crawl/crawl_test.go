package crawl_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/rostrum/rostrum/internal/diff"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/crawl"
	"github.com/rostrum/rostrum/internal/transcript"
)

const newsPath = "/events/president/news/"

func TestBackfill(t *testing.T) {
	s := newSite(t, "en")
	s.addCorpus(8020, 8021, 8043)
	a := newArchive(t)
	st, err := mustCrawler(t, a, fastConfig(s.URL)).Backfill(t.Context(), 8020, 8043)
	if err != nil {
		t.Fatal(err)
	}
	if st.Fetched != 24 || st.New != 3 || st.Missing != 21 || st.Failed != 0 {
		t.Fatalf("first backfill: %s", st.Summary())
	}
	if docs, vers := docCount(t, a); docs != 3 || vers != 3 {
		t.Fatalf("archive holds %d documents, %d versions; want 3, 3", docs, vers)
	}
	for _, id := range []int{8020, 8021, 8043} {
		u := s.URL + newsPath + fmt.Sprint(id)
		f := lastOutcome(t, a, u)
		docID := fmt.Sprintf("en.kremlin.ru/%d", id)
		if f.Outcome != transcript.FetchNew || f.Status != 200 || f.DocumentID != docID || f.Version != 1 || f.ETag == "" || f.ContentType == "" {
			t.Errorf("fetch of %d: %+v", id, f)
		}
		raw, err := a.RawInput(t.Context(), docID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if raw.Origin != u || raw.Format != "kremlin-html" || !bytes.Equal(raw.Bytes, pageByID(t, id).body) {
			t.Errorf("raw input of %s: origin %q format %q, %d bytes", docID, raw.Origin, raw.Format, len(raw.Bytes))
		}
	}
	if f := lastOutcome(t, a, s.URL+newsPath+"8030"); f.Outcome != transcript.FetchMissing || f.Status != 404 {
		t.Errorf("fetch of 8030: got %s %d, want missing 404", f.Outcome, f.Status)
	}

	// Again: every archived page is asked for with If-None-Match and answered 304.
	before := len(s.hits())
	st, err = mustCrawler(t, a, fastConfig(s.URL)).Backfill(t.Context(), 8020, 8043)
	if err != nil {
		t.Fatal(err)
	}
	if st.NotModified != 3 || st.Missing != 21 || st.New+st.Changed+st.Unchanged != 0 {
		t.Fatalf("second backfill: %s", st.Summary())
	}
	conditional := 0
	for _, h := range s.hits()[before:] {
		if h.Header.Get("If-None-Match") != "" && h.Header.Get("If-Modified-Since") == s.lastMod {
			conditional++
		}
	}
	if conditional != 3 {
		t.Errorf("%d conditional requests, want 3", conditional)
	}
	if _, vers := docCount(t, a); vers != 3 {
		t.Errorf("after a 304 crawl the archive holds %d versions, want 3", vers)
	}
	p, err := a.Provenance(t.Context(), "en.kremlin.ru/8021")
	if err != nil {
		t.Fatal(err)
	}
	if p.Fetches != 2 || p.Versions != 1 || p.Gone || p.LastChecked.IsZero() {
		t.Errorf("provenance of 8021: %+v", p)
	}
	if f := lastOutcome(t, a, s.URL+newsPath+"8021"); f.Outcome != transcript.FetchNotModified || f.Status != 304 || f.DocumentID != "en.kremlin.ru/8021" || f.Version != 1 {
		t.Errorf("304 fetch recorded as %+v", f)
	}

	// Descending.
	st, err = mustCrawler(t, a, fastConfig(s.URL)).Backfill(t.Context(), 8021, 8020)
	if err != nil {
		t.Fatal(err)
	}
	hits := s.hits()
	if st.Fetched != 2 || hits[len(hits)-2].Path != newsPath+"8021" || hits[len(hits)-1].Path != newsPath+"8020" {
		t.Errorf("descending backfill: %s; last requests %s, %s", st.Summary(), hits[len(hits)-2].Path, hits[len(hits)-1].Path)
	}
}

func TestFollow(t *testing.T) {
	pages := corpus(t)
	s := newSite(t, "en")
	var first []int
	for _, p := range pages[:20] {
		first = append(first, p.id)
	}
	s.addCorpus(first...)
	a := newArchive(t)
	start := time.Now()
	st, err := mustCrawler(t, a, fastConfig(s.URL)).Follow(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	if st.Feeds != 2 || st.New != 20 || st.Fetched != 20 {
		t.Fatalf("first follow: %s", st.Summary())
	}
	t.Logf("follow, delay 0: %d pages (%s) in %s: %.0f pages/s", st.Fetched, fmt.Sprint(st.Bytes>>10)+" kB", elapsed.Round(time.Millisecond), float64(st.Fetched)/elapsed.Seconds())
	// Oldest first.
	var order []string
	for _, h := range s.hits() {
		if strings.HasPrefix(h.Path, newsPath) {
			order = append(order, h.Path)
		}
	}
	for i, p := range pages[:20] {
		if want := fmt.Sprintf("%s%d", newsPath, p.id); i >= len(order) || order[i] != want {
			t.Fatalf("page %d fetched: got %v, want %s (oldest first)", i, order, want)
		}
	}
	// The feed's time is recorded verbatim; the document keeps the page's own date and time.
	p := pages[0]
	f := lastOutcome(t, a, fmt.Sprintf("%s%s%d", s.URL, newsPath, p.id))
	if want := p.date + "T" + p.time + ":00+04:00"; f.FeedTime != want {
		t.Errorf("feed time recorded: got %q, want %q", f.FeedTime, want)
	}
	doc, err := a.Document(t.Context(), fmt.Sprintf("en.kremlin.ru/%d", p.id))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Date != p.date || doc.Time != p.time {
		t.Errorf("document date %s %s, want the page's %s %s", doc.Date, doc.Time, p.date, p.time)
	}
	if fs, err := a.Fetches(t.Context(), s.URL+"/events/all/feed"); err != nil || len(fs) != 1 || fs[0].Outcome != transcript.FetchFeed {
		t.Errorf("feed fetch recorded: %+v, %v", fs, err)
	}

	// Ten newer pages: page 1 of the feed is new, page 2 all archived: stop there.
	var rest []int
	for _, p := range pages[20:] {
		rest = append(rest, p.id)
	}
	s.addCorpus(rest...)
	st, err = mustCrawler(t, a, fastConfig(s.URL)).Follow(t.Context(), "/events/all/feed")
	if err != nil {
		t.Fatal(err)
	}
	if st.Feeds != 2 || st.New != 10 || st.Fetched != 10 {
		t.Errorf("second follow: %s", st.Summary())
	}
	// Nothing new: one feed page.
	st, err = mustCrawler(t, a, fastConfig(s.URL)).Follow(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if st.Feeds != 1 || st.Fetched != 0 {
		t.Errorf("third follow: %s", st.Summary())
	}
	if docs, vers := docCount(t, a); docs != 30 || vers != 30 {
		t.Errorf("archive holds %d documents, %d versions; want 30, 30", docs, vers)
	}
}

func TestFollowMaxPages(t *testing.T) {
	s := newSite(t, "en")
	s.addCorpus()
	a := newArchive(t)
	cfg := fastConfig(s.URL)
	cfg.MaxPages = 1
	st, err := mustCrawler(t, a, cfg).Follow(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if st.Feeds != 1 || st.New != 10 {
		t.Errorf("follow with one page: %s", st.Summary())
	}
}

func TestSince(t *testing.T) {
	pages := corpus(t)
	s := newSite(t, "en")
	s.addCorpus()
	a := newArchive(t)
	const since = "2019-01-01"
	want := 0
	for _, p := range pages {
		if p.date >= since {
			want++
		}
	}
	st, err := mustCrawler(t, a, fastConfig(s.URL)).Since(t.Context(), "", since)
	if err != nil {
		t.Fatal(err)
	}
	if st.New != want || st.Fetched != want || want == 0 {
		t.Errorf("since %s: %s; want %d new", since, st.Summary(), want)
	}
	if s.requests("/events/all/feed/page/3") != 0 {
		t.Error("read the feed past the date")
	}
	if _, err := mustCrawler(t, a, fastConfig(s.URL)).Since(t.Context(), "", "yesterday"); err == nil {
		t.Error("a bad date was accepted")
	}
}

// TestFaults injects one fault each into the crawl of one page and checks
// that the crawler survives it: retried to success where a retry can
// succeed, recorded as a failure otherwise, never stored half.
func TestFaults(t *testing.T) {
	const id = 8043
	path := fmt.Sprintf("%s%d", newsPath, id)
	body := pageByID(t, id).body
	hijack := func(w http.ResponseWriter, then func(*bufio.ReadWriter)) {
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		then(rw)
		rw.Flush()
	}
	tests := []struct {
		name     string
		fault    func(w http.ResponseWriter, r *http.Request, n int) bool
		cfg      func(*crawl.Config)
		outcome  string
		requests int           // of the page's path
		gap      time.Duration // at least between the first two requests
		check    func(t *testing.T, s *site, f transcript.Fetch)
	}{
		{
			name: "429 with Retry-After seconds",
			fault: func(w http.ResponseWriter, r *http.Request, n int) bool {
				if r.URL.Path == path && n == 1 {
					w.Header().Set("Retry-After", "1")
					w.WriteHeader(http.StatusTooManyRequests)
					return true
				}
				return false
			},
			outcome: transcript.FetchNew, requests: 2, gap: time.Second,
		},
		{
			name: "503 twice",
			fault: func(w http.ResponseWriter, r *http.Request, n int) bool {
				if r.URL.Path == path && n <= 2 {
					w.WriteHeader(http.StatusServiceUnavailable)
					return true
				}
				return false
			},
			outcome: transcript.FetchNew, requests: 3,
		},
		{
			name: "503 with Retry-After date",
			fault: func(w http.ResponseWriter, r *http.Request, n int) bool {
				if r.URL.Path == path && n == 1 {
					w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
					w.WriteHeader(http.StatusServiceUnavailable)
					return true
				}
				return false
			},
			outcome: transcript.FetchNew, requests: 2, gap: time.Second,
		},
		{
			name: "always 500",
			fault: func(w http.ResponseWriter, r *http.Request, n int) bool {
				if r.URL.Path == path {
					w.WriteHeader(http.StatusInternalServerError)
					return true
				}
				return false
			},
			outcome: transcript.FetchFailed, requests: crawl.DefaultMaxAttempts,
			check: func(t *testing.T, s *site, f transcript.Fetch) {
				if f.Status != 500 || !strings.Contains(f.Error, "after 4 attempts") {
					t.Errorf("recorded %d %q", f.Status, f.Error)
				}
			},
		},
		{
			name: "slow response past the timeout",
			fault: func(w http.ResponseWriter, r *http.Request, n int) bool {
				if r.URL.Path == path && n == 1 {
					select {
					case <-r.Context().Done():
					case <-time.After(3 * time.Second):
					}
					return true
				}
				return false
			},
			cfg:     func(c *crawl.Config) { c.Timeout = 300 * time.Millisecond },
			outcome: transcript.FetchNew, requests: 2,
		},
		{
			name: "slow body past the timeout",
			fault: func(w http.ResponseWriter, r *http.Request, n int) bool {
				if r.URL.Path == path && n == 1 {
					w.Header().Set("Content-Length", fmt.Sprint(len(body)))
					w.Write(body[:1000])
					w.(http.Flusher).Flush()
					select {
					case <-r.Context().Done():
					case <-time.After(3 * time.Second):
					}
					return true
				}
				return false
			},
			cfg:     func(c *crawl.Config) { c.Timeout = 300 * time.Millisecond },
			outcome: transcript.FetchNew, requests: 2,
		},
		{
			name: "connection reset",
			fault: func(w http.ResponseWriter, r *http.Request, n int) bool {
				if r.URL.Path == path && n <= 2 {
					hijack(w, func(*bufio.ReadWriter) {})
					return true
				}
				return false
			},
			outcome: transcript.FetchNew, requests: 3,
		},
		{
			name: "truncated body",
			fault: func(w http.ResponseWriter, r *http.Request, n int) bool {
				if r.URL.Path == path && n == 1 {
					hijack(w, func(rw *bufio.ReadWriter) {
						fmt.Fprintf(rw, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n", len(body))
						rw.Write(body[:len(body)/2])
					})
					return true
				}
				return false
			},
			outcome: transcript.FetchNew, requests: 2,
			check: func(t *testing.T, s *site, f transcript.Fetch) {
				if !bytes.Equal(f.Bytes, body) {
					t.Errorf("stored %d bytes, want the whole page's %d", len(f.Bytes), len(body))
				}
			},
		},
		{
			name: "redirect within the host",
			fault: func(w http.ResponseWriter, r *http.Request, n int) bool {
				switch r.URL.Path {
				case path:
					http.Redirect(w, r, "/events/president/transcripts/8043", http.StatusMovedPermanently)
					return true
				case "/events/president/transcripts/8043":
					http.Redirect(w, r, "/d/8043", http.StatusFound)
					return true
				case "/d/8043":
					w.Write(body)
					return true
				}
				return false
			},
			outcome: transcript.FetchNew, requests: 1,
			check: func(t *testing.T, s *site, f transcript.Fetch) {
				if s.requests("/d/8043") != 1 || s.requests("/events/president/transcripts/8043") != 1 {
					t.Error("redirects not followed")
				}
			},
		},
		{
			name: "redirect loop",
			fault: func(w http.ResponseWriter, r *http.Request, n int) bool {
				if r.URL.Path == path {
					http.Redirect(w, r, path, http.StatusFound)
					return true
				}
				return false
			},
			outcome: transcript.FetchFailed, requests: 6,
		},
		{
			name: "redirect to another host",
			fault: func(w http.ResponseWriter, r *http.Request, n int) bool {
				if r.URL.Path == path {
					http.Redirect(w, r, "http://127.0.0.2:1/elsewhere", http.StatusFound)
					return true
				}
				return false
			},
			outcome: transcript.FetchFailed, requests: 1,
			check: func(t *testing.T, s *site, f transcript.Fetch) {
				if !strings.Contains(f.Error, "another host") {
					t.Errorf("error %q", f.Error)
				}
			},
		},
		{
			name:    "page over the size cap",
			cfg:     func(c *crawl.Config) { c.MaxBytes = 10000 },
			outcome: transcript.FetchFailed, requests: 1,
			check: func(t *testing.T, s *site, f transcript.Fetch) {
				if f.Bytes != nil || !strings.Contains(f.Error, "size cap") {
					t.Errorf("recorded %d bytes, error %q", len(f.Bytes), f.Error)
				}
			},
		},
		{
			name: "page over the size cap, no Content-Length",
			fault: func(w http.ResponseWriter, r *http.Request, n int) bool {
				if r.URL.Path == path {
					w.Write(body[:8000])
					w.(http.Flusher).Flush()
					w.Write(body[8000:])
					return true
				}
				return false
			},
			cfg:     func(c *crawl.Config) { c.MaxBytes = 10000 },
			outcome: transcript.FetchFailed, requests: 1,
		},
		{
			name: "403",
			fault: func(w http.ResponseWriter, r *http.Request, n int) bool {
				if r.URL.Path == path {
					w.WriteHeader(http.StatusForbidden)
					return true
				}
				return false
			},
			outcome: transcript.FetchFailed, requests: 1,
		},
		{
			name: "page that does not parse",
			fault: func(w http.ResponseWriter, r *http.Request, n int) bool {
				if r.URL.Path == path {
					w.Write([]byte("<html><body></body></html>"))
					return true
				}
				return false
			},
			outcome: transcript.FetchFailed, requests: 1,
			check: func(t *testing.T, s *site, f transcript.Fetch) {
				if !strings.Contains(f.Error, "no kremlin article") || f.Status != 200 {
					t.Errorf("recorded %d %q, want the parser's message", f.Status, f.Error)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t, "en")
			s.addCorpus(id)
			s.fault = tt.fault
			a := newArchive(t)
			cfg := fastConfig(s.URL)
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			st, err := mustCrawler(t, a, cfg).Backfill(t.Context(), id, id)
			if err != nil {
				t.Fatal(err)
			}
			f := lastOutcome(t, a, s.URL+path)
			if f.Outcome != tt.outcome {
				t.Fatalf("outcome %s (%s), want %s; %s", f.Outcome, f.Error, tt.outcome, st.Summary())
			}
			if got := s.requests(path); got != tt.requests {
				t.Errorf("%d requests for the page, want %d", got, tt.requests)
			}
			docs, _ := docCount(t, a)
			if tt.outcome == transcript.FetchNew {
				if docs != 1 || st.New != 1 {
					t.Errorf("%d documents stored; %s", docs, st.Summary())
				}
				if f.Version != 1 || f.DocumentID != "en.kremlin.ru/8043" {
					t.Errorf("fetch recorded as %+v", f)
				}
			} else if docs != 0 || st.Failed != 1 || len(st.Failures) != 1 {
				t.Errorf("a failed page: %d documents stored; %s", docs, st.Summary())
			}
			if tt.gap > 0 {
				var at []time.Time
				for _, h := range s.hits() {
					if h.Path == path {
						at = append(at, h.At)
					}
				}
				if len(at) < 2 || at[1].Sub(at[0]) < tt.gap-50*time.Millisecond {
					t.Errorf("retried after %v, want at least %v", at[1].Sub(at[0]), tt.gap)
				}
			}
			if tt.check != nil {
				fs, err := a.LastFetch(t.Context(), s.URL+path)
				if err == nil {
					f.Bytes = fs.Bytes
				}
				tt.check(t, s, f)
			}
		})
	}
}

func TestRetryAfterTooLong(t *testing.T) {
	s := newSite(t, "en")
	s.addCorpus(8043)
	s.fault = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if strings.HasPrefix(r.URL.Path, newsPath) {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
			return true
		}
		return false
	}
	a := newArchive(t)
	st, err := mustCrawler(t, a, fastConfig(s.URL)).Backfill(t.Context(), 8043, 8043)
	if err != nil {
		t.Fatal(err)
	}
	if st.Failed != 1 || s.requests(newsPath+"8043") != 1 || !strings.Contains(st.Failures[0].Err, "asks to wait") {
		t.Errorf("a Retry-After of an hour: %s, %d requests, %v", st.Summary(), s.requests(newsPath+"8043"), st.Failures)
	}
}

// TestChangedPage crawls a page, changes it on the server, and crawls it
// again: a second version, the first kept.
func TestChangedPage(t *testing.T) {
	s := newSite(t, "en")
	s.addCorpus(8043)
	a := newArchive(t)
	if _, err := mustCrawler(t, a, fastConfig(s.URL)).Backfill(t.Context(), 8043, 8043); err != nil {
		t.Fatal(err)
	}
	const id = "en.kremlin.ru/8043"
	old, err := a.Document(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	body := pageByID(t, 8043).body
	edited := bytes.ReplaceAll(body, []byte(old.Title), []byte(old.Title+" (corrected)"))
	if bytes.Equal(edited, body) {
		t.Fatalf("title %q not found in the page", old.Title)
	}
	// And the second word of a paragraph, to a figure: the last
	// paragraph that the page holds verbatim (no entities or markup).
	var lastPara string
	var words []string
	turnIndex := 0
	for i := len(old.Turns) - 1; i >= 0 && lastPara == ""; i-- {
		for j := len(old.Turns[i].Paragraphs) - 1; j >= 0; j-- {
			p := old.Turns[i].Paragraphs[j]
			if w := strings.Fields(p); len(w) >= 5 && bytes.Count(edited, []byte(p)) == 1 {
				lastPara, words, turnIndex = p, w, old.Turns[i].Index
				break
			}
		}
	}
	if lastPara == "" {
		t.Fatal("no paragraph of the page found verbatim in its HTML")
	}
	editedPara := strings.Replace(lastPara, words[1], "1,234", 1)
	edited = bytes.Replace(edited, []byte(lastPara), []byte(editedPara), 1)
	s.setPage(8043, edited)
	st, err := mustCrawler(t, a, fastConfig(s.URL)).Backfill(t.Context(), 8043, 8043)
	if err != nil {
		t.Fatal(err)
	}
	if st.Changed != 1 {
		t.Fatalf("second crawl: %s", st.Summary())
	}
	vs, err := a.Versions(t.Context(), id)
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions: %v, %v; want 2", vs, err)
	}
	v1, err := a.DocumentVersion(t.Context(), id, 1)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := a.Document(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if v1.Title != old.Title || cur.Title != old.Title+" (corrected)" {
		t.Errorf("history: version 1 %q, current %q", v1.Title, cur.Title)
	}
	// The diff of the two versions names exactly the two edits.
	d := diff.Documents(v1, cur)
	if got := d.Stats.Fields; len(got) != 1 || got[0] != "title" {
		t.Errorf("fields changed: %v, want [title]", got)
	}
	if d.Stats.TurnsChanged != 1 || d.Stats.TurnsAdded+d.Stats.TurnsRemoved != 0 || d.Stats.WordsAdded != 1 || d.Stats.WordsRemoved != 1 {
		t.Errorf("diff: %s; want 1 turn changed, one word for one", d.Stats.Summary())
	}
	if m := diff.TurnMap(v1, cur); m[turnIndex] != turnIndex {
		t.Errorf("TurnMap: edited turn %d maps to %d", turnIndex, m[turnIndex])
	}
	var text strings.Builder
	if err := d.WriteText(&text, false); err != nil {
		t.Fatal(err)
	}
	if want := "[-" + words[1] + "-]{+1,234+}"; !strings.Contains(text.String(), want) {
		t.Errorf("diff text lacks %q:\n%s", want, text.String())
	}
	if f := lastOutcome(t, a, s.URL+newsPath+"8043"); f.Outcome != transcript.FetchChanged || f.Version != 2 {
		t.Errorf("fetch recorded as %s version %d", f.Outcome, f.Version)
	}
	// Unchanged content under a new ETag: fetched, Unchanged, no version.
	s.setPage(8043, append(bytes.Clone(edited), "\n<!-- cache 2 -->"...))
	st, err = mustCrawler(t, a, fastConfig(s.URL)).Backfill(t.Context(), 8043, 8043)
	if err != nil {
		t.Fatal(err)
	}
	if st.Unchanged != 1 || versions(t, a, id) != 2 {
		t.Errorf("third crawl: %s, %d versions", st.Summary(), versions(t, a, id))
	}
}

// TestGonePage archives two pages, removes one from the server, and
// crawls again: the archive keeps it and marks it gone; when it comes
// back the mark goes.
func TestGonePage(t *testing.T) {
	s := newSite(t, "en")
	s.addCorpus(8020, 8021)
	a := newArchive(t)
	if _, err := mustCrawler(t, a, fastConfig(s.URL)).Backfill(t.Context(), 8020, 8021); err != nil {
		t.Fatal(err)
	}
	s.setPage(8021, nil)
	st, err := mustCrawler(t, a, fastConfig(s.URL)).Backfill(t.Context(), 8020, 8021)
	if err != nil {
		t.Fatal(err)
	}
	if st.Gone != 1 || st.NotModified != 1 {
		t.Fatalf("crawl after removal: %s", st.Summary())
	}
	const id = "en.kremlin.ru/8021"
	if _, err := a.Document(t.Context(), id); err != nil {
		t.Fatalf("the removed page's document: %v", err)
	}
	p, err := a.Provenance(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Gone || p.GoneSince.IsZero() || p.Versions != 1 {
		t.Errorf("provenance after removal: %+v", p)
	}
	if f := lastOutcome(t, a, s.URL+newsPath+"8021"); f.Outcome != transcript.FetchGone || f.Status != 404 || f.DocumentID != id {
		t.Errorf("fetch recorded as %+v", f)
	}
	s.setPage(8021, pageByID(t, 8021).body)
	if _, err := mustCrawler(t, a, fastConfig(s.URL)).Backfill(t.Context(), 8021, 8021); err != nil {
		t.Fatal(err)
	}
	if p, err := a.Provenance(t.Context(), id); err != nil || p.Gone {
		t.Errorf("provenance after the page came back: %+v, %v", p, err)
	}
}

func TestRobots(t *testing.T) {
	t.Run("disallowed paths are never requested", func(t *testing.T) {
		s := newSite(t, "en")
		s.addCorpus()
		s.robots = "User-agent: *\nDisallow: /events/president/news/8021\nDisallow: /events/all/feed/page/\n\nUser-agent: OtherBot\nDisallow: /\n"
		s.forbid = []string{newsPath + "8021", "/events/all/feed/page/"}
		a := newArchive(t)
		c := mustCrawler(t, a, fastConfig(s.URL))
		st, err := c.Backfill(t.Context(), 8020, 8022)
		if err != nil {
			t.Fatal(err)
		}
		if st.Robots != 1 || st.New != 1 || st.Missing != 1 {
			t.Errorf("backfill: %s", st.Summary())
		}
		if f := lastOutcome(t, a, s.URL+newsPath+"8021"); f.Outcome != transcript.FetchRobots || f.Status != 0 {
			t.Errorf("skip recorded as %+v", f)
		}
		st, err = c.Follow(t.Context(), "")
		if err != nil {
			t.Fatal(err)
		}
		if st.Robots != 2 || st.Feeds != 1 || st.New != 1+10 {
			t.Errorf("follow: %s", st.Summary())
		}
		if n := s.requests("/robots.txt"); n != 1 {
			t.Errorf("robots.txt read %d times in one run, want 1", n)
		}
	})
	t.Run("robots.txt 503: nothing requested", func(t *testing.T) {
		s := newSite(t, "en")
		s.addCorpus(8020)
		s.forbid = []string{"/events/"}
		s.fault = func(w http.ResponseWriter, r *http.Request, n int) bool {
			if r.URL.Path == "/robots.txt" {
				w.WriteHeader(http.StatusServiceUnavailable)
				return true
			}
			return false
		}
		a := newArchive(t)
		st, err := mustCrawler(t, a, fastConfig(s.URL)).Backfill(t.Context(), 8020, 8021)
		if err != nil {
			t.Fatal(err)
		}
		if st.Robots != 2 || st.Fetched != 0 {
			t.Errorf("backfill: %s", st.Summary())
		}
		if n := s.requests("/robots.txt"); n != crawl.DefaultMaxAttempts {
			t.Errorf("robots.txt asked %d times, want %d (retried, then given up for the run)", n, crawl.DefaultMaxAttempts)
		}
	})
	t.Run("Crawl-delay raises the delay", func(t *testing.T) {
		s := newSite(t, "en")
		s.addCorpus(8020, 8021)
		s.robots = "User-agent: rostrum\nCrawl-delay: 0.2\nAllow: /\n"
		a := newArchive(t)
		cfg := fastConfig(s.URL)
		cfg.Delay = 10 * time.Millisecond
		if _, err := mustCrawler(t, a, cfg).Backfill(t.Context(), 8020, 8022); err != nil {
			t.Fatal(err)
		}
		hits := s.hits()
		if len(hits) != 4 {
			t.Fatalf("%d requests, want 4", len(hits))
		}
		for i := 2; i < len(hits); i++ {
			if gap := hits[i].At.Sub(hits[i-1].At); gap < 190*time.Millisecond {
				t.Errorf("requests %d and %d %v apart, want at least the Crawl-delay 200ms", i-1, i, gap)
			}
		}
	})
}

// TestRate checks that the crawler never asks more often than its delay
// allows, counting requests per second at the server.
func TestRate(t *testing.T) {
	s := newSite(t, "en")
	s.addCorpus(8020, 8021, 8043)
	a := newArchive(t)
	cfg := fastConfig(s.URL)
	const delay = 50 * time.Millisecond
	cfg.Delay = delay
	st, err := mustCrawler(t, a, cfg).Backfill(t.Context(), 8020, 8043)
	if err != nil {
		t.Fatal(err)
	}
	hits := s.hits()
	if len(hits) != 25 || st.New != 3 {
		t.Fatalf("%d requests, want 25; %s", len(hits), st.Summary())
	}
	maxInSecond, minGap := 0, time.Hour
	for i := range hits {
		n := 0
		for j := i; j < len(hits) && hits[j].At.Sub(hits[i].At) < time.Second; j++ {
			n++
		}
		maxInSecond = max(maxInSecond, n)
		if i > 0 {
			minGap = min(minGap, hits[i].At.Sub(hits[i-1].At))
		}
	}
	limit := int(time.Second / delay)
	t.Logf("delay %v: at most %d requests in any second (limit %d), smallest gap %v", delay, maxInSecond, limit, minGap)
	if maxInSecond > limit {
		t.Errorf("%d requests in one second, more than the %d a %v delay allows", maxInSecond, limit, delay)
	}
	if minGap < delay*4/5 {
		t.Errorf("two requests %v apart, want at least about %v", minGap, delay)
	}
}

// TestInterrupted cancels a crawl part-way and runs it again: the same
// documents as an uninterrupted crawl, no duplicate versions, and no page
// asked for twice beyond the one in flight.
func TestInterrupted(t *testing.T) {
	tests := []struct {
		name  string
		pages int // total pages the crawl asks for
		docs  int
		run   func(ctx context.Context, c *crawl.Crawler) (crawl.Stats, error)
	}{
		{"backfill", 24, 3, func(ctx context.Context, c *crawl.Crawler) (crawl.Stats, error) { return c.Backfill(ctx, 8020, 8043) }},
		{"follow", 30, 30, func(ctx context.Context, c *crawl.Crawler) (crawl.Stats, error) { return c.Follow(ctx, "") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t, "en")
			if tt.name == "backfill" {
				s.addCorpus(8020, 8021, 8043)
			} else {
				s.addCorpus()
			}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			s.fault = func(w http.ResponseWriter, r *http.Request, n int) bool {
				if strings.HasPrefix(r.URL.Path, newsPath) && s.pageHits() == 10 {
					cancel() // this page is still served and stored
				}
				return false
			}
			a := newArchive(t)
			st, err := tt.run(ctx, mustCrawler(t, a, fastConfig(s.URL)))
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("interrupted crawl returned %v, want context.Canceled", err)
			}
			if st.Fetched != 10 {
				t.Errorf("interrupted crawl fetched %d pages, want 10 (stop after the current page)", st.Fetched)
			}
			s.fault = nil
			st, err = tt.run(t.Context(), mustCrawler(t, a, fastConfig(s.URL)))
			if err != nil {
				t.Fatal(err)
			}
			if got := s.pageHits(); got != tt.pages {
				t.Errorf("%d page requests over both runs, want %d: %s", got, tt.pages, st.Summary())
			}
			docs, vers := docCount(t, a)
			if docs != tt.docs || vers != tt.docs {
				t.Errorf("archive holds %d documents, %d versions; want %d and %d", docs, vers, tt.docs, tt.docs)
			}
			// A third run starts afresh and finds everything in place.
			st, err = tt.run(t.Context(), mustCrawler(t, a, fastConfig(s.URL)))
			if err != nil || st.New+st.Changed != 0 || st.Failed != 0 {
				t.Errorf("third run: %s, %v", st.Summary(), err)
			}
		})
	}
}

// TestBothLanguages crawls an English/Russian pair: English first.
func TestBothLanguages(t *testing.T) {
	en := newSite(t, "en")
	ru := newSite(t, "ru")
	ru.share(en)
	ru.host = "kremlin.ru"
	en.setPage(90010, mustRead(t, fixtureDir+"/twin_en.html"))
	ru.setPage(90010, mustRead(t, fixtureDir+"/twin_ru.html"))
	ru.setPage(90003, mustRead(t, fixtureDir+"/russian.html"))
	en.feed = []feedItem{{90010, "2025-02-06T16:00:00+03:00"}}
	ru.feed = []feedItem{{90010, "2025-02-06T16:00:00+03:00"}, {90003, "2025-02-05T13:00:00+03:00"}}
	a := newArchive(t)
	cfg := fastConfig(en.URL)
	cfg.BaseRU = ru.URL
	cfg.Lang = crawl.Both
	st, err := mustCrawler(t, a, cfg).Backfill(t.Context(), 90010, 90010)
	if err != nil {
		t.Fatal(err)
	}
	if st.New != 2 {
		t.Fatalf("backfill: %s", st.Summary())
	}
	en.logMu.Lock()
	hits := slices.Clone(*en.log)
	en.logMu.Unlock()
	var pageOrder []string
	for _, h := range hits {
		if strings.HasPrefix(h.Path, newsPath) {
			pageOrder = append(pageOrder, h.Server+h.Path)
		}
	}
	if want := []string{"en" + newsPath + "90010", "ru" + newsPath + "90010"}; fmt.Sprint(pageOrder) != fmt.Sprint(want) {
		t.Errorf("pages asked for in order %v, want %v", pageOrder, want)
	}
	for _, id := range []string{"en.kremlin.ru/90010", "kremlin.ru/90010"} {
		if versions(t, a, id) != 1 {
			t.Errorf("%s not archived", id)
		}
	}
	// The Russian edition's speakers are the English edition's persons.
	enDoc, err := a.Document(t.Context(), "en.kremlin.ru/90010")
	if err != nil {
		t.Fatal(err)
	}
	ruDoc, err := a.Document(t.Context(), "kremlin.ru/90010")
	if err != nil {
		t.Fatal(err)
	}
	if len(enDoc.Turns) != len(ruDoc.Turns) {
		t.Fatalf("twins have %d and %d turns", len(enDoc.Turns), len(ruDoc.Turns))
	}
	linked := 0
	for i, turn := range ruDoc.Turns {
		if got, want := turn.Person, enDoc.Turns[i].Person; got != want {
			t.Errorf("turn %d: Russian person %q, English %q", i+1, got, want)
		} else if want != "" {
			linked++
		}
	}
	if linked == 0 {
		t.Error("no Russian turn took an English person")
	}
	// Follow both feeds: the Russian feed adds only what it alone has.
	st, err = mustCrawler(t, a, cfg).Follow(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if st.New != 1 || st.Feeds != 2 || st.Fetched != 1 {
		t.Errorf("follow: %s", st.Summary())
	}
	doc, err := a.Document(t.Context(), "kremlin.ru/90003")
	if err != nil || doc.Language != "ru" {
		t.Errorf("kremlin.ru/90003: %v, %v", doc, err)
	}
	if _, err := crawl.New(a, a, crawl.Config{Parse: cfg.Parse, Lang: "de"}); err == nil {
		t.Error("language de accepted")
	}
}

func TestUserAgent(t *testing.T) {
	if got := crawl.UserAgent(""); !strings.HasPrefix(got, "Rostrum/") || !strings.HasSuffix(got, "(+https://github.com/rostrum/rostrum)") {
		t.Errorf("UserAgent() = %q", got)
	}
	if got := crawl.UserAgent("ops@example.org"); !strings.HasSuffix(got, "(+https://github.com/rostrum/rostrum; ops@example.org)") {
		t.Errorf("UserAgent(contact) = %q", got)
	}
}

// TestReparseAfterCrawl crawls every corpus page and an English/Russian
// pair, then re-derives the archive from the raw pages it stored:
// nothing changes and no version is written, so a parser release can
// reparse a crawled archive without spurious versions.
func TestReparseAfterCrawl(t *testing.T) {
	en := newSite(t, "en")
	ru := newSite(t, "ru")
	ru.share(en)
	ru.host = "kremlin.ru"
	en.addCorpus()
	en.setPage(90010, mustRead(t, fixtureDir+"/twin_en.html"))
	ru.setPage(90010, mustRead(t, fixtureDir+"/twin_ru.html"))
	en.feed = append(en.feed, feedItem{90010, "2025-02-06T16:00:00+03:00"})
	ru.feed = []feedItem{{90010, "2025-02-06T16:00:00+03:00"}}
	a := newArchive(t)
	cfg := fastConfig(en.URL)
	cfg.BaseRU = ru.URL
	cfg.Lang = crawl.Both
	st, err := mustCrawler(t, a, cfg).Follow(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if st.Failed != 0 || st.New < 30 {
		t.Fatalf("crawl: %s", st.Summary())
	}
	docs, vers := docCount(t, a)
	res, err := ingest.Reparse(t.Context(), a, ingest.ReparseConfig{Formats: ingest.Formats{
		ingest.FormatKremlinHTML: ingest.Single(kremlinhtml.Parse),
	}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Checked != docs || res.Changed != 0 || res.Failed != 0 {
		t.Errorf("reparse of a crawled archive: checked %d of %d, changed %d %v, failed %d %v",
			res.Checked, docs, res.Changed, res.Reasons, res.Failed, res.Failures)
	}
	if d2, v2 := docCount(t, a); d2 != docs || v2 != vers {
		t.Errorf("reparse wrote: %d documents, %d versions before; %d, %d after", docs, vers, d2, v2)
	}
}

// TestFollowRetriesOwed reproduces "crawl follow never retries what
// failed on older feed pages": a run with failed 10 (the ten pages of
// feed page 2), then a run that read feed page 1, found it archived,
// stopped and reported failed 0 while the ten were still missing. The
// failed pages are owed, kept in the crawl state, until a run fetches
// them; every run asks for them first.
// TestFollowRetriesFailedFeedPage: a follow run whose walk stops on a
// feed page that fails leaves that page to the next run, which reads on
// from it; before, the next run read feed page 1, found it archived and
// stopped, and the entries of the older pages were never fetched.
func TestFollowRetriesFailedFeedPage(t *testing.T) {
	pages := corpus(t)
	s := newSite(t, "en")
	var ids []int
	for _, p := range pages[:20] {
		ids = append(ids, p.id)
	}
	s.addCorpus(ids...)
	failFeed := true
	s.fault = func(w http.ResponseWriter, r *http.Request, _ int) bool {
		s.mu.Lock()
		f := failFeed && r.URL.Path == "/events/all/feed/page/2"
		s.mu.Unlock()
		if f {
			w.WriteHeader(http.StatusBadGateway)
		}
		return f
	}
	a := newArchive(t)
	cfg := fastConfig(s.URL)
	cfg.MaxAttempts = 1
	run := func() crawl.Stats {
		t.Helper()
		st, err := mustCrawler(t, a, cfg).Follow(t.Context(), "")
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := run(); st.New != 10 || st.Failed != 1 {
		t.Fatalf("first run: %s; want new 10 (feed page 1), failed 1 (feed page 2)", st.Summary())
	}
	s.mu.Lock()
	failFeed = false
	s.mu.Unlock()
	if st := run(); st.New != 10 || st.Failed != 0 {
		t.Fatalf("second run: %s; want new 10, the entries of feed page 2", st.Summary())
	}
	if docs, _ := docCount(t, a); docs != 20 {
		t.Errorf("archive holds %d documents, want 20", docs)
	}
	// Nothing is owed any more: a third run reads feed page 1 and stops.
	if st := run(); st.New != 0 || st.Failed != 0 || st.Feeds != 1 {
		t.Errorf("third run: %s; want nothing new, one feed page", st.Summary())
	}
}

func TestFollowRetriesOwed(t *testing.T) {
	pages := corpus(t)
	s := newSite(t, "en")
	var ids []int
	for _, p := range pages[:20] {
		ids = append(ids, p.id)
	}
	s.addCorpus(ids...)
	older := map[string]bool{} // the pages of feed page 2
	for _, p := range pages[:10] {
		older[fmt.Sprintf("%s%d", newsPath, p.id)] = true
	}
	fail := map[string]bool{}
	for p := range older {
		fail[p] = true
	}
	s.fault = func(w http.ResponseWriter, r *http.Request, _ int) bool {
		s.mu.Lock()
		f := fail[r.URL.Path]
		s.mu.Unlock()
		if f {
			w.WriteHeader(http.StatusBadGateway)
		}
		return f
	}
	a := newArchive(t)
	cfg := fastConfig(s.URL)
	cfg.MaxAttempts = 1
	run := func() crawl.Stats {
		t.Helper()
		st, err := mustCrawler(t, a, cfg).Follow(t.Context(), "")
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := run(); st.New != 10 || st.Failed != 10 || st.Owed != 10 || st.Feeds != 2 {
		t.Fatalf("first run: %s; want new 10, failed 10, owed 10", st.Summary())
	}
	// Feed page 1 is archived: the walk stops there, but the ten owed
	// pages are asked for again, once each; half of them still fail.
	s.mu.Lock()
	for _, p := range pages[:5] {
		delete(fail, fmt.Sprintf("%s%d", newsPath, p.id))
	}
	s.mu.Unlock()
	before := s.pageHits()
	if st := run(); st.New != 5 || st.Failed != 5 || st.Owed != 5 || st.Feeds != 1 || st.Fetched != 10 {
		t.Fatalf("second run: %s; want fetched 10, new 5, failed 5, owed 5, one feed page", st.Summary())
	}
	if got := s.pageHits() - before; got != 10 {
		t.Errorf("second run asked for %d pages, want the 10 owed once each", got)
	}
	s.mu.Lock()
	clear(fail)
	s.mu.Unlock()
	if st := run(); st.New != 5 || st.Failed != 0 || st.Owed != 0 {
		t.Fatalf("third run: %s; want new 5, owed 0", st.Summary())
	}
	if docs, _ := docCount(t, a); docs != 20 {
		t.Errorf("archive holds %d documents, want 20", docs)
	}
	if st := run(); st.Fetched != 0 || st.Owed != 0 {
		t.Errorf("fourth run: %s; want nothing fetched", st.Summary())
	}
	if v, err := a.CrawlState(t.Context(), "owed"); err != nil || v != "" {
		t.Errorf("crawl state owed = %q, %v; want none", v, err)
	}
}

// TestBackfillFailureOwed: a page a backfill failed is owed, and a
// follow run (whose feed does not reach it) asks for it again.
func TestBackfillFailureOwed(t *testing.T) {
	s := newSite(t, "en")
	s.addCorpus(8020, 8021)
	s.feed = nil // a feed without them
	fail := true
	s.fault = func(w http.ResponseWriter, r *http.Request, _ int) bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		if fail && r.URL.Path == newsPath+"8021" {
			w.WriteHeader(http.StatusInternalServerError)
			return true
		}
		return false
	}
	a := newArchive(t)
	cfg := fastConfig(s.URL)
	cfg.MaxAttempts = 1
	st, err := mustCrawler(t, a, cfg).Backfill(t.Context(), 8020, 8021)
	if err != nil || st.Failed != 1 || st.Owed != 1 {
		t.Fatalf("backfill: %s, %v; want failed 1, owed 1", st.Summary(), err)
	}
	s.mu.Lock()
	fail = false
	s.mu.Unlock()
	st, err = mustCrawler(t, a, cfg).Follow(t.Context(), "")
	if err != nil || st.New != 1 || st.Owed != 0 || st.Fetched != 1 {
		t.Fatalf("follow: %s, %v; want the owed page fetched", st.Summary(), err)
	}
	if versions(t, a, "en.kremlin.ru/8021") != 1 {
		t.Error("en.kremlin.ru/8021 not archived")
	}
}

// TestResetRespectsDelay reproduces "after a connection reset the
// crawler re-sends within 2 ms despite Crawl-delay": net/http re-sent a
// GET whose reused connection broke, at once. The retry is the
// crawler's, after the delay.
func TestResetRespectsDelay(t *testing.T) {
	const id = 8043
	path := fmt.Sprintf("%s%d", newsPath, id)
	s := newSite(t, "en")
	s.addCorpus(id)
	s.robots = "User-agent: *\nCrawl-delay: 0.3\n"
	s.fault = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.URL.Path == path && n == 1 {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Error(err)
				return true
			}
			conn.Close()
			return true
		}
		return false
	}
	a := newArchive(t)
	cfg := fastConfig(s.URL)
	cfg.Delay = 10 * time.Millisecond
	st, err := mustCrawler(t, a, cfg).Backfill(t.Context(), id, id)
	if err != nil || st.New != 1 {
		t.Fatalf("backfill: %s, %v", st.Summary(), err)
	}
	var at []time.Time
	for _, h := range s.hits() {
		if h.Path == path {
			at = append(at, h.At)
		}
	}
	if len(at) != 2 {
		t.Fatalf("%d requests for the page, want 2", len(at))
	}
	if gap := at[1].Sub(at[0]); gap < 290*time.Millisecond {
		t.Errorf("re-sent after a reset %v later, want at least the Crawl-delay of 300ms", gap)
	}
}

// TestRetryAfterErrorNamesURLOnce: the 429 crawl error printed the URL
// twice ("URL: URL: the server asks to wait …"), as the CLI prints
// each failure as "URL: error".
func TestRetryAfterErrorNamesURLOnce(t *testing.T) {
	s := newSite(t, "en")
	s.fault = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if strings.HasPrefix(r.URL.Path, newsPath) {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
			return true
		}
		return false
	}
	st, err := mustCrawler(t, newArchive(t), fastConfig(s.URL)).Backfill(t.Context(), 8043, 8043)
	if err != nil || len(st.Failures) != 1 {
		t.Fatalf("backfill: %s, %v", st.Summary(), err)
	}
	if f := st.Failures[0]; strings.Contains(f.Err, s.URL) || strings.Contains(f.Err, newsPath) {
		t.Errorf("failure of %s: error %q names the URL again", f.URL, f.Err)
	}
}
