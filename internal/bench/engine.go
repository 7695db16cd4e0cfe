package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/rostrum/rostrum/internal/postgres"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
)

// archive is what the benchmark needs of an engine: store, search, and
// the bulk-load switch that rostrum ingest uses.
type archive interface {
	transcript.Store
	transcript.Searcher
	StartBulk(ctx context.Context) error
	EndBulk(ctx context.Context, optimize bool) error
}

var (
	_ archive = (*sqlite.Store)(nil)
	_ archive = (*postgres.Store)(nil)
)

// IsPostgres reports whether dsn names a PostgreSQL archive rather than
// a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// EngineName is "PostgreSQL" or "SQLite", for the report.
func EngineName(dsn string) string {
	if IsPostgres(dsn) {
		return "PostgreSQL"
	}
	return "SQLite"
}

// openArchive opens the archive at dsn. With fresh it starts from an
// empty archive: a SQLite file is deleted first, while a PostgreSQL
// archive is never emptied by the benchmark (it may be somebody's data):
// it must hold no documents, or the run stops with a message saying how
// to give it an empty schema.
func openArchive(ctx context.Context, dsn string, fresh bool) (archive, error) {
	if !IsPostgres(dsn) {
		if fresh {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				if err := os.Remove(dsn + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
					return nil, err
				}
			}
		}
		return sqlite.Open(ctx, dsn)
	}
	s, err := postgres.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if fresh {
		st, err := s.Stats(ctx)
		if err != nil {
			s.Close()
			return nil, err
		}
		if st.Documents > 0 {
			s.Close()
			return nil, fmt.Errorf("%s already holds %d documents; bench will not delete them: give it an empty database, or an empty schema with ?search_path=NAME on the URL, or use --reuse to query them as they are",
				s.Name(), st.Documents)
		}
	}
	return s, nil
}

// archiveBytes is the archive's size on disk: a SQLite file with its
// write-ahead log, or a PostgreSQL archive's tables with their indexes
// and TOAST.
func archiveBytes(ctx context.Context, dsn string, a archive) (int64, error) {
	if p, ok := a.(*postgres.Store); ok {
		return p.DiskSize(ctx)
	}
	var n int64
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(dsn + suffix); err == nil {
			n += fi.Size()
		}
	}
	return n, nil
}

// displayDSN is dsn without its password, for messages.
func displayDSN(dsn string) string {
	if IsPostgres(dsn) {
		return postgres.Redact(dsn)
	}
	return dsn
}
