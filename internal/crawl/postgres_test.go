package crawl_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/postgres"
)

// onPostgres, when set, is the test server's DSN: newArchive then gives
// each test a PostgreSQL archive in a fresh schema instead of a SQLite
// file. TestOnPostgres sets it while it reruns the crawler's archive
// tests; those tests do not run in parallel with others, so the switch
// holds for exactly their duration.
var onPostgres string

// TestOnPostgres reruns the tests whose outcome depends on the archive
// (new, changed, gone, resumed, twin-linked documents and the fetch log)
// on a real PostgreSQL server (.ci/postgres.sh).
func TestOnPostgres(t *testing.T) {
	dsn := os.Getenv("ROSTRUM_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("ROSTRUM_TEST_POSTGRES_REQUIRED") == "1" {
			t.Fatal("ROSTRUM_TEST_POSTGRES is not set and ROSTRUM_TEST_POSTGRES_REQUIRED=1")
		}
		t.Skip("ROSTRUM_TEST_POSTGRES is not set (bash .ci/postgres.sh run go test ./internal/crawl)")
	}
	onPostgres = dsn
	defer func() { onPostgres = "" }()
	for name, test := range map[string]func(*testing.T){
		"Backfill":      TestBackfill,
		"Follow":        TestFollow,
		"ChangedPage":   TestChangedPage,
		"GonePage":      TestGonePage,
		"Interrupted":   TestInterrupted,
		"BothLanguages": TestBothLanguages,
	} {
		t.Run(name, test)
	}
}

// newPostgresArchive opens an archive in a new schema of the test
// database, dropped when the test ends.
func newPostgresArchive(tb testing.TB, dsn string) archive {
	tb.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	schema := "crawl_" + hex.EncodeToString(b)
	if _, err := db.ExecContext(context.Background(), `CREATE SCHEMA `+schema); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	s, err := postgres.Open(context.Background(), u.String())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
