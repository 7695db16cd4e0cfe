package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestPersonRegistry checks that the site shows one person once whatever
// the spellings its documents print: the persons list, the person's page
// (another spelling's address leads there), the API, the speaker counts
// of a search, and a document's taxonomy names, which open the person or
// search for a name as people write it.
func TestPersonRegistry(t *testing.T) {
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "persons.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	doc := func(id, date, spelling string, persons ...string) *transcript.Document {
		return &transcript.Document{ID: id, Source: transcript.SourceKremlin, Language: "en", Title: "Direct Line " + date,
			Date: date, Persons: persons, Turns: []transcript.Turn{
				{Index: 1, Speaker: spelling, Person: spelling, Paragraphs: []string{"Good afternoon, the line is open."}},
				{Index: 2, Speaker: "Vladimir Putin", Person: "Vladimir Putin", Paragraphs: []string{"Good afternoon."}},
			}}
	}
	for _, d := range []*transcript.Document{
		doc("en.kremlin.ru/1", "2013-04-25", "Kirill Kleymenov", "Kleymenov Kirill", "Merkel Angela"),
		doc("en.kremlin.ru/2", "2014-04-17", "Kirill Kleymenov"),
		doc("en.kremlin.ru/3", "2015-04-16", "Kirill Kleimenov"),
	} {
		if _, err := s.Put(t.Context(), d, transcript.Raw{Origin: "test", Format: "json", Bytes: []byte(d.ID)}); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptestServer(t, s).URL

	persons := fetch(t, ts+"/persons")
	if n := strings.Count(persons.body, ">Kirill Kle"); persons.status != 200 || n != 1 {
		t.Errorf("GET /persons = %d, names Kirill Kle… %d times, want once", persons.status, n)
	}
	if !strings.Contains(persons.body, "also Kirill Kleimenov") {
		t.Errorf("GET /persons does not name the other spelling")
	}

	// Another spelling's page is the person's page.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(ts + "/person/" + url.PathEscape("Kirill Kleimenov"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusMovedPermanently || loc != "/person/Kirill%20Kleymenov" {
		t.Errorf("GET /person/Kirill Kleimenov = %d to %q, want 301 to /person/Kirill%%20Kleymenov", resp.StatusCode, loc)
	}
	page := fetch(t, ts+"/person/"+url.PathEscape("Kirill Kleymenov"))
	for _, want := range []string{"Also named", "Kirill Kleimenov", "<dt>Documents</dt><dd>3</dd>", "All 3 turns"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the person's page lacks %q", want)
		}
	}

	// The API answers under either name, with the variants.
	var p struct {
		Name     string   `json:"name"`
		Variants []string `json:"variants"`
		Turns    int      `json:"turns"`
	}
	api := fetch(t, ts+"/api/v1/persons/"+url.PathEscape("Kirill Kleimenov"))
	if err := json.Unmarshal([]byte(api.body), &p); err != nil || p.Name != "Kirill Kleymenov" || len(p.Variants) != 1 || p.Turns != 3 {
		t.Errorf("GET /api/v1/persons/Kirill Kleimenov = %d %s", api.status, api.body)
	}

	// A search counts the person's turns once, under the name shown.
	var res transcript.SearchResult
	sr := fetch(t, ts+"/api/v1/search?facets=true&q="+url.QueryEscape("afternoon"))
	if err := json.Unmarshal([]byte(sr.body), &res); err != nil || res.Facets == nil {
		t.Fatalf("GET /api/v1/search = %d %.300s", sr.status, sr.body)
	}
	want := []transcript.FacetCount{{Value: "Kirill Kleymenov", Count: 3}, {Value: "Vladimir Putin", Count: 3}}
	if got := res.Facets.Persons; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("speaker facet = %+v, want %+v", got, want)
	}

	// The document's taxonomy: the speaker opens his page, a name who
	// does not speak searches for "Angela Merkel".
	d := fetch(t, ts+"/d/en.kremlin.ru/1")
	for _, want := range []string{`href="/person/Kirill%20Kleymenov">Kleymenov Kirill</a>`, `href="/search?q=%22Angela%20Merkel%22">Merkel Angela</a>`} {
		if !strings.Contains(d.body, want) {
			t.Errorf("the document page lacks %s", want)
		}
	}
}
