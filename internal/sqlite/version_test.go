package sqlite_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rostrum/rostrum/internal/sqlite"
)

// TestMigrate checks the versions that Migrate reports: from the first
// release's schema to the current one, then the current one twice, and
// from nothing for a new file.
func TestMigrate(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "schema1-sample.db"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	old := filepath.Join(dir, "old.db")
	if err := os.WriteFile(old, b, 0o644); err != nil {
		t.Fatal(err)
	}
	before, after, err := sqlite.Migrate(t.Context(), old)
	if err != nil || before != 1 || after < 2 {
		t.Fatalf("Migrate of a schema 1 archive = %d, %d, %v; want 1 and the current version", before, after, err)
	}
	current := after
	if before, after, err := sqlite.Migrate(t.Context(), old); err != nil || before != current || after != current {
		t.Errorf("Migrate of a current archive = %d, %d, %v; want %d twice", before, after, err, current)
	}
	if before, after, err := sqlite.Migrate(t.Context(), filepath.Join(dir, "new.db")); err != nil || before != 0 || after != current {
		t.Errorf("Migrate of a new file = %d, %d, %v; want 0 and %d", before, after, err, current)
	}
	s, err := sqlite.Open(t.Context(), old)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if have, known, err := s.SchemaVersion(t.Context()); err != nil || have != current || known != current {
		t.Errorf("SchemaVersion = %d, %d, %v; want %d twice", have, known, err, current)
	}
}
