package crawl_test

import (
	"context"
	"testing"

	"github.com/rostrum/rostrum/internal/pgtest"
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
	onPostgres = pgtest.DSN(t)
	defer func() { onPostgres = "" }()
	for name, test := range map[string]func(*testing.T){
		"Backfill":      TestBackfill,
		"Follow":        TestFollow,
		"ChangedPage":   TestChangedPage,
		"GonePage":      TestGonePage,
		"Interrupted":   TestInterrupted,
		"BothLanguages": TestBothLanguages,
		"RetriesOwed":   TestFollowRetriesOwed,
		"BackfillOwed":  TestBackfillFailureOwed,
	} {
		t.Run(name, test)
	}
}

// newPostgresArchive opens an archive in a new schema of the test
// database, dropped when the test ends.
func newPostgresArchive(tb testing.TB, dsn string) archive {
	tb.Helper()
	_, schemaDSN := pgtest.Schema(tb, dsn, "crawl_")
	s, err := postgres.Open(context.Background(), schemaDSN)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
