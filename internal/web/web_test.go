package web_test

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

type response struct {
	status int
	header http.Header
	body   string
}

func fetch(t testing.TB, rawURL string) response {
	t.Helper()
	resp, err := http.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(b)}
}

// TestPages renders every page of the site from the real archive and
// checks what each must show. Together the cases use every template.
func TestPages(t *testing.T) {
	needCorpus(t)
	ts := newServer(t, web.Config{})
	putin := "/person/" + url.PathEscape("Vladimir Putin")
	tests := []struct {
		path     string
		status   int
		template string
		want     []string // substrings of the HTML
	}{
		{"/", 200, "home", []string{"Latest documents", `href="/person/Vladimir%20Putin"`, `href="/topic/`, `href="/year/2022"`}},
		{"/search", 200, "search", []string{"The query language", "<code>person:putin</code>"}},
		{"/search?q=" + url.QueryEscape(`"strategic partnership"`), 200, "search",
			[]string{"21 matches</strong> in 17 documents", "<mark>strategic partnership</mark>", `<svg class="chart"`, "Speakers", `href="/feed?q=%22strategic%20partnership%22"`, "/export.csv?q="}},
		{"/search?q=" + url.QueryEscape("person:Tokayev CSTO"), 200, "search",
			[]string{"1 match</strong> in 1 document", `href="/d/en.kremlin.ru/h-80d7397f9286?q=person%3ATokayev%20CSTO#t2"`, "<mark>CSTO</mark>", `aria-label="Remove filter person:Tokayev"`}},
		{"/search?q=" + url.QueryEscape("person:Tokayev") + "&sort=oldest", 200, "search", []string{`<span aria-current="true">oldest</span>`}},
		{"/search?q=zzzyyyxxx", 200, "search", []string{"Nothing matches."}},
		{"/d/" + sampleID + "?", 200, "document", []string{`<h2 id="qa-h">Questions and answers</h2>`, `<p class="exchange" lang="en"><a href="#t5">Question q4, answered in turns 5–6</a></p>`, `<a href="#t4">Answers question q4 (turn 4)</a>`, `<a href="#t4">Question</a> <span class="n">t4</span> → Vladimir Putin, Kassym-Jomart Tokayev`}},
		{"/d/" + sampleID, 200, "document", []string{
			"<h1>Press statements following Russia-Kazakhstan talks</h1>",
			`id="t1"`, `id="t2p1"`, `<a class="pilcrow" href="#t2p1"`,
			`<h2 class="speaker"><a href="/person/Vladimir%20Putin">President of Russia Vladimir Putin</a></h2>`,
			"Cite turn 2", "#t2", "President of Russia website, CC BY 4.0",
			`href="/topic/CSTO"`, `href="/country/Kazakhstan"`, `href="/d/en.kremlin.ru/h-80d7397f9286.txt"`}},
		{"/d/" + editedID, 200, "document", []string{"Edited once</a> since first archived", `href="/d/en.kremlin.ru/90001/diff?from=1&amp;to=2"`}},
		{"/d/" + editedID + "?version=1", 200, "document", []string{"You are reading version 1 of 2"}},
		{"/kwic?q=CSTO", 200, "kwic", []string{"CSTO"}},
		{"/d/" + twinEN + "/editions", 200, "editions", []string{"— not in this edition —"}},
		{"/trend?q=CSTO&q=talks", 200, "trend", []string{"CSTO", "per million"}},
		{"/verify", 200, "verify", []string{"Verify a quote"}},
		{"/documents?q=geography%3AKazakhstan", 200, "documents", []string{"<h1>Documents</h1>", "Press statements following Russia-Kazakhstan talks", "matching <code>geography:Kazakhstan</code>"}},
		{"/figures?q=trade", 200, "figures", []string{"US$25.6 billion", "25,600,000,000"}},
		{"/d/" + sampleID + "/cite?turn=2&style=apa", 200, "cite", []string{"Cite turn 2", `<strong aria-current="page">APA</strong>`, "Tokayev, K.-J. (2022, February 10)."}},
		{"/d/" + editedID + "/diff", 200, "diff", []string{"<del>25%</del><ins>27%</ins>", "+ Added turn 2", "− Removed turn 3"}},
		{"/d/en.kremlin.ru/60164", 200, "document", []string{"Eighth Russia-Kyrgyzstan Interregional Conference", `rel="external"`}},
		{"/persons", 200, "persons", []string{`<a href="/person/Vladimir%20Putin">Vladimir Putin</a>`, "President of Russia"}},
		{putin, 200, "person", []string{"<h1>Vladimir Putin</h1>", "Latest turns", `<svg class="chart"`, `value="person:&#34;Vladimir Putin&#34; "`, "Printed as"}},
		{"/topics", 200, "terms", []string{`href="/topic/Foreign%20policy"`}},
		{"/topic/" + url.PathEscape("Foreign policy"), 200, "list", []string{"<h1>Foreign policy</h1>", "newest first", `<svg class="chart"`}},
		{"/countries", 200, "terms", []string{`href="/country/Kazakhstan"`}},
		{"/country/Kazakhstan", 200, "list", []string{"<h1>Kazakhstan</h1>", "Press statements following Russia-Kazakhstan talks"}},
		{"/sections", 200, "terms", []string{`href="/section/Transcripts"`}},
		{"/section/Transcripts", 200, "list", []string{"<h1>Transcripts</h1>"}},
		{"/years", 200, "years", []string{`href="/year/2019"`, `<svg class="chart"`}},
		{"/year/2019", 200, "list", []string{"<h1>2019</h1>", "Eighth Russia-Kyrgyzstan Interregional Conference"}},
		{"/help", 200, "help", []string{"How to search", "#t7p3"}},
		{"/no/such/page", 404, "error", []string{"Not found", "there is no page at /no/such/page"}},
		{"/search?q=" + url.QueryEscape(`person:"Vladimir Putin`), 400, "error", []string{"column 8: unclosed quote", "person:&#34;Vladimir Putin\n       ^"}},
	}
	used := map[string]bool{}
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.path, "/"), func(t *testing.T) {
			r := fetch(t, ts.URL+tt.path)
			if r.status != tt.status {
				t.Fatalf("GET %s = %d, want %d\n%.600s", tt.path, r.status, tt.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
			if !strings.Contains(r.body, `<body class="page-`+tt.template+`">`) {
				t.Errorf("GET %s was not rendered by template %s", tt.path, tt.template)
			}
			used[tt.template] = true
			if tt.path == "/" {
				st, err := archive.Stats(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				if want := fmt.Sprintf("%d documents · %d,%03d speaker turns", st.Documents, st.Turns/1000, st.Turns%1000); !strings.Contains(r.body, want) {
					t.Errorf("the home page does not say %q", want)
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(r.body, w) {
					t.Errorf("GET %s lacks %q", tt.path, w)
				}
			}
			checkCSPClean(t, tt.path, r.body)
		})
	}
	files, err := filepath.Glob(filepath.Join("templates", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".html")
		if name != "layout" && name != "parts" && !strings.HasSuffix(name, "_parts") && !used[name] {
			t.Errorf("no case renders template %s", name)
		}
	}
}

var (
	reInlineScript = regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]`)
	reScriptTag    = regexp.MustCompile(`<script[^>]*>`)
	reStyleAttr    = regexp.MustCompile(`\sstyle=|<style|\son[a-z]+=`)
)

// checkCSPClean fails when a page holds what its Content-Security-Policy
// would block: inline scripts, event handler attributes, inline styles,
// or a script from elsewhere.
func checkCSPClean(t *testing.T, path, body string) {
	t.Helper()
	if m := reInlineScript.FindString(body); m != "" {
		t.Errorf("GET %s has an inline script %q", path, m)
	}
	for _, tag := range reScriptTag.FindAllString(body, -1) {
		if !strings.Contains(tag, `src="/static/`) {
			t.Errorf("GET %s loads a script from elsewhere: %s", path, tag)
		}
	}
	if m := reStyleAttr.FindString(body); m != "" {
		t.Errorf("GET %s has inline style or an event handler: %q", path, m)
	}
}

