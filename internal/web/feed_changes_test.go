package web_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gofeedatom "github.com/mmcdole/gofeed/atom"

	"github.com/rostrum/rostrum/internal/diff"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

// readAtom parses an Atom feed as a feed reader would, after xmllint.
func readAtom(t *testing.T, body []byte) *gofeedatom.Feed {
	t.Helper()
	mustXMLLint(t, body)
	f, err := (&gofeedatom.Parser{}).Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("gofeed's Atom parser: %v\n%s", err, body)
	}
	return f
}

// TestFeedChanges: /feed/changes lists the archive's edits at the
// source, each with a summary of what changed (internal/diff's) and a
// link to the comparison; other renderings of a page are not edits.
func TestFeedChanges(t *testing.T) {
	ts := newServer(t, web.Config{})
	resp, body := get(t, ts, "/feed/changes")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("GET /feed/changes = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	f := readAtom(t, body)
	// The edits the archive holds, read from every document's versions.
	var want []string
	for doc, err := range archive.Documents(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		vs, err := archive.Versions(t.Context(), doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			if v.Cause == transcript.CauseEdit {
				want = append(want, doc.ID)
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("the test archive holds no edit")
	}
	if len(f.Entries) != min(len(want), 30) {
		t.Fatalf("%d entries, want %d (the edits %q)", len(f.Entries), min(len(want), 30), want)
	}
	var prev time.Time
	for i, e := range f.Entries {
		if e.UpdatedParsed == nil || i > 0 && e.UpdatedParsed.After(prev) {
			t.Errorf("entry %d: updated %q, want newest first", i, e.Updated)
		} else {
			prev = *e.UpdatedParsed
		}
	}
	// The edited document's entry: version 2, against version 1.
	var found bool
	for _, e := range f.Entries {
		if !strings.Contains(e.ID, "/d/"+editedID+"?version=2") {
			continue
		}
		found = true
		v1, err := archive.DocumentVersion(t.Context(), editedID, 1)
		if err != nil {
			t.Fatal(err)
		}
		v2, err := archive.DocumentVersion(t.Context(), editedID, 2)
		if err != nil {
			t.Fatal(err)
		}
		summary := diff.Documents(v1, v2).Stats.Summary()
		if !strings.Contains(summary, "turn") {
			t.Fatalf("the edit's summary %q says nothing of turns", summary)
		}
		if e.Summary != summary || !strings.HasSuffix(e.Title, ": "+summary) {
			t.Errorf("entry summary %q, title %q; want the diff's summary %q", e.Summary, e.Title, summary)
		}
		if alt := feedLink(e.Links, "alternate"); alt != ts.URL+"/d/"+editedID+"/diff?from=1&to=2" {
			t.Errorf("the entry links to %q, want the comparison of versions 1 and 2", alt)
		}
		for _, s := range []string{"Turn 2 added (Question)", "Turn 3 removed (Remark)", "See what changed"} {
			if e.Content == nil || !strings.Contains(e.Content.Value, s) {
				t.Errorf("the entry's content lacks %q:\n%+v", s, e.Content)
			}
		}
	}
	if !found {
		t.Errorf("no entry for version 2 of %s", editedID)
	}
	// A bad parameter is a feed of one entry saying why, as on /feed.
	resp, body = get(t, ts, "/feed/changes?page=2")
	if resp.StatusCode != http.StatusBadRequest || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("GET /feed/changes?page=2 = %d %s, want 400 Atom", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if f := readAtom(t, body); len(f.Entries) != 1 || !strings.Contains(f.Entries[0].Title, "page") {
		t.Errorf("the error feed has entries %+v, want one naming the parameter", f.Entries)
	}
}

// TestFeedChangesNone: an archive without edits (one document, stored
// twice from the same content) has an empty changes feed, still a valid
// one.
func TestFeedChangesNone(t *testing.T) {
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "none.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	d := roomDoc()
	for _, origin := range []string{"a.txt", "a.html"} {
		if _, err := st.Put(t.Context(), d, transcript.Raw{Origin: origin, Format: "json", Bytes: append(mustJSON(d), ' ')}); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(web.NewServer(st, web.Config{RateLimit: -1}))
	t.Cleanup(ts.Close)
	resp, body := get(t, ts, "/feed/changes")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /feed/changes = %d", resp.StatusCode)
	}
	if f := readAtom(t, body); len(f.Entries) != 0 {
		t.Errorf("%d entries, want none: %+v", len(f.Entries), f.Entries[0])
	}
}
