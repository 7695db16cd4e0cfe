package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Stats summarises the archive's current versions, in one read
// transaction. ByYear is ordered by year with "unknown" last; BySection and
// ByLanguage are ordered by count, largest first, then by key.
func (s *Store) Stats(ctx context.Context) (transcript.Stats, error) {
	st, err := retryRead(ctx, s, s.read, func() (transcript.Stats, error) { return s.stats(ctx) })
	if err != nil {
		return transcript.Stats{}, fmt.Errorf("postgres: stats: %w", err)
	}
	return st, nil
}

func (s *Store) stats(ctx context.Context) (st transcript.Stats, err error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return st, err
	}
	defer tx.Rollback()

	for _, q := range []struct {
		sql  string
		dest []any
	}{
		{`SELECT count(*), coalesce(sum(turns), 0), coalesce(sum(paragraphs), 0) FROM documents`,
			[]any{&st.Documents, &st.Turns, &st.Paragraphs}},
		{`SELECT count(*) FROM versions`, []any{&st.Versions}},
		{`SELECT count(*) FROM persons`, []any{&st.Persons}},
		{`SELECT coalesce(sum(size), 0)::bigint FROM raw_inputs`, []any{&st.RawBytes}},
	} {
		if err := tx.QueryRowContext(ctx, q.sql).Scan(q.dest...); err != nil {
			return st, err
		}
	}

	// Whether a label is anonymous is Go's decision (IsAnonymousSpeaker),
	// so the distinct unresolved labels come back to be judged here.
	unresolved, err := countRows(ctx, tx, `SELECT speaker, count(*) FROM units
		WHERE speaker IS NOT NULL AND person IS NULL GROUP BY speaker`)
	if err != nil {
		return st, err
	}
	for _, c := range unresolved {
		if !transcript.IsAnonymousSpeaker(c.Key) {
			st.UnresolvedTurns += c.N
		}
	}

	if st.ByYear, err = countRows(ctx, tx, `SELECT year, n FROM (SELECT coalesce(substr(date, 1, 4), 'unknown') AS year, count(*) AS n
		FROM documents GROUP BY 1) AS y ORDER BY year = 'unknown', year`); err != nil {
		return st, err
	}
	if st.BySection, err = countRows(ctx, tx, `SELECT term, count(*) AS n FROM taxonomy WHERE kind = 'section'
		GROUP BY term ORDER BY n DESC, term`); err != nil {
		return st, err
	}
	if st.ByLanguage, err = countRows(ctx, tx, `SELECT language, count(*) AS n FROM documents
		GROUP BY language ORDER BY n DESC, language`); err != nil {
		return st, err
	}
	return st, nil
}

// countRows runs a query of (key, number) rows.
func countRows(ctx context.Context, tx *sql.Tx, query string) ([]transcript.Count, error) {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cs []transcript.Count
	for rows.Next() {
		var c transcript.Count
		if err := rows.Scan(&c.Key, &c.N); err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, rows.Err()
}
