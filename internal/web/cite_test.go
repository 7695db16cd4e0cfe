package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

type citeBody struct {
	Style, Text, ID, Permalink, Accessed string
	Turn, Version                        int
	AccessedFrom                         string `json:"accessed_from"`
}

// TestCiteAPI cites the sample's turns in every style, and a turn of
// the edited document as its first version.
func TestCiteAPI(t *testing.T) {
	doc := mustLoadOpenAPI(t)
	ts := newServer(t, web.Config{BaseURL: "https://rostrum.example.org"})
	tests := []struct {
		name  string
		query string
		id    string
		want  []string
	}{
		{"document, default style", "", sampleID, []string{"President of Russia. “Press statements following Russia-Kazakhstan talks.” President of Russia, February 10, 2022. Accessed ",
			"CC BY 4.0. Archived version 1: https://rostrum.example.org/d/en.kremlin.ru/h-80d7397f9286?version=1."}},
		{"chicago turn", "turn=2&style=chicago", sampleID, []string{"Tokayev, Kassym-Jomart. “Press statements following Russia-Kazakhstan talks.” Turn 2, speaker printed as “President of Kazakhstan Kassym-Jomart Tokayev”."}},
		{"apa", "turn=1&style=apa", sampleID, []string{"Putin, V. (2022, February 10). Press statements following Russia-Kazakhstan talks [Transcript, turn 1; speaker printed as “President of Russia Vladimir Putin”]. President of Russia."}},
		{"mla anonymous", "turn=4&style=mla", sampleID, []string{"“Press statements following Russia-Kazakhstan talks.” Turn 4, speaker printed as “Question”. President of Russia, 10 Feb. 2022."}},
		{"bibtex", "turn=4&style=BibTeX", sampleID, []string{"@misc{en_kremlin_ru_h-80d7397f9286_t4,\n", "  author       = {{President of Russia}},\n",
			`\url{https://rostrum.example.org/d/en.kremlin.ru/h-80d7397f9286/t/4?v=1}`}},
		{"ris of an old version", "turn=3&style=ris&version=1", editedID, []string{"TY  - ELEC\n", "AU  - President of Russia\n", "TI  - Meeting on the regional road budget, turn 3\n",
			"UR  - http://en.kremlin.ru/events/president/news/90001\n", "N1  - Speaker printed as “Remark”\n", "N1  - Archived version 1: https://rostrum.example.org/d/en.kremlin.ru/90001/t/3?v=1\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := apiPath(tt.id) + "/cite"
			if tt.query != "" {
				target += "?" + tt.query
			}
			resp, body := get(t, ts, target)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d: %s", target, resp.StatusCode, body)
			}
			validate(t, doc, ts, target, true, resp, body)
			var got citeBody
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(got.Text, w) {
					t.Errorf("GET %s: text\n%s\nwant it to contain\n%s", target, got.Text, w)
				}
			}
			if got.AccessedFrom != "stored" || got.Accessed == "" || !strings.Contains(got.Text, got.Permalink) {
				t.Errorf("GET %s = %+v", target, got)
			}
		})
	}
}

// TestCiteCorpus cites a real page's turn whose speaker is an anonymous
// "Question": the site is the author.
func TestCiteCorpus(t *testing.T) {
	needCorpus(t)
	ts := newServer(t, web.Config{})
	target := apiPath("en.kremlin.ru/8021") + "/cite?turn=1&style=apa"
	resp, body := get(t, ts, target)
	var got citeBody
	if err := json.Unmarshal(body, &got); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, %v: %s", target, resp.StatusCode, err, body)
	}
	if want := "President of Russia. (2010, June 11). "; !strings.HasPrefix(got.Text, want) || !strings.Contains(got.Text, "speaker printed as “Question”]. Retrieved ") {
		t.Errorf("GET %s: text %q, want it to begin %q", target, got.Text, want)
	}
}

