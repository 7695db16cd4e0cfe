package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/sqlite"
)

const corpusHTML = "../../../shared/corpus/kremlin-html"

// kremlinSite serves pages at /events/president/news/N (404 for the
// others) and counts the requests for each path.
type kremlinSite struct {
	*httptest.Server
	mu    sync.Mutex
	pages map[int][]byte
	count map[string]int
	// served, if set, is called after each answer with the number of
	// requests so far.
	served func(total int)
}

func newKremlinSite(t *testing.T, pages map[int][]byte) *kremlinSite {
	s := &kremlinSite{pages: pages, count: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.count[r.URL.Path]++
		served := s.served
		s.mu.Unlock()
		if served != nil {
			defer func() {
				total, _ := s.requests()
				served(total)
			}()
		}
		id, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/events/president/news/"))
		s.mu.Lock()
		body, ok := s.pages[id]
		s.mu.Unlock()
		if err != nil || !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *kremlinSite) requests() (total, most int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for p, n := range s.count {
		if strings.HasPrefix(p, "/events/") {
			total += n
			most = max(most, n)
		}
	}
	return total, most
}

func corpusPage(t *testing.T, id int) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusHTML, strconv.Itoa(id)+".html"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var crawlSummary = regexp.MustCompile(`fetched (\d+), new (\d+), changed (\d+), unchanged (\d+), not modified (\d+), gone (\d+), missing (\d+), failed (\d+), owed (\d+), skipped by robots (\d+)`)

func TestCrawlCommand(t *testing.T) {
	site := newKremlinSite(t, map[int][]byte{8020: corpusPage(t, 8020), 8021: corpusPage(t, 8021)})
	db := filepath.Join(t.TempDir(), "archive.db")
	out := mustRostrum(t, "crawl", "backfill", "--db", db, "--ids", "8019-8021", "--base", site.URL, "--delay", "0", "--user-agent", "test@example.org")
	m := crawlSummary.FindStringSubmatch(out)
	if m == nil || m[1] != "3" || m[2] != "2" || m[7] != "1" || m[8] != "0" {
		t.Fatalf("crawl: got %q", out)
	}
	if got := mustRostrum(t, "show", "--db", db, "en.kremlin.ru/8021"); len(got) < 500 {
		t.Errorf("show after crawl: %q", got)
	}
	// The same again: unchanged (the test site sends no ETag), no new version.
	out = mustRostrum(t, "crawl", "backfill", "--db", db, "--ids", "8021-8019", "--base", site.URL, "--delay", "0")
	if m := crawlSummary.FindStringSubmatch(out); m == nil || m[4] != "2" {
		t.Errorf("second crawl: got %q", out)
	}
	if got := countDocuments(t, db); got != 2 {
		t.Errorf("%d documents, want 2", got)
	}
	// history introduces a crawled document with its provenance.
	hist := mustRostrum(t, "history", "--db", db, "en.kremlin.ru/8021")
	for _, want := range []string{"source:        http://en.kremlin.ru/events/president/news/8021 (main edition, en)", "last checked:", "(2 fetches)", "first version"} {
		if !strings.Contains(hist, want) {
			t.Errorf("history after two crawls lacks %q:\n%s", want, hist)
		}
	}

	// A page that fails: exit 1, the URL and reason on stderr.
	site.mu.Lock()
	site.pages[8022] = []byte("<html><body></body></html>")
	site.mu.Unlock()
	_, errOut, code := rostrum(t, "", "crawl", "backfill", "--db", db, "--ids", "8022", "--base", site.URL, "--delay", "0")
	if code != 1 || !strings.Contains(errOut, site.URL+"/events/president/news/8022: ") {
		t.Errorf("failed page: exit %d, stderr %q", code, errOut)
	}

	// Follow against a site without a feed: the failure is reported, and
	// the page the backfill failed is owed: asked for again, and still
	// failing, counted.
	out, errOut, code = rostrum(t, "", "crawl", "--db", db, "--base", site.URL, "--delay", "0", "--retries", "0")
	if code != 1 || !strings.Contains(errOut, "/events/all/feed: HTTP 404") || !strings.Contains(errOut, "/events/president/news/8022: ") {
		t.Errorf("follow without a feed: exit %d, stderr %q", code, errOut)
	}
	if m := crawlSummary.FindStringSubmatch(out); m == nil || m[9] != "1" {
		t.Errorf("follow with a page owed: got %q, want owed 1", out)
	}

	for _, args := range [][]string{
		{"crawl", "backfill"},
		{"crawl", "backfill", "--ids", "1-2", "--since", "2020-01-01"},
		{"crawl", "--ids", "1-2"},
		{"crawl", "backfill", "--ids", "x-2"},
		{"crawl", "backfill", "--since", "2020"},
		{"crawl", "sideways"},
		{"crawl", "--lang", "de"},
		{"crawl", "--delay", "-1s"},
	} {
		if _, _, code := rostrum(t, "", append(args, "--db", db)...); code != 2 {
			t.Errorf("rostrum %s: exit %d, want 2", strings.Join(args, " "), code)
		}
	}
	help := mustRostrum(t, "help", "crawl")
	for _, want := range []string{"backfill --ids A-B", "--since", "-delay", "-base-ru", "robots.txt", "Example:"} {
		if !strings.Contains(help, want) {
			t.Errorf("rostrum help crawl lacks %q", want)
		}
	}
}

// TestCrawlKilled kills rostrum crawl backfill with SIGKILL part-way,
// then runs the same command again: it continues where the killed one
// stopped, and the archive holds every page once, in one version.
func TestCrawlKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	// Forty distinct pages made from one real page by renumbering it.
	const first, n = 100000, 40
	base := corpusPage(t, 8020)
	pages := map[int][]byte{}
	for i := range n {
		id := first + i
		pages[id] = bytes.ReplaceAll(base, []byte("8020"), []byte(strconv.Itoa(id)))
	}
	site := newKremlinSite(t, pages)
	db := filepath.Join(t.TempDir(), "archive.db")
	ids := fmt.Sprintf("%d-%d", first, first+n-1)
	args, _ := json.Marshal([]string{"crawl", "backfill", "--db", db, "--ids", ids, "--base", site.URL, "--delay", "100ms"})
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), "ROSTRUM_TEST_ARGS="+string(args))
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- child.Wait() }()
	stored := 0
	for deadline := time.Now().Add(30 * time.Second); stored < 3; {
		select {
		case err := <-done:
			t.Fatalf("rostrum crawl finished before it could be killed (%v)", err)
		case <-time.After(20 * time.Millisecond):
		}
		stored = countDocuments(t, db)
		if time.Now().After(deadline) {
			t.Fatal("no document committed after 30 s")
		}
	}
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-done
	s, err := sqlite.Open(t.Context(), db)
	if err != nil {
		t.Fatalf("the killed archive does not open: %v", err)
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Fatalf("the killed archive fails its checks: %v", err)
	}
	s.Close()
	killedAt, _ := site.requests()
	if killedAt >= n {
		t.Fatalf("the child asked for %d pages before it was killed, want fewer than %d", killedAt, n)
	}

	out := mustRostrum(t, "crawl", "backfill", "--db", db, "--ids", ids, "--base", site.URL, "--delay", "0")
	if m := crawlSummary.FindStringSubmatch(out); m == nil || m[8] != "0" {
		t.Fatalf("second crawl: %q", out)
	}
	total, most := site.requests()
	t.Logf("killed after %d page requests; %d in all", killedAt, total)
	if total > n+1 || most > 2 {
		t.Errorf("%d page requests over both runs (one page asked for %d times), want at most %d: the second run did not continue where the first stopped", total, most, n+1)
	}
	s, err = sqlite.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != n || st.Versions != n {
		t.Errorf("archive holds %d documents and %d versions, want %d of each", st.Documents, st.Versions, n)
	}
}

