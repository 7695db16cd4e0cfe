package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

var _ transcript.WordCounter = (*Store)(nil)

// wordCountsVersion is the settings value word_counts takes once every
// turn's words are counted.
// It names the tokenizer that counted them: another tokenizer may split
// words otherwise, so Open counts them again, as it rebuilds the index.
var wordCountsVersion = "1 " + search.TokenizerVersion

// countWords is how many words text holds: the tokens of the index's
// tokenizer, the words a concordance can find.
func countWords(tok *search.Tokenizer, text string) int64 {
	var n int64
	_ = tok.Each(text, false, func(string, int, int) error { n++; return nil })
	return n
}

// turnWords counts the words of each of doc's turns, in order.
func turnWords(doc *transcript.Document) []int64 {
	tok := tokenizers.Get().(*search.Tokenizer)
	defer tokenizers.Put(tok)
	words := make([]int64, len(doc.Turns))
	for i, t := range doc.Turns {
		for _, p := range t.Paragraphs {
			words[i] += countWords(tok, p)
		}
	}
	return words
}

func sumWords(words []int64) int64 {
	var n int64
	for _, w := range words {
		n += w
	}
	return n
}

const sqlSetDocumentWords = `UPDATE documents SET words = ? WHERE doc = ?`

// ensureWords counts the words of the turns stored before migration 0007,
// a few thousand turns per transaction, then sums them by document.
func (s *Store) ensureWords(ctx context.Context) error {
	var done string
	if err := s.write.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'word_counts'`).Scan(&done); err != nil {
		return fmt.Errorf("word counts: %w", err)
	}
	if done == wordCountsVersion {
		return nil
	}
	if done != "" {
		// Counted by another tokenizer: count every turn again.
		if _, err := s.write.ExecContext(ctx, `UPDATE turns SET words = NULL`); err != nil {
			return fmt.Errorf("word counts: %w", err)
		}
		if _, err := s.write.ExecContext(ctx, `UPDATE documents SET words = NULL`); err != nil {
			return fmt.Errorf("word counts: %w", err)
		}
	}
	tok := search.NewTokenizer()
	for {
		n, err := s.countBatch(ctx, tok, 5000)
		if err != nil {
			return fmt.Errorf("word counts: %w", err)
		}
		if n == 0 {
			break
		}
	}
	if _, err := s.write.ExecContext(ctx, `UPDATE documents SET words =
		(SELECT coalesce(sum(t.words), 0) FROM turns AS t WHERE t.doc = documents.doc) WHERE words IS NULL`); err != nil {
		return fmt.Errorf("word counts: %w", err)
	}
	if _, err := s.write.ExecContext(ctx, `UPDATE settings SET value = ? WHERE key = 'word_counts'`, wordCountsVersion); err != nil {
		return fmt.Errorf("word counts: %w", err)
	}
	return nil
}

// countBatch counts the words of up to n turns that have none yet.
func (s *Store) countBatch(ctx context.Context, tok *search.Tokenizer, n int) (int, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT t.turn, x.text FROM turns AS t JOIN turn_texts AS x ON x.turn = t.turn
		WHERE t.words IS NULL LIMIT ?`, n)
	if err != nil {
		return 0, err
	}
	type counted struct{ turn, words int64 }
	var cs []counted
	for rows.Next() {
		var turn int64
		var text string
		if err := rows.Scan(&turn, &text); err != nil {
			rows.Close()
			return 0, err
		}
		cs = append(cs, counted{turn, countWords(tok, text)})
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	for _, c := range cs {
		if _, err := tx.ExecContext(ctx, `UPDATE turns SET words = ? WHERE turn = ?`, c.words, c.turn); err != nil {
			return 0, err
		}
	}
	return len(cs), tx.Commit()
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
	person, words, from := "''", "d.words", "documents AS d"
	if byPerson || !p.headers {
		person, words = "coalesce(t.person, '')", "t.words"
		if !byPerson {
			person = "''"
		}
	}
	var args []any
	switch {
	case p.all && words == "d.words":
	case p.all:
		from = "turns AS t JOIN documents AS d ON d.doc = t.doc"
	default:
		// The matching units from the index: the documents of a plan
		// of headers, else the turns.
		sn, err := s.snapshot(ctx, tx)
		if err != nil {
			return nil, err
		}
		m, err := sn.Search(ctx, ixSource{s, tx}, p.expr, p.lo, p.hi, false)
		if err != nil {
			return nil, err
		}
		var keys []int64
		for _, k := range m.Keys {
			switch {
			case p.headers:
				keys = append(keys, archive.KeyDoc(k))
			case archive.KeyUnit(k) > 0:
				keys = append(keys, k)
			}
		}
		if p.headers {
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
	defer rows.Close()
	var out []transcript.WordCount
	for rows.Next() {
		var c transcript.WordCount
		var n sql.NullInt64
		if err := rows.Scan(&c.Month, &c.Language, &c.Person, &n); err != nil {
			return nil, err
		}
		if len(c.Month) != 7 || strings.Count(c.Month, "-") != 1 {
			c.Month = ""
		}
		c.Words = n.Int64
		out = append(out, c)
	}
	return out, rows.Err()
}