// TestBadInput: nothing a client sends gets a 500; each mistake gets a
// 4xx with a message that says what was wrong.
func TestBadInput(t *testing.T) {
	ts := newServer(t, web.Config{})
	long := strings.Repeat("a", 10<<10)
	tests := []struct {
		name, path string
		status     int
		want       string
	}{
		{"malformed query", "/search?q=%22abc", 400, "unclosed quote"},
		{"unknown filter field", "/search?q=colour:red", 400, "colour"},
		{"unknown filter value", "/search?q=person:zzqqxx", 400, "no person matches"},
		{"query too long", "/search?q=" + strings.Repeat("word+", 300), 400, "the query is too long"},
		{"10 KB query string", "/search?q=" + long, 414, "the address is too long"},
		{"invalid UTF-8", "/search?q=%ff%fe", 400, "not valid UTF-8"},
		{"invalid UTF-8 in a path", "/person/%ff", 400, "not valid UTF-8"},
		{"bad escape", "/search?q=%zz", 400, "malformed"},
		{"unknown sort", "/search?q=talks&sort=loudest", 400, "unknown sort"},
		{"limit too large", "/search?q=talks&limit=100000", 400, "limit must be a whole number from 1 to 100"},
		{"garbage cursor", "/search?q=talks&cursor=bm90IGEgY3Vyc29y", 400, "cursor"},
		{"huge cursor", "/search?q=talks&cursor=" + strings.Repeat("x", 600), 400, "cursor"},
		{"huge page number", "/persons?page=99999999999999999999", 400, "page must be a whole number"},
		{"page past the end", "/persons?page=9999", 404, "the last page is"},
		{"unknown document", "/d/en.kremlin.ru/0", 404, "no document"},
		{"unknown person", "/person/Nobody%20Atall", 404, "the archive has no person named"},
		{"unknown topic", "/topic/Zzzyzx", 404, "no topic matches"},
		{"unknown country", "/country/Zzzyzx", 404, "no country or region matches"},
		{"unknown section", "/section/Zzzyzx", 404, "no section matches"},
		{"not a year", "/year/20x2", 404, "is not a year"},
		{"unknown API route", "/api/v1/nothing", 404, "no API route"},
		{"API invalid query", "/api/v1/search?q=%22abc", 400, `"column": 1`},
		{"API unknown parameter", "/api/v1/documents?toipc=x", 400, "unknown parameter"},
		{"feed with a malformed query", "/feed?q=%22x", 400, "unclosed quote"},
		{"export without a query", "/export.csv", 400, "the query is empty"},
		{"repeated parameter", "/search?q=talks&q=gas", 400, "parameter q is given 2 times"},
		{"NUL in a parameter", "/search?q=ta%00lks", 400, "NUL"},
		{"API route without parameters", "/api/v1/stats?x=1", 400, "this route takes no parameters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := fetch(t, ts.URL+tt.path)
			if r.status != tt.status {
				t.Errorf("GET %.80s = %d, want %d\n%.400s", tt.path, r.status, tt.status, r.body)
			}
			if !strings.Contains(r.body, tt.want) {
				t.Errorf("GET %.80s: the answer lacks %q:\n%.1500s", tt.path, tt.want, r.body)
			}
			wantType := "text/html; charset=utf-8"
			switch {
			case strings.HasPrefix(tt.path, "/api/"):
				wantType = "application/json"
			case strings.HasPrefix(tt.path, "/feed?"):
				wantType = "application/atom+xml; charset=utf-8" // a feed reader's error is an entry
			}
			if ct := r.header.Get("Content-Type"); ct != wantType {
				t.Errorf("Content-Type = %q, want %q", ct, wantType)
			}
			if cc := r.header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("an error is cacheable: Cache-Control %q", cc)
			}
		})
	}
	// Writing is not a thing this server does.
	resp, err := http.Post(ts.URL+"/search", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /search = %d, want 405", resp.StatusCode)
	}
}