// TestCiteErrors: bad input is a 4xx with a message, on the page and in
// the API, never a 500.
func TestCiteErrors(t *testing.T) {
	doc := mustLoadOpenAPI(t)
	ts := newServer(t, web.Config{})
	tests := []struct {
		name   string
		id     string
		query  string
		status int
		msg    string
	}{
		{"unknown style", sampleID, "style=harvard", 400, `unknown citation style \"harvard\"`},
		{"empty style", sampleID, "style=", 400, `unknown citation style \"\"`},
		{"style twice", sampleID, "style=apa&style=mla", 400, "parameter style is given 2 times"},
		{"turn not a number", sampleID, "turn=t2", 400, `turn must be a whole number from 1 to 1073741824, not \"t2\"`},
		{"turn zero", sampleID, "turn=0", 400, "turn must be a whole number"},
		{"version not a number", sampleID, "version=x", 400, "version must be a whole number"},
		{"unknown parameter", sampleID, "sytle=apa", 400, "sytle"},
		{"no such turn", sampleID, "turn=99", 404, `has no turn 99; it has 6`},
		{"no such version", editedID, "version=3&turn=1", 404, `has no version 3`},
		{"no such document", "kremlin.ru/1", "style=apa", 404, `the archive has no document \"kremlin.ru/1\"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, target := range []string{apiPath(tt.id) + "/cite?" + tt.query, "/d/" + tt.id + "/cite?" + tt.query} {
				resp, body := get(t, ts, target)
				if resp.StatusCode != tt.status {
					t.Errorf("GET %s: status %d, want %d: %s", target, resp.StatusCode, tt.status, body)
				}
				msg := tt.msg
				if strings.HasPrefix(target, "/d/") {
					msg = strings.ReplaceAll(msg, `\"`, "&#34;")
				} else {
					validate(t, doc, ts, target, false, resp, body)
				}
				if !strings.Contains(string(body), msg) {
					t.Errorf("GET %s: body lacks %q:\n%s", target, msg, body)
				}
			}
		})
	}
}

// TestCitePage: the style chooser works without JavaScript: the document
// page links every turn to its cite page (its one cite control for a
// turn holds the style links for site.js to fill), and the cite page
// shows one style and links to the others.
func TestCitePage(t *testing.T) {
	ts := newServer(t, web.Config{})
	_, page := get(t, ts, "/d/"+sampleID)
	for _, want := range []string{
		`<a class="cite-link" href="/d/en.kremlin.ru/h-80d7397f9286/cite?version=1&amp;turn=2" data-turn="2" rel="nofollow" lang="en">Cite turn 2</a>`,
		`<a data-pattern="/d/en.kremlin.ru/h-80d7397f9286/cite?turn={n}&amp;style=bibtex&amp;version=1" rel="nofollow">BibTeX</a>`,
		`<a href="/d/en.kremlin.ru/h-80d7397f9286/cite?style=ris&amp;version=1" rel="nofollow">RIS</a>`,
		"Citation (Chicago)", "“Press statements following Russia-Kazakhstan talks",
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the document page lacks %s", want)
		}
	}
	for _, style := range []string{"chicago", "apa", "mla", "bibtex", "ris"} {
		target := "/d/" + sampleID + "/cite?" + url.Values{"turn": {"2"}, "style": {style}}.Encode()
		resp, body := get(t, ts, target)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d", target, resp.StatusCode)
		}
		for _, want := range []string{"Cite turn 2", "<textarea", "data-copy", "/t/2?v=1", "Back to the turn", `href="/d/en.kremlin.ru/h-80d7397f9286#t2"`,
			"when the archive stored this version", "/api/v1/documents/en.kremlin.ru/h-80d7397f9286/cite?style=" + style} {
			if !strings.Contains(string(body), want) {
				t.Errorf("GET %s lacks %q", target, want)
			}
		}
	}
}

// TestCiteAccessedFetch: in an archive that recorded the fetch that
// stored a version, the accessed date is that fetch's time.
func TestCiteAccessedFetch(t *testing.T) {
	store, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "fetched.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	v1, _ := editedVersions()
	if _, err := store.Put(t.Context(), v1, transcript.Raw{Origin: "test", Format: "json", Bytes: mustJSON(v1)}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)
	if err := store.RecordFetch(t.Context(), transcript.Fetch{URL: v1.URL, Status: 200, FetchedAt: at, DocumentID: v1.ID, Version: 1, Outcome: transcript.FetchNew}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(web.NewServer(store, web.Config{RateLimit: -1}))
	t.Cleanup(ts.Close)
	_, body := get(t, ts, apiPath(v1.ID)+"/cite?turn=1&style=mla")
	var got citeBody
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if got.AccessedFrom != "fetch" || got.Accessed != "2024-03-01T09:30:00Z" || !strings.Contains(got.Text, "Accessed 1 Mar. 2024.") {
		t.Errorf("cite of a fetched version = %+v", got)
	}
}
