package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/rostrum/rostrum/internal/search"
)

// vocab is what filter values are resolved against: the persons with
// their labels, the labels of turns without a person, and the taxonomy
// terms. It is loaded from the archive and kept until the archive has
// changed (its generation moved) and either a value is not found in it or
// it is older than vocabMaxAge.
type vocab struct {
	gen    int64
	loaded time.Time
	*search.Vocab
}

const vocabMaxAge = 10 * time.Second

type vocabCache struct {
	mu sync.Mutex
	v  *vocab
}

// generation reads the archive's change counter.
func generation(ctx context.Context, q querier) (int64, error) {
	var g int64
	err := q.QueryRowContext(ctx, `SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'generation'`).Scan(&g)
	return g, err
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// get returns the cached vocabulary, reloading it when it is stale and
// either old or missing a value (force).
func (c *vocabCache) get(ctx context.Context, q querier, gen int64, force bool) (*vocab, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v := c.v; v != nil && (v.gen == gen || !force && time.Since(v.loaded) < vocabMaxAge) {
		return v, nil
	}
	v, err := loadVocab(ctx, q, gen)
	if err != nil {
		return nil, err
	}
	c.v = v
	return v, nil
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
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func loadVocab(ctx context.Context, q querier, gen int64) (*vocab, error) {
	v := &vocab{gen: gen, loaded: time.Now(), Vocab: search.NewVocab()}
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
	labels, err := distinct(ctx, q, "turns", "speaker", "person IS NULL")
	if err != nil {
		return nil, err
	}
	v.SetLabels(labels)
	for _, kind := range []string{"topic", "geography", "section"} {
		terms, err := distinct(ctx, q, "taxonomy", "term", "kind = ?1", kind)
		if err != nil {
			return nil, err
		}
		v.AddTerms(kind, terms...)
	}
	sections, err := distinct(ctx, q, "documents", "section", "1")
	if err != nil {
		return nil, err
	}
	v.AddTerms("section", sections...)
	return v, nil
}
