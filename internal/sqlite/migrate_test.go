package sqlite

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ncruces/go-sqlite3/driver"

	"github.com/rostrum/rostrum/internal/archive"
)

func TestEmbeddedMigrations(t *testing.T) {
	if _, err := archive.LoadMigrations(migrationFiles); err != nil {
		t.Errorf("embedded migrations: %v", err)
	}
}

func TestPragmas(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "rostrum.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := map[string]string{"journal_mode": "wal", "synchronous": "1", "foreign_keys": "1", "busy_timeout": "10000",
		"auto_vacuum": "2", "page_size": "16384"}
	for name, db := range map[string]*sql.DB{"write": s.write, "read": s.read} {
		for p, w := range want {
			var got string
			if err := db.QueryRowContext(t.Context(), "PRAGMA "+p).Scan(&got); err != nil {
				t.Fatalf("%s PRAGMA %s: %v", name, p, err)
			}
			if got != w {
				t.Errorf("%s connection: PRAGMA %s = %s, want %s", name, p, got, w)
			}
		}
	}
	var readOnly bool
	if err := s.read.QueryRowContext(t.Context(), "PRAGMA query_only").Scan(&readOnly); err != nil || !readOnly {
		t.Errorf("read connection: PRAGMA query_only = %v, %v; want true", readOnly, err)
	}
}

// TestMigrateRecorded checks the recorded versions against the embedded
// ones: gaps and versions from a newer binary are refused.
func TestMigrateRecorded(t *testing.T) {
	three := fstest.MapFS{
		"migrations/0001_a.sql": {Data: []byte("CREATE TABLE a (x)")},
		"migrations/0002_b.sql": {Data: []byte("CREATE TABLE b (x)")},
		"migrations/0003_c.sql": {Data: []byte("CREATE TABLE c (x); CREATE TABLE d (x)")},
	}
	tests := []struct {
		name     string
		recorded []int
		wantErr  string
	}{
		{"New", nil, ""},
		{"Partial", []int{1}, ""},
		{"Current", []int{1, 2, 3}, ""},
		{"Gap", []int{1, 3}, "version 2 missing"},
		{"Newer", []int{1, 2, 3, 4}, "version 4 is newer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := driver.Open("file:" + filepath.Join(t.TempDir(), "m.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			db.SetMaxOpenConns(1)
			mustExec := func(q string, args ...any) {
				t.Helper()
				if _, err := db.ExecContext(t.Context(), q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			mustExec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`)
			for _, v := range tt.recorded {
				mustExec(`INSERT INTO schema_migrations VALUES (?, 'then')`, v)
				if f, ok := three[fmt.Sprintf("migrations/%04d_%c.sql", v, 'a'+v-1)]; ok {
					mustExec(string(f.Data))
				}
			}
			err = migrate(t.Context(), db, three)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("migrate error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var n int
			if err := db.QueryRowContext(t.Context(), `SELECT count(*) FROM sqlite_schema WHERE name IN ('a', 'b', 'c', 'd')`).Scan(&n); err != nil || n != 4 {
				t.Errorf("tables after migrate = %d (%v), want 4", n, err)
			}
		})
	}
}

// TestVacuum: Vacuum gives an archive made before auto_vacuum was set
// its free pages back and sets it, so that whole merges give theirs back
// from then on.
func TestVacuum(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`PRAGMA auto_vacuum = NONE`, `VACUUM`,
		`CREATE TABLE filler AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
			SELECT i, randomblob(2000) AS b FROM n`,
		`DROP TABLE filler`} {
		if _, err := s.write.ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	before, after, err := Vacuum(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if before < 4e6 || after > before/4 {
		t.Errorf("Vacuum: %d bytes before, %d after; want the 4 MB of free pages gone", before, after)
	}
	s, err = Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var mode, free int
	if err := s.write.QueryRowContext(t.Context(), `SELECT (SELECT auto_vacuum FROM pragma_auto_vacuum), (SELECT freelist_count FROM pragma_freelist_count)`).Scan(&mode, &free); err != nil {
		t.Fatal(err)
	}
	if mode != 2 || free != 0 {
		t.Errorf("after Vacuum: auto_vacuum %d, %d free pages; want 2 (incremental) and none", mode, free)
	}
}
