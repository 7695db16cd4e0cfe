package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
)

var plural = textout.Plural

// TestCopy copies an archive with history from SQLite to PostgreSQL,
// from PostgreSQL to SQLite and from SQLite to SQLite, and checks that
// every version of every document arrives in order, with its raw input
// and stored time; then that copying again is refused, or with
// --into-existing changes nothing.
func TestCopy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	docs, versions := historyArchive(t, src)
	want := archiveHistory(t, src)
	_, pg := pgSchema(t, "")
	verified := "verified: " + plural(docs, "document", "documents") + ", " + plural(versions, "version", "versions") +
		", 0 fetches, 0 crawl state keys, hashes and provenance equal\n"
	for _, tt := range []struct{ name, from, to string }{
		{"SQLiteToPostgres", src, pg},
		{"PostgresToSQLite", pg, filepath.Join(dir, "from-postgres.db")},
		{"SQLiteToSQLite", src, filepath.Join(dir, "copy.db")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := rostrum(t, "", "copy", "--from", tt.from, "--to", tt.to)
			summary := "copied " + plural(docs, "document", "documents") + " (" + plural(versions, "version", "versions") +
				"), updated 0, unchanged 0, diverged 0, 0 fetches (0 held), 0 crawl state keys (0 held) in "
			if code != 0 || !strings.HasPrefix(out, summary) || !strings.HasSuffix(out, verified) {
				t.Fatalf("copy: exit %d\n%s%s\nwant %q … %q", code, out, errOut, summary, verified)
			}
			if diff := cmp.Diff(want, archiveHistory(t, tt.to)); diff != "" {
				t.Errorf("the copy's history differs (-source +copy)\n%s", diff)
			}
			if st := statsOf(t, tt.to); st.Documents != docs || st.Versions != versions {
				t.Errorf("the copy holds %d documents, %d versions; want %d and %d", st.Documents, st.Versions, docs, versions)
			}

			// Again: refused, or with --into-existing, nothing to do.
			if _, errOut, code := rostrum(t, "", "copy", "--from", tt.from, "--to", tt.to); code != 1 ||
				!strings.Contains(errOut, "already holds "+plural(docs, "document", "documents")+": copy into an empty archive, or add --into-existing") {
				t.Errorf("copy into a full archive: exit %d, %q", code, errOut)
			}
			gen := generation(t, tt.to)
			out = mustRostrum(t, "copy", "--from", tt.from, "--to", tt.to, "--into-existing")
			if want := "copied 0 documents (0 versions), updated 0, unchanged " + itoa(docs) + ", diverged 0, 0 fetches (0 held), 0 crawl state keys (0 held) in "; !strings.HasPrefix(out, want) || !strings.HasSuffix(out, verified) {
				t.Errorf("copy --into-existing again: %q, want %q … %q", out, want, verified)
			}
			if g := generation(t, tt.to); g != gen {
				t.Errorf("copy --into-existing again moved the target's generation from %d to %d", gen, g)
			}
		})
	}
	if _, errOut, code := rostrum(t, "", "copy", "--from", src, "--to", src); code != 2 || !strings.Contains(errOut, "same archive") {
		t.Errorf("copy onto itself: exit %d, %q", code, errOut)
	}
}

