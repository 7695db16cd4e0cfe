package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

// editedID is a document of the shared test archive stored in two
// versions (editedVersions). Its speakers are fictional.
const editedID = "en.kremlin.ru/90001"

// editedVersions returns the two versions of editedID. The second
// inserts a question as turn 2, renames the speaker of the old turn 2
// (now 3) and changes a figure in it, and drops the old turn 3: so old
// turn 1 is new turn 1, 2 is 3, 4 is 4, and 3 is gone.
func editedVersions() (v1, v2 *transcript.Document) {
	head := func() *transcript.Document {
		return &transcript.Document{ID: editedID, Source: transcript.SourceKremlin, Language: "en", Section: "Events",
			Title: "Meeting on the regional road budget", Lead: "A working meeting with regional governors.",
			Date: "2003-03-05", Time: "14:00", Place: "The Kremlin, Moscow", PublishedIn: []string{"News"},
			URL: "http://en.kremlin.ru/events/president/news/90001"}
	}
	turn := func(speaker, person string, paras ...string) transcript.Turn {
		return transcript.Turn{Speaker: speaker, Person: person, Paragraphs: paras}
	}
	number := func(d *transcript.Document, turns ...transcript.Turn) *transcript.Document {
		for i := range turns {
			turns[i].Index = i + 1
		}
		d.Turns = turns
		return d
	}
	v1 = number(head(),
		turn("Anna Vetrova", "Anna Vetrova", "Good afternoon, colleagues.", "Today we discuss the road budget."),
		turn("Boris Zimin", "Boris Zimin", "Spending on roads grew by 25% last year."),
		turn("Remark", "", "(Inaudible.)"),
		turn("Anna Vetrova", "Anna Vetrova", "Thank you. Let us continue."))
	v2 = number(head(),
		turn("Anna Vetrova", "Anna Vetrova", "Good afternoon, colleagues.", "Today we discuss the road budget."),
		turn("Question", "", "When will the plan be published?"),
		turn("Governor of the Northern Region Boris Zimin", "Boris Zimin", "Spending on roads grew by 27% last year."),
		turn("Anna Vetrova", "Anna Vetrova", "Thank you. Let us continue."))
	v2.Turns[2].Role = "Governor of the Northern Region"
	v2.Topics = []string{"Transport"}
	return v1, v2
}

func mustJSON(d *transcript.Document) []byte {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	return b
}

