package bench_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/bench"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/pgtest"
)

// TestCompare runs the harness on SQLite and PostgreSQL over one corpus:
// both archives answer every query of the mix with the same number of
// hits, sizes are measured, and the side-by-side table names both.
func TestCompare(t *testing.T) {
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("shared corpus not found (../shared/corpus)")
	}
	_, pg := pgtest.Schema(t, pgtest.DSN(t), "bench_")
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
	// A warm-up first: a store's first search reads the index, which on
	// a busy machine took longer than a short step (both steps then
	// counted the first server's answers only).
	steps, err := bench.Spread(t.Context(), bench.SpreadConfig{Servers: []string{pg, pg}, Clients: 4, Warmup: time.Second, Duration: time.Second})
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
	primary := pgtest.DSN(t)
	replica := pgtest.ReplicaDSN(t)
	name, schema := pgtest.Schema(t, primary, "bench_")
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
	rdsn := pgtest.WithParam(t, replica, "search_path", name)
	var steps []bench.SpreadStep
	var err error
	for deadline := time.Now().Add(30 * time.Second); ; {
		steps, err = bench.Spread(t.Context(), bench.SpreadConfig{Servers: []string{schema, rdsn}, Clients: 4, Warmup: time.Second, Duration: time.Second})
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
