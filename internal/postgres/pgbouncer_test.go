package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/pgtest"
	"github.com/rostrum/rostrum/internal/postgres"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// pgbouncerDSN returns ROSTRUM_TEST_PGBOUNCER, a DSN through PgBouncer in
// transaction mode in front of the test server, which .ci/postgres.sh
// exports when it starts one. Without it the test is skipped, or fails
// when ROSTRUM_TEST_POSTGRES_REQUIRED=1.
func pgbouncerDSN(tb testing.TB) string {
	tb.Helper()
	pgtest.DSN(tb) // the pooler's database is made through the server
	dsn := os.Getenv("ROSTRUM_TEST_PGBOUNCER")
	if dsn != "" {
		return dsn
	}
	const how = `start one with: eval "$(bash .ci/postgres.sh pgbouncer)", or bash .ci/postgres.sh run --pgbouncer CMD`
	if os.Getenv("ROSTRUM_TEST_POSTGRES_REQUIRED") == "1" {
		tb.Fatal("ROSTRUM_TEST_POSTGRES_REQUIRED=1 but ROSTRUM_TEST_PGBOUNCER (a DSN through PgBouncer) is not set: " + how)
	}
	tb.Skip("ROSTRUM_TEST_PGBOUNCER (a DSN through PgBouncer) is not set: skipping the pooler test; " + how)
	return ""
}

// pooledDatabase creates a database of the test's own on the test server,
// dropped when the test ends, and returns a DSN to it through the pooler:
// PgBouncer refuses a search_path in the DSN, so the archive cannot have
// a schema of its own, as the other tests' archives have, and lives in
// the public schema of this database instead.
func pooledDatabase(tb testing.TB, pooler string) string {
	tb.Helper()
	db := pgtest.DB(tb, pgtest.DSN(tb))
	b := make([]byte, 6)
	rand.Read(b)
	name := "test_pooled_" + hex.EncodeToString(b)
	if _, err := db.ExecContext(tb.Context(), `CREATE DATABASE `+name); err != nil {
		tb.Fatalf("create database: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// FORCE: the pooler keeps server connections to it open.
		if _, err := db.ExecContext(ctx, `DROP DATABASE `+name+` WITH (FORCE)`); err != nil {
			tb.Errorf("drop database %s: %v", name, err)
		}
	})
	if strings.HasPrefix(pooler, "postgres://") || strings.HasPrefix(pooler, "postgresql://") {
		u, err := url.Parse(pooler)
		if err != nil {
			tb.Fatalf("ROSTRUM_TEST_PGBOUNCER: %v", err)
		}
		u.Path = "/" + name
		return u.String()
	}
	return pooler + " dbname=" + name
}

// pooledDoc is document i of the pooler test: every one has the word
// "pooler", and only document i the word "marker<i>" (a word the tokenizer
// keeps whole, digits and all).
func pooledDoc(i int) *transcript.Document {
	id := fmt.Sprintf("p/%d", i)
	return &transcript.Document{
		ID: id, Source: transcript.SourceKremlin, Language: "en", Date: fmt.Sprintf("2024-01-%02d", 1+i%28),
		Section: "Events", Title: fmt.Sprintf("Pooler meeting %d", i), URL: "http://example.org/" + id,
		Turns: []transcript.Turn{{Index: 1, Speaker: "Vladimir Putin", Person: "Vladimir Putin",
			Paragraphs: []string{fmt.Sprintf("The pooler hands connections around, marker%d says.", i)}}},
	}
}

// Writers, documents per writer and searchers of the pooler workload.
const (
	pooledWriters  = 4
	pooledPerWrite = 6
	pooledSearches = 32
)

