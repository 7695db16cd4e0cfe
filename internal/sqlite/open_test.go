package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ncruces/go-sqlite3/driver"

	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// mustRawDB opens path directly, bypassing the Store, to inspect or damage
// an archive.
func mustRawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := driver.Open("file:" + path + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(off)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t *testing.T, db *sql.DB, query string) {
	t.Helper()
	if _, err := db.ExecContext(t.Context(), query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func TestOpenRejects(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("This is a text file, not an archive.\n", 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	newer := filepath.Join(dir, "newer.db")
	gap := filepath.Join(dir, "gap.db")
	for _, path := range []string{newer, gap} {
		s, err := sqlite.Open(t.Context(), path)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	mustExec(t, mustRawDB(t, newer), `INSERT INTO schema_migrations VALUES (999, '2030-01-01T00:00:00Z')`)
	mustExec(t, mustRawDB(t, gap), `INSERT INTO schema_migrations VALUES (12, '2030-01-01T00:00:00Z')`)

	tests := []struct {
		name, path string
		want       string // in the error message
		invalid    bool
	}{
		{"NotADatabase", notDB, "not a SQLite database", false},
		{"NewerSchema", newer, "archive schema version 999 is newer", false},
		{"SchemaGap", gap, "newer", false},
		{"Directory", dir, "", false},
		{"Empty", "", "", true},
		{"Memory", ":memory:", "", true},
		{"URI", "file:x.db?mode=ro", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := sqlite.Open(t.Context(), tt.path)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded, want an error", tt.path)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "sqlite: open") {
				t.Errorf("Open(%q) error = %q, want one starting \"sqlite: open\" containing %q", tt.path, err, tt.want)
			}
			if got := errors.Is(err, transcript.ErrInvalid); got != tt.invalid {
				t.Errorf("Open(%q) error is ErrInvalid = %v, want %v", tt.path, got, tt.invalid)
			}
		})
	}
	// A refused file is left as it was.
	if b, err := os.ReadFile(notDB); err != nil || !strings.HasPrefix(string(b), "This is a text file") {
		t.Errorf("Open changed the file it refused: %v", err)
	}
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rostrum.db")
	doc := storetest.Synthetic(1)
	for i, want := range []transcript.PutStatus{transcript.Inserted, transcript.Unchanged} {
		s, err := sqlite.Open(t.Context(), path)
		if err != nil {
			t.Fatalf("Open #%d: %v", i+1, err)
		}
		res, err := s.Put(t.Context(), doc, transcript.Raw{Origin: "x", Format: "y", Bytes: []byte("z")})
		if err != nil || res.Status != want {
			t.Errorf("Put #%d = %v, %v; want %v", i+1, res.Status, err, want)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations found: %v", err)
	}
	var n int
	if err := mustRawDB(t, path).QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(files) {
		t.Errorf("schema_migrations has %d rows (%v), want %d", n, err, len(files))
	}
}

func TestOpenConcurrently(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rostrum.db")
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			s, err := sqlite.Open(t.Context(), path)
			if err != nil {
				t.Error(err)
				return
			}
			s.Close()
		})
	}
	wg.Wait()
}

func TestStoredAtClock(t *testing.T) {
	s := mustOpen(t)
	at := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.FixedZone("MSK", 3*60*60))
	s.Now = func() time.Time { return at }
	doc := storetest.Synthetic(2)
	if _, err := s.Put(t.Context(), doc, transcript.Raw{}); err != nil {
		t.Fatal(err)
	}
	vs, err := s.Versions(t.Context(), doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := vs[0].StoredAt; !got.Equal(at) || got.Location() != time.UTC {
		t.Errorf("StoredAt = %v, want %v in UTC", got, at)
	}
}

func TestIntegrityCheckFindsDamage(t *testing.T) {
	tests := []struct {
		name, damage, want string
	}{
		{"PersonTurns", `UPDATE persons SET turns = turns + 1 WHERE name = 'Vladimir Putin'`, "persons differ"},
		{"PersonFirstDate", `UPDATE persons SET first_date = '1999-12-31' WHERE name = 'Vladimir Putin'`, "persons differ"},
		{"StalePerson", `INSERT INTO persons VALUES ('Nobody', 1, 1, NULL, NULL)`, "persons differ"},
		{"LabelCount", `UPDATE person_labels SET turns = 7 WHERE person = 'Vladimir Putin'`, "person labels differ"},
		{"PersonDocumentDate", `UPDATE person_documents SET date = NULL`, "person documents differ"},
		{"TurnCount", `DELETE FROM turns WHERE turn = (SELECT max(turn) FROM turns WHERE person IS NULL)`, "document counts differ"},
		{"CurrentVersion", `UPDATE documents SET hash = 'x' WHERE id = 'synthetic/000003'`, "current version is not the latest"},
		{"ForeignKey", `UPDATE versions SET raw_hash = 'missing' WHERE number = 1`, "references missing raw_inputs"},
		{"SpanOff", `UPDATE turns SET text_len = text_len - 1 WHERE turn = (SELECT min(turn) FROM turns)`, "turn 1: stored JSON"},
		{"SpanOtherTurn", `UPDATE turns SET (text_at, text_skip, text_len) = (SELECT text_at, text_skip, text_len FROM turns AS o
			WHERE o.doc = turns.doc AND o.idx = 2) WHERE idx = 1`, "turn 1: stored JSON: turn 1: its span holds another object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "rostrum.db")
			s, err := sqlite.Open(t.Context(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for i := range 5 {
				d := storetest.Synthetic(i)
				if _, err := s.Put(t.Context(), d, transcript.Raw{Bytes: []byte(d.ID)}); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.IntegrityCheck(t.Context()); err != nil {
				t.Fatalf("IntegrityCheck before damage: %v", err)
			}
			mustExec(t, mustRawDB(t, path), tt.damage)
			err = s.IntegrityCheck(t.Context())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("IntegrityCheck = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestRawInputDamage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rostrum.db")
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	doc := storetest.Synthetic(1)
	if _, err := s.Put(t.Context(), doc, transcript.Raw{Bytes: []byte("original bytes")}); err != nil {
		t.Fatal(err)
	}
	mustExec(t, mustRawDB(t, path), `UPDATE raw_inputs SET size = size + 1`)
	_, err = s.RawInput(t.Context(), doc.ID, 1)
	if err == nil || errors.Is(err, transcript.ErrNotFound) {
		t.Errorf("RawInput of damaged bytes = %v, want an error other than ErrNotFound", err)
	}
}

func TestContextCancelled(t *testing.T) {
	s := mustOpen(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	doc := storetest.Synthetic(3)
	if _, err := s.Put(ctx, doc, transcript.Raw{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Put with a cancelled context = %v, want context.Canceled", err)
	}
	if _, err := s.Document(t.Context(), doc.ID); !errors.Is(err, transcript.ErrNotFound) {
		t.Errorf("Document after a cancelled Put = %v, want ErrNotFound", err)
	}
}