// noRedirects is a client that reports redirects instead of following them.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// TestTurnPermalink: a citation of a turn of a version redirects to the
// same turn in the current version, renumbered by the edit, or to the
// document with a note when the turn is gone.
func TestTurnPermalink(t *testing.T) {
	ts := newServer(t, web.Config{})
	doc := "/d/" + editedID
	tests := []struct {
		path     string
		status   int
		location string // for a redirect
		msg      string // for an error
	}{
		{doc + "/t/1?v=1", 302, doc + "#t1", ""},
		{doc + "/t/2?v=1", 302, doc + "?changed=2&from=1#t3", ""}, // a turn was inserted before it, and its text edited
		{doc + "/t/3?v=1", 302, doc + "?gone=3&from=1", ""},
		{doc + "/t/4?v=1", 302, doc + "#t4", ""},
		{doc + "/t/2?v=2", 302, doc + "#t2", ""},
		{doc + "/t/3", 302, doc + "#t3", ""}, // the current version
		{"/d/" + url.PathEscape(editedID) + "/t/2?v=1", 302, doc + "?changed=2&from=1#t3", ""},
		{"/d/" + sampleID + "/t/2?v=1", 302, "/d/" + sampleID + "#t2", ""},
		{doc + "/t/2?v=3", 404, "", "no version 3"},
		{doc + "/t/9?v=1", 404, "", "has no turn 9; it has 4"},
		{doc + "/t/0?v=1", 404, "", "is not a turn number"},
		{doc + "/t/x", 404, "", "is not a turn number"},
		{doc + "/t/2?v=one", 400, "", "v must be a whole number"},
		{doc + "/t/2?v=1&w=2", 400, `unknown parameter "w"`, ""},
		{"/d/en.kremlin.ru/0/t/1?v=1", 404, "", "no document"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := noRedirects.Get(ts.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("GET %s = %d, want %d", tt.path, resp.StatusCode, tt.status)
			}
			if tt.status == 302 {
				if got := resp.Header.Get("Location"); got != tt.location {
					t.Errorf("GET %s redirects to %q, want %q", tt.path, got, tt.location)
				}
			}
		})
	}
	// The messages of the errors.
	for _, tt := range tests {
		if tt.msg == "" {
			continue
		}
		if r := fetch(t, ts.URL+tt.path); !strings.Contains(r.body, tt.msg) {
			t.Errorf("GET %s: the page lacks %q", tt.path, tt.msg)
		}
	}
	// Where the redirect for a gone turn leads.
	r := fetch(t, ts.URL+doc+"/t/3?v=1")
	if r.status != 200 || !strings.Contains(r.body, "Turn 3 of version 1, which the link you followed cites, is not in the current version") ||
		!strings.Contains(r.body, `href="/d/en.kremlin.ru/90001/diff?from=1&amp;to=2"`) {
		t.Errorf("following a citation of a removed turn: %d, no note with a link to the changes\n%.2000s", r.status, r.body)
	}
	// Where the redirect for a turn whose text changed leads: the note,
	// and the turn's changes one click away.
	r = fetch(t, ts.URL+doc+"/t/2?v=1")
	if r.status != 200 || !strings.Contains(r.body, "The text of turn 2 of version 1, which the link you followed cites, has changed since: it is turn 3 below.") ||
		!strings.Contains(r.body, `href="/d/en.kremlin.ru/90001/diff?from=1&amp;to=2#t3">See what changed since version 1</a>`) {
		t.Errorf("following a citation of a changed turn: %d, no note with a link to its changes\n%.3000s", r.status, r.body)
	}
	// A turn whose text stayed gets no note.
	if r := fetch(t, ts.URL+doc+"/t/1?v=1"); strings.Contains(r.body, "has changed since") {
		t.Error("following a citation of an unchanged turn: the page says it changed")
	}
	for path, want := range map[string]string{
		doc + "?changed=x":        "changed must be a whole number",
		doc + "?changed=2&from=9": "from must be a whole number from 1 to 2",
	} {
		if r := fetch(t, ts.URL+path); r.status/100 != 4 || !strings.Contains(r.body, want) {
			t.Errorf("GET %s = %d, want a 4xx saying %q", path, r.status, want)
		}
	}
}

// renderedVersions returns one page as a text dump and as HTML: the
// same published content, the HTML with the URL, its photos and a
// link the text dump lacks, the text dump with a photo caption in the
// body; and the HTML parsed again by a parser that links a speaker.
func renderedVersions() (docs []*transcript.Document, raws []transcript.Raw) {
	text, _ := editedVersions()
	text.URL = ""
	text.Turns[0].Paragraphs = append([]string{"At the meeting on the regional road budget."}, text.Turns[0].Paragraphs...)
	html, _ := editedVersions()
	html.Media = []transcript.Media{{Kind: transcript.MediaPhoto, Caption: "At the meeting on the regional road budget."}}
	html.Related = []transcript.Related{{Relation: transcript.RelationSeeAlso, Title: "Road budget", URL: "http://en.kremlin.ru/events/president/news/90000"}}
	reparsed, _ := editedVersions()
	reparsed.Media, reparsed.Related = html.Media, html.Related
	reparsed.Turns[2].Person = "Remark"
	rawHTML := transcript.Raw{Origin: "90001.html", Format: "kremlin-html", Bytes: []byte("<html>90001</html>")}
	return []*transcript.Document{text, html, reparsed},
		[]transcript.Raw{{Origin: "90001.txt", Format: "kremlin-text", Bytes: []byte("90001")}, rawHTML, rawHTML}
}

