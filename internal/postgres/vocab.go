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

// distinct lists the distinct values of an indexed column by skipping
// from one value to the next, one index seek each, instead of scanning
// every row.
func distinct(ctx context.Context, q querier, table, column, where string, args ...any) ([]string, error) {
	query := fmt.Sprintf(`WITH RECURSIVE v(x) AS (
		SELECT min(%[2]s) FROM %[1]s WHERE %[2]s IS NOT NULL AND %[3]s
		UNION ALL SELECT (SELECT min(%[2]s) FROM %[1]s WHERE %[2]s > v.x AND %[3]s) FROM v WHERE v.x IS NOT NULL)
		SELECT x FROM v WHERE x IS NOT NULL`, table, column, where)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return archive.Strings(rows)
}

// loadVocab reads the archive's vocabulary (see archive.Vocab).
func loadVocab(ctx context.Context, q querier) (*search.Vocab, error) {
	v := search.NewVocab()
	rows, err := q.QueryContext(ctx, `SELECT p.name, l.label FROM persons AS p
		LEFT JOIN person_labels AS l ON l.person = p.name ORDER BY p.turns DESC, p.name`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var name string
		var label sql.NullString
		if err := rows.Scan(&name, &label); err != nil {
			rows.Close()
			return nil, err
		}
		v.AddName(name, label.String)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	labels, err := distinct(ctx, q, "units", "speaker", "person IS NULL")
	if err != nil {
		return nil, err
	}
	v.SetLabels(labels)
	for _, kind := range []string{"topic", "geography", "section"} {
		terms, err := distinct(ctx, q, "taxonomy", "term", "kind = $1", kind)
		if err != nil {
			return nil, err
		}
		v.AddTerms(kind, terms...)
	}
	sections, err := distinct(ctx, q, "documents", "section", "true")
	if err != nil {
		return nil, err
	}
	v.AddTerms("section", sections...)
	return v, nil
}
