package ixstore

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/postings"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Units turns search units into the terms the index holds, keys unset.
func Units(tok *search.Tokenizer, units []search.Unit) []postings.Unit {
	out := make([]postings.Unit, len(units))
	for i, u := range units {
		for c, text := range [...]string{u.Title, u.Lead, u.Body} {
			if text != "" {
				out[i].Terms[c] = tok.Terms(text, true)
			}
		}
		out[i].Terms[postings.Meta] = u.Meta
	}
	return out
}

// tokenizers recycles tokenizers (and their stem caches) across
// documents.
var tokenizers = sync.Pool{New: func() any { return search.NewTokenizer() }}

// buildUnits is how many units a rebuild indexes per segment before
// merging.
const buildUnits = 20000

// Rebuild empties the index and builds it again in tx from the current
// versions that next reads (up to a few hundred documents with keys
// after last, in key order, with their keys), merged whole, and records
// Format. progress, when not nil, is called with the documents done and
// total.
func (d *Dialect) Rebuild(ctx context.Context, tx *sql.Tx, total int,
	next func(last int64) ([]int64, []*transcript.Document, error), progress func(done, total int)) error {
	if err := d.Clear(ctx, tx); err != nil {
		return err
	}
	var b postings.Builder
	var last int64
	done := 0
	for {
		keys, docs, err := next(last)
		if err != nil {
			return err
		}
		if len(docs) == 0 {
			break
		}
		units := make([][]postings.Unit, len(docs))
		archive.Parallel(len(docs), func(i int) {
			tok := tokenizers.Get().(*search.Tokenizer)
			defer tokenizers.Put(tok)
			us := search.Units(docs[i])
			units[i] = Units(tok, us)
			for j, u := range us {
				units[i][j].Key = archive.UnitKey(docs[i].Date, keys[i], u.Index)
			}
		})
		for _, us := range units {
			for _, u := range us {
				b.Add(u)
			}
		}
		done += len(docs)
		last = keys[len(keys)-1]
		if b.Len() >= buildUnits {
			if err := d.InsertSegment(ctx, tx, b.Build()); err != nil {
				return err
			}
			if err := d.MergeTiered(ctx, tx); err != nil {
				return err
			}
		}
		if progress != nil {
			progress(done, total)
		}
	}
	if b.Len() > 0 {
		if err := d.InsertSegment(ctx, tx, b.Build()); err != nil {
			return err
		}
	}
	if err := d.MergeAll(ctx, tx); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, d.q(`UPDATE settings SET value = ? WHERE key = 'ix_format'`), Format)
	return err
}

// Check verifies the index as the read transaction tx sees it against
// want, the keys of every unit the archive holds (ascending): built with
// Format, one live unit for each, every posting list decoding with its
// positions. It returns what it found wrong, at most about 20 lines.
func (c *Cache) Check(ctx context.Context, d *Dialect, tx *sql.Tx, gen int64, want []int64) ([]string, error) {
	var format string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'ix_format'`).Scan(&format); err != nil {
		return nil, err
	}
	if format != Format {
		return []string{fmt.Sprintf("search index: built as %q, not %q (opening the archive for writing rebuilds it)", format, Format)}, nil
	}
	sn, err := c.Snapshot(ctx, d, tx, gen)
	if err != nil {
		return []string{"search index: " + err.Error()}, nil
	}
	var problems []string
	if missing, extra := compareKeys(sn.LiveKeys(), want); missing+extra > 0 {
		problems = append(problems, fmt.Sprintf("search index: %d units missing, %d extra, of %d documents and turns", missing, extra, len(want)))
	}
	for _, err := range sn.CheckPacked() {
		if len(problems) < 20 {
			problems = append(problems, "search index: "+err.Error())
		}
	}
	terms, err := tx.QueryContext(ctx, `SELECT t.term, t.seg, t.n, t.docs, p.data FROM ix_terms AS t LEFT JOIN ix_positions AS p ON p.id = t.id`)
	if err != nil {
		return nil, err
	}
	defer terms.Close()
	for terms.Next() {
		var st postings.Stored
		if err := terms.Scan(&st.Term, &st.Seg, &st.N, &st.Docs, &st.Pos); err != nil {
			return nil, err
		}
		if err := sn.Check(st); err != nil && len(problems) < 20 {
			problems = append(problems, "search index: "+err.Error())
		}
	}
	return problems, terms.Err()
}

// compareKeys counts the keys of want missing from got, and those of got
// not in want; both ascending.
func compareKeys(got, want []int64) (missing, extra int) {
	i, j := 0, 0
	for i < len(got) || j < len(want) {
		switch {
		case j == len(want) || i < len(got) && got[i] < want[j]:
			extra++
			i++
		case i == len(got) || want[j] < got[i]:
			missing++
			j++
		default:
			i++
			j++
		}
	}
	return missing, extra
}

// LoadDocValues reads an archive's doc values (archive.DocValues) and
// its generation (gen) in one read transaction (begin): turns reads the
// unit key and person of every attributed turn, terms the document key,
// kind and term of every topic, geography and section.
func LoadDocValues(ctx context.Context, begin func() (*sql.Tx, error), gen func(tx *sql.Tx) (int64, error), turns, terms string) (*archive.DocValues, error) {
	tx, err := begin()
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	g, err := gen(tx)
	if err != nil {
		return nil, err
	}
	var b archive.DocValuesBuilder
	rows, err := tx.QueryContext(ctx, turns)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k int64
		var person string
		if err := rows.Scan(&k, &person); err != nil {
			rows.Close()
			return nil, err
		}
		b.AddTurn(k, person)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, terms)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var doc int64
		var kind, term string
		if err := rows.Scan(&doc, &kind, &term); err != nil {
			return nil, err
		}
		b.AddTerm(doc, kind, term)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return b.Build(g), nil
}

// TurnWords counts the words of each turn from the units Units made of a
// document (its header first, then a unit per turn, in order): the terms
// of a turn's body are its words, as archive.TurnWords counts them, so
// that ingest tokenizes a turn once.
func TurnWords(units []postings.Unit) []int64 {
	if len(units) == 0 {
		return nil
	}
	words := make([]int64, len(units)-1)
	for i, u := range units[1:] {
		words[i] = int64(len(u.Terms[postings.Body]))
	}
	return words
}
