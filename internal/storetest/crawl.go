package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/transcript"
)

// RunCrawlLog runs the conformance suite of transcript.CrawlLog. newStore
// must return a new, empty store that also implements transcript.CrawlLog
// and arrange for it to be closed when the test ends. Subtests run in
// parallel, each on its own store.
//
// Beyond the interface's comments, the suite fixes these behaviours:
//   - Times come back in UTC. Engines keep at least microseconds
//     (PostgreSQL's timestamptz keeps no more): times compare equal to
//     within a microsecond.
//   - LastFetch, Fetches and AllFetches return the Hash of a fetch's body, filled by
//     the engine when the caller left it empty; Fetches of an unknown URL
//     is empty, not an error.
//   - A Hash given with Bytes must match them, and a Hash given without
//     Bytes must name a body the archive holds; both are ErrInvalid
//     otherwise, as are an empty URL and an unknown outcome, and a fetch
//     refused so leaves no trace.
//   - Provenance counts every fetch recorded with the document's id and
//     takes LastChecked as the latest of their FetchedAt; a fetch that
//     answered neither 200/304 nor gone (a failure, a robots refusal)
//     leaves the gone mark as it was. Edition is "special" when the first
//     version's origin is a URL on the accessible site (a host such as
//     special.kremlin.ru or en.special.kremlin.ru), else "main".
func RunCrawlLog(t *testing.T, newStore func(t *testing.T) transcript.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store)
	}{
		{"RoundTrip", testFetchRoundTrip},
		{"LastFetchLatest200", testLastFetchLatest},
		{"EmptyBody", testFetchEmptyBody},
		{"SameBody", testFetchSameBody},
		{"Fetches", testFetches},
		{"AllFetches", testAllFetches},
		{"AllFetchesPaged", testAllFetchesPaged},
		{"State", testCrawlState},
		{"States", testCrawlStates},
		{"Provenance", testProvenance},
		{"ProvenanceEdition", testProvenanceEdition},
		{"Gone", testGone},
		{"NotFound", testCrawlNotFound},
		{"Invalid", testFetchInvalid},
		{"Times", testFetchTimes},
		{"Concurrent", testFetchConcurrent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := newStore(t)
			cl, ok := st.(transcript.CrawlLog)
			if !ok {
				t.Fatalf("%T does not implement transcript.CrawlLog", st)
			}
			tt.fn(t, store{st, cl})
			if c, ok := st.(checker); ok {
				if err := c.IntegrityCheck(context.WithoutCancel(t.Context())); err != nil {
					t.Errorf("IntegrityCheck: %v", err)
				}
			}
		})
	}
}

// store is an archive with its crawl log.
type store struct {
	transcript.Store
	transcript.CrawlLog
}

// equateTimes compares times as the suite allows: the same location,
// within a microsecond.
var equateTimes = cmp.Comparer(func(a, b time.Time) bool {
	return a.Location() == b.Location() && a.Sub(b).Abs() < time.Microsecond
})

// t0 is the time of the first fetch in the suite's logs.
var t0 = time.Date(2025, 2, 5, 9, 30, 0, 123456789, time.UTC)

// at returns t0 plus n minutes.
func at(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }

// page is a fetch of a kremlin.ru page that answered 200.
func page(u, body string, n int) transcript.Fetch {
	return transcript.Fetch{
		URL: u, Status: 200, ETag: `"e` + fmt.Sprint(n) + `"`, LastModified: "Wed, 05 Feb 2025 09:30:00 GMT",
		ContentType: "text/html; charset=utf-8", FetchedAt: at(n), Bytes: []byte(body),
		DocumentID: "kremlin.ru/67763", Version: 1, Outcome: transcript.FetchNew,
		FeedTime: "2025-02-05T12:30:00+04:00",
	}
}

func mustRecord(t *testing.T, s store, fs ...transcript.Fetch) {
	t.Helper()
	for _, f := range fs {
		if err := s.RecordFetch(t.Context(), f); err != nil {
			t.Fatalf("RecordFetch(%s, %s): %v", f.URL, f.Outcome, err)
		}
	}
}

