package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestFetchBodyStoredOnce checks that a body is kept once in raw_inputs,
// whether fetched again, under another URL, or stored by Put first.
func TestFetchBodyStoredOnce(t *testing.T) {
	s := openCrawl(t)
	storetest.FetchBodyStoredOnce(t, s, s.read)
}

// TestFetchGeneration checks that the archive's generation moves when a
// fetch sets or clears a document's gone mark.
func TestFetchGeneration(t *testing.T) {
	storetest.FetchGeneration(t, openCrawl(t))
}

// TestRecordFetchKey records a fetch twice under one key, as a write
// tried again would: the second changes nothing.
func TestRecordFetchKey(t *testing.T) {
	s := openCrawl(t)
	storetest.RecordFetchOnce(t, s, func(f transcript.Fetch) error {
		for range 2 {
			if err := s.RecordFetchKey(t.Context(), f, "the-same-key"); err != nil {
				return err
			}
		}
		return nil
	})
}

func openCrawl(t *testing.T) *Store {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "crawl.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