func TestSecurityHeaders(t *testing.T) {
	ts := newServer(t, web.Config{})
	for _, path := range []string{"/", "/d/" + sampleID, "/api/v1/stats", "/static/style.css", "/nope", "/feed"} {
		r := fetch(t, ts.URL+path)
		for h, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "strict-origin-when-cross-origin",
			"X-Frame-Options":        "DENY",
		} {
			if got := r.header.Get(h); got != want {
				t.Errorf("GET %s: %s = %q, want %q", path, h, got, want)
			}
		}
		csp := r.header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: Content-Security-Policy %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s: the policy allows inline code: %q", path, csp)
		}
	}
}

// TestEscaping stores a document full of markup and checks that every
// page shows it as text.
func TestEscaping(t *testing.T) {
	ctx := t.Context()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	evil := `<script>alert(1)</script>`
	doc := &transcript.Document{ID: "test/1", Source: "test", Language: "en", Title: "Talks " + evil, Lead: `Lead "<img src=x onerror=alert(1)>"`,
		Date: "2024-05-06", Topics: []string{"Topic " + evil}, Geography: []string{`Land"><b>`},
		Turns: []transcript.Turn{{Index: 1, Speaker: "Speaker " + evil, Person: "Ann " + evil, Paragraphs: []string{"We held talks " + evil + " (Applause.)"}, Notes: []string{"(Applause.)"}}}}
	if _, err := s.Put(ctx, doc, transcript.Raw{Origin: "test", Format: "json", Bytes: []byte("{}")}); err != nil {
		t.Fatal(err)
	}
	ts := httptestServer(t, s)
	for _, path := range []string{"/", "/d/test/1", "/search?q=talks", "/search?q=" + url.QueryEscape(evil), "/person/" + url.PathEscape("Ann "+evil),
		"/topics", "/countries", "/persons", "/topic/" + url.PathEscape("Topic "+evil)} {
		r := fetch(t, ts.URL+path)
		if r.status != 200 {
			t.Errorf("GET %s = %d\n%.300s", path, r.status, r.body)
			continue
		}
		if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, "<img") || strings.Contains(r.body, `"><b>`) {
			t.Errorf("GET %s puts markup from the archive into the page unescaped", path)
		}
	}
	if r := fetch(t, ts.URL+"/d/test/1"); !strings.Contains(r.body, `<span class="direction">(Applause.)</span>`) {
		t.Errorf("the stage direction is not set apart:\n%s", r.body)
	}
}