// TestRenderings: a document stored from two renderings of one page, and
// parsed again, has three versions but was never edited, and every page
// that counts edits says so.
func TestRenderings(t *testing.T) {
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	docs, raws := renderedVersions()
	for i, d := range docs {
		if _, err := s.Put(t.Context(), d, raws[i]); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptestServer(t, s)
	r := fetch(t, ts.URL+"/d/"+editedID)
	if r.status != 200 || strings.Contains(r.body, "Edited") {
		t.Errorf("the page of a document never edited says it was: %d\n%.2000s", r.status, r.body)
	}
	for _, want := range []string{"<dt>Versions</dt><dd>3: <ol", "(not an edit: another rendering of the same page)", "(not an edit: the same input parsed again)"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the document page lacks %q", want)
		}
	}
	if r := fetch(t, ts.URL+"/d/"+editedID+"/diff"); !strings.Contains(r.body, "not an edit: the same input parsed again") {
		t.Errorf("the diff page's list of versions does not mark the new parse\n%.2000s", r.body)
	}
	var body struct {
		Edits    int
		Versions []struct {
			Cause string
			Edit  bool
		}
	}
	r = fetch(t, ts.URL+"/api/v1/documents/"+editedID+"/versions")
	if err := json.Unmarshal([]byte(r.body), &body); err != nil {
		t.Fatalf("GET versions: %v\n%s", err, r.body)
	}
	var got []string
	for _, v := range body.Versions {
		got = append(got, fmt.Sprintf("%s %v", v.Cause, v.Edit))
	}
	if want := "first false, rendering false, rederived false"; strings.Join(got, ", ") != want || body.Edits != 0 {
		t.Errorf("API versions = %d edits, %s; want 0 edits, %s", body.Edits, strings.Join(got, ", "), want)
	}

	// Turn 1 of the text dump has the caption in its body, which the
	// HTML has not: a citation of it lands on a text that changed, but
	// not by an edit.
	r = fetch(t, ts.URL+"/d/"+editedID+"/t/1?v=1")
	if want := "has changed since: it is turn 1 below, though only in another rendering or parse of the page, not by an edit at the source."; !strings.Contains(r.body, want) {
		t.Errorf("following a citation of turn 1 of the text dump: the page lacks %q", want)
	}

	// An edit after them is the first edit, and the page links to it.
	_, edited := editedVersions()
	if _, err := s.Put(t.Context(), edited, transcript.Raw{Origin: "90001.html", Format: "kremlin-html", Bytes: []byte("<html>90001 v2</html>")}); err != nil {
		t.Fatal(err)
	}
	ts = httptestServer(t, s) // a new page cache
	r = fetch(t, ts.URL+"/d/"+editedID)
	if want := `<a href="/d/en.kremlin.ru/90001/diff?from=3&amp;to=4">Edited once</a> since first archived`; !strings.Contains(r.body, want) {
		t.Errorf("the edited document's page lacks %q", want)
	}
	// A citation of a turn that the edit left as it was gets no note.
	if r := fetch(t, ts.URL+"/d/"+editedID+"/t/4?v=2"); strings.Contains(r.body, "has changed since") {
		t.Error("following a citation of a turn that no version changed: the page says it changed")
	}
}

