package web_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rostrum/rostrum/internal/figures"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser/jsondoc"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/web"
)

type apiFigures struct {
	Query     string           `json:"query"`
	Total     int              `json:"total"`
	Offset    int              `json:"offset"`
	NextURL   string           `json:"next_url"`
	Figures   []figures.Figure `json:"figures"`
	Conflicts []figures.Group  `json:"conflicts"`
}

func getJSON[T any](t *testing.T, ts *httptest.Server, path string) (int, T) {
	t.Helper()
	resp, body := get(t, ts, path)
	var v T
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatalf("GET %s: %v\n%.300s", path, err, body)
		}
	}
	return resp.StatusCode, v
}

// TestFiguresAPI: the sample's trade figures through the API, page by
// page, and a document's figures.
func TestFiguresAPI(t *testing.T) {
	ts := newServer(t, web.Config{})
	status, doc := getJSON[struct {
		ID      string           `json:"id"`
		Figures []figures.Figure `json:"figures"`
	}](t, ts, "/api/v1/documents/"+sampleID+"/figures")
	if status != 200 || doc.ID != sampleID {
		t.Fatalf("document figures: status %d, %+v", status, doc)
	}
	var putin, tokayev bool
	for _, f := range doc.Figures {
		putin = putin || f.Text == "US$25.6 billion" && f.Person == "Vladimir Putin" && f.Period == "2021" && f.Subject == "trade"
		tokayev = tokayev || f.Text == "exceeded US$21 billion" && f.Person == "Kassym-Jomart Tokayev" && f.Bound == "lower" && f.Period == "2021"
	}
	if !putin || !tokayev {
		t.Errorf("document figures lack Putin's or Tokayev's trade figure: %+v", doc.Figures)
	}
	// Paging through the figures of a query gives every one of them once.
	q := url.QueryEscape("person:Tokayev")
	_, all := getJSON[apiFigures](t, ts, "/api/v1/figures?limit=1000&q="+q)
	if all.Total == 0 || len(all.Figures) != all.Total {
		t.Fatalf("figures person:Tokayev: %d of %d", len(all.Figures), all.Total)
	}
	var paged []figures.Figure
	for next := "/api/v1/figures?limit=3&q=" + q; next != ""; {
		status, page := getJSON[apiFigures](t, ts, next)
		if status != 200 {
			t.Fatalf("GET %s: %d", next, status)
		}
		paged = append(paged, page.Figures...)
		next = page.NextURL
	}
	if len(paged) != len(all.Figures) {
		t.Errorf("paging gave %d figures, one request %d", len(paged), len(all.Figures))
	}
	for i := range min(len(paged), len(all.Figures)) {
		if paged[i].Text != all.Figures[i].Text || paged[i].Permalink != all.Figures[i].Permalink {
			t.Errorf("figure %d: paged %q, whole %q", i, paged[i].Text, all.Figures[i].Text)
		}
	}
	// A document without figures: an empty list.
	status, empty := getJSON[apiFigures](t, ts, "/api/v1/figures?q=zzzyyyxxx")
	if status != 200 || empty.Total != 0 {
		t.Errorf("figures zzzyyyxxx: status %d, %+v", status, empty)
	}
}

// figuresFixtureServer serves an archive of the sample and the fictional
// fixtures, where two officials disagree on a budget.
func figuresFixtureServer(t *testing.T) *httptest.Server {
	t.Helper()
	store, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "figures.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	formats := ingest.Formats{ingest.FormatKremlinText: ingest.Single(kremlintext.Parse), ingest.FormatJSON: jsondoc.Decode}
	res, err := ingest.Run(t.Context(), store, []string{samplePath, "../figures/testdata/fixtures"}, ingest.Config{Formats: formats})
	if err != nil || res.Failed > 0 {
		t.Fatalf("ingest: %v %v", err, res.Failures)
	}
	ts := httptest.NewServer(web.NewServer(store, web.Config{RateLimit: -1}))
	t.Cleanup(ts.Close)
	return ts
}

func TestFiguresConflictsWeb(t *testing.T) {
	ts := figuresFixtureServer(t)
	status, body := getJSON[apiFigures](t, ts, "/api/v1/figures?conflicts=1")
	if status != 200 || len(body.Conflicts) != 2 {
		t.Fatalf("conflicts: status %d, %+v", status, body.Conflicts)
	}
	for _, g := range body.Conflicts {
		if g.Relation != "conflict" || g.Period != "2023" || g.Unit != "RUB" || len(g.Figures) != 2 || g.Figures[0].Person == g.Figures[1].Person {
			t.Errorf("conflict %+v", g)
		}
	}
	_, ru := getJSON[apiFigures](t, ts, "/api/v1/figures?conflicts=1&q=lang:ru")
	if len(ru.Conflicts) != 1 || ru.Conflicts[0].Key != "бюджет области" {
		t.Errorf("conflicts lang:ru: %+v", ru.Conflicts)
	}
	resp, page := get(t, ts, "/figures?conflicts=1")
	if resp.StatusCode != 200 {
		t.Fatalf("GET /figures?conflicts=1: %d", resp.StatusCode)
	}
	for _, s := range []string{"2 conflicts</strong>", "the regional budget · RUB · 2023", "бюджет области · RUB · 2023",
		`<a href="/person/Marta%20Osk">`, "2,900,000,000 RUB", `href="/d/en.kremlin.ru/990001#t2"`} {
		if !strings.Contains(string(page), s) {
			t.Errorf("GET /figures?conflicts=1 lacks %s", s)
		}
	}
	// The sample alone agrees with itself.
	_, sample := getJSON[apiFigures](t, ts, "/api/v1/figures?conflicts=1&q=person:Tokayev+OR+person:Putin")
	if len(sample.Conflicts) != 0 {
		t.Errorf("the sample's conflicts: %+v", sample.Conflicts)
	}
}

