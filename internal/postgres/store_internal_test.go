package postgres

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
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

// TestWindows checks the bounds on a search's work: with more matches
// than the windows, relevance ranks the newest units only and the speaker
// and taxonomy facets count the newest units only, and the result says
// so, while totals, years and months still count every match.
func TestWindows(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	putFixtures(t, s)
	q, err := search.ParseQuery("talks")
	if err != nil {
		t.Fatal(err)
	}
	// "talks" matches 5 units: t/1 (2022-02-10) header and turns 1 and 3,
	// t/5 (2022-03-02) turn 1, t/2 (2023-06-15) turn 2.
	s.rankWindow, s.facetWindow = 2, 2
	s.noIx = true // the windows bound the tsvector's work; the own index ranks every match
	res, err := s.Search(t.Context(), &transcript.SearchRequest{Query: q, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 5 || res.Documents != 3 || res.RankedNewest != 2 || res.Facets.Sampled != 2 {
		t.Fatalf("total %d, documents %d, ranked newest %d, sampled %d; want 5, 3, 2, 2",
			res.Total, res.Documents, res.RankedNewest, res.Facets.Sampled)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	if len(ids) != 2 || !(ids[0] == "t/2" && ids[1] == "t/5" || ids[0] == "t/5" && ids[1] == "t/2") {
		t.Errorf("ranked %v, want the documents of the two newest units, t/2 and t/5", ids)
	}
	if got := res.Facets.Years; len(got) != 2 || got[0] != (transcript.FacetCount{Value: "2022", Count: 2}) {
		t.Errorf("years %v: want every match counted (2022: 2 documents, 2023: 1)", got)
	}
	if got := res.Facets.Persons; len(got) != 2 || got[0].Count != 1 || got[1].Count != 1 {
		t.Errorf("persons %v: want the newest 2 units' speakers only (Putin 1, Lavrov 1)", got)
	}
	// Pages of one within the window, then past it.
	var paged []string
	req := &transcript.SearchRequest{Query: q, Limit: 1}
	for range 5 {
		res, err := s.Search(t.Context(), req)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			paged = append(paged, h.ID)
		}
		if req.Cursor = res.Next; req.Cursor == "" {
			break
		}
	}
	if len(paged) != 2 || paged[0] != ids[0] || paged[1] != ids[1] {
		t.Errorf("pages of one: %v, want %v", paged, ids)
	}
	s.rankWindow, s.facetWindow = 100, 100
	res, err = s.Search(t.Context(), &transcript.SearchRequest{Query: q, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.RankedNewest != 0 || res.Facets.Sampled != 0 || len(res.Hits) != 3 {
		t.Errorf("under the windows: ranked newest %d, sampled %d, %d hits; want 0, 0, 3", res.RankedNewest, res.Facets.Sampled, len(res.Hits))
	}
}

// TestPutBatchOrder: of two concurrent PutBatch calls, the later one writes
// last even when it is ready first.
func TestPutBatchOrder(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	storetest.PutBatchOrder(t, s, &s.order.Hook)
}

// TestReindex: an index built by another tokenizer is rebuilt by Open, and
// searches find the same as before.
func TestReindex(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	putFixtures(t, s)
	// Spoil the index as an old tokenizer would have left it.
	if _, err := s.db.ExecContext(t.Context(), `UPDATE units SET tsv = '', meta = '{}';
		UPDATE settings SET value = 'old' WHERE key = 'search_tokenizer'`); err != nil {
		t.Fatal(err)
	}
	if err := s.IntegrityCheck(t.Context()); err == nil {
		t.Error("IntegrityCheck of an index built by another tokenizer: no error")
	}
	gen, err := s.Generation(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ensureIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	if g, err := s.Generation(t.Context()); err != nil || g == gen {
		t.Errorf("Generation after a rebuild = %d, %v; want it moved from %d", g, err, gen)
	}
	q, err := search.ParseQuery("person:tokayev приём")
	if err != nil {
		t.Fatal(err)
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

// TestSizeWorkMem checks the work_mem a search gives itself: enough for
// an exact bitmap of every page of units (perPage bytes a page), capped,
// never lower than the server's own setting, and for the transaction
// only.
func TestSizeWorkMem(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := t.Context()
	putFixtures(t, s)
	if _, err := s.db.ExecContext(ctx, `ANALYZE units`); err != nil {
		t.Fatal(err)
	}
	conn, err := s.db.Conn(ctx) // one connection, to see what outlives a transaction
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var pages int64
	var tuples float64
	if err := conn.QueryRowContext(ctx, `SELECT relpages, reltuples FROM pg_class WHERE oid = 'units'::regclass`).Scan(&pages, &tuples); err != nil {
		t.Fatal(err)
	}
	if pages < 1 {
		t.Fatalf("units has %d pages after ANALYZE; the cases below need at least one", pages)
	}
	workMem := func(q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) int64 {
		t.Helper()
		var n int64
		if err := q.QueryRowContext(ctx, `SELECT pg_size_bytes(current_setting('work_mem'))`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := workMem(conn)
	const mb = 1 << 20
	for _, tc := range []struct {
		name    string
		server  string // the setting before the search, for this transaction
		perPage int64
		max     int64
		want    int64
	}{
		{"raised to every page's bitmap", "64kB", mb, 1 << 40, pages * mb},
		{"capped", "64kB", mb, 512 << 10, 512 << 10},
		{"a larger setting kept", "1GB", mb, 1 << 40, 1 << 30},
		{"no cap lowers it", "64kB", mb, 0, 64 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			if _, err := tx.ExecContext(ctx, `SET LOCAL work_mem = '`+tc.server+`'`); err != nil {
				t.Fatal(err)
			}
			units, err := sizeWorkMem(ctx, tx, tc.perPage, tc.max)
			if err != nil {
				t.Fatal(err)
			}
			if units != tuples {
				t.Errorf("units %v rows, want reltuples %v", units, tuples)
			}
			if got := workMem(tx); got != tc.want {
				t.Errorf("work_mem %d bytes, want %d (units has %d pages)", got, tc.want, pages)
			}
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			if got := workMem(conn); got != before {
				t.Errorf("after the transaction, work_mem %d bytes, want the session's %d back", got, before)
			}
		})
	}
	// A search runs with it, on the store's own setting.
	q, err := search.ParseQuery("talks")
	if err != nil {
		t.Fatal(err)
	}
	if res, err := s.Search(ctx, &transcript.SearchRequest{Query: q, Facets: true}); err != nil || res.Total != 5 {
		t.Fatalf("search after sizing: %v, %+v", err, res)
	}
}

// TestOneScan checks that the two ways of a relevance search, counting
// and ranking in one scan (countAndRank, or the facets' statement for a
// faceted search) or in two statements (count or facets, then
// pageByRank), give the same results: totals, facets, ranking window,
// every page of every query, with a window smaller and one larger than
// the matches. The choice between them is a cost estimate, so either may
// answer any search.
func TestOneScan(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := t.Context()
	putFixtures(t, s)
	queries := []string{"talks", "TALK", "переговоры", `"strategic partnership"`, "strategic partnership",
		"gas OR sanctions", "prices -oil", "partner*", "(gas OR credit) prices", "person:Tokayev CSTO",
		`person:"Kassym-Jomart Tokayev"`, "speaker:Question", "lang:en talks", "type:transcript economy",
		`topic:"foreign policy" talks`, "-topic:energy meeting", "from:2022 to:2022-03-01 sanctions",
		"from:2025 talks", "coal", "economy -(sanctions OR adapting)"}
	facets := false
	all := func(mode, q string, limit int) []*transcript.SearchResult {
		t.Helper()
		s.forceOneScan = mode
		parsed, err := search.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		var out []*transcript.SearchResult
		req := &transcript.SearchRequest{Query: parsed, Limit: limit, Facets: facets}
		for range 20 {
			res, err := s.Search(ctx, req)
			if err != nil {
				t.Fatalf("%s (%s): %v", q, mode, err)
			}
			out = append(out, res)
			if req.Cursor = res.Next; req.Cursor == "" {
				return out
			}
		}
		t.Fatalf("%s (%s): more than 20 pages", q, mode)
		return nil
	}
	matched := 0
	for _, tc := range []struct {
		rank, facet int
		facets      bool
	}{{2, 100, false}, {100, 100, false}, {2, 100, true}, {100, 100, true}, {2, 3, true}} {
		s.rankWindow, s.facetWindow, facets = tc.rank, tc.facet, tc.facets
		window := fmt.Sprintf("%d (facets %v, facet window %d)", tc.rank, tc.facets, tc.facet)
		for _, q := range queries {
			for _, limit := range []int{1, 10} {
				one, two := all("always", q, limit), all("never", q, limit)
				if diff := cmp.Diff(two, one); diff != "" {
					t.Errorf("window %s, %s, pages of %d: one scan differs from two (-two +one):\n%s", window, q, limit, diff)
				}
				if auto := all("", q, limit); !cmp.Equal(auto, two) {
					t.Errorf("window %s, %s, pages of %d: the estimate's choice differs from both", window, q, limit)
				}
				if one[0].Total > 0 {
					matched++
				}
			}
		}
	}
	s.forceOneScan = ""
	if matched < 80 {
		t.Errorf("only %d of the 200 searches matched anything; the comparison needs matches", matched)
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
