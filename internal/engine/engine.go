// Package engine opens an archive on whichever engine its name calls for:
// a SQLite file, or with a postgres:// URL an archive on a PostgreSQL
// server, optionally read from a streaming replica. Every command opens
// its archive here, and sees it only as a transcript.Archive.
package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/rostrum/rostrum/internal/postgres"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
)

// The engines give every archive what the commands need.
var (
	_ transcript.Archive = (*sqlite.Store)(nil)
	_ transcript.Archive = (*postgres.Store)(nil)
)

// OptimizeThreshold is how many documents a bulk load writes before it
// is worth merging the search index whole at its end.
const OptimizeThreshold = sqlite.OptimizeThreshold

// Options say how to open an archive.
type Options struct {
	// MustExist refuses a missing SQLite file, or a PostgreSQL schema
	// that holds no archive yet (transcript.ErrNotFound), rather than
	// creating a new, empty archive.
	MustExist bool
	// Write refuses an archive that would refuse writes, a read-only
	// PostgreSQL server (transcript.ErrReadOnly), at once rather than at
	// the first write.
	Write bool
	// ReadReplica is the postgres:// URL of a streaming replica of the
	// archive to read from; writes go to the archive itself. A SQLite
	// archive has none (transcript.ErrInvalid).
	ReadReplica string
}

// Open opens the archive that dsn names: a SQLite file path (optionally
// prefixed "sqlite:") or a postgres:// URL. Errors that users act on are
// transcript errors with the message to show them: ErrNotFound (no
// archive, with MustExist), ErrReadOnly (with Write), ErrInvalid (a
// replica of a SQLite file, a replica that is not a URL),
// ErrUnavailable (a server that cannot be reached) and ErrSchemaTooNew.
func Open(ctx context.Context, dsn string, opts Options) (transcript.Archive, error) {
	if !IsPostgres(dsn) {
		path := Path(dsn)
		if opts.ReadReplica != "" {
			return nil, transcript.Errorf(transcript.ErrInvalid, "--db-read needs a PostgreSQL archive: --db %s is a SQLite file", path)
		}
		if opts.MustExist {
			if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
				return nil, transcript.Errorf(transcript.ErrNotFound, "no archive at %s: ingest some pages first (rostrum ingest --db %s PATH), or name another with --db", path, path)
			}
		}
		return sqlite.Open(ctx, path)
	}
	if opts.MustExist {
		have, _, err := postgres.Version(ctx, dsn)
		if err != nil {
			return nil, err
		}
		if have == 0 {
			db := Display(dsn)
			return nil, transcript.Errorf(transcript.ErrNotFound, "no archive at %s: run rostrum migrate --db '%s' or ingest pages first", db, db)
		}
	}
	var s *postgres.Store
	var err error
	switch {
	case opts.ReadReplica == "":
		s, err = postgres.Open(ctx, dsn)
	case !IsPostgres(opts.ReadReplica):
		return nil, transcript.Errorf(transcript.ErrInvalid, "--db-read %s: want a postgres:// URL of a replica of --db", Display(opts.ReadReplica))
	default:
		s, err = postgres.OpenWithReplica(ctx, dsn, opts.ReadReplica)
	}
	if err != nil {
		return nil, err
	}
	if opts.Write && s.ReadOnly() {
		s.Close()
		return nil, transcript.Errorf(transcript.ErrReadOnly, "%s is a read-only server (a replica?): write to its primary", Display(dsn))
	}
	return s, nil
}

// Migration is what Migrate did.
type Migration struct {
	Engine        string // "SQLite" or "PostgreSQL"
	Before, After int    // schema versions
	Applied       int    // migrations applied
	Name          string // the archive, as messages show it
}

// Migrate brings the archive's schema up to date; see rostrum migrate. A
// missing SQLite file is transcript.ErrNotFound, a schema newer than this
// program's transcript.ErrSchemaTooNew.
func Migrate(ctx context.Context, dsn string) (Migration, error) {
	m := Migration{Engine: Name(dsn), Name: Display(dsn)}
	if !IsPostgres(dsn) {
		path := Path(dsn)
		m.Name = path
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return m, transcript.Errorf(transcript.ErrNotFound, "no archive at %s: rostrum ingest --db %s PATH creates one", path, path)
		}
		var err error
		if m.Before, m.After, err = sqlite.Migrate(ctx, path); err != nil {
			return m, fmt.Errorf("migrate: %w", err)
		}
		m.Applied = m.After - m.Before
		return m, nil
	}
	before, known, err := postgres.Version(ctx, dsn)
	if err != nil {
		return m, fmt.Errorf("migrate: %w", err)
	}
	m.Before = before
	if before > known {
		return m, fmt.Errorf("migrate: %w", &postgres.SchemaVersionError{Have: before, Known: known})
	}
	if m.Applied, err = postgres.Migrate(ctx, dsn); err != nil {
		return m, fmt.Errorf("migrate: %w", err)
	}
	if m.After, _, err = postgres.Version(ctx, dsn); err != nil {
		return m, fmt.Errorf("migrate: %w", err)
	}
	return m, nil
}

// Vacuum rewrites a SQLite archive without its free pages, after
// bringing it up to date (sqlite.Vacuum), and returns its size in bytes
// before and after. PostgreSQL's server reclaims space itself
// (autovacuum; VACUUM FULL by its administrator).
func Vacuum(ctx context.Context, dsn string) (before, after int64, err error) {
	if IsPostgres(dsn) {
		return 0, 0, transcript.Errorf(transcript.ErrInvalid,
			"migrate --vacuum is for SQLite archives: PostgreSQL reclaims space itself (autovacuum, or VACUUM FULL by its administrator)")
	}
	return sqlite.Vacuum(ctx, Path(dsn))
}

// IsPostgres reports whether dsn names a PostgreSQL archive.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Name is the engine's name, "PostgreSQL" or "SQLite", for messages.
func Name(dsn string) string {
	if IsPostgres(dsn) {
		return "PostgreSQL"
	}
	return "SQLite"
}

// Path is the file of a SQLite archive's dsn.
func Path(dsn string) string { return strings.TrimPrefix(dsn, "sqlite:") }

// Display is dsn as messages show it: a URL's password, in its user part
// or its query, replaced by xxxxx. A SQLite path is unchanged. It is the
// one place that redacts an archive's name.
func Display(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	return postgres.Redact(dsn)
}

// Same reports whether a and b name one archive, as far as their names
// tell.
func Same(a, b string) bool {
	if IsPostgres(a) || IsPostgres(b) {
		return a == b
	}
	a, b = Path(a), Path(b)
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	absA, _ := filepath.Abs(a)
	absB, _ := filepath.Abs(b)
	return absA == absB
}

// Remove deletes a SQLite archive's files, for a fresh start. It refuses
// a PostgreSQL archive, which may be somebody's data.
func Remove(dsn string) error {
	if IsPostgres(dsn) {
		return transcript.Errorf(transcript.ErrInvalid, "%s: a PostgreSQL archive is never deleted", Display(dsn))
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(Path(dsn) + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}
