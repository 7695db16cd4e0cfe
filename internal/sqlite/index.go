package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/ext/fts5"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Unit keys (the rowids of the search table) pack a unit's date, document
// and index: see migrations/0002_search.sql.
const (
	unitBits = 14
	docBits  = 32
	dateBits = 17
	maxUnit  = 1<<unitBits - 1
	maxDoc   = 1<<docBits - 1
	docShift = unitBits
	dayShift = unitBits + docBits
	// monthShift and yearShift read a key's month and year: the date
	// field is (year-1899)<<9 | month<<5 | day.
	monthShift = dayShift + 5
	yearShift  = dayShift + 9
)

// MaxTurns is the most turns a document may have to be searchable.
const MaxTurns = maxUnit

// packDate packs a YYYY-MM-DD date into a key's date field; 0 for an
// empty date or a year outside 1900–2154.
func packDate(date string) int64 {
	if len(date) != 10 {
		return 0
	}
	num := func(s string) int64 {
		var n int64
		for _, c := range []byte(s) {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int64(c-'0')
		}
		return n
	}
	y, m, d := num(date[:4]), num(date[5:7]), num(date[8:])
	if y < 1900 || y > 1899+(1<<(dateBits-9))-1 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0
	}
	return (y-1899)<<9 | m<<5 | d
}

// unitKey is the search rowid of unit idx of document doc dated date.
func unitKey(date string, doc int64, idx int) int64 {
	return packDate(date)<<dayShift | doc<<docShift | int64(idx)
}

// keyDoc returns the document key of a unit key.
func keyDoc(k int64) int64 { return k >> docShift & maxDoc }

// keyYear returns the year of a unit key, 0 when undated.
func keyYear(k int64) int {
	if y := int(k >> yearShift); y > 0 {
		return y + 1899
	}
	return 0
}

// keyMonth returns the YYYY-MM of a unit key, "" when undated.
func keyMonth(k int64) string {
	y := keyYear(k)
	if y == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", y, k>>monthShift&15)
}

// dateFloor and dateCeil are the smallest and largest keys dated from
// date on and up to date, for inclusive YYYY-MM-DD bounds.
func dateFloor(date string) int64 { return packDate(date) << dayShift }
func dateCeil(date string) int64  { return (packDate(date)+1)<<dayShift - 1 }

// initConn registers the FTS5 extension and Rostrum's tokenizer on every
// new connection.
func initConn(c *sqlite3.Conn) error {
	return fts5.RegisterCustom(c, func(api *fts5.API) error {
		return api.CreateTokenizer("rostrum", func([]string) (fts5.Tokenizer, error) {
			return &ftsTokenizer{tok: search.NewTokenizer()}, nil
		})
	})
}

// ftsTokenizer adapts search.Tokenizer to FTS5. One instance serves one
// table on one connection, which SQLite never uses from two goroutines at
// once. Words of a prefix query (word*) are folded but not stemmed.
type ftsTokenizer struct{ tok *search.Tokenizer }

func (t *ftsTokenizer) Tokenize(flags fts5.TokenizeFlag, text, _ string, emit fts5.TokenCallback) error {
	stem := flags&fts5.TOKENIZE_PREFIX == 0
	return t.tok.Each(text, stem, func(term string, start, end int) error {
		return emit(0, term, start, end)
	})
}

// The statements that maintain the index, prepared once on the writer.
const (
	sqlInsertUnit = `INSERT INTO search (rowid, title, lead, body, meta) VALUES (?, ?, ?, ?, ?)`
	sqlDeleteUnit = `DELETE FROM search WHERE rowid = ?`
	sqlGeneration = `UPDATE settings SET value = value + 1 WHERE key = 'generation'`
)

// indexUnits adds the searchable units of doc, stored under key.
func (w *writer) indexUnits(key int64, doc *transcript.Document) {
	if w.err != nil {
		return
	}
	stmt := w.stmt(sqlInsertUnit)
	for _, u := range search.Units(doc) {
		if _, err := stmt.ExecContext(w.ctx, unitKey(doc.Date, key, u.Index),
			u.Title, u.Lead, u.Body, search.MetaText(u.Meta)); err != nil {
			w.err = err
			return
		}
	}
}

// unindexUnits removes the units of a document stored under key, dated
// date, with turns turns: exactly the rowids indexUnits added.
func (w *writer) unindexUnits(key int64, date string, turns int) {
	if w.err != nil {
		return
	}
	stmt := w.stmt(sqlDeleteUnit)
	for i := 0; i <= turns; i++ {
		if _, err := stmt.ExecContext(w.ctx, unitKey(date, key, i)); err != nil {
			w.err = err
			return
		}
	}
}

// checkIndexable rejects a document the index cannot key.
func checkIndexable(doc *transcript.Document) error {
	if len(doc.Turns) > MaxTurns {
		return fmt.Errorf("%w: %d turns, more than the %d the search index can hold", transcript.ErrInvalid, len(doc.Turns), MaxTurns)
	}
	return nil
}

// ensureIndex rebuilds the search index when it was built by another
// tokenizer (or never, for an archive from before search): every current
// version is indexed again in one transaction.
func (s *Store) ensureIndex(ctx context.Context) error {
	var built string
	if err := s.write.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'search_tokenizer'`).Scan(&built); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if built == search.TokenizerVersion {
		return nil
	}
	if err := s.Reindex(ctx); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// Reindex rebuilds the search index from the current versions, in one
// transaction: readers see the old index until it commits.
func (s *Store) Reindex(ctx context.Context) (err error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, tx.Rollback())
		}
	}()
	if _, err := tx.ExecContext(ctx, `INSERT INTO search (search) VALUES ('delete-all')`); err != nil {
		return err
	}
	insert, err := tx.PrepareContext(ctx, sqlInsertUnit)
	if err != nil {
		return err
	}
	defer insert.Close()
	// In batches by key: a statement cannot run while another's rows are
	// open on the same connection.
	var last int64
	for {
		keys, docs, err := currentBatch(ctx, tx, last, 256)
		if err != nil {
			return err
		}
		if len(docs) == 0 {
			break
		}
		for i, doc := range docs {
			for _, u := range search.Units(doc) {
				if _, err := insert.ExecContext(ctx, unitKey(doc.Date, keys[i], u.Index),
					u.Title, u.Lead, u.Body, search.MetaText(u.Meta)); err != nil {
					return fmt.Errorf("document %s: %w", doc.ID, err)
				}
			}
		}
		last = keys[len(keys)-1]
	}
	if _, err := tx.ExecContext(ctx, `UPDATE settings SET value = ? WHERE key = 'search_tokenizer'`, search.TokenizerVersion); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, sqlGeneration); err != nil {
		return err
	}
	return tx.Commit()
}

// currentBatch reads up to n current versions with keys after last.
func currentBatch(ctx context.Context, tx *sql.Tx, last int64, n int) ([]int64, []*transcript.Document, error) {
	rows, err := tx.QueryContext(ctx, `SELECT d.doc, v.json FROM documents AS d
		JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
		WHERE d.doc > ? ORDER BY d.doc LIMIT ?`, last, n)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var keys []int64
	var docs []*transcript.Document
	for rows.Next() {
		var key int64
		var js []byte
		if err := rows.Scan(&key, &js); err != nil {
			return nil, nil, err
		}
		doc, err := decode(js)
		if err != nil {
			return nil, nil, fmt.Errorf("document key %d: %w", key, err)
		}
		keys, docs = append(keys, key), append(docs, doc)
	}
	return keys, docs, rows.Err()
}