// pooledWorkload opens the archive at dsn, puts documents from several
// goroutines, then searches from pooledSearches goroutines at once (twice
// the Store's MaxConns, against a pool of 4 server connections, so that
// server connections pass from client to client), and returns every
// error, and every result that is not what the documents put imply.
func pooledWorkload(ctx context.Context, dsn string) error {
	s, err := postgres.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer s.Close()

	var mu sync.Mutex
	var errs []error
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for w := range pooledWriters {
		wg.Go(func() {
			for j := range pooledPerWrite {
				d := pooledDoc(w*pooledPerWrite + j)
				if res, err := s.Put(ctx, d, transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)}); err != nil {
					fail(err)
				} else if res.Status != transcript.Inserted {
					fail(fmt.Errorf("put %s: %v, want inserted", d.ID, res.Status))
				}
			}
		})
	}
	wg.Wait()
	n := pooledWriters * pooledPerWrite

	for g := range pooledSearches {
		wg.Go(func() {
			for k := range 3 {
				i := (g*3 + k) % n
				q, err := search.ParseQuery(fmt.Sprintf("marker%d", i))
				if err != nil {
					fail(err)
					return
				}
				res, err := s.Search(ctx, &transcript.SearchRequest{Query: q})
				if err != nil {
					fail(err)
					continue
				}
				if want := pooledDoc(i).ID; res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].ID != want {
					fail(fmt.Errorf("search marker%d: %d turns, hits %v; want one turn of %s", i, res.Total, ids(res), want))
				}
				q, err = search.ParseQuery("pooler")
				if err != nil {
					fail(err)
					return
				}
				res, err = s.Search(ctx, &transcript.SearchRequest{Query: q, Facets: true, Limit: 5})
				if err != nil {
					fail(err)
				} else if res.Documents != n || len(res.Hits) != 5 {
					fail(fmt.Errorf("search pooler: %d documents, %d hits; want %d and 5", res.Documents, len(res.Hits), n))
				}
				if d, err := s.Document(ctx, pooledDoc(i).ID); err != nil {
					fail(err)
				} else if d.Title != pooledDoc(i).Title {
					fail(fmt.Errorf("document %s: title %q", d.ID, d.Title))
				}
			}
		})
	}
	wg.Wait()

	if st, err := s.Stats(ctx); err != nil {
		fail(err)
	} else if st.Documents != n || st.Versions != n {
		fail(fmt.Errorf("stats: %d documents, %d versions; want %d of each", st.Documents, st.Versions, n))
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		fail(err)
	}
	return errors.Join(errs...)
}

func ids(res *transcript.SearchResult) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

// TestPgBouncer runs the archive through PgBouncer in transaction mode
// with a plain DSN: no pooler setting and no DSN parameter is needed,
// because Rostrum sends no startup parameter PgBouncer refuses and, by
// default, prepares no named statement (QueryExecModeExec), which would
// be left on a server connection that the pooler then hands to another
// client. The second case shows that the workload does catch such a
// leak: with the driver's statement cache it fails.
func TestPgBouncer(t *testing.T) {
	t.Parallel()
	pooler := pgbouncerDSN(t)
	for _, tc := range []struct {
		name    string
		param   string // a DSN parameter, key=value
		wantErr string // "" for none
	}{
		{name: "plain DSN"},
		{name: "statement cache", param: "default_query_exec_mode=cache_statement", wantErr: "prepared statement"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dsn := pooledDatabase(t, pooler)
			if tc.param != "" {
				k, v, _ := strings.Cut(tc.param, "=")
				dsn = pgtest.WithParam(t, dsn, k, v)
			}
			start := time.Now()
			err := pooledWorkload(t.Context(), dsn)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("through PgBouncer: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("through PgBouncer with %s: err = %v; want an error about a %s", tc.param, err, tc.wantErr)
			case tc.wantErr != "":
				t.Logf("with %s, as expected: %.300s", tc.param, err)
			}
			t.Logf("workload through PgBouncer in %s", time.Since(start).Round(time.Millisecond))
		})
	}
}

// TestPgBouncerSearchPath opens an archive through the pooler with a
// search_path in the DSN, which PgBouncer refuses: the message says what
// to change, and the open fails at once instead of waiting for a server
// that is not gone.
func TestPgBouncerSearchPath(t *testing.T) {
	dsn := pgtest.WithParam(t, pooledDatabase(t, pgbouncerDSN(t)), "search_path", "elsewhere")
	start := time.Now()
	_, err := postgres.Open(t.Context(), dsn)
	if err == nil {
		t.Fatal("PgBouncer accepted a search_path startup parameter")
	}
	msg := err.Error()
	for _, want := range []string{"connection pooler", "unsupported startup parameter", "search_path", "public schema"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q: %s", want, msg)
		}
	}
	if strings.Contains(msg, "lost the connection") || errors.Is(err, postgres.ErrUnavailable) {
		t.Errorf("a refused parameter reads as a lost server: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the open took %v: it was retried as if the server were gone", d)
	}
}