func httptestServer(t *testing.T, a web.Archive) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(web.NewServer(a, web.Config{}))
	t.Cleanup(ts.Close)
	return ts
}

func listenLocal(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// TestTimeout: a request that runs out of time gets a 503 that says so.
func TestTimeout(t *testing.T) {
	ts := newServer(t, web.Config{RequestTimeout: time.Nanosecond})
	r := fetch(t, ts.URL+"/search?q=talks")
	if r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, "took too long") {
		t.Errorf("GET with no time left = %d\n%.500s", r.status, r.body)
	}
}

// TestServeShutdown: Serve stops when its context ends and lets the
// request in flight finish.
func TestServeShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	srv := web.NewServer(archive, web.Config{})
	ln := listenLocal(t)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	if r := fetch(t, "http://"+ln.Addr().String()+"/healthz"); r.status != 200 || r.body != "ok\n" {
		t.Errorf("healthz = %d %q", r.status, r.body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve = %v after its context ended", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("the server still answers after shutting down")
	}
}

// TestRelatedLinks: a related item links to its document here when the
// archive holds a document at its URL, and out to the source otherwise.
func TestRelatedLinks(t *testing.T) {
	ctx := t.Context()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "rel.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	raw := transcript.Raw{Origin: "test", Format: "json", Bytes: []byte("{}")}
	docs := []*transcript.Document{
		{ID: "en.kremlin.ru/2", Source: transcript.SourceKremlin, Language: "en", Title: "Second", Date: "2024-01-02",
			URL: "http://en.kremlin.ru/events/president/news/2"},
		{ID: "en.kremlin.ru/1", Source: transcript.SourceKremlin, Language: "en", Title: "First", Date: "2024-01-01",
			Related: []transcript.Related{
				{Relation: transcript.RelationSeeAlso, Title: "Second", Date: "2024-01-02", URL: "http://en.kremlin.ru/events/president/news/2"},
				{Relation: transcript.RelationAdditional, Title: "Elsewhere", URL: "http://en.kremlin.ru/events/president/news/3"},
				{Relation: transcript.RelationSeeAlso, Title: "No link"},
			}},
	}
	for _, d := range docs {
		if _, err := s.Put(ctx, d, raw); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptestServer(t, s)
	r := fetch(t, ts.URL+"/d/en.kremlin.ru/1")
	for _, want := range []string{
		`<span class="rel">See also</span> <a href="/d/en.kremlin.ru/2">Second</a>`,
		`<span class="rel">Additional</span> <a href="http://en.kremlin.ru/events/president/news/3" rel="external">Elsewhere</a> <span class="ext">(not in the archive)</span>`,
		`<span class="rel">See also</span> No link`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the related items lack %q", want)
		}
	}
}

// TestGzipPooled: uncached pages gzipped at once by several clients
// decompress to the page, and a page does not pay for setting up a gzip
// writer (over a megabyte of tables) each time: the writers are reused.
func TestGzipPooled(t *testing.T) {
	srv := web.NewServer(archive, web.Config{CacheSize: -1})
	serve := func(gz bool) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/d/"+sampleID, nil)
		if gz {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		return w
	}
	plain := serve(false).Body.String()
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				w := serve(true)
				zr, err := gzip.NewReader(w.Body)
				if err != nil {
					errs <- err
					return
				}
				b, err := io.ReadAll(zr)
				if err != nil {
					errs <- err
					return
				}
				if string(b) != plain {
					errs <- fmt.Errorf("a gzipped page decompresses to %d other bytes, want the %d of the page", len(b), len(plain))
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	const runs, limit = 50, 1 << 20
	serve(true)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		serve(true)
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / runs; per > limit {
		t.Errorf("an uncached gzipped page allocates %d bytes, want under %d: gzip writers are not reused", per, limit)
	}
}