func mustLastFetch(t *testing.T, s store, u string) transcript.Fetch {
	t.Helper()
	f, err := s.LastFetch(t.Context(), u)
	if err != nil {
		t.Fatalf("LastFetch(%s): %v", u, err)
	}
	return f
}

func mustFetches(t *testing.T, s store, u string) []transcript.Fetch {
	t.Helper()
	fs, err := s.Fetches(t.Context(), u)
	if err != nil {
		t.Fatalf("Fetches(%s): %v", u, err)
	}
	return fs
}

func mustProvenance(t *testing.T, s store, id string) transcript.Provenance {
	t.Helper()
	p, err := s.Provenance(t.Context(), id)
	if err != nil {
		t.Fatalf("Provenance(%s): %v", id, err)
	}
	return p
}

// withHash returns f with the Hash the engine fills in.
func withHash(f transcript.Fetch) transcript.Fetch {
	if f.Bytes != nil {
		f.Hash = sum(f.Bytes)
	}
	return f
}

// withoutBytes returns f as Fetches lists it.
func withoutBytes(f transcript.Fetch) transcript.Fetch {
	f = withHash(f)
	f.Bytes = nil
	return f
}

const pageURL = "http://en.kremlin.ru/events/president/news/67763"

func testFetchRoundTrip(t *testing.T, s store) {
	want := page(pageURL, "<html>talks</html>", 0)
	mustRecord(t, s, want)
	if diff := cmp.Diff(withHash(want), mustLastFetch(t, s, pageURL), equateTimes); diff != "" {
		t.Errorf("LastFetch mismatch (-want +got):\n%s", diff)
	}
	// A caller may give the hash itself.
	given := page(pageURL+"?v=2", "<html>given</html>", 1)
	given.Hash = sum(given.Bytes)
	mustRecord(t, s, given)
	if diff := cmp.Diff(given, mustLastFetch(t, s, given.URL), equateTimes); diff != "" {
		t.Errorf("LastFetch with a given hash mismatch (-want +got):\n%s", diff)
	}
}

func testLastFetchLatest(t *testing.T, s store) {
	first := page(pageURL, "<html>first</html>", 0)
	second := page(pageURL, "<html>second</html>", 1)
	second.Outcome, second.Version = transcript.FetchChanged, 2
	notModified := transcript.Fetch{URL: pageURL, Status: 304, ETag: second.ETag, FetchedAt: at(2),
		DocumentID: second.DocumentID, Version: 2, Outcome: transcript.FetchNotModified}
	failed := transcript.Fetch{URL: pageURL, Status: 503, FetchedAt: at(3), Outcome: transcript.FetchFailed,
		Error: "503 Service Unavailable after 3 tries"}
	errorPage := transcript.Fetch{URL: pageURL, Status: 500, FetchedAt: at(4), Bytes: []byte("<html>oops</html>"),
		Outcome: transcript.FetchFailed, Error: "500"}
	steps := []struct {
		record transcript.Fetch
		want   transcript.Fetch
	}{
		{first, first},
		{second, second},
		{notModified, second},
		{failed, second},
		{errorPage, second},
	}
	for i, st := range steps {
		mustRecord(t, s, st.record)
		if diff := cmp.Diff(withHash(st.want), mustLastFetch(t, s, pageURL), equateTimes); diff != "" {
			t.Errorf("after fetch %d (%d %s): LastFetch mismatch (-want +got):\n%s", i+1, st.record.Status, st.record.Outcome, diff)
		}
	}
}

func testFetchEmptyBody(t *testing.T, s store) {
	f := page(pageURL, "", 0)
	f.Bytes = []byte{}
	mustRecord(t, s, f)
	got := mustLastFetch(t, s, pageURL)
	if got.Bytes == nil || len(got.Bytes) != 0 || got.Hash != sum(nil) {
		t.Errorf("LastFetch of an empty body = %q (nil %v) hash %s, want an empty body hashed %s",
			got.Bytes, got.Bytes == nil, got.Hash, sum(nil))
	}
}