// TestCopyIntoExisting copies into an archive that holds the start of one
// document's history, another version of a second document, and a
// document of its own.
func TestCopyIntoExisting(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	docs, versions := historyArchive(t, src)
	lines := strings.Split(strings.TrimSpace(mustRostrum(t, "export", "--db", src)), "\n")
	if len(lines) < 4 {
		t.Skip("needs the shared corpus for four documents")
	}
	history := archiveHistory(t, src)
	// Document 0 has versions A, B, A: the target gets version 1 (A) from
	// the source's first raw input; document 3 gets a version of its own;
	// and an extra document is the target's alone.
	var d0, d3 transcript.Document
	if err := json.Unmarshal([]byte(lines[0]), &d0); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[3]), &d3); err != nil {
		t.Fatal(err)
	}
	if len(history[d0.ID]) != 3 || len(history[d3.ID]) != 2 {
		t.Fatalf("source history: %d versions of %s, %d of %s; want 3 and 2", len(history[d0.ID]), d0.ID, len(history[d3.ID]), d3.ID)
	}
	d3.Title += " (the target's own)"
	extra := d3
	extra.ID, extra.URL = "kremlin.ru/999999999", "http://kremlin.ru/events/president/news/999999999"
	var input []string
	for _, d := range []*transcript.Document{&d0, &d3, &extra} {
		b, err := d.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		input = append(input, string(b))
	}
	dst := filepath.Join(dir, "dst.db")
	if out, errOut, code := rostrum(t, strings.Join(input, "\n")+"\n", "ingest", "--db", dst, "-"); code != 0 {
		t.Fatalf("ingest into the target: exit %d\n%s%s", code, out, errOut)
	}

	out, errOut, code := rostrum(t, "", "copy", "--from", src, "--to", dst, "--into-existing")
	// d0: versions 2 and 3 added; d3: diverged, gets the source's current
	// version; the others: copied whole.
	wantVersions := versions - 2
	summary := "copied " + itoa(docs-2) + " documents (" + itoa(wantVersions) + " versions), updated 1, unchanged 0, diverged 1, 0 fetches (0 held), 0 crawl state keys (0 held) in "
	if code != 0 || !strings.HasPrefix(out, summary) ||
		!strings.Contains(out, "verified: "+itoa(docs)+" documents, "+itoa(versions)+" versions, 0 fetches, 0 crawl state keys, hashes and provenance equal\n") ||
		!strings.HasSuffix(out, "the target also holds 1 document that the source does not\n") {
		t.Fatalf("copy --into-existing: exit %d\n%s%s\nwant %q…", code, out, errOut, summary)
	}
	got := archiveHistory(t, dst)
	for id, vs := range history {
		g := got[id]
		switch id {
		case d0.ID:
			// Version 1 came from the same content, stored at another time.
			if len(g) != 3 || g[0].Hash != vs[0].Hash || !cmp.Equal(vs[1:], g[1:]) {
				t.Errorf("%s: got %+v, want the source's versions 2 and 3 after its own 1", id, g)
			}
		case d3.ID:
			if len(g) != 2 || g[1].Hash != vs[len(vs)-1].Hash || g[0].Hash == vs[0].Hash {
				t.Errorf("%s: got %+v, want its own version, then the source's current one", id, g)
			}
		default:
			if diff := cmp.Diff(vs, g); diff != "" {
				t.Errorf("%s differs (-source +target)\n%s", id, diff)
			}
		}
	}
	// Again: nothing to do. The diverged document stays so, with the
	// source's current version as its own.
	gen := generation(t, dst)
	out = mustRostrum(t, "copy", "--from", src, "--to", dst, "--into-existing")
	if !strings.HasPrefix(out, "copied 0 documents (0 versions), updated 0, unchanged "+itoa(docs-1)+", diverged 1, 0 fetches (0 held), 0 crawl state keys (0 held) in ") {
		t.Errorf("copy --into-existing again: %q", out)
	}
	if g := generation(t, dst); g != gen {
		t.Errorf("copy --into-existing again moved the target's generation from %d to %d", gen, g)
	}

}