// TestRenderingsCorpus: each page of the shared corpus that the web
// tests' archive has as a text dump and as HTML is not said to be edited.
func TestRenderingsCorpus(t *testing.T) {
	needCorpus(t)
	ts := newServer(t, web.Config{})
	htmls, err := filepath.Glob(filepath.Join(corpus.Dir(), "kremlin-html", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	twice := 0
	for _, h := range htmls {
		id := "en.kremlin.ru/" + strings.TrimSuffix(filepath.Base(h), ".html")
		vs, err := archive.Versions(t.Context(), id)
		if err != nil {
			t.Fatalf("Versions(%s): %v", id, err)
		}
		if len(vs) > 1 {
			twice++
		}
		if r := fetch(t, ts.URL+"/d/"+id); r.status != 200 || strings.Contains(r.body, "Edited") {
			t.Errorf("%s (%d versions): GET = %d, the page says it was edited", id, len(vs), r.status)
		}
	}
	if twice == 0 {
		t.Error("no page of the corpus has two versions: the test tests nothing")
	}
	t.Logf("%d of %d pages stored from both renderings have two versions", twice, len(htmls))
}

// TestDocumentHistory: the document page of an edited document says so
// and links to the changes and to every version; ?version=N shows an
// earlier version, whose Cite links are pinned to it.
func TestDocumentHistory(t *testing.T) {
	ts := newServer(t, web.Config{})
	r := fetch(t, ts.URL+"/d/"+editedID)
	for _, want := range []string{
		`<a href="/d/en.kremlin.ru/90001/diff?from=1&amp;to=2">Edited once</a> since first archived`,
		`<a href="/d/en.kremlin.ru/90001?version=1"`, `<strong aria-current="page">2</strong> (current)`,
		`data-permalink="` + ts.URL + "/d/en.kremlin.ru/90001/t/{n}?v=2", // the turns' permalinks
		`href="/d/en.kremlin.ru/90001/cite?version=2&amp;turn=3"`,
		"Governor of the Northern Region Boris Zimin",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the edited document's page lacks %q", want)
		}
	}
	if strings.Contains(r.body, "You are reading version") {
		t.Error("the current version is announced as an earlier one")
	}
	r = fetch(t, ts.URL+"/d/"+editedID+"?version=1")
	for _, want := range []string{
		"You are reading version 1 of 2, stored ", `<a href="/d/en.kremlin.ru/90001">Read the current version</a>`,
		`href="/d/en.kremlin.ru/90001/diff?from=1&amp;to=2">see what changed since</a>`,
		`data-permalink="` + ts.URL + "/d/en.kremlin.ru/90001/t/{n}?v=1", `href="/d/en.kremlin.ru/90001/cite?version=1&amp;turn=3"`, "(Inaudible.)", `<strong aria-current="page">1</strong>`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("version 1's page lacks %q", want)
		}
	}
	if strings.Contains(r.body, "27%") {
		t.Error("version 1's page shows version 2's text")
	}
	if r := fetch(t, ts.URL+"/d/"+editedID+".txt?version=1"); !strings.Contains(r.body, "25%") || strings.Contains(r.body, "27%") {
		t.Errorf("the text of version 1 is not version 1's:\n%s", r.body)
	}
	for path, want := range map[string]string{
		"/d/" + editedID + "?version=3":     "no version 3",
		"/d/" + editedID + "?version=0":     "version must be a whole number",
		"/d/" + editedID + "?gone=x":        "gone must be a whole number",
		"/d/" + editedID + "?gone=1&from=9": "from must be a whole number from 1 to 2",
	} {
		if r := fetch(t, ts.URL+path); r.status/100 != 4 || !strings.Contains(r.body, want) {
			t.Errorf("GET %s = %d, want a 4xx saying %q", path, r.status, want)
		}
	}
	// A document with one version says nothing of edits.
	if r := fetch(t, ts.URL+"/d/"+sampleID); strings.Contains(r.body, "Edited") || !strings.Contains(r.body, ts.URL+"/d/"+sampleID+"/t/{n}?v=1") {
		t.Error("the sample document's page speaks of edits, or its turn permalinks are not pinned to version 1")
	}
}

