package postgres

import (
	"database/sql"
	"testing"

	"github.com/google/go-cmp/cmp"

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
	for _, q := range []string{`ALTER TABLE versions DROP COLUMN cause`, `ALTER TABLE units DROP COLUMN words`,
		`DROP INDEX documents_words`, `ALTER TABLE documents DROP COLUMN words`, `DELETE FROM settings WHERE key = 'word_counts'`,
		`DROP TABLE ix_segments, ix_terms, ix_positions, ix_dead`, `DROP SEQUENCE ix_seg`, `DELETE FROM settings WHERE key = 'ix_format'`,
		`DELETE FROM schema_migrations WHERE version >= 4`} {
		if _, err := s.db.ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if n, err := migrate(t.Context(), s.db, migrationFiles); err != nil || n != 3 {
		t.Fatalf("migrate = %d, %v; want 3 migrations applied", n, err)
	}
	rows, err := s.db.QueryContext(t.Context(), `SELECT cause FROM versions ORDER BY number`)
	if err != nil {
		t.Fatal(err)
	}
	var stored []string
	for rows.Next() {
		var c sql.NullString
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		stored = append(stored, c.String)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"first", "", "rederived", "", ""}, stored); diff != "" {
		t.Errorf("causes after migration mismatch (-want +got):\n%s", diff)
	}
	vs, err := s.Versions(t.Context(), docs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		got = append(got, v.Cause)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Versions causes mismatch (-want +got):\n%s", diff)
	}
}
