package web_test

import (
	"encoding/xml"
	"fmt"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

// roomDoc is the one document of roomArchive: a meeting with a speaker
// printed under the person's own name, one printed with a title, a
// narrative turn without a label, and an omission mark between
// paragraphs.
func roomDoc() *transcript.Document {
	d := &transcript.Document{ID: "en.kremlin.ru/99001", Source: transcript.SourceKremlin, Language: "en",
		Section: "Transcripts", Title: "Meeting on grain exports", Lead: "A meeting on the grain harvest.",
		Date: "2022-08-01", Topics: []string{"Agriculture"}, Geography: []string{"Egypt"},
		URL: "http://en.kremlin.ru/events/president/transcripts/99001"}
	d.Turns = []transcript.Turn{
		{Speaker: "", Paragraphs: []string{"The grain meeting opened in the morning."}},
		{Speaker: "Anna Vetrova", Person: "Anna Vetrova", Paragraphs: []string{"The grain harvest is large.", "<…>", "Grain exports will grow."}},
		{Speaker: "Minister of Agriculture Boris Zimin", Person: "Boris Zimin", Role: "Minister of Agriculture", Paragraphs: []string{"Grain stocks are full."}},
	}
	for i := range d.Turns {
		d.Turns[i].Index = i + 1
	}
	return d
}

// roomServer serves an archive of roomDoc alone.
func roomServer(t *testing.T) (*sqlite.Store, string) {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "room.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	d := roomDoc()
	if _, err := st.Put(t.Context(), d, transcript.Raw{Origin: "test", Format: "json", Bytes: mustJSON(d)}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(web.NewServer(st, web.Config{RateLimit: -1}))
	t.Cleanup(ts.Close)
	return st, ts.URL
}

var reWho = regexp.MustCompile(`<p class="who">(.*?)</p>`)

// TestHitSpeakers: a search hit shows each speaker once, no fake speaker
// for narrative, and an omission as a plain ellipsis.
func TestHitSpeakers(t *testing.T) {
	_, base := roomServer(t)
	r := fetch(t, base+"/search?q=grain")
	if r.status != 200 {
		t.Fatalf("GET /search?q=grain = %d\n%.600s", r.status, r.body)
	}
	var got []string
	for _, m := range reWho.FindAllStringSubmatch(r.body, -1) {
		got = append(got, regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], ""))
	}
	want := []string{"Anna Vetrova", "Minister of Agriculture Boris Zimin Boris Zimin ›"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("speaker lines = %q, want %q", got, want)
	}
	if !strings.Contains(r.body, `<p class="snip">The <mark>grain</mark> meeting opened in the morning.</p>`) {
		t.Error("the narrative turn's snippet is missing")
	}
	if !strings.Contains(r.body, "The <mark>grain</mark> harvest is large. … <mark>Grain</mark> exports will grow.") {
		t.Errorf("the omission is not one ellipsis between the paragraphs:\n%s", r.body)
	}
	for _, bad := range []string{">Text</a>", "¶ &lt;…&gt;", "&lt;…&gt; ¶"} {
		if strings.Contains(r.body, bad) {
			t.Errorf("the results hold %q", bad)
		}
	}
}

// TestCountUnits: counts say what they count, in the singular for one,
// and a range of one year is that year.
func TestCountUnits(t *testing.T) {
	st, base := roomServer(t)
	stats, err := st.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want []string
	}{
		{"/", []string{
			fmt.Sprintf("1 document · %d speaker turns · 2 persons · 2022</p>", stats.Turns),
			"<h3>Persons</h3>\n  <p class=\"unit\">By speaker turns</p>",
			"<h3>Topics</h3>\n  <p class=\"unit\">By documents</p>",
			"<h3>Countries and regions</h3>\n  <p class=\"unit\">By documents</p>"}},
		{"/search?q=grain", []string{
			"<h2>Speakers</h2>\n        <p class=\"unit\">Matching turns of each</p>",
			"<h2>Topics</h2>\n        <p class=\"unit\">Matching documents in each</p>",
			"<h2>Years</h2>\n        <p class=\"unit\">Matching documents in each</p>",
			"Matches (turns, or a document's title and lead) per month",
			"in 1 document "}},
		{"/search?q=" + url.QueryEscape("person:Zimin"), []string{"Matching turns per month", "<strong>1 turn</strong> in 1 document "}},
		{"/search?q=" + url.QueryEscape("topic:Agriculture"), []string{"Matching documents per month", `role="status"><strong>1 document</strong> <span class="took">`}},
		{"/year/2022", []string{"Documents by month", "1 document, newest first"}},
		{"/feed?q=" + url.QueryEscape("person:Zimin"), []string{">1 turn in 1 document, newest first<"}},
		{"/feed?q=" + url.QueryEscape("topic:Agriculture"), []string{">1 document, newest first<"}},
		{"/feed?q=grain", []string{" in 1 document, newest first<"}},
		{"/topics", []string{"1 term, with the number of documents"}},
	}
	for _, tt := range tests {
		r := fetch(t, base+tt.path)
		if r.status != 200 {
			t.Fatalf("GET %s = %d\n%.600s", tt.path, r.status, r.body)
		}
		for _, w := range tt.want {
			if !strings.Contains(r.body, w) {
				t.Errorf("GET %s lacks %q", tt.path, w)
			}
		}
		for _, bad := range []string{"2022–2022", "1 documents", "1 turns", "1 matches"} {
			if strings.Contains(r.body, bad) {
				t.Errorf("GET %s says %q", tt.path, bad)
			}
		}
	}
}

