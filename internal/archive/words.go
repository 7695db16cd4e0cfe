package archive

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// WordCountsVersion is the value of the setting word_counts once every
// turn's words are counted. It names the tokenizer that counted them:
// another tokenizer may split words otherwise, so an engine counts them
// again (EnsureWords), as it rebuilds its index.
var WordCountsVersion = "1 " + search.TokenizerVersion

// CountWords is how many words text holds: the tokens of the index's
// tokenizer, the words a concordance can find.
func CountWords(tok *search.Tokenizer, text string) int64 {
	var n int64
	_ = tok.Each(text, false, func(string, int, int) error { n++; return nil })
	return n
}

// TurnWords counts the words of each of doc's turns, in order.
func TurnWords(tok *search.Tokenizer, doc *transcript.Document) []int64 {
	words := make([]int64, len(doc.Turns))
	for i, t := range doc.Turns {
		for _, p := range t.Paragraphs {
			words[i] += CountWords(tok, p)
		}
	}
	return words
}

// SumWords is the sum of words.
func SumWords(words []int64) int64 {
	var n int64
	for _, w := range words {
		n += w
	}
	return n
}

// WordCountColumns are what a word count statement sums and groups by:
// the documents' words (aliased d) for a query of documents without a
// breakdown by person, else the turns' (aliased t), with their person
// when asked for.
func WordCountColumns(headers, byPerson bool) (person, words string) {
	switch {
	case byPerson:
		return "coalesce(t.person, '')", "t.words"
	case headers:
		return "''", "d.words"
	}
	return "''", "t.words"
}

// ScanWordCounts reads rows of a word count statement (month as
// YYYY-MM or anything else for none, language, person, sum of words),
// and closes them.
func ScanWordCounts(rows Rows) ([]transcript.WordCount, error) {
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

// WordBackfill is an engine's SQL for EnsureWords.
type WordBackfill struct {
	// Done reads the setting word_counts.
	Done string
	// Reset forgets every count (turns', then documents').
	Reset []string
	// Pending reads the key and current version's JSON of at most $1
	// documents with a turn without a count: the turns' text is kept
	// once, in the versions.
	Pending string
	// Store writes the counts of a document's turns: each turn's words
	// by its index.
	Store func(ctx context.Context, tx *sql.Tx, doc int64, idx, words []int64) error
	// Sum sets each document without a count to its turns' sum.
	Sum string
	// SetDone sets word_counts to its one argument.
	SetDone string
}

// EnsureWords counts the words of the turns an archive stored before it
// counted them (or counted with another tokenizer), a few hundred
// documents per transaction, then sums them by document, and records
// that it is done with WordCountsVersion.
func EnsureWords(ctx context.Context, db *sql.DB, b WordBackfill) error {
	var done string
	if err := db.QueryRowContext(ctx, b.Done).Scan(&done); err != nil {
		return fmt.Errorf("word counts: %w", err)
	}
	if done == WordCountsVersion {
		return nil
	}
	if done != "" {
		// Counted by another tokenizer: count every turn again.
		for _, q := range b.Reset {
			if _, err := db.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("word counts: %w", err)
			}
		}
	}
	tok := search.NewTokenizer()
	seen := map[int64]bool{}
	for {
		n, err := countBatch(ctx, db, b, tok, 200, seen)
		if err != nil {
			return fmt.Errorf("word counts: %w", err)
		}
		if n == 0 {
			break
		}
	}
	for _, q := range []string{b.Sum, b.SetDone} {
		var args []any
		if q == b.SetDone {
			args = []any{WordCountsVersion}
		}
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("word counts: %w", err)
		}
	}
	return nil
}

// countBatch counts the words of the turns of up to n documents that
// have a turn without a count. seen holds the documents counted before:
// one that comes again has a turn its current version does not hold,
// which an integrity check reports, and is an error rather than a loop.
func countBatch(ctx context.Context, db *sql.DB, b WordBackfill, tok *search.Tokenizer, n int, seen map[int64]bool) (int, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, b.Pending, n)
	if err != nil {
		return 0, err
	}
	type counted struct {
		doc        int64
		idx, words []int64
	}
	var docs []counted
	for rows.Next() {
		var key int64
		var js []byte
		if err := rows.Scan(&key, &js); err != nil {
			rows.Close()
			return 0, err
		}
		if seen[key] {
			rows.Close()
			return 0, fmt.Errorf("document key %d: a turn is not in its current version (rostrum index --check lists what is wrong)", key)
		}
		seen[key] = true
		doc, err := Decode(js)
		if err != nil {
			rows.Close()
			return 0, fmt.Errorf("document key %d: %w", key, err)
		}
		c := counted{doc: key, words: TurnWords(tok, doc)}
		for _, t := range doc.Turns {
			c.idx = append(c.idx, int64(t.Index))
		}
		docs = append(docs, c)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	if len(docs) == 0 {
		return 0, nil
	}
	for _, c := range docs {
		if err := b.Store(ctx, tx, c.doc, c.idx, c.words); err != nil {
			return 0, fmt.Errorf("document key %d: %w", c.doc, err)
		}
	}
	return len(docs), tx.Commit()
}
