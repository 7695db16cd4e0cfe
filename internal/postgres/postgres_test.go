package postgres_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the tests' own connections

	"github.com/rostrum/rostrum/internal/postgres"
	"github.com/rostrum/rostrum/internal/searchtest"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// testDSN returns the DSN of the test server, ROSTRUM_TEST_POSTGRES. Without
// one the test is skipped, or fails when ROSTRUM_TEST_POSTGRES_REQUIRED=1
// (as CI sets it), so that a missing server cannot pass unnoticed.
func testDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv("ROSTRUM_TEST_POSTGRES")
	if dsn != "" {
		return dsn
	}
	const how = `start a throwaway server with: eval "$(bash .ci/postgres.sh start)"`
	if os.Getenv("ROSTRUM_TEST_POSTGRES_REQUIRED") == "1" {
		tb.Fatal("ROSTRUM_TEST_POSTGRES_REQUIRED=1 but ROSTRUM_TEST_POSTGRES (a postgres:// DSN) is not set: " + how)
	}
	tb.Skip("ROSTRUM_TEST_POSTGRES (a postgres:// DSN) is not set: skipping the PostgreSQL tests; " + how)
	return ""
}

// withParam returns dsn with a run-time parameter set, in URL or
// key=value form.
func withParam(tb testing.TB, dsn, key, value string) string {
	tb.Helper()
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			tb.Fatalf("ROSTRUM_TEST_POSTGRES: %v", err)
		}
		q := u.Query()
		q.Set(key, value)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " " + key + "=" + value
}

// mustDB opens a connection pool on the test database, outside any archive.
func mustDB(tb testing.TB) *sql.DB {
	tb.Helper()
	db, err := sql.Open("pgx", testDSN(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// freshSchema creates an empty schema, dropped when the test ends, and
// returns its name and a DSN whose search_path is it: each test has its
// own archive, so tests run in parallel on one database.
func freshSchema(tb testing.TB) (name, dsn string) {
	tb.Helper()
	db := mustDB(tb)
	b := make([]byte, 6)
	rand.Read(b)
	name = "test_" + hex.EncodeToString(b)
	if _, err := db.ExecContext(tb.Context(), `CREATE SCHEMA `+name); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, `DROP SCHEMA `+name+` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", name, err)
		}
	})
	return name, withParam(tb, testDSN(tb), "search_path", name)
}

// mustOpen opens a new archive in a fresh schema, closed when the test ends.
func mustOpen(tb testing.TB) *postgres.Store {
	tb.Helper()
	_, dsn := freshSchema(tb)
	s, err := postgres.Open(tb.Context(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Error(err)
		}
	})
	return s
}

// tally counts the conformance cases that ran and failed, and reports
// them when the suite ends, so that a run's log says how much of the
// suite PostgreSQL passed.
type tally struct {
	suite       string
	ran, failed atomic.Int32
	mu          sync.Mutex
	failures    []string
}

func newTally(t *testing.T, suite string) *tally {
	c := &tally{suite: suite}
	t.Cleanup(func() {
		t.Logf("%s: %d conformance cases ran on PostgreSQL, %d failed %v", c.suite, c.ran.Load(), c.failed.Load(), c.failures)
	})
	return c
}

// add counts t, a case of the suite.
func (c *tally) add(t *testing.T) {
	c.ran.Add(1)
	t.Cleanup(func() {
		if t.Failed() {
			c.failed.Add(1)
			c.mu.Lock()
			c.failures = append(c.failures, t.Name())
			c.mu.Unlock()
		}
	})
}

func TestStore(t *testing.T) {
	testDSN(t)
	c := newTally(t, "storetest")
	storetest.Run(t, func(t *testing.T) transcript.Store {
		c.add(t)
		return mustOpen(t)
	})
}

func TestSearch(t *testing.T) {
	testDSN(t)
	c := newTally(t, "searchtest")
	searchtest.Run(t, func(t *testing.T) searchtest.Archive {
		c.add(t)
		s := mustOpen(t)
		t.Cleanup(func() {
			if err := s.IntegrityCheck(context.WithoutCancel(t.Context())); err != nil {
				t.Error(err)
			}
		})
		return s
	})
}
