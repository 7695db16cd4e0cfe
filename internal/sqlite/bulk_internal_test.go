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
// way it ends, and that Open restores merging after a load that never
// ended.
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
	// A load that never ends: Open restores merging.
	if err := s.StartBulk(t.Context()); err != nil {
		t.Fatal(err)
	}
	put(100, 150)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(t.Context(), path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := automerge(t, s); got != defaultAutomerge {
		t.Errorf("automerge after reopening = %d, want %d", got, defaultAutomerge)
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Fatal(err)
	}
}
