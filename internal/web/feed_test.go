package web_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mmcdole/gofeed"
	gofeedatom "github.com/mmcdole/gofeed/atom"
	"golang.org/x/net/html"
	htmlatom "golang.org/x/net/html/atom"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

// The feed tests read the feeds as a feed reader would (gofeed's Atom
// parser) and check them against xmllint and against the archive.

// mustXMLLint checks that body is well-formed XML with xmllint. Without
// xmllint the check is skipped, unless ROSTRUM_BROWSER_REQUIRED=1 (CI),
// which makes it an error.
func mustXMLLint(t *testing.T, body []byte) {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("ROSTRUM_BROWSER_REQUIRED") == "1" {
			t.Fatalf("xmllint is missing (apt-get install libxml2-utils) and ROSTRUM_BROWSER_REQUIRED=1")
		}
		t.Log("xmllint is missing: the feed's XML is checked by gofeed only")
		return
	}
	cmd := exec.CommandContext(t.Context(), path, "--noout", "--nonet", "-")
	cmd.Stdin = bytes.NewReader(body)
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("xmllint --noout: %v\n%s", err, out)
	}
}

// feedTurn is a turn quoted in an entry's content: the speaker (in
// <strong>), the snippet's text and the link to the turn.
type feedTurn struct {
	Speaker string
	Text    string
	Href    string
}

// contentTurns reads the quoted turns of an entry's HTML content: the
// paragraphs that end in a link to #tN.
func contentTurns(t *testing.T, content string) []feedTurn {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(content), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: htmlatom.Div})
	if err != nil {
		t.Fatalf("the entry's content is not HTML: %v", err)
	}
	var turns []feedTurn
	for _, p := range nodes {
		if p.Type != html.ElementNode || p.Data != "p" {
			continue
		}
		var ft feedTurn
		var text strings.Builder
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.ElementNode && c.Data == "strong" && ft.Speaker == "" && c.FirstChild != nil:
				ft.Speaker = textOf(c)
			case c.Type == html.ElementNode && c.Data == "a":
				for _, a := range c.Attr {
					if a.Key == "href" {
						ft.Href = a.Val
					}
				}
			default:
				text.WriteString(textOf(c))
			}
		}
		if ft.Href == "" {
			continue
		}
		ft.Text = strings.TrimSpace(strings.TrimPrefix(text.String(), ":"))
		turns = append(turns, ft)
	}
	return turns
}

func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textOf(c))
	}
	return b.String()
}

