package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Stats summarises the archive's current versions, in one read
// transaction. ByYear is ordered by year with "unknown" last; BySection and
// ByLanguage are ordered by count, largest first, then by key.
func (s *Store) Stats(ctx context.Context) (transcript.Stats, error) {
	st, err := s.stats(ctx)
	if err != nil {
		return transcript.Stats{}, fmt.Errorf("sqlite: stats: %w", err)
	}
	return st, nil
}

func (s *Store) stats(ctx context.Context) (transcript.Stats, error) {
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return transcript.Stats{}, err
	}
	defer tx.Rollback()

	query := func(q string, args ...any) (archive.Rows, error) { return tx.QueryContext(ctx, q, args...) }
	return archive.Stats(query, archive.StatsSQL{
		Totals:   `SELECT count(*), coalesce(sum(turns), 0), coalesce(sum(paragraphs), 0) FROM documents`,
		Versions: `SELECT count(*) FROM versions`,
		Persons:  `SELECT count(*) FROM persons`,
		RawBytes: `SELECT coalesce(sum(size), 0) FROM raw_inputs`,
		Unresolved: `SELECT speaker, count(*) FROM turns
			WHERE speaker IS NOT NULL AND person IS NULL GROUP BY speaker`,
		ByYear: `SELECT coalesce(substr(date, 1, 4), 'unknown') AS year, count(*)
			FROM documents GROUP BY year ORDER BY year = 'unknown', year`,
		BySection: `SELECT term, count(*) AS n FROM taxonomy WHERE kind = 'section'
			GROUP BY term ORDER BY n DESC, term`,
		ByLanguage: `SELECT language, count(*) AS n FROM documents
			GROUP BY language ORDER BY n DESC, language`,
	})
}