// TestUnknownTerms: an unknown topic, country or section is a page that
// does not exist (404 with the site's error page), and a "did you mean"
// is a link to the corrected page or search.
func TestUnknownTerms(t *testing.T) {
	_, base := roomServer(t)
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/topic/Agricultur", 404, `did you mean <a href="/topic/Agriculture">Agriculture</a>?`},
		{"/country/Egipt", 404, `did you mean <a href="/country/Egypt">Egypt</a>?`},
		{"/section/Zzzyzx", 404, "no section matches"},
		{"/search?q=" + url.QueryEscape("grain person:Zimim"), 400,
			`did you mean <a href="/search?q=grain%20person%3A%22Boris%20Zimin%22">Boris Zimin</a>?`},
		{"/search?q=" + url.QueryEscape("grain -topic:agricultur"), 400,
			`did you mean <a href="/search?q=grain%20-topic%3AAgriculture">Agriculture</a>?`},
		{"/kwic?q=" + url.QueryEscape("grain topic:agricultur"), 400,
			`did you mean <a href="/kwic?q=grain%20topic%3AAgriculture">Agriculture</a>?`},
	}
	for _, tt := range tests {
		r := fetch(t, base+tt.path)
		if r.status != tt.status {
			t.Errorf("GET %s = %d, want %d", tt.path, r.status, tt.status)
		}
		if !strings.Contains(r.body, `<body class="page-error">`) {
			t.Errorf("GET %s is not the error page", tt.path)
		}
		if !strings.Contains(r.body, tt.want) {
			t.Errorf("GET %s lacks %q:\n%s", tt.path, tt.want, r.body)
		}
	}
}

// TestCrawlers: robots.txt keeps crawlers out of the bulk routes and
// points to the sitemap, which lists the lists and every document; the
// favicon is linked and served.
func TestCrawlers(t *testing.T) {
	_, base := roomServer(t)
	r := fetch(t, base+"/robots.txt")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /robots.txt = %d %s", r.status, r.header.Get("Content-Type"))
	}
	for _, w := range []string{"User-agent: *\n", "Disallow: /export.\n", "Disallow: /api/\n", "Disallow: /kwic.csv\n", "Sitemap: " + base + "/sitemap.xml\n"} {
		if !strings.Contains(r.body, w) {
			t.Errorf("robots.txt lacks %q:\n%s", w, r.body)
		}
	}
	r = fetch(t, base+"/sitemap.xml")
	if r.status != 200 || r.header.Get("Content-Type") != "application/xml; charset=utf-8" {
		t.Fatalf("GET /sitemap.xml = %d %s", r.status, r.header.Get("Content-Type"))
	}
	var set struct {
		XMLName xml.Name
		URLs    []string `xml:"url>loc"`
	}
	if err := xml.Unmarshal([]byte(r.body), &set); err != nil {
		t.Fatalf("the sitemap is not XML: %v\n%s", err, r.body)
	}
	if set.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || set.XMLName.Local != "urlset" {
		t.Errorf("the sitemap's root is %v", set.XMLName)
	}
	want := []string{base + "/", base + "/persons", base + "/topics", base + "/countries", base + "/sections", base + "/years", base + "/d/en.kremlin.ru/99001"}
	if strings.Join(set.URLs, " ") != strings.Join(want, " ") {
		t.Errorf("the sitemap lists %q, want %q", set.URLs, want)
	}
	home := fetch(t, base+"/")
	if !strings.Contains(home.body, `<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">`) {
		t.Error("the layout does not link the favicon")
	}
	for _, p := range []string{"/favicon.ico", "/static/favicon.svg"} {
		r := fetch(t, base+p) // follows the redirect
		if r.status != 200 || r.header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(r.body, "<svg") {
			t.Errorf("GET %s = %d %s", p, r.status, r.header.Get("Content-Type"))
		}
	}
}

// TestSitemapAllDocuments: the sitemap of the shared archive lists every
// current document once, past a page of search results.
func TestSitemapAllDocuments(t *testing.T) {
	ts := newServer(t, web.Config{})
	r := fetch(t, ts.URL+"/sitemap.xml")
	st, err := archive.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents <= transcript.MaxSearchLimit {
		t.Logf("the archive has %d documents: the sitemap reads one page of results", st.Documents)
	}
	if got, want := strings.Count(r.body, "<loc>"+ts.URL+"/d/"), st.Documents; got != want {
		t.Errorf("the sitemap lists %d documents, want %d", got, want)
	}
}
