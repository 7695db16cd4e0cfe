package postgres_test

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rostrum/rostrum/internal/pgtest"
	"github.com/rostrum/rostrum/internal/postgres"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/searchtest"
	"github.com/rostrum/rostrum/internal/transcript"
)

func TestMigrate(t *testing.T) {
	t.Parallel()
	schema, dsn := pgtest.Schema(t, pgtest.DSN(t), "test_")
	ctx := t.Context()
	if n, err := postgres.Migrate(ctx, dsn); err != nil || n < 1 {
		t.Fatalf("Migrate of an empty schema = %d, %v; want every migration applied", n, err)
	}
	if n, err := postgres.Migrate(ctx, dsn); err != nil || n != 0 {
		t.Errorf("Migrate of a current archive = %d, %v; want 0", n, err)
	}
	s, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	have, want, err := s.SchemaVersion(ctx)
	if err != nil || have != want || want < 1 {
		t.Errorf("SchemaVersion = %d, %d, %v; want the same version twice", have, want, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// A newer Rostrum migrates the archive further: this one refuses it.
	db := pgtest.DB(t, pgtest.DSN(t))
	newer := want + 1
	if _, err := db.ExecContext(ctx, `INSERT INTO `+schema+`.schema_migrations (version, name) VALUES ($1, 'from_the_future.sql')`, newer); err != nil {
		t.Fatal(err)
	}
	msg := "the archive's schema is version " + strconv.Itoa(newer) + "; this rostrum knows up to " + strconv.Itoa(want) + ": upgrade rostrum"
	for name, open := range map[string]func() error{
		"Open":    func() error { _, err := postgres.Open(ctx, dsn); return err },
		"Migrate": func() error { _, err := postgres.Migrate(ctx, dsn); return err },
	} {
		err := open()
		var sv *postgres.SchemaVersionError
		if !errors.As(err, &sv) || sv.Have != newer || sv.Known != want || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s of an archive at version %d: err = %v, want a SchemaVersionError saying %q", name, newer, err, msg)
		}
	}
}

// TestOpenConcurrently: processes that open a new archive at once all
// succeed, and the migrations are applied once (the advisory lock).
func TestOpenConcurrently(t *testing.T) {
	t.Parallel()
	schema, dsn := pgtest.Schema(t, pgtest.DSN(t), "test_")
	const n = 4
	var wg sync.WaitGroup
	errs := make([]error, n)
	stores := make([]*postgres.Store, n)
	for i := range n {
		wg.Go(func() { stores[i], errs[i] = postgres.Open(t.Context(), dsn) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open %d: %v", i, err)
			continue
		}
		stores[i].Close()
	}
	var rows, distinct int
	if err := pgtest.DB(t, pgtest.DSN(t)).QueryRowContext(t.Context(), `SELECT count(*), count(DISTINCT version) FROM `+schema+`.schema_migrations`).
		Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows != distinct || rows < 1 {
		t.Errorf("schema_migrations has %d rows of %d versions, want each version once", rows, distinct)
	}
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	if _, err := postgres.Open(ctx, "postgres://user:secret@[bad"); !errors.Is(err, transcript.ErrInvalid) || strings.Contains(err.Error(), "secret") {
		t.Errorf("Open of a malformed DSN: err = %v, want ErrInvalid without the password", err)
	}
	dsn := pgtest.WithParam(t, pgtest.DSN(t), "search_path", "no_such_schema_here")
	if _, err := postgres.Open(ctx, dsn); err == nil || !strings.Contains(err.Error(), "search_path") {
		t.Errorf("Open with a search_path of no schema: err = %v, want one naming the search_path", err)
	}
}

// TestOpenReadOnly: on a read-only connection, as to a replica, Open
// writes nothing: it reads a current archive, and refuses one it would
// have to create, migrate or reindex.
func TestOpenReadOnly(t *testing.T) {
	t.Parallel()
	schema, dsn := pgtest.Schema(t, pgtest.DSN(t), "test_")
	ctx := t.Context()
	readOnly := pgtest.WithParam(t, dsn, "default_transaction_read_only", "on")
	if _, err := postgres.Open(ctx, readOnly); err == nil || !strings.Contains(err.Error(), "no archive here") {
		t.Errorf("Open read-only of an empty schema: err = %v, want no archive", err)
	}

	s, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	doc := searchtest.Fixtures()[0]
	if _, err := s.Put(ctx, doc, transcript.Raw{Origin: doc.ID, Format: "json", Bytes: []byte(doc.ID)}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	r, err := postgres.Open(ctx, readOnly)
	if err != nil {
		t.Fatalf("Open read-only of a current archive: %v", err)
	}
	defer r.Close()
	q, err := search.ParseQuery("talks")
	if err != nil {
		t.Fatal(err)
	}
	if res, err := r.Search(ctx, &transcript.SearchRequest{Query: q, Facets: true}); err != nil || res.Documents != 1 {
		t.Errorf("Search on the read-only Store = %+v, %v; want 1 document", res, err)
	}
	if _, err := r.Put(ctx, searchtest.Fixtures()[1], transcript.Raw{}); err == nil {
		t.Error("Put on a read-only Store: no error")
	}

	// An index to rebuild needs the primary.
	if _, err := pgtest.DB(t, pgtest.DSN(t)).ExecContext(ctx, `UPDATE `+schema+`.settings SET value = 'old' WHERE key = 'ix_format'`); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.Open(ctx, readOnly); err == nil || !strings.Contains(err.Error(), "rostrum migrate") {
		t.Errorf("Open read-only of a stale index: err = %v, want one saying to migrate", err)
	}
	if _, err := postgres.Migrate(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	r2, err := postgres.Open(ctx, readOnly)
	if err != nil {
		t.Fatalf("Open read-only after Migrate rebuilt the index: %v", err)
	}
	r2.Close()
}
