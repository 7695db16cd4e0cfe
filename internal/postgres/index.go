package postgres

import (
	"context"
	"fmt"
	"sync"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Unit keys are archive.UnitKey's, the SQLite engine's layout: see
// migrations/0001_init.sql.

// MaxTurns is the most turns a document may have to be searchable.
const MaxTurns = archive.MaxTurns

// tokenizers recycles tokenizers (and their stem caches).
var tokenizers = sync.Pool{New: func() any { return search.NewTokenizer() }}

// reindexBatch is how many documents a rebuild of the index reads at a
// time.
const reindexBatch = 256

// currentBatch reads up to n current versions with keys after last.
func currentBatch(ctx context.Context, q querier, last int64, n int) ([]int64, []*transcript.Document, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.doc, v.json FROM documents AS d
		JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
		WHERE d.doc > $1 ORDER BY d.doc LIMIT $2`, last, n)
	if err != nil {
		return nil, nil, err
	}
	return archive.ScanKeyed(rows)
}

// OptimizeThreshold is the number of documents written in one go after
// which a caller should Optimize (or EndBulk with optimize set).
const OptimizeThreshold = 2000

// StartBulk tells the store that a bulk load begins. PostgreSQL needs no
// preparation: each batch writes a segment of the index, and merges keep
// their number small.
func (s *Store) StartBulk(ctx context.Context) error { return nil }

// EndBulk ends a bulk load; with optimize set it runs Optimize.
func (s *Store) EndBulk(ctx context.Context, optimize bool) error {
	if optimize {
		return s.Optimize(ctx)
	}
	return nil
}

// Optimize merges the archive's own search index into one segment, then
// vacuums and analyzes the archive's tables after a large load, so that
// the planner knows their new sizes and the merged segments' rows and
// TOAST chunks are free for the next writes (ix_segments measured 6.5 MB
// after one 20,000-document load and 103 MB after another, depending on
// when autovacuum had run). Autovacuum would get there too, later.
func (s *Store) Optimize(ctx context.Context) error {
	if err := s.optimizeIx(ctx); err != nil {
		return fmt.Errorf("postgres: optimize %s: search index: %w", s.name, err)
	}
	for _, table := range []string{"units", "documents", "taxonomy", "persons", "person_labels", "person_documents",
		"ix_segments", "ix_terms", "ix_positions", "ix_dead"} {
		if _, err := s.db.ExecContext(ctx, `VACUUM (ANALYZE) `+table); err != nil {
			return fmt.Errorf("postgres: optimize %s: %w", s.name, err)
		}
	}
	return nil
}

var _ transcript.Indexer = (*Store)(nil)

// RebuildIndex builds the archive's own search index again from the
// current versions, with progress, in one transaction that holds the
// write lock: searches use the old index until it commits.
func (s *Store) RebuildIndex(ctx context.Context, progress func(done, total int)) error {
	if err := s.rebuildIx(ctx, false, progress); err != nil {
		return fmt.Errorf("postgres: index %s: %w", s.name, err)
	}
	return nil
}
