package postgres

import (
	"crypto/rand"
	"database/sql"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestCrawlInternals checks that a fetched body is kept once and that a
// fetch moves the generation when it changes a document's gone mark.
func TestCrawlInternals(t *testing.T) {
	storetest.RunCrawlInternals(t, func(t *testing.T) (storetest.CrawlStore, *sql.DB) {
		s := openTest(t)
		return s, s.db
	})
}

// TestUpgradeToCrawlLog checks that an archive from before the crawl log
// (schema 1, with a document) gets one: migration 0002 applies over it,
// and its document has a provenance that fetches can add to.
func TestUpgradeToCrawlLog(t *testing.T) {
	s := openTest(t)
	doc := storetest.Synthetic(3)
	if _, err := s.Put(t.Context(), doc, transcript.Raw{Origin: "old.txt", Format: "kremlin-text", Bytes: []byte("old")}); err != nil {
		t.Fatal(err)
	}
	// Take the archive back to schema 1.
	undoPacking(t, s)
	if _, err := s.db.ExecContext(t.Context(), sqlUndoTextOnce+`;
		DROP TABLE fetches, fetched_documents, crawl_state;
		ALTER TABLE versions DROP COLUMN cause;
		ALTER TABLE units DROP COLUMN words;
		DROP INDEX documents_words;
		ALTER TABLE documents DROP COLUMN words;
		DELETE FROM settings WHERE key = 'word_counts';
		DROP TABLE ix_segments, ix_terms, ix_positions, ix_dead;
		DROP SEQUENCE ix_seg;
		DELETE FROM settings WHERE key = 'ix_format';
		DELETE FROM schema_migrations WHERE version >= 2`); err != nil {
		t.Fatal(err)
	}
	if n, err := migrate(t.Context(), s.db, migrationFiles); err != nil || n < 1 {
		t.Fatalf("migrate of a schema 1 archive = %d, %v; want the later migrations applied", n, err)
	}
	if err := s.ensureIx(t.Context()); err != nil { // as Open does after migrating
		t.Fatal(err)
	}
	p, err := s.Provenance(t.Context(), doc.ID)
	if err != nil || p.Versions != 1 || p.Fetches != 0 || p.FirstSeen.IsZero() || !p.LastChecked.IsZero() {
		t.Fatalf("Provenance(%s) on the upgraded archive = %+v, %v; want 1 version, no fetches", doc.ID, p, err)
	}
	f := transcript.Fetch{URL: "http://kremlin.ru/3", Status: 404, DocumentID: doc.ID, Outcome: transcript.FetchGone}
	if err := s.RecordFetch(t.Context(), f); err != nil {
		t.Fatal(err)
	}
	if p, err := s.Provenance(t.Context(), doc.ID); err != nil || p.Fetches != 1 || !p.Gone {
		t.Errorf("Provenance(%s) after a 404 = %+v, %v; want 1 fetch, gone", doc.ID, p, err)
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Error(err)
	}
}

// TestRecordFetchRetriedAfterCommit loses the connection right after a
// fetch's transaction committed, as a server restart may: the write is
// tried again with the same key, and the fetch is recorded once, with one
// count in the document's provenance.
func TestRecordFetchRetriedAfterCommit(t *testing.T) {
	s := openTest(t)
	storetest.RecordFetchOnce(t, s, func(f transcript.Fetch) error {
		key := rand.Text()
		attempts := 0
		err := s.retry(t.Context(), func() error {
			attempts++
			if err := s.RecordFetchKey(t.Context(), f, key); err != nil {
				return err
			}
			if attempts == 1 {
				return &pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"}
			}
			return nil
		})
		if err == nil && attempts != 2 {
			t.Errorf("retry made %d attempts, want 2", attempts)
		}
		return err
	})
}
