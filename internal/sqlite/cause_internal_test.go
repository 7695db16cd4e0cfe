package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/rostrum/rostrum/internal/storetest"
)

// TestCausesBeforeMigration: versions stored before migration 0006 get the
// causes that SQL can tell from it, and Versions computes the rest.
func TestCausesBeforeMigration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	docs, raws, want := storetest.CauseSteps()
	if _, errs := s.PutBatch(t.Context(), docs, raws); errs[0] != nil {
		t.Fatal(errs[0])
	}
	// Take the archive back to schema 5.
	for _, q := range []string{`ALTER TABLE versions DROP COLUMN cause`, `ALTER TABLE turns DROP COLUMN words`,
		`DROP INDEX documents_words`, `ALTER TABLE documents DROP COLUMN words`, `DELETE FROM settings WHERE key = 'word_counts'`,
		`DROP TABLE ix_segments`, `DROP TABLE ix_terms`, `DROP TABLE ix_positions`, `DROP TABLE ix_dead`,
		`DELETE FROM settings WHERE key = 'ix_format'`,
		`CREATE TABLE turn_texts (turn INTEGER PRIMARY KEY REFERENCES turns (turn) ON DELETE CASCADE, text TEXT NOT NULL)`,
		`ALTER TABLE turns DROP COLUMN text_at`, `ALTER TABLE turns DROP COLUMN text_skip`, `ALTER TABLE turns DROP COLUMN text_len`,
		`DELETE FROM schema_migrations WHERE version >= 6`} {
		if _, err := s.write.ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()

	s, err = Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.CausesAfterMigration(t, s, s.read, docs, want)
}