func generation(t *testing.T, db string) int64 {
	t.Helper()
	s, err := openStore(t.Context(), db, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, ok := s.(transcript.Catalog)
	if !ok {
		t.Fatalf("%s: no Catalog", db)
	}
	g, err := c.Generation(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// crawlLog is what the tests compare of an archive's crawl log: every
// fetch in order (times in UTC to the microsecond, bodies by hash), the
// crawl state, and the provenance of every stored document.
type crawlLog struct {
	Fetches    []transcript.Fetch
	State      map[string]string
	Provenance map[string]transcript.Provenance
}

func crawlLogOf(t *testing.T, db string) crawlLog {
	t.Helper()
	s, err := openStore(t.Context(), db, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	log := s.(transcript.CrawlLog)
	us := func(tm time.Time) time.Time {
		if tm.IsZero() {
			return tm
		}
		return tm.UTC().Truncate(time.Microsecond)
	}
	out := crawlLog{Provenance: map[string]transcript.Provenance{}}
	for f, err := range log.AllFetches(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if f.Hash != "" && (f.Bytes == nil || docHashOf(f.Bytes) != f.Hash) {
			t.Fatalf("AllFetches: %s at %v: body %q does not match hash %s", f.URL, f.FetchedAt, f.Bytes, f.Hash)
		}
		f.Bytes, f.FetchedAt = nil, us(f.FetchedAt)
		out.Fetches = append(out.Fetches, f)
	}
	if out.State, err = log.CrawlStates(t.Context()); err != nil {
		t.Fatal(err)
	}
	for doc, err := range s.Documents(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		p, err := log.Provenance(t.Context(), doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		p.FirstSeen, p.LastChanged, p.LastChecked, p.GoneSince = us(p.FirstSeen), us(p.LastChanged), us(p.LastChecked), us(p.GoneSince)
		out.Provenance[doc.ID] = p
	}
	return out
}

func docHashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// recordCrawl gives the SQLite archive db a crawl history: fetches of its
// first three documents (new, not modified, changed, failed, refused by
// robots.txt, gone and gone again), of a feed and of a page it never
// stored, one given by the hash of a stored body and one recorded late
// with an earlier time; and two crawl state keys. Times carry
// nanoseconds, which PostgreSQL does not keep.
func recordCrawl(t *testing.T, db string) (fetches, keys int) {
	t.Helper()
	s, err := openStore(t.Context(), db, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	log := s.(transcript.CrawlLog)
	var ids []string
	for doc, err := range s.Documents(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if ids = append(ids, doc.ID); len(ids) == 3 {
			break
		}
	}
	if len(ids) < 3 {
		t.Fatalf("the archive holds %d documents, want 3 or more", len(ids))
	}
	a, b, c := ids[0], ids[1], ids[2]
	pageURL := func(id string) string { return "http://en.kremlin.ru/events/president/news/" + path.Base(id) }
	t0 := time.Date(2025, 2, 5, 9, 30, 0, 123456789, time.UTC)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	page := func(id, body string, min int, outcome string) transcript.Fetch {
		return transcript.Fetch{URL: pageURL(id), Status: 200, ETag: `"` + itoa(min) + `"`,
			LastModified: "Wed, 05 Feb 2025 09:30:00 GMT", ContentType: "text/html; charset=utf-8", FetchedAt: at(min),
			Bytes: []byte(body), DocumentID: id, Version: 1, Outcome: outcome, FeedTime: "2025-02-05T12:30:00+04:00"}
	}
	gone := func(id string, status, min int) transcript.Fetch {
		return transcript.Fetch{URL: pageURL(id), Status: status, FetchedAt: at(min),
			Bytes: []byte("<html>not found</html>"), DocumentID: id, Version: 1, Outcome: transcript.FetchGone}
	}
	fs := []transcript.Fetch{
		{URL: "http://en.kremlin.ru/events/all/feed", Status: 200, FetchedAt: at(0), Bytes: []byte("<feed/>"),
			ContentType: "application/atom+xml", Outcome: transcript.FetchFeed},
		page(a, "<html>a</html>", 1, transcript.FetchNew),
		page(b, "<html>b</html>", 2, transcript.FetchNew),
		page(c, "<html>c</html>", 3, transcript.FetchNew),
		{URL: pageURL(a), Status: 304, FetchedAt: at(4), DocumentID: a, Version: 1,
			Outcome: transcript.FetchNotModified},
		gone(b, 404, 5),
		gone(b, 410, 6),
		{URL: pageURL(c), Status: 503, FetchedAt: at(7), Outcome: transcript.FetchFailed,
			DocumentID: c, Error: "503 Service Unavailable after 3 tries"},
		{URL: pageURL(c), FetchedAt: at(8), DocumentID: c, Outcome: transcript.FetchRobots},
		page(a, "<html>a, edited</html>", 9, transcript.FetchChanged),
		{URL: "http://en.kremlin.ru/events/president/news/999999", Status: 404, FetchedAt: at(10), DocumentID: "kremlin.ru/999999",
			Outcome: transcript.FetchMissing},
		{URL: "http://127.0.0.1:8080/events/president/news/" + path.Base(c), Status: 200, FetchedAt: at(11), Hash: docHashOf([]byte("<html>c</html>")),
			DocumentID: c, Version: 1, Outcome: transcript.FetchUnchanged},
		gone(a, 404, 12),
		{URL: pageURL(a), Status: 0, FetchedAt: at(3).Add(time.Second), DocumentID: a,
			Outcome: transcript.FetchFailed, Error: "connection reset by peer"}, // recorded late
	}
	for _, f := range fs {
		if err := log.RecordFetch(t.Context(), f); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range map[string]string{"follow/en": "2025-02-05T12:30:00+04:00", "backfill/en": "67100 «next»"} {
		if err := log.SetCrawlState(t.Context(), k, v); err != nil {
			t.Fatal(err)
		}
	}
	return len(fs), 2
}

// TestCopyCrawlLog copies an archive with a crawl history from SQLite to
// PostgreSQL, back to SQLite, and from SQLite to SQLite: the fetches
// arrive in order with their bodies and times, the crawl state with them,
// and every document's provenance (fetches, last checked, gone marks,
// first seen) is the source's. Then the source crawls on and copy
// --into-existing adds only the new fetches, leaving the target's own
// fetch and crawl state value alone; again, it adds nothing.
func TestCopyCrawlLog(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	docs, versions := historyArchive(t, src)
	fetches, keys := recordCrawl(t, src)
	want := crawlLogOf(t, src)
	if p := want.Provenance[want.Fetches[2].DocumentID]; !p.Gone || p.Fetches != 3 {
		t.Fatalf("source provenance of the gone document = %+v, want gone after 3 fetches", p)
	}
	_, pg := pgSchema(t, "")
	logCounts := plural(fetches, "fetch", "fetches") + " (0 held), " + plural(keys, "crawl state key", "crawl state keys") + " (0 held) in "
	verified := "verified: " + plural(docs, "document", "documents") + ", " + plural(versions, "version", "versions") + ", " +
		plural(fetches, "fetch", "fetches") + ", " + plural(keys, "crawl state key", "crawl state keys") + ", hashes and provenance equal\n"
	back := filepath.Join(dir, "from-postgres.db")
	for _, tt := range []struct{ name, from, to string }{
		{"SQLiteToPostgres", src, pg},
		{"PostgresToSQLite", pg, back},
		{"SQLiteToSQLite", src, filepath.Join(dir, "copy.db")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := rostrum(t, "", "copy", "--from", tt.from, "--to", tt.to)
			if code != 0 || !strings.Contains(out, ", diverged 0, "+logCounts) || !strings.HasSuffix(out, verified) {
				t.Fatalf("copy: exit %d\n%s%s\nwant … %q … %q", code, out, errOut, logCounts, verified)
			}
			if diff := cmp.Diff(want, crawlLogOf(t, tt.to)); diff != "" {
				t.Errorf("the copy's crawl log differs (-source +copy)\n%s", diff)
			}
			// Again: the target holds it all.
			out = mustRostrum(t, "copy", "--from", tt.from, "--to", tt.to, "--into-existing")
			if want := ", 0 fetches (" + itoa(fetches) + " held), 0 crawl state keys (" + itoa(keys) + " held) in "; !strings.Contains(out, want) || !strings.HasSuffix(out, verified) {
				t.Errorf("copy --into-existing again: %q, want … %q … %q", out, want, verified)
			}
		})
	}

	// The source crawls on; the target has a fetch and a crawl state
	// value of its own.
	dst := filepath.Join(dir, "copy.db")
	s, err := openStore(t.Context(), src, true)
	if err != nil {
		t.Fatal(err)
	}
	more := []transcript.Fetch{
		{URL: want.Fetches[5].URL, Status: 304, FetchedAt: time.Date(2025, 3, 1, 8, 0, 0, 1, time.UTC), DocumentID: want.Fetches[5].DocumentID,
			Version: 1, Outcome: transcript.FetchNotModified}, // clears the gone mark
		{URL: "http://en.kremlin.ru/events/all/feed", Status: 200, FetchedAt: time.Date(2025, 3, 1, 8, 1, 0, 0, time.UTC),
			Bytes: []byte("<feed>new</feed>"), Outcome: transcript.FetchFeed},
	}
	// The same fetch twice: nothing tells them apart, and both are copied.
	more = append(more, more[1])
	srcLog := s.(transcript.CrawlLog)
	for _, f := range more {
		if err := srcLog.RecordFetch(t.Context(), f); err != nil {
			t.Fatal(err)
		}
	}
	if err := srcLog.SetCrawlState(t.Context(), "follow/en", "2025-03-01T11:01:00+03:00"); err != nil {
		t.Fatal(err)
	}
	if err := srcLog.SetCrawlState(t.Context(), "follow/ru", "2025-03-01T11:00:00+03:00"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	d, err := openStore(t.Context(), dst, true)
	if err != nil {
		t.Fatal(err)
	}
	own := transcript.Fetch{URL: want.Fetches[1].URL, Status: 503, FetchedAt: time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC),
		DocumentID: want.Fetches[1].DocumentID, Outcome: transcript.FetchFailed, Error: "the target's own"}
	if err := d.(transcript.CrawlLog).RecordFetch(t.Context(), own); err != nil {
		t.Fatal(err)
	}
	d.Close()

	wantAfter := crawlLogOf(t, src)
	out, errOut, code := rostrum(t, "", "copy", "--from", src, "--to", dst, "--into-existing")
	if want := ", 3 fetches (" + itoa(fetches) + " held), 1 crawl state key (2 held) in "; code != 0 || !strings.Contains(out, want) ||
		!strings.Contains(out, "verified: ") || !strings.Contains(errOut, `crawl state follow/en: the target keeps its own value "2025-02-05T12:30:00+04:00"`) {
		t.Fatalf("copy --into-existing after more crawling: exit %d\n%s%s\nwant … %q", code, out, errOut, want)
	}
	got := crawlLogOf(t, dst)
	// The target's log is the source's with its own fetch where it was
	// recorded, its own crawl state value, and the provenance that
	// follows from them.
	wantTarget := wantAfter
	wantTarget.Fetches = slices.Concat(want.Fetches, []transcript.Fetch{own}, wantAfter.Fetches[len(want.Fetches):])
	wantTarget.State = maps.Clone(wantAfter.State)
	wantTarget.State["follow/en"] = want.State["follow/en"]
	wantTarget.Provenance = maps.Clone(wantAfter.Provenance)
	p := wantTarget.Provenance[own.DocumentID]
	p.Fetches++
	p.LastChecked = own.FetchedAt
	wantTarget.Provenance[own.DocumentID] = p
	if diff := cmp.Diff(wantTarget, got); diff != "" {
		t.Errorf("the target's crawl log differs (-want +got)\n%s", diff)
	}
	// Again: nothing to add, nothing moves.
	gen := generation(t, dst)
	out = mustRostrum(t, "copy", "--from", src, "--to", dst, "--into-existing")
	if want := ", 0 fetches (" + itoa(fetches+3) + " held), 0 crawl state keys (3 held) in "; !strings.Contains(out, want) {
		t.Errorf("copy --into-existing once more: %q, want … %q", out, want)
	}
	if diff := cmp.Diff(got, crawlLogOf(t, dst)); diff != "" {
		t.Errorf("copy --into-existing once more changed the target's crawl log (-before +after)\n%s", diff)
	}
	if g := generation(t, dst); g != gen {
		t.Errorf("copy --into-existing once more moved the target's generation from %d to %d", gen, g)
	}
}
