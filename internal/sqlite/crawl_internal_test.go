package sqlite

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestFetchBodyStoredOnce checks that a body is kept once in raw_inputs,
// whether fetched again, under another URL, or stored by Put first.
func TestFetchBodyStoredOnce(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "crawl.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	doc := storetest.Synthetic(1)
	body := []byte("<html>the page</html>")
	if _, err := s.Put(t.Context(), doc, transcript.Raw{Origin: "http://kremlin.ru/1", Format: "kremlin-html", Bytes: body}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 2, 5, 10, 0, 0, 0, time.UTC)
	for i, u := range []string{"http://kremlin.ru/1", "http://kremlin.ru/1", "http://127.0.0.1/1"} {
		f := transcript.Fetch{URL: u, Status: 200, FetchedAt: at.Add(time.Duration(i) * time.Second), Bytes: body,
			DocumentID: doc.ID, Version: 1, Outcome: transcript.FetchUnchanged}
		if err := s.RecordFetch(t.Context(), f); err != nil {
			t.Fatal(err)
		}
	}
	f := transcript.Fetch{URL: "http://kremlin.ru/feed", Status: 200, FetchedAt: at, Bytes: []byte("<feed/>"), Outcome: transcript.FetchFeed}
	if err := s.RecordFetch(t.Context(), f); err != nil {
		t.Fatal(err)
	}
	var raws, fetches, bodies int
	if err := s.read.QueryRowContext(t.Context(), `SELECT (SELECT count(*) FROM raw_inputs),
		(SELECT count(*) FROM fetches), (SELECT count(DISTINCT raw_hash) FROM fetches)`).Scan(&raws, &fetches, &bodies); err != nil {
		t.Fatal(err)
	}
	if raws != 2 || fetches != 4 || bodies != 2 {
		t.Errorf("raw_inputs = %d rows, fetches = %d with %d bodies; want 2, 4, 2", raws, fetches, bodies)
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Error(err)
	}
}

// TestFetchGeneration checks that the archive's generation moves when a
// fetch sets or clears a document's gone mark, which changes what its
// page says, and stays for other fetches.
func TestFetchGeneration(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "crawl.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	doc := storetest.Synthetic(2)
	if _, err := s.Put(t.Context(), doc, transcript.Raw{Origin: "x", Format: "json", Bytes: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		status  int
		outcome string
		moves   bool
	}{
		{200, transcript.FetchUnchanged, false},
		{404, transcript.FetchGone, true},
		{404, transcript.FetchGone, false},
		{0, transcript.FetchFailed, false},
		{304, transcript.FetchNotModified, true},
		{304, transcript.FetchNotModified, false},
	}
	for i, st := range steps {
		before, err := s.Generation(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		f := transcript.Fetch{URL: "http://kremlin.ru/2", Status: st.status, DocumentID: doc.ID, Outcome: st.outcome}
		if err := s.RecordFetch(t.Context(), f); err != nil {
			t.Fatal(err)
		}
		after, err := s.Generation(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if moved := after != before; moved != st.moves {
			t.Errorf("fetch %d (%d %s): generation %d → %d, want moved %v", i+1, st.status, st.outcome, before, after, st.moves)
		}
	}
}

// TestRecordFetchKey records a fetch twice under one key, as a write
// tried again would: the second changes nothing.
func TestRecordFetchKey(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "crawl.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	doc := storetest.Synthetic(4)
	if _, err := s.Put(ctx, doc, transcript.Raw{Origin: "x", Format: "json", Bytes: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	f := transcript.Fetch{URL: "http://kremlin.ru/4", Status: 404, FetchedAt: time.Date(2025, 2, 5, 10, 0, 0, 0, time.UTC),
		Bytes: []byte("not found"), DocumentID: doc.ID, Outcome: transcript.FetchGone}
	if err := f.Check(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := s.RecordFetchKey(ctx, f, "the-same-key"); err != nil {
			t.Fatal(err)
		}
	}
	if fs, err := s.Fetches(ctx, f.URL); err != nil || len(fs) != 1 {
		t.Errorf("Fetches after two records under one key = %d fetches, %v; want 1", len(fs), err)
	}
	if p, err := s.Provenance(ctx, doc.ID); err != nil || p.Fetches != 1 || !p.Gone {
		t.Errorf("Provenance after two records under one key = %+v, %v; want 1 fetch, gone", p, err)
	}
	if err := s.RecordFetch(ctx, f); err != nil {
		t.Fatal(err)
	}
	if fs, err := s.Fetches(ctx, f.URL); err != nil || len(fs) != 2 {
		t.Errorf("Fetches after another call = %d fetches, %v; want 2", len(fs), err)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}
