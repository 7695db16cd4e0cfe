package sqlite

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

// turnWords counts the words of each of doc's turns, in order.
func turnWords(doc *transcript.Document) []int64 {
	tok := tokenizers.Get().(*search.Tokenizer)
	defer tokenizers.Put(tok)
	return archive.TurnWords(tok, doc)
}

func sumWords(words []int64) int64 { return archive.SumWords(words) }

const sqlSetDocumentWords = `UPDATE documents SET words = ? WHERE doc = ?`

// ensureWords counts the words of the turns stored before migration 0007
// (archive.EnsureWords).
func (s *Store) ensureWords(ctx context.Context) error {
	return archive.EnsureWords(ctx, s.write, archive.WordBackfill{
		Done:  `SELECT value FROM settings WHERE key = 'word_counts'`,
		Reset: []string{`UPDATE turns SET words = NULL`, `UPDATE documents SET words = NULL`},
		Pending: `SELECT d.doc, v.json FROM documents AS d JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
			WHERE d.doc IN (SELECT DISTINCT doc FROM turns WHERE words IS NULL LIMIT ?)`,
		Store: func(ctx context.Context, tx *sql.Tx, doc int64, idx, words []int64) error {
			for i, n := range idx {
				if _, err := tx.ExecContext(ctx, `UPDATE turns SET words = ? WHERE doc = ? AND idx = ?`, words[i], doc, n); err != nil {
					return err
				}
			}
			return nil
		},
		Sum: `UPDATE documents SET words =
			(SELECT coalesce(sum(t.words), 0) FROM turns AS t WHERE t.doc = documents.doc) WHERE words IS NULL`,
		SetDone: `UPDATE settings SET value = ? WHERE key = 'word_counts'`,
	})
}

// WordCounts sums the words of the turns q's filters select, as
// transcript.WordCounter requires: one read of the documents table for
// filters that select documents, of their turns for person: and speaker:
// or a breakdown by person.
func (s *Store) WordCounts(ctx context.Context, q *transcript.Query, byPerson bool) ([]transcript.WordCount, error) {
	wc, err := s.wordCounts(ctx, q, byPerson)
	if err != nil {
		return nil, fmt.Errorf("sqlite: word counts: %w", err)
	}
	return wc, nil
}

func (s *Store) wordCounts(ctx context.Context, q *transcript.Query, byPerson bool) ([]transcript.WordCount, error) {
	filters := *q
	filters.Text = nil
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
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
		from = "turns AS t JOIN documents AS d ON d.doc = t.doc"
	default:
		// The matching units from the index: the documents of a plan
		// of headers, else the turns.
		sn, err := s.snapshot(ctx, tx)
		if err != nil {
			return nil, err
		}
		m, err := sn.Search(ctx, s.ixSource(tx), p.Expr, p.Lo, p.Hi, false)
		if err != nil {
			return nil, err
		}
		keys := ixstore.WordCountKeys(p, m.Keys)
		if p.Headers {
			from = "json_each(?) AS m JOIN documents AS d ON d.doc = m.value"
			if words == "t.words" {
				from += " JOIN turns AS t ON t.doc = d.doc"
			}
		} else {
			from = "json_each(?) AS m JOIN turns AS t ON t.turn = m.value JOIN documents AS d ON d.doc = t.doc"
		}
		args = []any{jsonInts(keys)}
	}
	query := `SELECT substr(coalesce(d.date, ''), 1, 7), d.language, ` + person + `, sum(` + words + `) FROM ` + from
	query += ` GROUP BY 1, 2, 3`
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return archive.ScanWordCounts(rows)
}