// testFetchSameBody records one body under two URLs and twice under one;
// engines check in their own tests that it is stored once.
func testFetchSameBody(t *testing.T, s store) {
	body := "<html>the same page</html>"
	a := page(pageURL, body, 0)
	b := page("http://127.0.0.1:8080/events/president/news/67763", body, 1)
	c := page(pageURL, body, 2)
	c.Outcome = transcript.FetchUnchanged
	mustRecord(t, s, a, b, c)
	for _, want := range []transcript.Fetch{b, c} {
		if diff := cmp.Diff(withHash(want), mustLastFetch(t, s, want.URL), equateTimes); diff != "" {
			t.Errorf("LastFetch(%s) mismatch (-want +got):\n%s", want.URL, diff)
		}
	}
	// A later fetch may refer to the stored body by its hash alone.
	d := transcript.Fetch{URL: pageURL, Status: 200, FetchedAt: at(3), Hash: sum([]byte(body)), Outcome: transcript.FetchUnchanged}
	mustRecord(t, s, d)
	d.Bytes = []byte(body)
	if diff := cmp.Diff(d, mustLastFetch(t, s, pageURL), equateTimes); diff != "" {
		t.Errorf("LastFetch of a fetch given by hash mismatch (-want +got):\n%s", diff)
	}
}

func testFetches(t *testing.T, s store) {
	if fs := mustFetches(t, s, pageURL); len(fs) != 0 {
		t.Errorf("Fetches of an empty log = %d fetches, want 0", len(fs))
	}
	log := []transcript.Fetch{
		page(pageURL, "<html>one</html>", 0),
		{URL: pageURL, Status: 304, FetchedAt: at(1), DocumentID: "kremlin.ru/67763", Version: 1, Outcome: transcript.FetchNotModified},
		{URL: "http://en.kremlin.ru/events/all/feed", Status: 200, FetchedAt: at(2), Bytes: []byte("<feed/>"),
			ContentType: "application/atom+xml", Outcome: transcript.FetchFeed},
		{URL: pageURL, Status: 0, FetchedAt: at(3), Outcome: transcript.FetchFailed, Error: "connection reset by peer"},
		{URL: pageURL, FetchedAt: at(4), Outcome: transcript.FetchRobots},
		{URL: pageURL, Status: 404, FetchedAt: at(5), Bytes: []byte("not found"), DocumentID: "kremlin.ru/67763",
			Version: 1, Outcome: transcript.FetchGone},
	}
	mustRecord(t, s, log...)
	var want []transcript.Fetch
	for _, f := range log {
		if f.URL == pageURL {
			want = append(want, withoutBytes(f))
		}
	}
	if diff := cmp.Diff(want, mustFetches(t, s, pageURL), equateTimes); diff != "" {
		t.Errorf("Fetches mismatch (-want +got):\n%s", diff)
	}
	// The order is the order recorded, whatever the times say.
	late := transcript.Fetch{URL: "http://kremlin.ru/x", Status: 200, FetchedAt: at(10), Outcome: transcript.FetchNew}
	early := transcript.Fetch{URL: "http://kremlin.ru/x", Status: 503, FetchedAt: at(9), Outcome: transcript.FetchFailed}
	mustRecord(t, s, late, early)
	if diff := cmp.Diff([]transcript.Fetch{late, early}, mustFetches(t, s, late.URL), equateTimes); diff != "" {
		t.Errorf("Fetches in recording order mismatch (-want +got):\n%s", diff)
	}
}