// TestFeed checks the newest documents' feed and search feeds.
func TestFeed(t *testing.T) {
	ts := newServer(t, web.Config{})
	moscow := time.FixedZone("MSK", 3*60*60)
	pages := map[string][]byte{} // document pages by id
	tests := []struct {
		name  string
		q     string
		turns bool // the entries quote matching turns
	}{
		{"newest", "", false},
		{"words", "talks", true},
		{"person", `person:"Vladimir Putin"`, true},
		{"topic", `topic:"Foreign policy"`, false},
		{"geography", "geography:Kazakhstan", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "/feed"
			if tt.q != "" {
				path += "?" + url.Values{"q": {tt.q}}.Encode()
			}
			resp, body := get(t, ts, path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d: %.300s", path, resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
				t.Errorf("Content-Type %q, want application/atom+xml", ct)
			}
			if ft := gofeed.DetectFeedType(bytes.NewReader(body)); ft != gofeed.FeedTypeAtom {
				t.Errorf("gofeed detects feed type %v, want Atom", ft)
			}
			if _, err := gofeed.NewParser().ParseString(string(body)); err != nil {
				t.Errorf("gofeed: %v", err)
			}
			feed, err := (&gofeedatom.Parser{}).Parse(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("gofeed's Atom parser: %v", err)
			}
			mustXMLLint(t, body)
			if feed.Title == "" || feed.ID == "" || feed.UpdatedParsed == nil {
				t.Errorf("the feed has title %q, id %q, updated %q", feed.Title, feed.ID, feed.Updated)
			}
			if self := feedLink(feed.Links, "self"); !sameURL(self, ts.URL+path) {
				t.Errorf("the feed's self link %q, want %q", self, ts.URL+path)
			}

			// The entries are the newest matching documents.
			q := &transcript.Query{}
			if tt.q != "" {
				if q, err = search.ParseQuery(tt.q); err != nil {
					t.Fatal(err)
				}
			}
			res, err := archive.Search(t.Context(), &transcript.SearchRequest{Query: q, Sort: transcript.SortNewest, Limit: 30, TurnsPerDoc: 3})
			if err != nil {
				t.Fatal(err)
			}
			if want := min(30, res.Documents); len(feed.Entries) != want || want == 0 {
				t.Fatalf("%d entries, want %d (of %d matching documents)", len(feed.Entries), want, res.Documents)
			}
			var prev time.Time
			for i, e := range feed.Entries {
				hit := res.Hits[i]
				doc, err := archive.Document(t.Context(), hit.ID)
				if err != nil {
					t.Fatal(err)
				}
				page := ts.URL + "/d/" + hit.ID
				if alt := feedLink(e.Links, "alternate"); alt != page {
					t.Errorf("entry %d: link %q, want %q", i, alt, page)
				}
				if e.ID != page {
					t.Errorf("entry %d: id %q, want %q", i, e.ID, page)
				}
				if e.Title != doc.Title {
					t.Errorf("entry %d (%s): title %q, want the document's %q", i, hit.ID, e.Title, doc.Title)
				}
				if e.UpdatedParsed == nil {
					t.Errorf("entry %d (%s): no updated date (%q)", i, hit.ID, e.Updated)
					continue
				}
				// Updated is when the source last changed the document:
				// its latest first or edit version, not a new rendering
				// or parse; published is the event's date.
				versions, err := archive.Versions(t.Context(), hit.ID)
				if err != nil {
					t.Fatal(err)
				}
				var changed time.Time
				for _, v := range versions {
					if v.Cause == transcript.CauseFirst || v.Cause == transcript.CauseEdit {
						changed = v.StoredAt
					}
				}
				if !e.UpdatedParsed.Equal(changed.Truncate(time.Second)) {
					t.Errorf("entry %d (%s): updated %s, want the last change at the source, %s (versions %+v)", i, hit.ID, e.Updated, changed.Format(time.RFC3339), versions)
				}
				if doc.Date != "" {
					when, err := time.ParseInLocation("2006-01-02 15:04", doc.Date+" "+cmpOr(doc.Time, "00:00"), moscow)
					if err != nil {
						t.Fatal(err)
					}
					if e.PublishedParsed == nil || !e.PublishedParsed.Equal(when) {
						t.Errorf("entry %d (%s): published %s, want the document's %s", i, hit.ID, e.Published, when.Format(time.RFC3339))
					}
					if i > 0 && when.After(prev) {
						t.Errorf("entry %d (%s): published %s after the entry before it (%s): want newest first", i, hit.ID, e.Published, prev.Format(time.RFC3339))
					}
					prev = when
				}
				if e.Content == nil || e.Content.Type != "html" {
					t.Fatalf("entry %d (%s): content %+v, want HTML", i, hit.ID, e.Content)
				}

				// The content quotes the matching turns the search
				// gives, each with a link to its anchor.
				got := contentTurns(t, e.Content.Value)
				var want []feedTurn
				for _, th := range hit.Turns {
					want = append(want, feedTurn{Speaker: th.Speaker, Text: th.Snippet.Text, Href: page + "#t" + strconv.Itoa(th.Index)})
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("entry %d (%s): quoted turns mismatch (-want +got):\n%s", i, hit.ID, diff)
				}
				if tt.turns && len(got) == 0 && hit.Header == nil {
					t.Errorf("entry %d (%s): quotes no turn", i, hit.ID)
				}
				if !tt.turns && len(got) > 0 {
					t.Errorf("entry %d (%s): quotes %d turns for a query without words or persons", i, hit.ID, len(got))
				}
				for _, ft := range got {
					n, err := strconv.Atoi(ft.Href[strings.LastIndex(ft.Href, "#t")+2:])
					if err != nil || n < 1 || n > len(doc.Turns) {
						t.Errorf("entry %d: link %s: the document has no such turn (it has %d)", i, ft.Href, len(doc.Turns))
						continue
					}
					if !bytes.Contains(documentPage(t, ts, pages, hit.ID), []byte(` id="t`+strconv.Itoa(n)+`"`)) {
						t.Errorf("entry %d: link %s: the document's page has no anchor t%d", i, ft.Href, n)
					}
					if dt := doc.Turns[n-1]; ft.Speaker != dt.Speaker {
						t.Errorf("entry %d: link %s: speaker %q, but the document's turn %d is %q's", i, ft.Href, ft.Speaker, n, dt.Speaker)
					}
					if tt.name == "person" && doc.Turns[n-1].Person != "Vladimir Putin" {
						t.Errorf("entry %d: link %s: the turn is %q's, not Vladimir Putin's", i, ft.Href, doc.Turns[n-1].Person)
					}
				}
				if !tt.turns && doc.Lead != "" && !strings.Contains(e.Content.Value, html.EscapeString(doc.Lead)) {
					t.Errorf("entry %d (%s): the content does not hold the lead", i, hit.ID)
				}
			}
		})
	}
}

