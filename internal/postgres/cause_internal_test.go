package postgres

import (
	"testing"

	"github.com/rostrum/rostrum/internal/storetest"
)

// TestCausesBeforeMigration: versions stored before migration 0004 get the
// causes that SQL can tell from it, and Versions computes the rest.
func TestCausesBeforeMigration(t *testing.T) {
	s := openTest(t)
	docs, raws, want := storetest.CauseSteps()
	if _, errs := s.PutBatch(t.Context(), docs, raws); errs[0] != nil {
		t.Fatal(errs[0])
	}
	// Take the archive back to schema 3, and migrate it again.
	undoPacking(t, s)
	for _, q := range []string{sqlUndoTextOnce, `ALTER TABLE versions DROP COLUMN cause`, `ALTER TABLE units DROP COLUMN words`,
		`DROP INDEX documents_words`, `ALTER TABLE documents DROP COLUMN words`, `DELETE FROM settings WHERE key = 'word_counts'`,
		`DROP TABLE ix_segments, ix_terms, ix_positions, ix_dead`, `DROP SEQUENCE ix_seg`, `DELETE FROM settings WHERE key = 'ix_format'`,
		`DELETE FROM schema_migrations WHERE version >= 4`} {
		if _, err := s.db.ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if n, err := migrate(t.Context(), s.db, migrationFiles); err != nil || n != 5 {
		t.Fatalf("migrate = %d, %v; want 5 migrations applied", n, err)
	}
	storetest.CausesAfterMigration(t, s, s.db, docs, want)
}