// TestDiffPage checks what the diff page shows of the edited document.
func TestDiffPage(t *testing.T) {
	ts := newServer(t, web.Config{})
	r := fetch(t, ts.URL+"/d/"+editedID+"/diff")
	if r.status != 200 {
		t.Fatalf("GET the diff page = %d\n%.1000s", r.status, r.body)
	}
	for _, want := range []string{
		"Version 1 → version 2 (current)",
		"topics changed; 1 turn added, 1 turn removed, 1 turn changed (&#43;1 −1 words); 1 speaker renamed",
		"Spending on roads grew by <del>25%</del><ins>27%</ins> last year.",
		`<section class="turn diff-added" id="t2">`, "+ Added turn 2", "When will the plan be published?",
		`<section class="turn diff-removed" id="old-t3">`, "− Removed turn 3", "(Inaudible.)",
		"~ Turn 2 → 3", "<del>Boris Zimin</del> <ins>Governor of the Northern Region Boris Zimin</ins>",
		`<a href="/d/en.kremlin.ru/90001#t1">Turn 1 unchanged</a>`,
		`<dt>Topics</dt><dd><ins>Transport</ins>`,
		`<option value="1" selected>1</option>`, `<option value="2" selected>2 (current)</option>`,
		`<tr class="compared">`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the diff page lacks %q", want)
		}
	}
	checkCSPClean(t, "diff", r.body)
	// Backwards, and a document with one version.
	if r := fetch(t, ts.URL+"/d/"+editedID+"/diff?from=2&to=1"); !strings.Contains(r.body, "<del>27%</del><ins>25%</ins>") {
		t.Error("the diff from 2 to 1 does not remove 27% and add 25%")
	}
	if r := fetch(t, ts.URL+"/d/"+sampleID+"/diff"); r.status != 200 || !strings.Contains(r.body, "holds one version of this document") {
		t.Errorf("the diff page of a document with one version = %d, without saying so", r.status)
	}
	for path, want := range map[string]string{
		"/d/" + editedID + "/diff?to=5":   "no version 5",
		"/d/" + editedID + "/diff?from=x": "from must be",
		"/d/en.kremlin.ru/0/diff":         "no document",
	} {
		if r := fetch(t, ts.URL+path); r.status/100 != 4 || !strings.Contains(r.body, want) {
			t.Errorf("GET %s = %d, want a 4xx saying %q", path, r.status, want)
		}
	}
}

func mustStore(t *testing.T, docs ...*transcript.Document) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, d := range docs {
		if _, err := s.Put(t.Context(), d, transcript.Raw{Origin: "test", Format: "json", Bytes: mustJSON(d)}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// TestDiffEscaping: markup in an edited document is text on the diff page.
func TestDiffEscaping(t *testing.T) {
	evil := `<script>alert(1)</script>`
	v1 := &transcript.Document{ID: "test/1", Source: "test", Language: "en", Title: "Talks", Topics: []string{"A"},
		Turns: []transcript.Turn{{Index: 1, Speaker: "Ann", Paragraphs: []string{"We held talks <b>today</b>."}}}}
	v2 := &transcript.Document{ID: "test/1", Source: "test", Language: "en", Title: "Talks " + evil, Topics: []string{"A", `B"><img src=x onerror=alert(1)>`},
		Turns: []transcript.Turn{{Index: 1, Speaker: "Ann " + evil, Paragraphs: []string{"We held talks " + evil + " <b>today</b>.", "<i>New</i> " + evil}}}}
	ts := httptestServer(t, mustStore(t, v1, v2))
	r := fetch(t, ts.URL+"/d/test/1/diff")
	if r.status != 200 {
		t.Fatalf("GET the diff page = %d", r.status)
	}
	if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, "<img") || strings.Contains(r.body, "<b>today") || strings.Contains(r.body, "<i>New") {
		t.Errorf("the diff page puts markup from the archive into the page unescaped:\n%s", r.body)
	}
	for _, want := range []string{"We held talks <ins>&lt;script&gt;alert(1)&lt;/script&gt; </ins>&lt;b&gt;today&lt;/b&gt;.",
		"<del>Ann</del> <ins>Ann &lt;script&gt;alert(1)&lt;/script&gt;</ins>", "<ins>B&#34;&gt;&lt;img src=x onerror=alert(1)&gt;</ins>"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the diff page lacks %q", want)
		}
	}
}

