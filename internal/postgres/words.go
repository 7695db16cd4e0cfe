package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/ixstore"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

var _ transcript.WordCounter = (*Store)(nil)

// unitWords counts the words of each unit of doc: 0 for the header.
func unitWords(doc *transcript.Document, units []search.Unit) []int64 {
	tok := tokenizers.Get().(*search.Tokenizer)
	defer tokenizers.Put(tok)
	turns := archive.TurnWords(tok, doc)
	words := make([]int64, len(units))
	for i, u := range units {
		if u.Index > 0 {
			words[i] = turns[u.Index-1]
		}
	}
	return words
}

func sumWords(words []int64) int64 { return archive.SumWords(words) }

// ensureWords counts the words of the turns stored before migration 0005
// (archive.EnsureWords).
func (s *Store) ensureWords(ctx context.Context) error {
	return archive.EnsureWords(ctx, s.db, archive.WordBackfill{
		Done:  `SELECT value FROM settings WHERE key = 'word_counts'`,
		Reset: []string{`UPDATE units SET words = NULL`, `UPDATE documents SET words = NULL`},
		Pending: `SELECT d.doc, v.json FROM documents AS d JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
			WHERE d.doc IN (SELECT DISTINCT doc FROM units WHERE words IS NULL LIMIT $1)`,
		Store: func(ctx context.Context, tx *sql.Tx, doc int64, idx, words []int64) error {
			_, err := tx.ExecContext(ctx, `UPDATE units SET words = c.words FROM unnest($2::bigint[], $3::bigint[]) AS c (idx, words)
				WHERE units.doc = $1 AND units.idx = c.idx`, doc, idx, words)
			return err
		},
		Sum: `UPDATE documents AS d SET words =
			(SELECT coalesce(sum(u.words), 0) FROM units AS u WHERE u.doc = d.doc) WHERE d.words IS NULL`,
		SetDone: `UPDATE settings SET value = $1 WHERE key = 'word_counts'`,
	})
}

// WordCounts sums the words of the turns q's filters select, as
// transcript.WordCounter requires: one read of the documents table for
// filters that select documents, of their turns for person: and speaker:
// or a breakdown by person.
func (s *Store) WordCounts(ctx context.Context, q *transcript.Query, byPerson bool) ([]transcript.WordCount, error) {
	wc, err := retryRead(ctx, s, s.read, func() ([]transcript.WordCount, error) { return s.wordCounts(ctx, q, byPerson) })
	if err != nil {
		return nil, fmt.Errorf("postgres: word counts: %w", err)
	}
	return wc, nil
}

func (s *Store) wordCounts(ctx context.Context, q *transcript.Query, byPerson bool) ([]transcript.WordCount, error) {
	filters := *q
	filters.Text = nil
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	p, err := s.compile(ctx, tx, &filters)
	if err != nil {
		return nil, err
	}
	person, words := archive.WordCountColumns(p.Headers, byPerson)
	from := "documents AS d"
	var args []any
	switch {
	case p.All && words == "d.words":
	case p.All:
		from = "units AS t JOIN documents AS d ON d.doc = t.doc WHERE t.idx > 0"
	default:
		// The matching units from the index: the documents of a plan
		// of headers, else the turns.
		sn, _, err := s.ixSnapshot(ctx, tx)
		if err != nil {
			return nil, err
		}
		if sn == nil {
			return nil, errIxFormat
		}
		m, err := sn.Search(ctx, ixstore.Source{D: ix, Tx: tx}, p.Expr, p.Lo, p.Hi, false)
		if err != nil {
			return nil, err
		}
		keys := ixstore.WordCountKeys(p, m.Keys)
		if p.Headers {
			from = "documents AS d"
			if words == "t.words" {
				from += " JOIN units AS t ON t.doc = d.doc AND t.idx > 0"
			}
			from += " WHERE d.doc = ANY ($1)"
		} else {
			from = "units AS t JOIN documents AS d ON d.doc = t.doc WHERE t.key = ANY ($1)"
		}
		args = []any{keys}
	}
	query := `SELECT substr(coalesce(d.date, ''), 1, 7), d.language, ` + person + `, sum(` + words + `)::bigint FROM ` + from +
		` GROUP BY 1, 2, 3`
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return archive.ScanWordCounts(rows)
}
