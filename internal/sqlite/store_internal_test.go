package sqlite

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// openFile opens a new archive in a temporary directory, closed when the
// test ends.
func openFile(t *testing.T) *Store {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "store.db"))
	if err != nil {
		t.Fatal(err)
	}
	storetest.CloseAtEnd(t, s)
	return s
}

// TestPutBatchOrder: of two concurrent PutBatch calls, the later one writes
// last even when it is ready first.
func TestPutBatchOrder(t *testing.T) {
	s := openFile(t)
	storetest.PutBatchOrder(t, s, &s.order.Hook)
}

// TestRecordFetchKey records a fetch twice under one key, as a write
// tried again would: the second changes nothing.
func TestRecordFetchKey(t *testing.T) {
	s := openFile(t)
	storetest.RecordFetchOnce(t, s, func(f transcript.Fetch) error {
		for range 2 {
			if err := s.RecordFetchKey(t.Context(), f, "the-same-key"); err != nil {
				return err
			}
		}
		return nil
	})
}

// TestCrawlInternals runs storetest's crawl checks that count rows
// themselves, on the read pool.
func TestCrawlInternals(t *testing.T) {
	storetest.RunCrawlInternals(t, func(t *testing.T) (storetest.CrawlStore, *sql.DB) { return withRead(openFile(t)) })
}

// withRead is s with its read pool.
func withRead(s *Store) (storetest.CrawlStore, *sql.DB) { return s, s.read }
