package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/search"
)

// generation reads the archive's change counter.
func generation(ctx context.Context, q querier) (int64, error) {
	var g int64
	err := q.QueryRowContext(ctx, `SELECT value::bigint FROM settings WHERE key = 'generation'`).Scan(&g)
	return g, err
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// distinct is a statement of the distinct values of an indexed column,
// which skips from one value to the next, one index seek each, instead of
// scanning every row.
func distinct(table, column, where string) string {
	return fmt.Sprintf(`WITH RECURSIVE v(x) AS (
		SELECT min(%[2]s) FROM %[1]s WHERE %[2]s IS NOT NULL AND %[3]s
		UNION ALL SELECT (SELECT min(%[2]s) FROM %[1]s WHERE %[2]s > v.x AND %[3]s) FROM v WHERE v.x IS NOT NULL)
		SELECT x FROM v WHERE x IS NOT NULL`, table, column, where)
}

// loadVocab reads the archive's vocabulary (see archive.Vocab).
func loadVocab(ctx context.Context, q querier) (*search.Vocab, error) {
	query := func(s string, args ...any) (archive.Rows, error) { return q.QueryContext(ctx, s, args...) }
	return archive.LoadVocab(query, archive.VocabSQL{
		Names: `SELECT p.name, l.label FROM persons AS p
			LEFT JOIN person_labels AS l ON l.person = p.name ORDER BY p.turns DESC, p.name`,
		Labels:    distinct("units", "speaker", "person IS NULL"),
		Terms:     distinct("taxonomy", "term", "kind = $1"),
		Sections:  distinct("documents", "section", "true"),
		Overrides: sqlPersonOverrides,
	})
}