func testAllFetches(t *testing.T, s store) {
	if got := collectFetches(t, s); len(got) != 0 {
		t.Errorf("AllFetches of an empty log = %d fetches, want 0", len(got))
	}
	body := "<html>one</html>"
	log := []transcript.Fetch{
		page(pageURL, body, 5),
		{URL: pageURL, Status: 304, FetchedAt: at(1), DocumentID: "kremlin.ru/67763", Version: 1, Outcome: transcript.FetchNotModified},
		{URL: "http://en.kremlin.ru/events/all/feed", Status: 200, FetchedAt: at(2), Bytes: []byte("<feed/>"),
			ContentType: "application/atom+xml", Outcome: transcript.FetchFeed},
		{URL: pageURL, Status: 0, FetchedAt: at(3), Outcome: transcript.FetchFailed, Error: "connection reset by peer"},
		{URL: "http://127.0.0.1:8080/events/president/news/67763", Status: 200, FetchedAt: at(4), Bytes: []byte(body),
			DocumentID: "kremlin.ru/67763", Version: 1, Outcome: transcript.FetchUnchanged},
		{URL: pageURL, Status: 200, FetchedAt: at(0), Bytes: []byte{}, Outcome: transcript.FetchFailed, Error: "empty body"},
		{URL: pageURL, Status: 404, FetchedAt: at(6), Bytes: []byte("not found"), DocumentID: "kremlin.ru/67763",
			Version: 1, Outcome: transcript.FetchGone},
	}
	mustRecord(t, s, log...)
	// A fetch given by the hash of a stored body comes back with it.
	byHash := transcript.Fetch{URL: pageURL, Status: 200, FetchedAt: at(7), Hash: sum([]byte(body)), Outcome: transcript.FetchUnchanged}
	mustRecord(t, s, byHash)
	byHash.Bytes = []byte(body)
	var want []transcript.Fetch
	for _, f := range append(log, byHash) {
		want = append(want, withHash(f))
	}
	got := collectFetches(t, s)
	if diff := cmp.Diff(want, got, equateTimes); diff != "" {
		t.Errorf("AllFetches mismatch (-want +got):\n%s", diff)
	}
	if len(got) == len(want) && (got[5].Bytes == nil || len(got[5].Bytes) != 0) {
		t.Errorf("AllFetches of an empty body = %q (nil %v), want empty, not nil", got[5].Bytes, got[5].Bytes == nil)
	}
	// A caller may stop early.
	n := 0
	for _, err := range s.AllFetches(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 2 {
			break
		}
	}
}

// testAllFetchesPaged records a log longer than an engine reads at once.
func testAllFetchesPaged(t *testing.T, s store) {
	const n = 250
	var want []transcript.Fetch
	for i := range n {
		f := transcript.Fetch{URL: fmt.Sprintf("http://kremlin.ru/events/president/news/%d", i%7), Status: 200,
			FetchedAt: at(n - i), Bytes: []byte(fmt.Sprintf("<html>%d</html>", i%11)), Outcome: transcript.FetchNew}
		if i%5 == 0 {
			f = transcript.Fetch{URL: f.URL, Status: 304, FetchedAt: f.FetchedAt, Outcome: transcript.FetchNotModified}
		}
		mustRecord(t, s, f)
		want = append(want, withHash(f))
	}
	if diff := cmp.Diff(want, collectFetches(t, s), equateTimes); diff != "" {
		t.Errorf("AllFetches of %d fetches mismatch (-want +got):\n%s", n, diff)
	}
}

func collectFetches(t *testing.T, s store) []transcript.Fetch {
	t.Helper()
	var fs []transcript.Fetch
	for f, err := range s.AllFetches(t.Context()) {
		if err != nil {
			t.Fatalf("AllFetches: %v", err)
		}
		fs = append(fs, f)
	}
	return fs
}

func testCrawlStates(t *testing.T, s store) {
	ctx := t.Context()
	got, err := s.CrawlStates(ctx)
	if err != nil {
		t.Fatalf("CrawlStates: %v", err)
	}
	if got == nil || len(got) != 0 {
		t.Errorf("CrawlStates of a new archive = %#v, want an empty map", got)
	}
	for _, kv := range [][2]string{
		{"follow/en", "2025-02-05T12:30:00+04:00"},
		{"backfill/ru", "67000"},
		{"backfill/ru", "67100 «next»"},
		{"gone/soon", "x"},
		{"gone/soon", ""},
	} {
		if err := s.SetCrawlState(ctx, kv[0], kv[1]); err != nil {
			t.Fatalf("SetCrawlState(%q, %q): %v", kv[0], kv[1], err)
		}
	}
	want := map[string]string{"follow/en": "2025-02-05T12:30:00+04:00", "backfill/ru": "67100 «next»"}
	got, err = s.CrawlStates(ctx)
	if err != nil {
		t.Fatalf("CrawlStates: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CrawlStates mismatch (-want +got):\n%s", diff)
	}
}

