package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/ixstore"
	"github.com/rostrum/rostrum/internal/sqlstore"
	"github.com/rostrum/rostrum/internal/transcript"
)

// migrationFiles holds the schema history, one NNNN_name.sql file per
// version, numbered from 0001 without gaps. A released file is never
// edited: a change to the schema is a new file.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// SchemaVersionError is the error of opening an archive whose schema is
// newer than this program knows: a newer Rostrum wrote it.
type SchemaVersionError struct {
	Have  int // the archive's schema version
	Known int // the newest version this program knows
}

// Is makes the error transcript.ErrSchemaTooNew.
func (e *SchemaVersionError) Is(target error) bool { return target == transcript.ErrSchemaTooNew }

func (e *SchemaVersionError) Error() string {
	return fmt.Sprintf("the archive's schema is version %d; this rostrum knows up to %d: upgrade rostrum", e.Have, e.Known)
}

// migrateLock is the first key of the advisory lock that migrations take;
// the second is the hash of the archive's schema, so that archives in
// other schemas of the database do not wait for each other.
const migrateLock = 0x526f7374 // "Rost"

// migrate applies the migrations in fsys that the archive lacks, all in
// one transaction recorded in schema_migrations, and returns how many it
// applied. The transaction first takes an advisory lock, so that processes
// opening a new archive at once apply each migration once: the others wait
// and find it applied. It refuses an archive whose recorded versions have
// gaps or go beyond the ones this binary knows.
func migrate(ctx context.Context, db *sql.DB, fsys fs.FS) (applied int, err error) {
	ms, err := archive.LoadMigrations(fsys)
	if err != nil {
		return 0, err
	}
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			err = rollback(tx, err)
		}
	}()
	var schema sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return 0, err
	}
	if !schema.Valid {
		return 0, noSchema(ctx, tx)
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, migrateLock, schema.String); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer     PRIMARY KEY,
		name       text        NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`); err != nil {
		return 0, err
	}
	have, err := sqlstore.Versions(ctx, tx)
	if err != nil {
		return 0, err
	}
	if n := len(have); n > 0 && have[n-1] > len(ms) {
		return 0, &SchemaVersionError{Have: have[n-1], Known: len(ms)}
	}
	for i, v := range have {
		if v != i+1 {
			return 0, fmt.Errorf("schema_migrations: version %d missing", i+1)
		}
	}
	for _, m := range ms[len(have):] {
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return 0, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`,
			m.Version, m.Name); err != nil {
			return 0, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		applied++
	}
	return applied, tx.Commit()
}

// Migrate brings the archive that dsn names up to date, as Open does:
// its schema, its word counts and turn spans, and its search index when
// it has none of this program's format. It returns the number of migrations it applied:
// 0 when the schema was already current. It is what `rostrum migrate`
// runs, on the primary before read-only replicas are opened.
func Migrate(ctx context.Context, dsn string) (applied int, err error) {
	db, srv, err := connect(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	if applied, err = migrate(ctx, db, migrationFiles); err != nil {
		return 0, fmt.Errorf("postgres: migrate %s: %w", srv.name, srv.describe(err))
	}
	s := newStore(srv, db)
	if err := s.ensureWords(ctx); err != nil {
		return applied, fmt.Errorf("postgres: migrate %s: %w", srv.name, srv.describe(err))
	}
	if err := s.ensureSpans(ctx); err != nil {
		return applied, fmt.Errorf("postgres: migrate %s: %w", srv.name, srv.describe(err))
	}
	if err := s.ensureIx(ctx); err != nil {
		return applied, fmt.Errorf("postgres: migrate %s: %w", srv.name, srv.describe(err))
	}
	return applied, nil
}

// Version returns the schema version of the archive that dsn names, 0
// when its schema holds no archive yet, and the newest version this
// program knows. It changes nothing, so it works on a replica too, and
// tells a command that needs an archive from one that may create it.
func Version(ctx context.Context, dsn string) (have, known int, err error) {
	ms, err := archive.LoadMigrations(migrationFiles)
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: schema version: %w", err)
	}
	db, srv, err := connect(ctx, dsn)
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	have, err = schemaVersion(ctx, db)
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: open %s: %w", srv.name, srv.describe(err))
	}
	return have, len(ms), nil
}

// schemaVersion returns the archive's schema version, 0 when there is no
// archive, and an error naming the search_path when it names no schema.
func schemaVersion(ctx context.Context, q querier) (int, error) {
	var schema sql.NullString
	var exists bool
	if err := q.QueryRowContext(ctx, `SELECT current_schema(), to_regclass('schema_migrations') IS NOT NULL`).Scan(&schema, &exists); err != nil {
		return 0, err
	}
	if !schema.Valid {
		return 0, noSchema(ctx, q)
	}
	if !exists {
		return 0, nil
	}
	var have int
	err := q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have)
	return have, err
}

// noSchema is the error of a search_path that names no schema that
// exists, where the archive would live.
func noSchema(ctx context.Context, q querier) error {
	var path string
	if err := q.QueryRowContext(ctx, `SHOW search_path`).Scan(&path); err != nil {
		return errors.New("no schema to hold the archive: the search_path names no schema that exists")
	}
	first, _, _ := strings.Cut(path, ",")
	first = strings.TrimSpace(first)
	return fmt.Errorf("no schema to hold the archive: the search_path (%s) names no schema that exists: create it (CREATE SCHEMA %s) or set search_path in the DSN to one that does",
		path, first)
}

// checkReadOnly checks, without writing, that the archive that db holds
// is one this program can read as it is: at its schema version, with a
// search index of its format.
func checkReadOnly(ctx context.Context, db *sql.DB) error {
	ms, err := archive.LoadMigrations(migrationFiles)
	if err != nil {
		return err
	}
	n, err := schemaVersion(ctx, db)
	if err != nil {
		return err
	}
	switch {
	case n == 0:
		return errors.New("no archive here, and a read-only connection cannot create one: create it through the primary (rostrum migrate)")
	case n > len(ms):
		return &SchemaVersionError{Have: n, Known: len(ms)}
	case n < len(ms):
		return fmt.Errorf("the archive's schema is version %d and this rostrum needs %d: run rostrum migrate against the primary", n, len(ms))
	}
	var format string
	if err := db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'ix_format'`).Scan(&format); err != nil {
		return err
	}
	if format != ixstore.Format {
		return fmt.Errorf("the search index is of format %q, not %q: run rostrum migrate against the primary", format, ixstore.Format)
	}
	return nil
}

// SchemaVersion returns the archive's schema version and the newest one
// this program knows. Open has brought them level, unless the archive has
// been migrated by another process since.
func (s *Store) SchemaVersion(ctx context.Context) (have, want int, err error) {
	ms, err := archive.LoadMigrations(migrationFiles)
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: schema version: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return 0, 0, fmt.Errorf("postgres: schema version %s: %w", s.name, err)
	}
	return have, len(ms), nil
}
