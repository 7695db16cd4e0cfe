package bench_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/rostrum/rostrum/internal/bench"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
)

// postgresDSN returns the test server's DSN (ROSTRUM_TEST_POSTGRES, set
// by .ci/postgres.sh), skipping the test without one unless
// ROSTRUM_TEST_POSTGRES_REQUIRED=1 says it must run.
func postgresDSN(t *testing.T, env string) string {
	t.Helper()
	dsn := os.Getenv(env)
	if dsn == "" {
		if os.Getenv("ROSTRUM_TEST_POSTGRES_REQUIRED") == "1" {
			t.Fatalf("%s is not set and ROSTRUM_TEST_POSTGRES_REQUIRED=1", env)
		}
		t.Skipf("%s is not set (bash .ci/postgres.sh run go test ...)", env)
	}
	return dsn
}

// emptySchema creates a schema, dropped when the test ends, and returns
// dsn with its search_path set to it.
func emptySchema(t *testing.T, dsn string) string {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	name := "bench_" + hex.EncodeToString(b)
	if _, err := db.ExecContext(t.Context(), `CREATE SCHEMA `+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, `DROP SCHEMA `+name+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", name, err)
		}
	})
	return withSearchPath(t, dsn, name)
}

func withSearchPath(t *testing.T, dsn, schema string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// TestCompare runs the harness on SQLite and PostgreSQL over one corpus:
// both archives answer every query of the mix with the same number of
// hits, sizes are measured, and the side-by-side table names both.
func TestCompare(t *testing.T) {
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("shared corpus not found (../shared/corpus)")
	}
	pg := emptySchema(t, postgresDSN(t, "ROSTRUM_TEST_POSTGRES"))
	tmp := t.TempDir()
	cfg := bench.Config{
		Docs: 120, Seed: 3, Russian: 0.2, Rounds: 1,
		Learn:   filepath.Join(dir, "kremlin-en"),
		Dir:     filepath.Join(tmp, "corpus"),
		Formats: ingest.Formats{ingest.FormatKremlinText: ingest.Single(kremlintext.Parse)},
	}
	reps, err := bench.Compare(t.Context(), cfg, []string{filepath.Join(tmp, "bench.db"), pg})
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 2 || reps[0].Engine != "SQLite" || reps[1].Engine != "PostgreSQL" {
		t.Fatalf("reports %v", reps)
	}
	for _, rep := range reps {
		if len(rep.Failures) > 0 {
			t.Errorf("%s: failed queries: %v", rep.Engine, rep.Failures)
		}
		if rep.IngestRate <= 0 || rep.ArchiveBytes <= 0 || rep.All.Runs != len(bench.Mix) {
			t.Errorf("%s: ingest %.0f docs/s, %d bytes, %d runs", rep.Engine, rep.IngestRate, rep.ArchiveBytes, rep.All.Runs)
		}
	}
	for i, l := range reps[0].Latencies {
		if got := reps[1].Latencies[i]; got.MedianHits != l.MedianHits {
			t.Errorf("class %s: median hits SQLite %d, PostgreSQL %d", l.Class, l.MedianHits, got.MedianHits)
		}
	}
	var out bytes.Buffer
	bench.WriteComparison(&out, reps)
	for _, want := range []string{"PostgreSQL/SQLite", "whole mix p99 ms", "size on disk", "ingest docs/s"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("comparison lacks %q:\n%s", want, out.String())
		}
	}

	// A second run into the now full PostgreSQL archive refuses, rather
	// than mixing two corpora or deleting data.
	_, err = bench.Compare(t.Context(), cfg, []string{pg})
	if err == nil || !strings.Contains(err.Error(), "will not delete") {
		t.Errorf("bench into a full archive: %v, want a refusal", err)
	}

	// Spread: the same archive twice stands in for two servers here (the
	// replica test below uses a real one); each server answers a share.
	steps, err := bench.Spread(t.Context(), bench.SpreadConfig{Servers: []string{pg, pg}, Clients: 4, Duration: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 2 || steps[0].Queries == 0 || steps[1].PerShare[1] == 0 || steps[0].Errors+steps[1].Errors > 0 {
		t.Errorf("spread steps %+v", steps)
	}
}

// TestSpreadReplica spreads searches over a real primary and its
// streaming replica (.ci/postgres.sh starts both).
func TestSpreadReplica(t *testing.T) {
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("shared corpus not found (../shared/corpus)")
	}
	primary := postgresDSN(t, "ROSTRUM_TEST_POSTGRES")
	replica := postgresDSN(t, "ROSTRUM_TEST_POSTGRES_REPLICA")
	schema := emptySchema(t, primary)
	u, _ := url.Parse(schema)
	name := u.Query().Get("search_path")
	tmp := t.TempDir()
	cfg := bench.Config{
		Docs: 120, Seed: 3, Russian: 0.2, Rounds: 1,
		Learn:   filepath.Join(dir, "kremlin-en"),
		Dir:     filepath.Join(tmp, "corpus"),
		DB:      schema,
		Formats: ingest.Formats{ingest.FormatKremlinText: ingest.Single(kremlintext.Parse)},
	}
	if _, err := bench.Run(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	// Wait for the replica to replay the load.
	rdsn := withSearchPath(t, replica, name)
	var steps []bench.SpreadStep
	var err error
	for deadline := time.Now().Add(30 * time.Second); ; {
		steps, err = bench.Spread(t.Context(), bench.SpreadConfig{Servers: []string{schema, rdsn}, Clients: 4, Duration: 500 * time.Millisecond})
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 2 || steps[1].PerShare[0] == 0 || steps[1].PerShare[1] == 0 || steps[1].Errors > 0 {
		t.Errorf("spread steps %+v: want both servers answering, no errors", steps)
	}
}
