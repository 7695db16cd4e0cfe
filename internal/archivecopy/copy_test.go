package archivecopy

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/pgtest"
	"github.com/rostrum/rostrum/internal/postgres"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// t0 is the stored time of the source's first version; versions are
// stored a minute apart, with nanoseconds that PostgreSQL does not keep.
var t0 = time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)

// openSQLite opens a new SQLite archive in the test's directory.
func openSQLite(t *testing.T, name string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// openPostgres opens an archive in a new schema of the test server.
func openPostgres(t *testing.T) *postgres.Store {
	t.Helper()
	_, dsn := pgtest.Schema(t, pgtest.DSN(t), "copy_")
	s, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// history fills src with docs documents, document i having 1+i%3
// versions (the last of three going back to the first's content), each
// from its own raw input and stored at its own time. It returns the
// number of versions.
func history(t *testing.T, src *sqlite.Store, docs int) int {
	t.Helper()
	n := 0
	src.Now = func() time.Time { n++; return t0.Add(time.Duration(n) * time.Minute) }
	for i := range docs {
		base := storetest.Synthetic(i)
		for v := range 1 + i%3 {
			doc := *base
			if v == 1 {
				doc.Title += " (edited)"
			}
			raw := transcript.Raw{Origin: fmt.Sprintf("doc%d-v%d.json", i, v), Format: "json", Bytes: fmt.Appendf(nil, "raw %d %d", i, v)}
			if _, err := src.Put(t.Context(), &doc, raw); err != nil {
				t.Fatal(err)
			}
		}
	}
	return n
}

// versions is every document's versions in a, by id, times in UTC to the
// microsecond.
func versions(t *testing.T, a transcript.Store) map[string][]transcript.Version {
	t.Helper()
	out := map[string][]transcript.Version{}
	for doc, err := range a.Documents(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		vs, err := a.Versions(t.Context(), doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i := range vs {
			vs[i].StoredAt = vs[i].StoredAt.UTC().Truncate(time.Microsecond)
		}
		out[doc.ID] = vs
	}
	return out
}

// TestCopy copies an archive with history from SQLite to SQLite, to
// PostgreSQL and back: every version arrives in order, with its raw input
// and the time the source stored it, and Verify finds nothing; a second
// copy is refused, or with IntoExisting writes nothing.
func TestCopy(t *testing.T) {
	src := openSQLite(t, "src.db")
	const docs = 7
	nv := history(t, src, docs)
	want := versions(t, src)
	if got := want["synthetic/000002"]; len(got) != 3 || got[0].Hash != got[2].Hash || got[1].Hash == got[0].Hash {
		t.Fatalf("source history of synthetic/000002: %+v, want A, B, A", got)
	}
	targets := []struct {
		name string
		open func(t *testing.T) Archive
	}{
		{"SQLite", func(t *testing.T) Archive { return openSQLite(t, "dst.db") }},
		{"PostgreSQL", func(t *testing.T) Archive { return openPostgres(t) }},
	}
	for _, tt := range targets {
		t.Run(tt.name, func(t *testing.T) {
			dst := tt.open(t)
			var started transcript.Stats
			var progress [][2]int
			r, err := Copy(t.Context(), src, dst, Options{
				Started:  func(st transcript.Stats) error { started = st; return nil },
				Progress: func(done, written int) { progress = append(progress, [2]int{done, written}) },
				Warn:     func(msg string) { t.Errorf("warning: %s", msg) },
			})
			if err != nil {
				t.Fatal(err)
			}
			if r.Copied != docs || r.Versions != nv || r.Updated+r.Unchanged+r.Diverged != 0 {
				t.Errorf("report %s, want %d documents and %d versions copied", r.Summary(), docs, nv)
			}
			if started.Documents != docs || started.Versions != nv {
				t.Errorf("Started with %+v, want %d documents, %d versions", started, docs, nv)
			}
			if len(progress) == 0 || progress[len(progress)-1] != [2]int{nv, nv} {
				t.Errorf("progress %v, want it to end at %d of %d", progress, nv, nv)
			}
			if diff := cmp.Diff(want, versions(t, dst)); diff != "" {
				t.Errorf("the copy's history differs (-source +copy)\n%s", diff)
			}
			v, err := Verify(t.Context(), src, dst, r)
			if err != nil {
				t.Fatal(err)
			}
			if v.Documents != docs || v.Versions != nv || len(v.Problems) != 0 || v.Extra != 0 {
				t.Errorf("Verify = %+v, want %d documents, %d versions and no problems", v, docs, nv)
			}

			// Back again, from this target to a new SQLite file.
			back := openSQLite(t, "back.db")
			if _, err := Copy(t.Context(), dst, back, Options{}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, versions(t, back)); diff != "" {
				t.Errorf("the copy back differs (-source +copy)\n%s", diff)
			}

			var ne *NotEmptyError
			if _, err := Copy(t.Context(), src, dst, Options{}); !errors.As(err, &ne) || ne.Documents != docs {
				t.Errorf("copy into a full archive: %v, want a NotEmptyError of %d documents", err, docs)
			}
			r, err = Copy(t.Context(), src, dst, Options{IntoExisting: true})
			if err != nil || r.Unchanged != docs || r.Versions != 0 || r.Copied != 0 {
				t.Errorf("copy again into existing: %s, %v; want %d unchanged and nothing written", r.Summary(), err, docs)
			}
		})
	}
}

// TestCopyIntoExisting copies into an archive that holds the start of one
// document's history, another version of a second document, and a
// document of its own; then Verify reports a version the source gains
// afterwards.
func TestCopyIntoExisting(t *testing.T) {
	src := openSQLite(t, "src.db")
	const docs = 6
	nv := history(t, src, docs)
	srcVersions := versions(t, src)
	dst := openSQLite(t, "dst.db")
	put := func(doc *transcript.Document) {
		t.Helper()
		if _, err := dst.Put(t.Context(), doc, transcript.Raw{Origin: "own", Format: "json", Bytes: []byte("own " + doc.ID)}); err != nil {
			t.Fatal(err)
		}
	}
	put(storetest.Synthetic(2)) // the start of synthetic/000002's history (3 versions)
	own := storetest.Synthetic(1)
	own.Title += " (the target's own)"
	put(own) // synthetic/000001 diverges
	put(storetest.Synthetic(1000))

	var warnings []string
	r, err := Copy(t.Context(), src, dst, Options{IntoExisting: true, Warn: func(m string) { warnings = append(warnings, m) }})
	if err != nil {
		t.Fatal(err)
	}
	// synthetic/000002 gets versions 2 and 3; synthetic/000001 the
	// source's current version; the others are copied whole.
	if r.Copied != docs-2 || r.Updated != 1 || r.Diverged != 1 || r.Unchanged != 0 || r.Versions != nv-1-1 || len(warnings) != 0 {
		t.Errorf("report %s, warnings %q", r.Summary(), warnings)
	}
	got := versions(t, dst)
	for id, vs := range srcVersions {
		g := got[id]
		switch id {
		case "synthetic/000002":
			if len(g) != 3 || g[0].Hash != vs[0].Hash || g[0].StoredAt.Equal(vs[0].StoredAt) || !cmp.Equal(vs[1:], g[1:]) {
				t.Errorf("%s: got %+v, want the source's versions 2 and 3 after its own 1", id, g)
			}
		case "synthetic/000001":
			if len(g) != 2 || g[1].Hash != vs[len(vs)-1].Hash || g[0].Hash == vs[0].Hash || !g[1].StoredAt.Equal(vs[len(vs)-1].StoredAt) {
				t.Errorf("%s: got %+v, want its own version, then the source's current one", id, g)
			}
		default:
			if diff := cmp.Diff(vs, g); diff != "" {
				t.Errorf("%s differs (-source +target)\n%s", id, diff)
			}
		}
	}
	v, err := Verify(t.Context(), src, dst, r)
	if err != nil || len(v.Problems) != 0 || v.Extra != 1 {
		t.Errorf("Verify = %+v, %v; want no problems and 1 extra document", v, err)
	}

	// The source gains a version after the copy: Verify says so.
	later := storetest.Synthetic(2)
	later.Title += " (later)"
	if _, err := src.Put(t.Context(), later, transcript.Raw{Origin: "later", Format: "json", Bytes: []byte("later")}); err != nil {
		t.Fatal(err)
	}
	v, err = Verify(t.Context(), src, dst, r)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"synthetic/000002: 4 versions in the source, 3 in the target"}; !slices.Equal(v.Problems, want) {
		t.Errorf("Verify after the source changed: %q", v.Problems)
	}
}

// TestCopyCrawlLog copies a crawl log: the fetches arrive in order with
// their times and bodies, the crawl state with them, and provenance is
// the source's; then copying into a target with a fetch and a state
// value of its own adds only what it lacks and keeps its value.
func TestCopyCrawlLog(t *testing.T) {
	src := openSQLite(t, "src.db")
	history(t, src, 3)
	at := func(min int) time.Time { return t0.Add(time.Duration(min)*time.Minute + 789) }
	fetches := []transcript.Fetch{
		{URL: "http://en.kremlin.ru/events/all/feed", Status: 200, FetchedAt: at(0), Bytes: []byte("<feed/>"), Outcome: transcript.FetchFeed},
		{URL: "http://en.kremlin.ru/d/0", Status: 200, FetchedAt: at(1), Bytes: []byte("<html>0</html>"), DocumentID: "synthetic/000000",
			Version: 1, Outcome: transcript.FetchNew, ETag: `"e"`},
		{URL: "http://en.kremlin.ru/d/1", Status: 404, FetchedAt: at(2), Bytes: []byte("gone"), DocumentID: "synthetic/000001",
			Version: 1, Outcome: transcript.FetchGone},
		{URL: "http://en.kremlin.ru/d/0", Status: 503, FetchedAt: at(3), DocumentID: "synthetic/000000", Outcome: transcript.FetchFailed, Error: "503"},
	}
	for _, f := range fetches {
		if err := src.RecordFetch(t.Context(), f); err != nil {
			t.Fatal(err)
		}
	}
	if err := src.SetCrawlState(t.Context(), "follow/en", "one"); err != nil {
		t.Fatal(err)
	}
	if err := src.SetCrawlState(t.Context(), "follow/ru", "two"); err != nil {
		t.Fatal(err)
	}
	logOf := func(a Archive) []transcript.Fetch {
		var out []transcript.Fetch
		for f, err := range a.AllFetches(t.Context()) {
			if err != nil {
				t.Fatal(err)
			}
			f.FetchedAt = f.FetchedAt.UTC().Truncate(time.Microsecond)
			out = append(out, f)
		}
		return out
	}
	for _, tt := range []struct {
		name string
		open func(t *testing.T) Archive
	}{
		{"SQLite", func(t *testing.T) Archive { return openSQLite(t, "dst.db") }},
		{"PostgreSQL", func(t *testing.T) Archive { return openPostgres(t) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dst := tt.open(t)
			r, err := Copy(t.Context(), src, dst, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Fetches != len(fetches) || r.Keys != 2 || r.HeldFetches+r.HeldKeys != 0 {
				t.Errorf("report %s, want %d fetches and 2 keys", r.Summary(), len(fetches))
			}
			if diff := cmp.Diff(logOf(src), logOf(dst)); diff != "" {
				t.Errorf("crawl log differs (-source +copy)\n%s", diff)
			}
			for _, id := range []string{"synthetic/000000", "synthetic/000001"} {
				a, err := src.Provenance(t.Context(), id)
				if err != nil {
					t.Fatal(err)
				}
				b, err := dst.Provenance(t.Context(), id)
				if err != nil {
					t.Fatal(err)
				}
				if d := provenanceDiff(a, b, true); d != "" {
					t.Errorf("%s provenance: %s", id, d)
				}
			}
			if v, err := Verify(t.Context(), src, dst, r); err != nil || len(v.Problems) != 0 || v.Fetches != len(fetches) || v.Keys != 2 {
				t.Errorf("Verify = %+v, %v", v, err)
			}
		})
	}

	// A target with a fetch and a state value of its own.
	dst := openSQLite(t, "own.db")
	if _, err := Copy(t.Context(), src, dst, Options{}); err != nil {
		t.Fatal(err)
	}
	own := transcript.Fetch{URL: "http://en.kremlin.ru/d/2", Status: 503, FetchedAt: at(10), DocumentID: "synthetic/000002",
		Outcome: transcript.FetchFailed, Error: "the target's own"}
	if err := dst.RecordFetch(t.Context(), own); err != nil {
		t.Fatal(err)
	}
	if err := dst.SetCrawlState(t.Context(), "follow/en", "mine"); err != nil {
		t.Fatal(err)
	}
	more := transcript.Fetch{URL: "http://en.kremlin.ru/events/all/feed", Status: 200, FetchedAt: at(20), Bytes: []byte("<feed>new</feed>"), Outcome: transcript.FetchFeed}
	if err := src.RecordFetch(t.Context(), more); err != nil {
		t.Fatal(err)
	}
	if err := src.SetCrawlState(t.Context(), "follow/en", "three"); err != nil {
		t.Fatal(err)
	}
	var warnings []string
	r, err := Copy(t.Context(), src, dst, Options{IntoExisting: true, Warn: func(m string) { warnings = append(warnings, m) }})
	if err != nil {
		t.Fatal(err)
	}
	if r.Fetches != 1 || r.HeldFetches != len(fetches) || r.Keys != 0 || r.HeldKeys != 2 {
		t.Errorf("report %s, want 1 fetch written, %d held, 2 keys held", r.Summary(), len(fetches))
	}
	if want := []string{`crawl state follow/en: the target keeps its own value "mine" (the source's is "three")`}; !slices.Equal(warnings, want) {
		t.Errorf("warnings %q, want %q", warnings, want)
	}
	if states, err := dst.CrawlStates(t.Context()); err != nil || states["follow/en"] != "mine" {
		t.Errorf("target crawl state %v, %v; want its own follow/en", states, err)
	}
	if v, err := Verify(t.Context(), src, dst, r); err != nil || len(v.Problems) != 0 {
		t.Errorf("Verify = %+v, %v", v, err)
	}
	if n := len(logOf(dst)); n != len(fetches)+2 {
		t.Errorf("the target holds %d fetches, want %d", n, len(fetches)+2)
	}
}

func TestVerifiedWrite(t *testing.T) {
	var out, errOut strings.Builder
	v := Verified{Documents: 2, Versions: 3, Fetches: 1, Keys: 0, Extra: 1}
	if !v.Write(&out, &errOut, 20) || errOut.Len() != 0 ||
		out.String() != "verified: 2 documents, 3 versions, 1 fetch, 0 crawl state keys, hashes and provenance equal\nthe target also holds 1 document that the source does not\n" {
		t.Errorf("Write of an equal copy: %q, %q", out.String(), errOut.String())
	}
	out.Reset()
	v.Problems = []string{"a", "b", "c"}
	if v.Write(&out, &errOut, 2) || out.Len() != 0 || errOut.String() != "mismatch: a\nmismatch: b\nmismatch: … and 1 more\n" {
		t.Errorf("Write of a copy that differs: %q, %q", out.String(), errOut.String())
	}
}