func testCrawlState(t *testing.T, s store) {
	ctx := t.Context()
	steps := []struct {
		name       string
		key, value string // set, unless key is ""
		want       map[string]string
	}{
		{"Absent", "", "", map[string]string{"follow/en": "", "backfill/en": ""}},
		{"Set", "follow/en", "2025-02-05T12:30:00+04:00", map[string]string{"follow/en": "2025-02-05T12:30:00+04:00", "backfill/en": ""}},
		{"SetOther", "backfill/en", "67000", map[string]string{"follow/en": "2025-02-05T12:30:00+04:00", "backfill/en": "67000"}},
		{"Replace", "backfill/en", "67100 «next»", map[string]string{"follow/en": "2025-02-05T12:30:00+04:00", "backfill/en": "67100 «next»"}},
		{"Delete", "follow/en", "", map[string]string{"follow/en": "", "backfill/en": "67100 «next»"}},
		{"DeleteAbsent", "never/set", "", map[string]string{"never/set": "", "backfill/en": "67100 «next»"}},
	}
	for _, st := range steps {
		if st.key != "" {
			if err := s.SetCrawlState(ctx, st.key, st.value); err != nil {
				t.Fatalf("%s: SetCrawlState(%q, %q): %v", st.name, st.key, st.value, err)
			}
		}
		for k, want := range st.want {
			got, err := s.CrawlState(ctx, k)
			if err != nil {
				t.Fatalf("%s: CrawlState(%q): %v", st.name, k, err)
			}
			if got != want {
				t.Errorf("%s: CrawlState(%q) = %q, want %q", st.name, k, got, want)
			}
		}
	}
}

func testProvenance(t *testing.T, s store) {
	doc := talks()
	raw := transcript.Raw{Origin: doc.URL, Format: "kremlin-html", Bytes: []byte("<html>talks v1</html>")}
	mustPut(t, s, doc, raw, transcript.Inserted)
	other := untitled()
	mustPut(t, s, other, rawOf(other), transcript.Inserted)

	want := transcript.Provenance{ID: doc.ID, URL: doc.URL, Language: "en", Edition: "main", Versions: 1}
	vs := mustVersions(t, s, doc.ID)
	want.FirstSeen, want.LastChanged = vs[0].StoredAt.UTC(), vs[0].StoredAt.UTC()
	if diff := cmp.Diff(want, mustProvenance(t, s, doc.ID), equateTimes); diff != "" {
		t.Errorf("Provenance before any fetch mismatch (-want +got):\n%s", diff)
	}

	f1 := page("http://127.0.0.1:8080/events/president/news/67763", string(raw.Bytes), 0) // a mirror's URL
	f2 := transcript.Fetch{URL: f1.URL, Status: 304, FetchedAt: at(60), DocumentID: doc.ID, Version: 1,
		Outcome: transcript.FetchNotModified}
	elsewhere := page(pageURL, "<html>another document</html>", 61)
	elsewhere.DocumentID = "kremlin.ru/1"
	noDocument := transcript.Fetch{URL: pageURL, Status: 503, FetchedAt: at(62), Outcome: transcript.FetchFailed}
	mustRecord(t, s, f1, f2, elsewhere, noDocument)

	v2 := talks()
	v2.Title = "Russian–Kazakhstani talks (edited)"
	mustPut(t, s, v2, transcript.Raw{Origin: pageURL, Format: "kremlin-html", Bytes: []byte("<html>talks v2</html>")},
		transcript.Updated)
	f3 := page(f1.URL, "<html>talks v2</html>", 120)
	f3.Outcome, f3.Version = transcript.FetchChanged, 2
	mustRecord(t, s, f3)

	vs = mustVersions(t, s, doc.ID)
	want.Versions, want.LastChanged = 2, vs[1].StoredAt.UTC()
	want.Fetches, want.LastChecked = 3, at(120)
	if diff := cmp.Diff(want, mustProvenance(t, s, doc.ID), equateTimes); diff != "" {
		t.Errorf("Provenance after fetches and an update mismatch (-want +got):\n%s", diff)
	}
	// A fetch recorded late with an earlier time does not move LastChecked back.
	late := f2
	late.FetchedAt = at(90)
	mustRecord(t, s, late)
	want.Fetches = 4
	if diff := cmp.Diff(want, mustProvenance(t, s, doc.ID), equateTimes); diff != "" {
		t.Errorf("Provenance after a late record mismatch (-want +got):\n%s", diff)
	}

	ov := mustVersions(t, s, other.ID)
	wantOther := transcript.Provenance{ID: other.ID, Language: "en", Edition: "main", Versions: 1,
		FirstSeen: ov[0].StoredAt.UTC(), LastChanged: ov[0].StoredAt.UTC()}
	if diff := cmp.Diff(wantOther, mustProvenance(t, s, other.ID), equateTimes); diff != "" {
		t.Errorf("Provenance of a document never fetched mismatch (-want +got):\n%s", diff)
	}
}

