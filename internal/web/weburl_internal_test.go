package web

import (
	"testing"

	"github.com/rostrum/rostrum/internal/transcript"
)

// TestWebURL: the API and the .json pages leave out a URL that is not
// http(s), for an archive filled before ingest refused them (the
// hardening issue: "url": "javascript:alert(4)" reached the API), and
// never change the shared value they were given.
func TestWebURL(t *testing.T) {
	doc := &transcript.Document{ID: "x", URL: "javascript:alert(4)",
		Related: []transcript.Related{{Title: "a", URL: "https://en.kremlin.ru/1"}, {Title: "b", URL: "data:text/html,x"}}}
	got := webDocument(doc)
	if got.URL != "" || got.Related[0].URL != "https://en.kremlin.ru/1" || got.Related[1].URL != "" {
		t.Errorf("webDocument: url %q, related %q %q", got.URL, got.Related[0].URL, got.Related[1].URL)
	}
	if doc.URL != "javascript:alert(4)" || doc.Related[1].URL != "data:text/html,x" {
		t.Error("webDocument changed the document it was given")
	}
	clean := &transcript.Document{ID: "y", URL: "http://kremlin.ru/events/president/news/1"}
	if webDocument(clean) != clean {
		t.Error("webDocument copied a document with nothing to leave out")
	}
	res := &transcript.SearchResult{Hits: []transcript.DocumentHit{{ID: "x", URL: "JavaScript:alert(1)"}, {ID: "y", URL: "https://x.org/"}}}
	r := webHits(res)
	if r.Hits[0].URL != "" || r.Hits[1].URL != "https://x.org/" || res.Hits[0].URL == "" {
		t.Errorf("webHits: %q %q; shared %q", r.Hits[0].URL, r.Hits[1].URL, res.Hits[0].URL)
	}
}