// TestEditions: each of the two language editions of an event links to
// the other when the archive has it.
func TestEditions(t *testing.T) {
	doc := func(id, lang, title string) *transcript.Document {
		return &transcript.Document{ID: id, Source: transcript.SourceKremlin, Language: lang, Title: title,
			Turns: []transcript.Turn{{Index: 1, Paragraphs: []string{title}}}}
	}
	ts := httptestServer(t, mustStore(t,
		doc("en.kremlin.ru/77001", "en", "Meeting with a delegation"),
		doc("kremlin.ru/77001", "ru", "Встреча с делегацией"),
		doc("en.kremlin.ru/77002", "en", "Another meeting")))
	tests := []struct {
		path, want, not string
	}{
		{"/d/en.kremlin.ru/77001", `<a href="/d/kremlin.ru/77001" hreflang="ru" lang="ru" rel="alternate">Русская версия</a>`, ""},
		{"/d/kremlin.ru/77001", `<a href="/d/en.kremlin.ru/77001" hreflang="en" lang="en" rel="alternate">English version</a>`, ""},
		{"/d/en.kremlin.ru/77002", "", "Русская версия"},
	}
	for _, tt := range tests {
		r := fetch(t, ts.URL+tt.path)
		if r.status != 200 {
			t.Fatalf("GET %s = %d", tt.path, r.status)
		}
		if tt.want != "" && !strings.Contains(r.body, tt.want) {
			t.Errorf("GET %s lacks %q", tt.path, tt.want)
		}
		if tt.not != "" && strings.Contains(r.body, tt.not) {
			t.Errorf("GET %s has %q, for an edition the archive lacks", tt.path, tt.not)
		}
	}
}

// crawlArchive is an archive with a crawl log that knows the provenance
// of one document.
type crawlArchive struct {
	web.Archive
	prov transcript.Provenance
}

func (a *crawlArchive) RecordFetch(context.Context, transcript.Fetch) error {
	return errors.ErrUnsupported
}
func (a *crawlArchive) LastFetch(context.Context, string) (transcript.Fetch, error) {
	return transcript.Fetch{}, transcript.ErrNotFound
}
func (a *crawlArchive) Fetches(context.Context, string) ([]transcript.Fetch, error) { return nil, nil }
func (a *crawlArchive) AllFetches(context.Context) iter.Seq2[transcript.Fetch, error] {
	return func(func(transcript.Fetch, error) bool) {}
}
func (a *crawlArchive) CrawlState(context.Context, string) (string, error) { return "", nil }
func (a *crawlArchive) CrawlStates(context.Context) (map[string]string, error) {
	return map[string]string{}, nil
}
func (a *crawlArchive) SetCrawlState(context.Context, string, string) error {
	return errors.ErrUnsupported
}
func (a *crawlArchive) Provenance(_ context.Context, id string) (transcript.Provenance, error) {
	if id != a.prov.ID {
		return transcript.Provenance{}, transcript.ErrNotFound
	}
	return a.prov, nil
}

var _ transcript.CrawlLog = (*crawlArchive)(nil)