func TestFiguresPageAndCSV(t *testing.T) {
	ts := newServer(t, web.Config{})
	resp, body := get(t, ts, "/figures?q=trade")
	if resp.StatusCode != 200 {
		t.Fatalf("GET /figures?q=trade: status %d", resp.StatusCode)
	}
	for _, s := range []string{`<table class="versions figures">`, "US$25.6 billion", "25,600,000,000", "exceeded US$21 billion", "lower",
		`href="/figures.csv?q=trade"`, `href="/api/v1/figures?q=trade"`, `href="/figures?conflicts=1&amp;q=trade"`,
		`href="/d/en.kremlin.ru/h-80d7397f9286#t2"`} {
		if !strings.Contains(string(body), s) {
			t.Errorf("GET /figures?q=trade lacks %s", s)
		}
	}
	if resp, body := get(t, ts, "/figures"); resp.StatusCode != 200 || !strings.Contains(string(body), `<form class="kwic-form" action="/figures"`) {
		t.Errorf("GET /figures: status %d, or no form", resp.StatusCode)
	}
	// The document page lists its figures beside its text.
	resp, body = get(t, ts, "/d/"+sampleID)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `<section class="doc-figures"`) ||
		!strings.Contains(string(body), `<a href="#t2" title="Last year, trade exceeded US$21 billion.">exceeded US$21 billion</a>`) {
		t.Errorf("GET /d/%s: status %d, no figures section", sampleID, resp.StatusCode)
	}
	resp, body = get(t, ts, "/figures.csv?q=trade")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("GET /figures.csv: status %d, %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	_, api := getJSON[apiFigures](t, ts, "/api/v1/figures?limit=1000&q=trade")
	if len(rows) != api.Total+1 || rows[0][0] != "doc_id" || rows[0][6] != "value" {
		t.Errorf("GET /figures.csv: %d rows, header %q; want %d", len(rows), rows[0], api.Total+1)
	}
	found := false
	for _, r := range rows[1:] {
		found = found || r[5] == "US$25.6 billion" && r[6] == "25600000000" && r[7] == "USD" && r[9] == "2021"
	}
	if !found {
		t.Error("GET /figures.csv lacks Putin's US$25.6 billion")
	}
}

func TestFiguresBadInput(t *testing.T) {
	ts := newServer(t, web.Config{})
	for _, base := range []string{"/figures", "/figures.csv", "/api/v1/figures"} {
		for _, tt := range []struct {
			query  url.Values
			status int
			want   string
		}{
			{url.Values{"q": {"(gas"}}, 400, "column"},
			{url.Values{"q": {"person:zzzzqqqq gas"}}, 400, "zzzzqqqq"},
			{url.Values{"q": {"gas", "oil"}}, 400, "given 2 times"},
			{url.Values{"q": {"gas"}, "conflicts": {"maybe"}}, 400, "conflicts must be"},
		} {
			if base == "/figures.csv" && tt.query.Has("conflicts") {
				tt.want = "unknown parameter"
			}
			target := base + "?" + tt.query.Encode()
			resp, body := get(t, ts, target)
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
				t.Errorf("GET %s: status %d, body lacks %q or status is not %d:\n%.300s", target, resp.StatusCode, tt.want, tt.status, body)
			}
		}
	}
	for _, target := range []string{"/figures.csv", "/api/v1/figures", "/api/v1/figures?q=gas&limit=0", "/api/v1/figures?q=gas&limit=1001",
		"/api/v1/figures?q=gas&offset=-1", "/api/v1/figures?q=gas&page=2", "/figures?q=gas&page=0", "/figures?q=gas&page=abc",
		"/api/v1/documents/" + sampleID + "/figures?x=1"} {
		if resp, body := get(t, ts, target); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 400:\n%.300s", target, resp.StatusCode, body)
		}
	}
	resp, body := get(t, ts, "/api/v1/documents/kremlin.ru/nosuch/figures")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), `no document \"kremlin.ru/nosuch\"`) {
		t.Errorf("unknown document: status %d, %.300s", resp.StatusCode, body)
	}
}

// TestBrowserFigures loads the figures page and the document page at
// phone width: no console error, nothing wider than the screen.
func TestBrowserFigures(t *testing.T) {
	ts := newServer(t, web.Config{})
	ctx := newBrowser(t)
	var cl consoleLog
	if err := chromedp.Listen(ctx, cl.listen); err != nil {
		t.Fatal(err)
	}
	const phone = 375
	mustDo(t, ctx, "emulate a phone", chromedp.EmulateViewport(phone, 800, chromedp.EmulateMobile))
	for _, path := range []string{"/figures?q=trade", "/figures?conflicts=1", samplePage} {
		cl.take()
		mustLoad(t, ctx, "open "+path, chromedp.Navigate(ts.URL+path))
		if w := mustEval[int](t, ctx, `document.documentElement.scrollWidth`); w > phone {
			t.Errorf("%s is %d px wide at phone width %d px: it scrolls sideways", path, w, phone)
		}
		settle(t, ctx)
		for _, e := range cl.take() {
			t.Errorf("%s: %s", path, e)
		}
	}
}
