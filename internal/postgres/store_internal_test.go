package postgres

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/searchtest"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// openTest opens a new archive in a schema of its own, dropped when the
// test ends; see postgres_test.go for the environment it needs.
func openTest(t *testing.T) *Store {
	t.Helper()
	return openDSN(t, testDSN(t))
}

// openDSN opens the archive of dsn, closed when the test ends.
func openDSN(t *testing.T, dsn string) *Store {
	t.Helper()
	s, err := Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testDSN makes a schema of its own for a test, dropped when it ends,
// and returns the DSN of an archive there.
func testDSN(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("ROSTRUM_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("ROSTRUM_TEST_POSTGRES_REQUIRED") == "1" {
			t.Fatal("ROSTRUM_TEST_POSTGRES_REQUIRED=1 but ROSTRUM_TEST_POSTGRES is not set")
		}
		t.Skip("ROSTRUM_TEST_POSTGRES (a postgres:// DSN) is not set")
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "test_" + hex.EncodeToString(b)
	if _, err := db.ExecContext(t.Context(), `CREATE SCHEMA `+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		db.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// putFixtures puts the search suite's fixtures into s.
func putFixtures(t *testing.T, s *Store) {
	t.Helper()
	for _, d := range searchtest.Fixtures() {
		if _, err := s.Put(t.Context(), d, transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFacetWindow checks the bound on a faceted search's work: with more
// matches than the window, the speaker and taxonomy facets count the
// newest units only, and the result says so, while totals, years, months
// and the ranking still cover every match; from the doc values and from
// the join alike.
func TestFacetWindow(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	putFixtures(t, s)
	q, err := search.ParseQuery("talks")
	if err != nil {
		t.Fatal(err)
	}
	// "talks" matches 5 units: t/1 (2022-02-10) header and turns 1 and 3,
	// t/5 (2022-03-02) turn 1, t/2 (2023-06-15) turn 2.
	s.facetWindow = 2
	s.docValues.Sync = true // counted from the doc values
	res, err := s.Search(t.Context(), &transcript.SearchRequest{Query: q, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 5 || res.Documents != 3 || res.RankedNewest != 0 || res.Facets.Sampled != 2 {
		t.Fatalf("total %d, documents %d, ranked newest %d, sampled %d; want 5, 3, 0, 2",
			res.Total, res.Documents, res.RankedNewest, res.Facets.Sampled)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	if slices.Sort(ids); !slices.Equal(ids, []string{"t/1", "t/2", "t/5"}) {
		t.Errorf("ranked %v, want every matching document: t/1, t/2, t/5", ids)
	}
	if got := res.Facets.Years; len(got) != 2 || got[0] != (transcript.FacetCount{Value: "2022", Count: 2}) {
		t.Errorf("years %v: want every match counted (2022: 2 documents, 2023: 1)", got)
	}
	if got := res.Facets.Persons; len(got) != 2 || got[0].Count != 1 || got[1].Count != 1 {
		t.Errorf("persons %v: want the newest 2 units' speakers only (Putin 1, Lavrov 1)", got)
	}
	s.docValues.Off = true // the join, without doc values
	joined, err := s.Search(t.Context(), &transcript.SearchRequest{Query: q, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(res.Facets, joined.Facets); diff != "" {
		t.Errorf("facets of the join differ from the doc values' (-values +join):\n%s", diff)
	}
	s.facetWindow = 100
	res, err = s.Search(t.Context(), &transcript.SearchRequest{Query: q, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.RankedNewest != 0 || res.Facets.Sampled != 0 || len(res.Hits) != 3 {
		t.Errorf("under the window: ranked newest %d, sampled %d, %d hits; want 0, 0, 3", res.RankedNewest, res.Facets.Sampled, len(res.Hits))
	}
}

// TestPutBatchOrder: of two concurrent PutBatch calls, the later one writes
// last even when it is ready first.
func TestPutBatchOrder(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	storetest.PutBatchOrder(t, s, &s.order.Hook)
}

// TestIxFormat: an index of another format (as another version of
// Rostrum leaves it when it builds it again) fails searches with
// errIxFormat rather than answering from it, fails the integrity check,
// and is built again by the next Open, after which searches find the same
// as before.
func TestIxFormat(t *testing.T) {
	t.Parallel()
	dsn := testDSN(t)
	s := openDSN(t, dsn)
	putFixtures(t, s)
	q, err := search.ParseQuery("person:tokayev приём")
	if err != nil {
		t.Fatal(err)
	}
	if res, err := s.Search(t.Context(), &transcript.SearchRequest{Query: q}); err != nil || res.Documents != 1 {
		t.Fatalf("person:tokayev приём = %+v, %v; want r/1", res, err)
	}
	// Another version's rebuild: another format, and a new generation.
	if _, err := s.db.ExecContext(t.Context(), `UPDATE settings SET value = 'postings-0' WHERE key = 'ix_format';
		`+sqlGeneration); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Search(t.Context(), &transcript.SearchRequest{Query: q}); !errors.Is(err, errIxFormat) {
		t.Errorf("Search of an index of another format: err = %v, want errIxFormat", err)
	}
	if _, err := s.WordCounts(t.Context(), q, false); !errors.Is(err, errIxFormat) {
		t.Errorf("WordCounts of an index of another format: err = %v, want errIxFormat", err)
	}
	if _, ok, err := s.Occurrences(t.Context(), q, false); ok || err != nil {
		t.Errorf("Occurrences of an index of another format = %v, %v; want false (not countable here), no error", ok, err)
	}
	if err := s.IntegrityCheck(t.Context()); err == nil || !strings.Contains(err.Error(), "postings-0") {
		t.Errorf("IntegrityCheck of an index of another format: %v, want one naming it", err)
	}
	gen, err := s.Generation(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	openDSN(t, dsn) // builds it again
	if g, err := s.Generation(t.Context()); err != nil || g == gen {
		t.Errorf("Generation after a rebuild = %d, %v; want it moved from %d", g, err, gen)
	}
	res, err := s.Search(t.Context(), &transcript.SearchRequest{Query: q})
	if err != nil || res.Documents != 1 || len(res.Hits) != 1 || res.Hits[0].ID != "r/1" {
		t.Errorf("person:tokayev приём after the rebuild = %+v, %v; want r/1", res, err)
	}
	q, _ = search.ParseQuery("talks lang:en")
	res, err = s.Search(t.Context(), &transcript.SearchRequest{Query: q})
	if err != nil || res.Documents != 3 {
		t.Errorf("talks lang:en after the rebuild = %+v, %v; want 3 documents", res, err)
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Error(err)
	}
}

// TestIxLargeSegments writes, merges and reads segments too large to
// keep their terms packed (storetest.IxLargeSegments): here the terms go
// in batches (insertTerms).
func TestIxLargeSegments(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	storetest.IxLargeSegments(t, ix, s.writeTx)
}

// TestTwoServers checks that two Stores over one archive, as two rostrum
// serve processes would be, see each other's writes in their next search:
// the index lives in the archive, and a search reads its generation.
func TestTwoServers(t *testing.T) {
	t.Parallel()
	dsn := testDSN(t)
	a, b := openDSN(t, dsn), openDSN(t, dsn)
	putFixtures(t, a)
	q, err := search.ParseQuery("zanzibar")
	if err != nil {
		t.Fatal(err)
	}
	count := func(s *Store) int {
		t.Helper()
		res, err := s.Search(t.Context(), &transcript.SearchRequest{Query: q, Facets: true})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if n := count(b); n != 0 {
		t.Fatalf("zanzibar before any write: %d matches", n)
	}
	doc := *searchtest.Fixtures()[0]
	doc.Title += " in Zanzibar"
	if _, err := a.Put(t.Context(), &doc, transcript.Raw{Origin: doc.ID, Format: "json", Bytes: []byte(doc.ID + " again")}); err != nil {
		t.Fatal(err)
	}
	if n := count(b); n != 1 {
		t.Errorf("the other store after the write: %d matches, want 1", n)
	}
	if err := b.IntegrityCheck(t.Context()); err != nil {
		t.Error(err)
	}
}