// documentPage returns the HTML page of document id, fetched once.
func documentPage(t *testing.T, ts *httptest.Server, pages map[string][]byte, id string) []byte {
	t.Helper()
	if b, ok := pages[id]; ok {
		return b
	}
	path := "/d/" + strings.TrimPrefix(apiPath(id), "/api/v1/documents/")
	resp, body := get(t, ts, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, resp.StatusCode)
	}
	pages[id] = body
	return body
}

// cmpOr returns s, or def when s is empty.
func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// sameURL reports whether a and b are the same address, their query
// strings compared decoded (gofeed writes a space as %20).
func sameURL(a, b string) bool {
	ua, err := url.Parse(a)
	if err != nil {
		return false
	}
	ub, err := url.Parse(b)
	if err != nil {
		return false
	}
	return ua.Scheme == ub.Scheme && ua.Host == ub.Host && ua.Path == ub.Path && ua.Query().Encode() == ub.Query().Encode()
}

func feedLink(links []*gofeedatom.Link, rel string) string {
	for _, l := range links {
		if l.Rel == rel || (rel == "alternate" && l.Rel == "") {
			return l.Href
		}
	}
	return ""
}

// TestFeedErrors checks that a feed of a bad query is an HTML error page,
// not a broken or empty feed.
func TestFeedErrors(t *testing.T) {
	ts := newServer(t, web.Config{})
	tests := []struct {
		name   string
		url    string
		status int
	}{
		{"malformed query", "/feed?q=%22x", http.StatusBadRequest},
		{"unknown person", "/feed?q=person:zzzzzz", http.StatusBadRequest},
		{"invalid UTF-8", "/feed?q=%ff", http.StatusBadRequest},
		{"bad limit", "/feed?q=talks&limit=0", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, ts, tt.url)
			if resp.StatusCode != tt.status {
				t.Errorf("GET %s: status %d, want %d", tt.url, resp.StatusCode, tt.status)
			}
			// A feed reader shows entries: the error is a feed's one entry
			// (an HTML error page, as before, is dropped by most readers).
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
				t.Errorf("GET %s: Content-Type %q, want application/atom+xml", tt.url, ct)
			}
			mustXMLLint(t, body)
			feed, err := gofeed.NewParser().ParseString(string(body))
			if err != nil || len(feed.Items) != 1 || !strings.Contains(feed.Items[0].Title, http.StatusText(tt.status)) ||
				!strings.Contains(feed.Items[0].Link, "/search") {
				t.Errorf("GET %s: not a feed of one entry saying the error and linking to the search: %v\n%.300s", tt.url, err, body)
			}
		})
	}
}