// TestCrawlInterrupted stops rostrum crawl as Ctrl-C does (its context
// ends) while it fetches the third page: it stops after that page, says
// how to continue, and the same command again fetches only the rest.
func TestCrawlInterrupted(t *testing.T) {
	site := newKremlinSite(t, map[int][]byte{8020: corpusPage(t, 8020), 8021: corpusPage(t, 8021), 8043: corpusPage(t, 8043)})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	site.mu.Lock()
	site.served = func(total int) {
		if total == 3 {
			cancel()
		}
	}
	site.mu.Unlock()
	db := filepath.Join(t.TempDir(), "archive.db")
	args := []string{"crawl", "backfill", "--db", db, "--ids", "8020-8043", "--base", site.URL, "--delay", "0"}
	var out, errOut bytes.Buffer
	err := run(ctx, args, strings.NewReader(""), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "run the same command again") || exitCode(err) != 1 {
		t.Fatalf("interrupted crawl: %v", err)
	}
	if m := crawlSummary.FindStringSubmatch(out.String()); m == nil || m[1] != "3" || m[2] != "2" {
		t.Errorf("interrupted crawl's summary: %q", out.String())
	}
	out2 := mustRostrum(t, args...)
	if m := crawlSummary.FindStringSubmatch(out2); m == nil || m[1] != "21" || m[2] != "1" {
		t.Errorf("continued crawl's summary: %q", out2)
	}
	if total, most := site.requests(); total != 24 || most != 1 {
		t.Errorf("%d page requests over both runs, one page asked for %d times; want 24 and 1", total, most)
	}
}
