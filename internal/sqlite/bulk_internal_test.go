package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

func segments(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.write.QueryRowContext(t.Context(), `SELECT count(*) FROM ix_segments`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBulk checks that a bulk load leaves a consistent index whichever
// way it ends, that an optimized end merges the index whole, and that a
// merge owed by an interrupted load waits for the next large load or
// server (PayMerge), surviving a reopen until then.
func TestBulk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bulk.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	put := func(from, to int) {
		t.Helper()
		for i := from; i < to; i += 10 {
			var docs []*transcript.Document
			var raws []transcript.Raw
			for j := i; j < min(i+10, to); j++ {
				d := storetest.Synthetic(j)
				docs, raws = append(docs, d), append(raws, transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)})
			}
			for _, err := range func() []error { _, errs := s.PutBatch(t.Context(), docs, raws); return errs }() {
				if err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for _, optimize := range []bool{false, true} {
		if err := s.StartBulk(t.Context()); err != nil {
			t.Fatal(err)
		}
		put(0, 100)
		if n := segments(t, s); n < 2 {
			t.Fatalf("%d segments after ten batches: the test means to merge several", n)
		}
		if err := s.EndBulk(t.Context(), optimize); err != nil {
			t.Fatal(err)
		}
		if n := segments(t, s); optimize && n != 1 {
			t.Errorf("%d segments after EndBulk(true), want 1", n)
		}
		var free int
		if err := s.write.QueryRowContext(t.Context(), `PRAGMA freelist_count`).Scan(&free); err != nil {
			t.Fatal(err)
		}
		if optimize && free != 0 {
			t.Errorf("%d free pages after EndBulk(true): the merge's freed pages stay in the file", free)
		}
		if err := s.IntegrityCheck(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	reopen := func() {
		t.Helper()
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if s, err = Open(t.Context(), path); err != nil {
			t.Fatal(err)
		}
	}
	owed := func(want bool) {
		t.Helper()
		if got, err := s.MergeOwed(t.Context()); err != nil || got != want {
			t.Errorf("MergeOwed = %v, %v; want %v", got, err, want)
		}
	}
	owed(false)
	// An interrupted large load owes the merge; a small load after it
	// leaves it owed, and so does a reopen.
	put(100, 150)
	if err := s.OweMerge(t.Context()); err != nil {
		t.Fatal(err)
	}
	reopen()
	owed(true)
	put(150, 160)
	if err := s.EndBulk(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	owed(true)
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Fatal(err)
	}
	// Paying it (serve, or the next large load) merges the index whole
	// and clears it.
	if err := s.PayMerge(t.Context()); err != nil {
		t.Fatal(err)
	}
	owed(false)
	if n := segments(t, s); n != 1 {
		t.Errorf("%d segments after PayMerge, want 1", n)
	}
	reopen()
	defer s.Close()
	owed(false)
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// TestIxLargeSegments writes, merges and reads segments too large to
// keep their terms packed (storetest.IxLargeSegments).
func TestIxLargeSegments(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "large.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.IxLargeSegments(t, ix, func(ctx context.Context) (*sql.Tx, error) { return s.write.BeginTx(ctx, nil) })
}