func testProvenanceEdition(t *testing.T, s store) {
	tests := []struct {
		id, origin, want string
	}{
		{"kremlin.ru/1", "http://kremlin.ru/events/president/news/1", "main"},
		{"kremlin.ru/2", "http://en.special.kremlin.ru/events/president/news/2", "special"},
		{"kremlin.ru/3", "http://special.kremlin.ru/events/president/transcripts/3", "special"},
		{"kremlin.ru/4", "samples/kremlin-text/4.txt", "main"},
		{"kremlin.ru/5", "-", "main"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			doc := talks()
			doc.ID = tt.id
			mustPut(t, s, doc, transcript.Raw{Origin: tt.origin, Format: "kremlin-html", Bytes: []byte(tt.origin)},
				transcript.Inserted)
			if got := mustProvenance(t, s, tt.id).Edition; got != tt.want {
				t.Errorf("Edition of a document from %s = %q, want %q", tt.origin, got, tt.want)
			}
		})
	}
}

func testGone(t *testing.T, s store) {
	doc := talks()
	mustPut(t, s, doc, rawOf(doc), transcript.Inserted)
	fetch := func(n, status int, outcome string) transcript.Fetch {
		return transcript.Fetch{URL: pageURL, Status: status, FetchedAt: at(n), DocumentID: doc.ID, Version: 1, Outcome: outcome}
	}
	steps := []struct {
		name      string
		fetch     transcript.Fetch
		gone      bool
		goneSince time.Time
	}{
		{"Found", fetch(0, 200, transcript.FetchUnchanged), false, time.Time{}},
		{"Gone", fetch(1, 404, transcript.FetchGone), true, at(1)},
		{"StillGone", fetch(2, 410, transcript.FetchGone), true, at(1)},
		{"FailedKeepsMark", fetch(3, 0, transcript.FetchFailed), true, at(1)},
		{"RobotsKeepsMark", fetch(4, 0, transcript.FetchRobots), true, at(1)},
		{"NotModifiedClears", fetch(5, 304, transcript.FetchNotModified), false, time.Time{}},
		{"GoneAgain", fetch(6, 404, transcript.FetchGone), true, at(6)},
		{"FoundClears", fetch(7, 200, transcript.FetchUnchanged), false, time.Time{}},
	}
	for i, st := range steps {
		mustRecord(t, s, st.fetch)
		p := mustProvenance(t, s, doc.ID)
		if p.Gone != st.gone || !equalTime(p.GoneSince, st.goneSince) || p.Fetches != i+1 {
			t.Errorf("%s: Provenance Gone = %v since %v, %d fetches; want %v since %v, %d fetches",
				st.name, p.Gone, p.GoneSince, p.Fetches, st.gone, st.goneSince, i+1)
		}
	}
	// The mark is the document's: a 404 for another id leaves it alone.
	other := fetch(8, 404, transcript.FetchGone)
	other.DocumentID = "kremlin.ru/1"
	mustRecord(t, s, other)
	if p := mustProvenance(t, s, doc.ID); p.Gone {
		t.Errorf("Provenance Gone = true after another document's 404")
	}
	// The archive keeps a gone document.
	if got := mustDocument(t, s, doc.ID); got.Title != doc.Title {
		t.Errorf("Document title = %q after gone, want %q", got.Title, doc.Title)
	}
}

