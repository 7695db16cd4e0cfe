package postgres

import (
	"database/sql"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/searchtest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestPutBatchLostConnection cuts the connection of a PutBatch to the
// server (pg_terminate_backend, as a restart or a failover does) in the
// middle of its write transaction, while it waits for the write lock,
// which the test holds: with RetryFor 0 the batch fails with
// ErrUnavailable and a message naming the server; with the default it
// reconnects and stores every document once.
func TestPutBatchLostConnection(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := t.Context()
	admin, err := sql.Open("pgx", os.Getenv("ROSTRUM_TEST_POSTGRES"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var schema string
	if err := s.db.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	// cutWhileWriting runs write while the test holds the archive's write
	// lock, and terminates the backend that waits for it.
	cutWhileWriting := func(write func()) {
		t.Helper()
		tx, err := admin.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		var holder int
		if err := tx.QueryRowContext(ctx, `SELECT pg_backend_pid() FROM `+schema+`.settings WHERE key = 'generation' FOR UPDATE`).Scan(&holder); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			write()
		}()
		var waiter int
		for deadline := time.Now().Add(10 * time.Second); waiter == 0; time.Sleep(5 * time.Millisecond) {
			err := admin.QueryRowContext(ctx, `SELECT pid FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))`, holder).Scan(&waiter)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				t.Fatal(err)
			}
			if time.Now().After(deadline) {
				t.Fatal("no writer waited for the lock within 10 s")
			}
		}
		if _, err := admin.ExecContext(ctx, `SELECT pg_terminate_backend($1)`, waiter); err != nil {
			t.Fatal(err)
		}
		tx.Rollback()
		<-done
	}
	docs := searchtest.Fixtures()
	raws := make([]transcript.Raw, len(docs))
	for i, d := range docs {
		raws[i] = transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)}
	}

	s.RetryFor = 0
	var results []transcript.PutResult
	var errs []error
	cutWhileWriting(func() { results, errs = s.PutBatch(ctx, docs[:2], raws[:2]) })
	for i, err := range errs {
		if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "lost the connection to the PostgreSQL server at "+s.srv.addr+": ") {
			t.Errorf("PutBatch cut without retries: document %d: %v, %v; want ErrUnavailable naming the server", i, results[i], err)
		}
	}
	t.Logf("the error: %v", errs[0])

	s.RetryFor = DefaultRetryFor
	cutWhileWriting(func() { results, errs = s.PutBatch(ctx, docs, raws) })
	for i, err := range errs {
		if err != nil || results[i].Status != transcript.Inserted {
			t.Errorf("PutBatch cut and retried: document %d: %v, %v; want inserted", i, results[i], err)
		}
	}
	changed := *docs[0]
	changed.Title += " (corrected)"
	var res transcript.PutResult
	cutWhileWriting(func() { res, err = s.Put(ctx, &changed, raws[0]) })
	if err != nil || res.Status != transcript.Updated || res.Version != 2 {
		t.Errorf("Put cut and retried: %v, %v; want updated to version 2", res, err)
	}
	if st, err := s.Stats(ctx); err != nil || st.Documents != len(docs) || st.Versions != len(docs)+1 {
		t.Errorf("Stats after the retries = %d documents, %d versions, %v; want %d and %d", st.Documents, st.Versions, err, len(docs), len(docs)+1)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}
