package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

func automerge(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.write.QueryRowContext(t.Context(), `SELECT v FROM search_config WHERE k = 'automerge'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBulk checks that a bulk load leaves a consistent index whichever
// way it ends, and that a load that never ended leaves a merge owed that
// the next load or server pays.
func TestBulk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bulk.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	put := func(from, to int) {
		t.Helper()
		var docs []*transcript.Document
		var raws []transcript.Raw
		for i := from; i < to; i++ {
			d := storetest.Synthetic(i)
			docs, raws = append(docs, d), append(raws, transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)})
		}
		for _, err := range func() []error { _, errs := s.PutBatch(t.Context(), docs, raws); return errs }() {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, optimize := range []bool{false, true} {
		if err := s.StartBulk(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := automerge(t, s); got != 0 {
			t.Errorf("automerge during a bulk load = %d, want 0", got)
		}
		put(0, 100)
		if err := s.EndBulk(t.Context(), optimize); err != nil {
			t.Fatal(err)
		}
		if got := automerge(t, s); got != defaultAutomerge {
			t.Errorf("automerge after EndBulk(%v) = %d, want %d", optimize, got, defaultAutomerge)
		}
		if err := s.IntegrityCheck(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	// A load that never ends (killed): Open does not turn merging back
	// on, which would make the next write merge every segment before it
	// stores anything (the hardening issue: ~10 s per resumed run); the
	// merge is owed instead.
	if err := s.StartBulk(t.Context()); err != nil {
		t.Fatal(err)
	}
	put(100, 150)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	reopen := func() {
		t.Helper()
		if s, err = Open(t.Context(), path); err != nil {
			t.Fatal(err)
		}
	}
	reopen()
	owed := func(want bool) {
		t.Helper()
		if got, err := s.MergeOwed(t.Context()); err != nil || got != want {
			t.Errorf("MergeOwed = %v, %v; want %v", got, err, want)
		}
	}
	if got := automerge(t, s); got != 0 {
		t.Errorf("automerge after reopening a killed load = %d, want 0 until the merge is done", got)
	}
	owed(true)
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Fatal(err)
	}
	// The resumed load writes without merging, and a small one leaves
	// the merge owed.
	if err := s.StartBulk(t.Context()); err != nil {
		t.Fatal(err)
	}
	put(150, 160)
	if err := s.EndBulk(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	owed(true)
	if got := automerge(t, s); got != 0 {
		t.Errorf("automerge after a small load with a merge owed = %d, want 0", got)
	}
	// A kill during the whole merge leaves it owed: PayMerge records it
	// before it starts. Paying it (serve, or the next large load) clears
	// it and turns merging back on.
	if err := s.OweMerge(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := s.PayMerge(t.Context()); err != nil {
		t.Fatal(err)
	}
	owed(false)
	if got := automerge(t, s); got != defaultAutomerge {
		t.Errorf("automerge after PayMerge = %d, want %d", got, defaultAutomerge)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	reopen()
	defer s.Close()
	owed(false)
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Fatal(err)
	}
}