func equalTime(a, b time.Time) bool { return cmp.Equal(a, b, equateTimes) }

func testCrawlNotFound(t *testing.T, s store) {
	doc := talks()
	mustPut(t, s, doc, rawOf(doc), transcript.Inserted)
	mustRecord(t, s,
		transcript.Fetch{URL: pageURL, Status: 304, FetchedAt: at(0), DocumentID: doc.ID, Outcome: transcript.FetchNotModified},
		transcript.Fetch{URL: pageURL, Status: 404, FetchedAt: at(1), DocumentID: doc.ID, Outcome: transcript.FetchGone},
		transcript.Fetch{URL: "http://kremlin.ru/events/president/news/1", Status: 404, FetchedAt: at(2), DocumentID: "kremlin.ru/1",
			Outcome: transcript.FetchMissing})
	ctx := t.Context()
	tests := []struct {
		name string
		call func() error
	}{
		{"LastFetchUnknownURL", func() error { _, err := s.LastFetch(ctx, "http://kremlin.ru/never"); return err }},
		{"LastFetchNo200", func() error { _, err := s.LastFetch(ctx, pageURL); return err }},
		{"LastFetchOtherURLCase", func() error {
			_, err := s.LastFetch(ctx, "HTTP://EN.KREMLIN.RU/events/president/news/67763")
			return err
		}},
		{"ProvenanceUnknownID", func() error { _, err := s.Provenance(ctx, "kremlin.ru/2"); return err }},
		{"ProvenanceFetchedOnly", func() error { _, err := s.Provenance(ctx, "kremlin.ru/1"); return err }},
		{"ProvenanceEmptyID", func() error { _, err := s.Provenance(ctx, ""); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); !errors.Is(err, transcript.ErrNotFound) {
				t.Errorf("error = %v, want ErrNotFound", err)
			}
		})
	}
}

func testFetchInvalid(t *testing.T, s store) {
	const u = "http://kremlin.ru/events/president/news/2"
	tests := []struct {
		name  string
		fetch transcript.Fetch
	}{
		{"NoURL", transcript.Fetch{Status: 200, FetchedAt: at(0), Outcome: transcript.FetchNew, Bytes: []byte("x")}},
		{"NoOutcome", transcript.Fetch{URL: u, Status: 200, FetchedAt: at(0)}},
		{"UnknownOutcome", transcript.Fetch{URL: u, Status: 200, FetchedAt: at(0), Outcome: "ok"}},
		{"OutcomeCase", transcript.Fetch{URL: u, Status: 200, FetchedAt: at(0), Outcome: "New"}},
		{"HashMismatch", transcript.Fetch{URL: u, Status: 200, FetchedAt: at(0), Outcome: transcript.FetchNew,
			Bytes: []byte("body"), Hash: sum([]byte("another body"))}},
		{"HashOfUnknownBody", transcript.Fetch{URL: u, Status: 200, FetchedAt: at(0), Outcome: transcript.FetchUnchanged,
			Hash: sum([]byte("never stored"))}},
		{"NegativeStatus", transcript.Fetch{URL: u, Status: -1, FetchedAt: at(0), Outcome: transcript.FetchFailed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.RecordFetch(t.Context(), tt.fetch); !errors.Is(err, transcript.ErrInvalid) {
				t.Errorf("RecordFetch error = %v, want ErrInvalid", err)
			}
		})
	}
	// Nothing was written.
	if fs := mustFetches(t, s, u); len(fs) != 0 {
		t.Errorf("Fetches after invalid fetches = %+v, want none", fs)
	}
	if _, err := s.LastFetch(t.Context(), u); !errors.Is(err, transcript.ErrNotFound) {
		t.Errorf("LastFetch after invalid fetches: error = %v, want ErrNotFound", err)
	}
}