// TestProvenance: the document page shows a document's provenance when
// the archive keeps a crawl log that has it, and nothing otherwise.
func TestProvenance(t *testing.T) {
	v1, v2 := editedVersions()
	store := mustStore(t, v1, v2)
	at := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	prov := transcript.Provenance{ID: editedID, URL: "http://en.kremlin.ru/events/president/news/90001", Language: "en", Edition: "main",
		FirstSeen: at("2024-05-01T10:00:00Z"), LastChanged: at("2024-05-03T09:30:00Z"), LastChecked: at("2024-06-01T08:00:00Z"),
		Versions: 2, Fetches: 5, Gone: true, GoneSince: at("2024-05-20T12:00:00Z")}
	ts := httptestServer(t, &crawlArchive{Archive: store, prov: prov})
	r := fetch(t, ts.URL+"/d/"+editedID)
	for _, want := range []string{
		`<h2 id="provenance-h">Provenance</h2>`,
		"No longer on the source site since 20 May 2024, 12:00 UTC; the archive keeps it.",
		`<dt>Source URL</dt><dd><a href="http://en.kremlin.ru/events/president/news/90001" rel="external">`,
		"<dt>Edition</dt><dd>English, main site</dd>",
		"<dt>First seen</dt><dd>1 May 2024, 10:00 UTC</dd>",
		"<dt>Last checked</dt><dd>1 June 2024, 08:00 UTC</dd>",
		"<dt>Versions</dt><dd>2 · 5 fetches recorded: <ol",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the document page lacks %q", want)
		}
	}
	checkCSPClean(t, "provenance", r.body)
	// A document the log does not know (every archive keeps a log).
	ts = httptestServer(t, &crawlArchive{Archive: mustStore(t, v1), prov: transcript.Provenance{ID: "x/1"}})
	if r := fetch(t, ts.URL+"/d/"+editedID); r.status != 200 || strings.Contains(r.body, "Provenance") {
		t.Errorf("GET a document the crawl log does not know = %d, with a provenance box without provenance", r.status)
	}
}

// TestProvenanceMaxAge: a cached document page is rendered again after
// at most a minute, so that the "last checked" of its provenance box,
// which moves without the archive's generation, is at most a minute
// stale; its ETag answers conditional requests before and after.
func TestProvenanceMaxAge(t *testing.T) {
	v1, v2 := editedVersions()
	checked := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	a := &crawlArchive{Archive: mustStore(t, v1, v2), prov: transcript.Provenance{ID: editedID, URL: "http://en.kremlin.ru/events/president/news/90001",
		Language: "en", Edition: "main", FirstSeen: checked("2024-05-01T10:00:00Z"), LastChanged: checked("2024-05-03T09:30:00Z"),
		LastChecked: checked("2024-06-01T08:00:00Z"), Versions: 2, Fetches: 5}}
	clock := time.Unix(1e9, 0)
	srv := web.NewServer(a, web.Config{Now: func() time.Time { return clock }})
	get := func(etag string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/d/"+editedID, nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		return w
	}
	const before, after = "<dt>Last checked</dt><dd>1 June 2024, 08:00 UTC</dd>", "<dt>Last checked</dt><dd>2 June 2024, 08:00 UTC</dd>"
	first := get("")
	if first.Code != 200 || !strings.Contains(first.Body.String(), before) {
		t.Fatalf("GET = %d, want the page with %q", first.Code, before)
	}
	oldTag := first.Header().Get("ETag")

	// The crawler checks the page again: the generation stays.
	a.prov.LastChecked = checked("2024-06-02T08:00:00Z")
	clock = clock.Add(30 * time.Second)
	if w := get(""); !strings.Contains(w.Body.String(), before) || w.Header().Get("ETag") != oldTag {
		t.Errorf("within a minute: want the cached page (ETag %s), got ETag %s", oldTag, w.Header().Get("ETag"))
	}
	if w := get(oldTag); w.Code != http.StatusNotModified {
		t.Errorf("within a minute, a conditional GET = %d, want 304", w.Code)
	}

	clock = clock.Add(31 * time.Second)
	if w := get(oldTag); w.Code != 200 || !strings.Contains(w.Body.String(), after) {
		t.Fatalf("after a minute, a conditional GET with the old ETag = %d, want 200 with %q", w.Code, after)
	}
	w := get("")
	newTag := w.Header().Get("ETag")
	if !strings.Contains(w.Body.String(), after) || newTag == oldTag || newTag == "" {
		t.Errorf("after a minute: ETag %q (old %q), want a new one and %q", newTag, oldTag, after)
	}
	if w := get(newTag); w.Code != http.StatusNotModified {
		t.Errorf("a conditional GET with the new ETag = %d, want 304", w.Code)
	}
}
