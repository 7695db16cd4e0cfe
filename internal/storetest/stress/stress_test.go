package stress_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the tests' own connections

	"github.com/rostrum/rostrum/internal/pgtest"
	"github.com/rostrum/rostrum/internal/postgres"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/storetest/stress"
)

func TestSQLite(t *testing.T) {
	stress.Run(t, func(t *testing.T) stress.Archive {
		s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "stress.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Error(err)
			}
		})
		return s
	}, stress.Duration())
}

func TestPostgres(t *testing.T) {
	stress.Run(t, func(t *testing.T) stress.Archive {
		dsn := pgtest.DSN(t)
		return mustOpen(t, schemaDSN(t, dsn))
	}, stress.Duration())
}

// TestPostgresReplica runs the writers and readers on a Store from
// postgres.OpenWithReplica, as a deployment with --db-read does: writes go
// to the primary, reads to its streaming replica. The readers' checks hold
// on the replica, and once it has caught up it holds exactly what the
// writers put. It needs ROSTRUM_TEST_POSTGRES_REPLICA, a replica of
// ROSTRUM_TEST_POSTGRES (bash .ci/postgres.sh replica).
func TestPostgresReplica(t *testing.T) {
	primaryDSN := pgtest.DSN(t)
	replicaDSN := os.Getenv("ROSTRUM_TEST_POSTGRES_REPLICA")
	if replicaDSN == "" {
		t.Skip(`ROSTRUM_TEST_POSTGRES_REPLICA (a replica of ROSTRUM_TEST_POSTGRES) is not set: add one with: eval "$(bash .ci/postgres.sh replica)"`)
	}
	stress.Run(t, func(t *testing.T) stress.Archive {
		var inRecovery bool
		if err := pgtest.DB(t, replicaDSN).QueryRowContext(t.Context(), `SELECT pg_is_in_recovery()`).Scan(&inRecovery); err != nil {
			t.Fatal(err)
		}
		if !inRecovery {
			t.Fatal("ROSTRUM_TEST_POSTGRES_REPLICA is not a server in recovery (a streaming replica)")
		}
		name, _ := pgtest.Schema(t, primaryDSN, "stress_")
		primaryDSN := pgtest.WithParam(t, primaryDSN, "search_path", name)
		replicaDSN := pgtest.WithParam(t, replicaDSN, "search_path", name)
		r := &replicated{primary: mustOpen(t, primaryDSN)}
		// OpenWithReplica checks the replica's schema version: wait until
		// the primary's migrations have reached it.
		deadline := time.Now().Add(30 * time.Second)
		for {
			var err error
			r.Store, err = postgres.OpenWithReplica(t.Context(), primaryDSN, replicaDSN)
			if err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("OpenWithReplica: %v", err)
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Cleanup(func() {
			if err := r.Store.Close(); err != nil {
				t.Error(err)
			}
		})
		r.sampleLag(t)
		return r
	}, stress.Duration())
}

// replicated is a Store that writes to a primary and reads from a
// replica, with what Run needs to wait for the replica.
type replicated struct {
	*postgres.Store                 // from OpenWithReplica
	primary         *postgres.Store // from Open on the primary, to read its generation
}

// Sync waits until the replica shows every write committed on the
// primary before the call: until the archive's generation there, which
// each write moves in its transaction, reaches the primary's.
func (r *replicated) Sync(ctx context.Context) error {
	want, err := r.primary.Generation(ctx)
	if err != nil {
		return err
	}
	for {
		got, err := r.Store.Generation(ctx)
		if err != nil || got >= want {
			return err
		}
		select {
		case <-time.After(2 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// IntegrityCheck checks both servers' copies.
func (r *replicated) IntegrityCheck(ctx context.Context) error {
	return errors.Join(r.primary.IntegrityCheck(ctx), r.Store.IntegrityCheck(ctx))
}

// sampleLag measures, twice a second until the test ends, how long a
// write committed on the primary takes to show on the replica (Sync), and
// logs the distribution at the end.
func (r *replicated) sampleLag(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var lags []time.Duration
	wg.Go(func() {
		for {
			select {
			case <-time.After(500 * time.Millisecond):
			case <-ctx.Done():
				return
			}
			start := time.Now()
			if err := r.Sync(ctx); err != nil {
				return // the test is ending
			}
			lags = append(lags, time.Since(start))
		}
	})
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		if len(lags) == 0 {
			return
		}
		slices.Sort(lags)
		p := func(q float64) time.Duration { return lags[int(q*float64(len(lags)-1))].Round(100 * time.Microsecond) }
		t.Logf("replication lag (Sync's wait, sampled %d times): p50 %v, p95 %v, max %v",
			len(lags), p(0.5), p(0.95), lags[len(lags)-1].Round(100*time.Microsecond))
	})
}

// mustOpen opens the archive at dsn, closed when the test ends.
func mustOpen(tb testing.TB, dsn string) *postgres.Store {
	tb.Helper()
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

// schemaDSN is dsn in a fresh schema of its own, dropped when the test ends.
func schemaDSN(tb testing.TB, dsn string) string {
	_, d := pgtest.Schema(tb, dsn, "stress_")
	return d
}