func testFetchTimes(t *testing.T, s store) {
	moscow := time.FixedZone("MSK", 3*60*60)
	local := time.Date(2020, 3, 1, 14, 5, 6, 987654321, moscow)
	f := page(pageURL, "<html>times</html>", 0)
	f.FetchedAt = local
	mustRecord(t, s, f)
	for name, got := range map[string]time.Time{
		"LastFetch": mustLastFetch(t, s, pageURL).FetchedAt,
		"Fetches":   mustFetches(t, s, pageURL)[0].FetchedAt,
	} {
		if got.Location() != time.UTC {
			t.Errorf("%s FetchedAt location = %v, want UTC", name, got.Location())
		}
		if d := got.Sub(local).Abs(); d >= time.Microsecond {
			t.Errorf("%s FetchedAt = %v, want %v (off by %v)", name, got, local.UTC(), d)
		}
		if got.Nanosecond()/1000 != 987654 {
			t.Errorf("%s FetchedAt = %v lost its sub-second digits, want %v", name, got, local.UTC())
		}
	}
	doc := talks()
	mustPut(t, s, doc, rawOf(doc), transcript.Inserted)
	p := mustProvenance(t, s, doc.ID)
	for name, tm := range map[string]time.Time{"FirstSeen": p.FirstSeen, "LastChanged": p.LastChanged, "LastChecked": p.LastChecked} {
		if tm.Location() != time.UTC {
			t.Errorf("Provenance %s location = %v, want UTC", name, tm.Location())
		}
	}
	if !equalTime(p.LastChecked, local.UTC()) {
		t.Errorf("Provenance LastChecked = %v, want %v", p.LastChecked, local.UTC())
	}
}

func testFetchConcurrent(t *testing.T, s store) {
	const writers, perWriter = 8, 10
	doc := talks()
	mustPut(t, s, doc, rawOf(doc), transcript.Inserted)
	ctx := t.Context()
	errs := make(chan error, writers*perWriter)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				// Every writer stores the same few bodies, in its own URLs
				// and one URL they share.
				u := fmt.Sprintf("http://kremlin.ru/events/president/news/%d", 100+w)
				if i%2 == 0 {
					u = pageURL
				}
				f := page(u, fmt.Sprintf("<html>body %d</html>", i%3), w*perWriter+i)
				f.DocumentID = doc.ID
				if i%4 == 3 {
					f = transcript.Fetch{URL: u, Status: 404, FetchedAt: at(w*perWriter + i), DocumentID: doc.ID,
						Outcome: transcript.FetchGone}
				}
				if err := s.RecordFetch(ctx, f); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	total := len(mustFetches(t, s, pageURL))
	if want := writers * perWriter / 2; total != want {
		t.Errorf("Fetches of the shared URL = %d, want %d", total, want)
	}
	for w := range writers {
		total += len(mustFetches(t, s, fmt.Sprintf("http://kremlin.ru/events/president/news/%d", 100+w)))
	}
	if total != writers*perWriter {
		t.Errorf("%d fetches recorded, want %d", total, writers*perWriter)
	}
	p := mustProvenance(t, s, doc.ID)
	if p.Fetches != writers*perWriter || !equalTime(p.LastChecked, at(writers*perWriter-1)) {
		t.Errorf("Provenance = %d fetches, last checked %v; want %d, %v", p.Fetches, p.LastChecked,
			writers*perWriter, at(writers*perWriter-1))
	}
	// Each writer's URL last answered 200 with body 0, stored by whichever
	// writer came first.
	for w := range writers {
		u := fmt.Sprintf("http://kremlin.ru/events/president/news/%d", 100+w)
		f := mustLastFetch(t, s, u)
		if string(f.Bytes) != "<html>body 0</html>" || !equalTime(f.FetchedAt, at(w*perWriter+9)) {
			t.Errorf("LastFetch(%s) = %q at %v, want %q at %v", u, f.Bytes, f.FetchedAt, "<html>body 0</html>", at(w*perWriter+9))
		}
	}
}
