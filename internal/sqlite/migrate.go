package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/sqlstore"
	"github.com/rostrum/rostrum/internal/transcript"
)

// migrationFiles holds the schema history, one NNNN_name.sql file per
// version, numbered from 0001 without gaps. A released file is never
// edited: a change to the schema is a new file.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrate applies the migrations in fsys that db lacks, each in its own
// transaction recorded in schema_migrations. It refuses a database whose
// recorded versions have gaps or go beyond the ones this binary knows.
func migrate(ctx context.Context, db *sql.DB, fsys fs.FS) error {
	ms, err := archive.LoadMigrations(fsys)
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at TEXT    NOT NULL
	)`); err != nil {
		return err
	}
	for _, m := range ms {
		if err := apply(ctx, db, m, len(ms)); err != nil {
			return err
		}
	}
	// An archive that needed nothing still has to be one this binary knows.
	return apply(ctx, db, archive.Migration{}, len(ms))
}

// apply runs m in one write transaction unless the database already has
// it. Checking inside the transaction makes two processes opening a new
// archive at once apply each migration once. The zero migration only
// checks the recorded versions.
func apply(ctx context.Context, db *sql.DB, m archive.Migration, known int) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	applied, err := sqlstore.Versions(ctx, tx)
	if err != nil {
		return err
	}
	if n := len(applied); n > 0 && applied[n-1] > known {
		return transcript.Errorf(transcript.ErrSchemaTooNew, "archive schema version %d is newer than this program's %d: upgrade Rostrum", applied[n-1], known)
	}
	for i, v := range applied {
		if v != i+1 {
			return fmt.Errorf("schema_migrations: version %d missing", i+1)
		}
	}
	if m.Version == 0 || m.Version <= len(applied) {
		return tx.Commit()
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
		m.Version, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	return tx.Commit()
}

// schemaVersion returns the archive's schema version: 0 for a database
// that holds no archive yet.
func schemaVersion(ctx context.Context, db *sql.DB) (int, error) {
	var exists bool
	err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')`).Scan(&exists)
	if err != nil || !exists {
		return 0, err
	}
	var v int
	err = db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// SchemaVersion returns the archive's schema version and the newest one
// this program knows. Open has brought them level.
func (s *Store) SchemaVersion(ctx context.Context) (have, known int, err error) {
	ms, err := archive.LoadMigrations(migrationFiles)
	if err == nil {
		have, err = schemaVersion(ctx, s.write)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("sqlite: schema version %s: %w", s.path, err)
	}
	return have, len(ms), nil
}

// Migrate brings the archive at path up to date, as Open does, and
// returns its schema version before and after: before is 0 for a file
// that held no archive. `rostrum migrate` reports them.
func Migrate(ctx context.Context, path string) (before, after int, err error) {
	s, err := Open(ctx, path)
	if err != nil {
		return 0, 0, err
	}
	defer s.Close()
	after, _, err = s.SchemaVersion(ctx)
	return s.migratedFrom, after, err
}

// Vacuum rewrites the archive at path without its free pages (VACUUM),
// after bringing it up to date, and returns the file's size before and
// after. An archive created before Rostrum set auto_vacuum gets it, so
// that whole merges of its search index give back the pages they free
// from then on. VACUUM needs free disk space about twice the archive's
// size (a temporary copy in the system's temporary directory, then the
// write-ahead log) and holds the write lock while it runs.
func Vacuum(ctx context.Context, path string) (before, after int64, err error) {
	s, err := Open(ctx, path)
	if err != nil {
		return 0, 0, err
	}
	defer s.Close()
	if before, err = s.fileSize(); err != nil {
		return 0, 0, err
	}
	// VACUUM builds the new database in a temporary one: on disk, where
	// the writer's temporary tables are in memory, and with SQLite's
	// default page cache, since the writer's 64 MB cache, taken again for
	// the temporary database, exhausts the 256 MB of a connection.
	for _, q := range []string{`PRAGMA temp_store = FILE`, `PRAGMA cache_size = -2000`, `VACUUM`,
		`PRAGMA temp_store = MEMORY`, `PRAGMA cache_size = -65536`} {
		if _, err := s.write.ExecContext(ctx, q); err != nil {
			return 0, 0, fmt.Errorf("sqlite: vacuum %s: %w", s.path, describe(err))
		}
	}
	// Move the rewritten pages from the write-ahead log into the file.
	if _, err := s.write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return 0, 0, fmt.Errorf("sqlite: vacuum %s: %w", s.path, describe(err))
	}
	after, err = s.fileSize()
	return before, after, err
}

// fileSize is the size of the archive's file and its write-ahead log.
func (s *Store) fileSize() (int64, error) {
	var n int64
	for _, p := range []string{s.path, s.path + "-wal"} {
		fi, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) && p != s.path {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("sqlite: %w", err)
		}
		n += fi.Size()
	}
	return n, nil
}
