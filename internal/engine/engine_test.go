package engine_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ncruces/go-sqlite3/driver"

	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/pgtest"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// message is what a user reads of err: one of the kinds, with its
// message, or err.Error().
func message(err error, kind error) string { return transcript.Message(err, kind) }

func TestOpenSQLite(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "a.db")

	_, err := engine.Open(ctx, path, engine.Options{MustExist: true})
	if want := "no archive at " + path + ": ingest some pages first (rostrum ingest --db " + path + " PATH), or name another with --db"; !errors.Is(err, transcript.ErrNotFound) || err.Error() != want {
		t.Errorf("Open of a missing file with MustExist: %v, want ErrNotFound %q", err, want)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open with MustExist created the file: %v", err)
	}
	_, err = engine.Open(ctx, path, engine.Options{ReadReplica: "postgres://replica/db"})
	if !errors.Is(err, transcript.ErrInvalid) || !strings.HasPrefix(err.Error(), "--db-read needs a PostgreSQL archive") {
		t.Errorf("Open of SQLite with a replica: %v, want ErrInvalid", err)
	}

	a, err := engine.Open(ctx, "sqlite:"+path, engine.Options{Write: true})
	if err != nil {
		t.Fatal(err)
	}
	doc := storetest.Synthetic(1)
	if _, err := a.Put(ctx, doc, transcript.Raw{Origin: "x", Format: "json", Bytes: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if n, err := a.DiskSize(ctx); err != nil || n <= 0 {
		t.Errorf("DiskSize = %d, %v; want the file's size", n, err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	a, err = engine.Open(ctx, path, engine.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := a.Document(ctx, doc.ID); err != nil || got.Title != doc.Title {
		t.Errorf("Document after reopening: %v, %v", got, err)
	}
	a.Close()

	m, err := engine.Migrate(ctx, "sqlite:"+path)
	if err != nil || m.Engine != "SQLite" || m.Name != path || m.Applied != 0 || m.Before != m.After || m.After == 0 {
		t.Errorf("Migrate of a current archive = %+v, %v", m, err)
	}
	if _, err := engine.Migrate(ctx, path+".missing"); !errors.Is(err, transcript.ErrNotFound) {
		t.Errorf("Migrate of a missing file: %v, want ErrNotFound", err)
	}

	// A schema from a newer Rostrum.
	db, err := driver.Open("file:" + path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 'later')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = engine.Open(ctx, path, engine.Options{})
	if !errors.Is(err, transcript.ErrSchemaTooNew) || !strings.HasSuffix(message(err, transcript.ErrSchemaTooNew), "upgrade Rostrum") {
		t.Errorf("Open of a newer schema: %v, want ErrSchemaTooNew", err)
	}
}

func TestOpenPostgres(t *testing.T) {
	ctx := t.Context()
	_, dsn := pgtest.Schema(t, pgtest.DSN(t), "engine_")
	if _, err := engine.Open(ctx, dsn, engine.Options{MustExist: true}); !errors.Is(err, transcript.ErrNotFound) || !strings.HasPrefix(err.Error(), "no archive at ") {
		t.Errorf("Open of an empty schema with MustExist: %v, want ErrNotFound", err)
	}
	m, err := engine.Migrate(ctx, dsn)
	if err != nil || m.Engine != "PostgreSQL" || m.Before != 0 || m.After == 0 || m.Applied != m.After {
		t.Fatalf("Migrate of an empty schema = %+v, %v", m, err)
	}
	a, err := engine.Open(ctx, dsn, engine.Options{MustExist: true, Write: true})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := a.DiskSize(ctx); err != nil || n <= 0 {
		t.Errorf("DiskSize = %d, %v", n, err)
	}
	a.Close()

	readOnly := pgtest.WithParam(t, dsn, "default_transaction_read_only", "on")
	a, err = engine.Open(ctx, readOnly, engine.Options{})
	if err != nil {
		t.Fatalf("Open read-only for reading: %v", err)
	}
	a.Close()
	_, err = engine.Open(ctx, readOnly, engine.Options{Write: true})
	if !errors.Is(err, transcript.ErrReadOnly) || !strings.HasSuffix(err.Error(), " is a read-only server (a replica?): write to its primary") {
		t.Errorf("Open read-only for writing: %v, want ErrReadOnly", err)
	}
	if _, err := engine.Open(ctx, dsn, engine.Options{ReadReplica: "replica.db"}); !errors.Is(err, transcript.ErrInvalid) {
		t.Errorf("Open with a replica that is no URL: %v, want ErrInvalid", err)
	}

	_, err = engine.Open(ctx, "postgres://rostrum:s3cret@127.0.0.1:1/rostrum?sslmode=disable&connect_timeout=2", engine.Options{})
	if !errors.Is(err, transcript.ErrUnavailable) || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Open of a closed port: %v, want ErrUnavailable without the password", err)
	}
}

func TestDisplayAndSame(t *testing.T) {
	for dsn, want := range map[string]string{
		"archive.db":                          "archive.db",
		"postgres://u:s3cret@h/db":            "postgres://u:xxxxx@h/db",
		"postgresql://u@h/db?password=s3cret": "postgresql://u@h/db?password=xxxxx",
	} {
		if got := engine.Display(dsn); got != want {
			t.Errorf("Display(%q) = %q, want %q", dsn, got, want)
		}
	}
	dir := t.TempDir()
	a := filepath.Join(dir, "a.db")
	if err := os.WriteFile(a, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(a, filepath.Join(dir, "b.db")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{a, "sqlite:" + a, true},
		{a, filepath.Join(dir, "b.db"), true},
		{a, filepath.Join(dir, "c.db"), false},
		{"postgres://h/db", "postgres://h/db", true},
		{"postgres://h/db", a, false},
	} {
		if got := engine.Same(tt.a, tt.b); got != tt.want {
			t.Errorf("Same(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if err := engine.Remove("postgres://h/db"); !errors.Is(err, transcript.ErrInvalid) {
		t.Errorf("Remove of a PostgreSQL archive: %v, want a refusal", err)
	}
	if err := engine.Remove(a); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(a); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Remove left %s: %v", a, err)
	}
}

// TestBulkMerge: an interrupted large load into SQLite leaves the merge
// of its search index owed, and says so; PayMerge pays it; a small load
// ends quietly.
func TestBulkMerge(t *testing.T) {
	ctx := t.Context()
	a, err := engine.Open(ctx, filepath.Join(t.TempDir(), "a.db"), engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	type owes interface {
		MergeOwed(ctx context.Context) (bool, error)
	}
	owed := func() bool {
		t.Helper()
		o, err := a.(owes).MergeOwed(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	var out strings.Builder
	if err := a.StartBulk(ctx); err != nil {
		t.Fatal(err)
	}
	if err := engine.EndBulk(a, 10, false, &out); err != nil || out.Len() != 0 || owed() {
		t.Errorf("a small load: %v, %q, owed %v; want quiet and nothing owed", err, out.String(), owed())
	}
	if err := a.StartBulk(ctx); err != nil {
		t.Fatal(err)
	}
	if err := engine.EndBulk(a, engine.OptimizeThreshold, true, &out); err != nil || out.String() != "the search index will be merged by the next ingest or rostrum serve\n" || !owed() {
		t.Errorf("an interrupted large load: %v, %q, owed %v", err, out.String(), owed())
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	<-engine.PayMerge(ctx, a, log)
	if owed() {
		t.Error("PayMerge left the merge owed")
	}
	out.Reset()
	if err := a.StartBulk(ctx); err != nil {
		t.Fatal(err)
	}
	if err := engine.EndBulk(a, engine.OptimizeThreshold, false, &out); err != nil || !strings.HasPrefix(out.String(), "optimizing the search index… ") {
		t.Errorf("a large load: %v, %q", err, out.String())
	}
}
