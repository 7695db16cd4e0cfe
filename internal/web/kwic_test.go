package web_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/web"
)

// countTerm counts, over every turn of the archive, the terms equal to
// term's stem: what the concordance of a one-word query must find.
func countTerm(t *testing.T, word string) int {
	t.Helper()
	tok := search.NewTokenizer()
	stem := tok.Terms(word, true)[0]
	n := 0
	for doc, err := range archive.Documents(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		for _, turn := range doc.Turns {
			for _, term := range tok.Terms(strings.Join(turn.Paragraphs, "\n\n"), true) {
				if term == stem {
					n++
				}
			}
		}
	}
	return n
}

type apiKWIC struct {
	Occurrences int    `json:"occurrences"`
	Offset      int    `json:"offset"`
	NextURL     string `json:"next_url"`
	Lines       []struct {
		DocID     string `json:"doc_id"`
		Turn      int    `json:"turn"`
		Match     string `json:"match"`
		Left      string `json:"left"`
		Permalink string `json:"permalink"`
	} `json:"lines"`
}

func TestKWICAPI(t *testing.T) {
	ts := newServer(t, web.Config{})
	want := countTerm(t, "talks")
	if want == 0 {
		t.Fatal("the archive has no talks: a useless test")
	}
	// Follow next_url through every page.
	var lines int
	next := "/api/v1/kwic?q=talks&limit=7"
	for next != "" {
		resp, body := get(t, ts, next)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d: %s", next, resp.StatusCode, body)
		}
		var page apiKWIC
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatal(err)
		}
		if page.Occurrences != want {
			t.Fatalf("GET %s: %d occurrences, the archive's turns hold %d", next, page.Occurrences, want)
		}
		for _, l := range page.Lines {
			if !strings.HasPrefix(strings.ToLower(l.Match), "talk") || l.Permalink == "" {
				t.Errorf("line %+v", l)
			}
		}
		lines += len(page.Lines)
		next = page.NextURL
	}
	if lines != want {
		t.Errorf("the pages hold %d lines, want %d", lines, want)
	}
}

func TestKWICPageAndCSV(t *testing.T) {
	ts := newServer(t, web.Config{})
	want := countTerm(t, "talks")
	resp, body := get(t, ts, "/kwic?q=talks&sort=left")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /kwic: status %d", resp.StatusCode)
	}
	page := string(body)
	for _, s := range []string{`<table class="kwic">`, `<td class="kl">`, `<strong>talks</strong>`, `href="/kwic.csv?q=talks&amp;sort=left"`,
		`<span aria-current="true">left</span>`, `href="/kwic?q=talks&amp;sort=right"`} {
		if !strings.Contains(page, s) {
			t.Errorf("GET /kwic?q=talks&sort=left lacks %s", s)
		}
	}
	if n := strings.Count(page, `<td class="km">`); n != min(want, 100) {
		t.Errorf("the page has %d lines, want %d", n, min(want, 100))
	}
	// The empty form.
	if resp, body := get(t, ts, "/kwic"); resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `<form class="kwic-form"`) {
		t.Errorf("GET /kwic: status %d, or no form", resp.StatusCode)
	}
	// The search page links to the concordance of its query.
	if _, body := get(t, ts, "/search?q=talks"); !strings.Contains(string(body), `href="/kwic?q=talks"`) {
		t.Errorf("the search page does not link to the concordance")
	}

	resp, body = get(t, ts, "/kwic.csv?q=talks")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("GET /kwic.csv: status %d, %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != want+1 || strings.Join(rows[0], ",") != "doc_id,turn,speaker,person,date,left,match,right,permalink,url" {
		t.Errorf("GET /kwic.csv: %d rows, header %q; want %d and the columns", len(rows), rows[0], want+1)
	}
	resp, body = get(t, ts, "/kwic.csv?q=talks&excel=1")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), "\ufeff") {
		t.Errorf("GET /kwic.csv?excel=1: status %d, no byte order mark", resp.StatusCode)
	}
}

func TestKWICBadInput(t *testing.T) {
	ts := newServer(t, web.Config{})
	for _, base := range []string{"/kwic", "/kwic.csv", "/api/v1/kwic"} {
		for _, tt := range []struct {
			query  url.Values
			status int
			want   string
		}{
			{url.Values{"q": {"gas"}, "width": {"0"}}, 400, "width must be"},
			{url.Values{"q": {"gas"}, "width": {"abc"}}, 400, "width must be"},
			{url.Values{"q": {"gas"}, "width": {"501"}}, 400, "width must be"},
			{url.Values{"q": {"gas"}, "sort": {"size"}}, 400, "unknown sort"},
			{url.Values{"q": {"(gas"}}, 400, "column"},
			{url.Values{"q": {"lang:en"}}, 400, "no words to find"},
			{url.Values{"q": {"person:zzzzqqqq gas"}}, 400, "zzzzqqqq"},
			{url.Values{"q": {"gas", "oil"}}, 400, "given 2 times"},
		} {
			target := base + "?" + tt.query.Encode()
			resp, body := get(t, ts, target)
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
				t.Errorf("GET %s: status %d, body lacks %q or status is not %d:\n%.300s", target, resp.StatusCode, tt.want, tt.status, body)
			}
		}
	}
	for _, target := range []string{"/kwic.csv", "/api/v1/kwic", "/api/v1/kwic?q=gas&limit=0", "/api/v1/kwic?q=gas&offset=-1",
		"/api/v1/kwic?q=gas&offset=100000", "/api/v1/kwic?q=gas&page=2", "/kwic?q=gas&page=0", "/kwic?q=gas&page=1001"} {
		if resp, body := get(t, ts, target); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 400:\n%.300s", target, resp.StatusCode, body)
		}
	}
}
