package storetest

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/transcript"
)

// CrawlStore is an archive with a crawl log that can check itself.
type CrawlStore interface {
	transcript.Store
	transcript.CrawlLog
	transcript.Catalog
	IntegrityCheck(ctx context.Context) error
}

// RunCrawlInternals runs FetchBodyStoredOnce and FetchGeneration, each
// on a new store; newStore also returns the store's database.
func RunCrawlInternals(t *testing.T, newStore func(t *testing.T) (CrawlStore, *sql.DB)) {
	t.Run("FetchBodyStoredOnce", func(t *testing.T) {
		s, db := newStore(t)
		FetchBodyStoredOnce(t, s, db)
	})
	t.Run("FetchGeneration", func(t *testing.T) {
		s, _ := newStore(t)
		FetchGeneration(t, s)
	})
}

// FetchBodyStoredOnce checks that a body is kept once in raw_inputs,
// whether fetched again, under another URL, or stored by Put first; db
// is the archive's database.
func FetchBodyStoredOnce(t *testing.T, s CrawlStore, db *sql.DB) {
	doc := Synthetic(1)
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
	if err := db.QueryRowContext(t.Context(), `SELECT (SELECT count(*) FROM raw_inputs),
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

// FetchGeneration checks that the archive's generation moves when a
// fetch sets or clears a document's gone mark, which changes what its
// page says, and stays for other fetches.
func FetchGeneration(t *testing.T, s CrawlStore) {
	doc := Synthetic(2)
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

// RecordFetchOnce checks that a fetch recorded by two attempts of one
// call is recorded once: record makes both attempts of f, as a write
// tried again after its connection broke would, under one key.
func RecordFetchOnce(t *testing.T, s CrawlStore, record func(f transcript.Fetch) error) {
	ctx := t.Context()
	doc := Synthetic(4)
	if _, err := s.Put(ctx, doc, transcript.Raw{Origin: "x", Format: "json", Bytes: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	f := transcript.Fetch{URL: "http://kremlin.ru/4", Status: 404, FetchedAt: time.Date(2025, 2, 5, 10, 0, 0, 0, time.UTC),
		Bytes: []byte("not found"), DocumentID: doc.ID, Outcome: transcript.FetchGone}
	if err := f.Check(); err != nil {
		t.Fatal(err)
	}
	if err := record(f); err != nil {
		t.Fatal(err)
	}
	if fs, err := s.Fetches(ctx, f.URL); err != nil || len(fs) != 1 {
		t.Errorf("Fetches after two attempts under one key = %d fetches, %v; want 1", len(fs), err)
	}
	if p, err := s.Provenance(ctx, doc.ID); err != nil || p.Fetches != 1 || !p.Gone {
		t.Errorf("Provenance after two attempts under one key = %+v, %v; want 1 fetch, gone", p, err)
	}
	// Another call is another fetch.
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
