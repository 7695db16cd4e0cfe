package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/ext/fts5"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/ixstore"
	"github.com/rostrum/rostrum/internal/postings"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Unit keys (the rowids of the search table) are archive.UnitKey's: see
// migrations/0002_search.sql.

// MaxTurns is the most turns a document may have to be searchable.
const MaxTurns = archive.MaxTurns

// initWriteConn registers on the writer the tokenizer of the retired FTS5
// table (legacyTokenizer), so that the migrations that created and then
// dropped it can run.
func (s *Store) initWriteConn(c *sqlite3.Conn) error {
	return fts5.RegisterCustom(c, func(api *fts5.API) error {
		return api.CreateTokenizer("rostrum", func([]string) (fts5.Tokenizer, error) { return legacyTokenizer{}, nil })
	})
}

// legacyTokenizer stands for the tokenizer of the FTS5 table that
// archives of schema 2 to 8 searched (migrations 0002–0008 create it,
// 0009 drops it): FTS5 loads a table's tokenizer to create or drop it,
// and never needs its tokens for either.
type legacyTokenizer struct{}

func (legacyTokenizer) Tokenize(fts5.TokenizeFlag, string, string, fts5.TokenCallback) error {
	return errors.New("the FTS5 search table is retired: the archive's own index replaces it")
}

// sqlGeneration moves the archive's generation on, in every write that
// changes what a search finds.
const sqlGeneration = `UPDATE settings SET value = value + 1 WHERE key = 'generation'`

// indexOp is a change to the search index: add the units of doc stored
// under key or, when doc is nil, hide the units of the version stored
// under key dated date.
type indexOp struct {
	key   int64
	doc   *transcript.Document
	units []search.Unit // doc's, when already computed
	// ixUnits are units' terms for the index, when already computed, in
	// the same order, their keys unset.
	ixUnits []postings.Unit
	date    string
}

// index keeps op for runIndexOps, which writes a whole batch's changes to
// the index as one segment. (Every writer defers them: deferIndex is
// kept for the callers that say so.)
func (w *writer) index(op indexOp) { w.ops = append(w.ops, op) }

// runIndexOps writes the changes of a batch to the index as one segment
// (ixstore.Batch keeps their net effect per document).
func (w *writer) runIndexOps(ops []indexOp) {
	if w.err != nil {
		return
	}
	var b ixstore.Batch
	for _, op := range ops {
		switch {
		case op.doc == nil:
			b.Remove(op.key, op.date)
		case op.units != nil && len(op.ixUnits) == len(op.units):
			b.Add(op.key, op.doc.Date, op.units, op.ixUnits)
		default:
			tok := tokenizers.Get().(*search.Tokenizer)
			units := search.Units(op.doc)
			b.Add(op.key, op.doc.Date, units, ixstore.Units(tok, units))
			tokenizers.Put(tok)
		}
	}
	if err := ix.WriteBatch(w.ctx, w.tx, &b); err != nil {
		w.err = fmt.Errorf("search index: %w", err)
	}
}

// OptimizeThreshold is the number of documents written in one go after
// which a caller should Optimize.
const OptimizeThreshold = 2000

// StartBulk prepares for a bulk load. The own index needs nothing: each
// batch is a segment, merged eight at a time by size class as it is
// written.
func (s *Store) StartBulk(ctx context.Context) error { return nil }

// EndBulk ends a bulk load: with optimize, it merges the whole index
// (PayMerge), which a merge owed by an earlier, interrupted load also
// waits for.
func (s *Store) EndBulk(ctx context.Context, optimize bool) error {
	if optimize {
		return s.PayMerge(ctx)
	}
	return nil
}

// OweMerge records that the search index needs a whole merge, for a bulk
// load that stops early after writing much: the next large enough load
// or the next server does it (PayMerge) instead of the user waiting.
func (s *Store) OweMerge(ctx context.Context) error { return s.oweMerge(ctx, true) }

// MergeOwed reports whether a whole merge of the search index is owed.
func (s *Store) MergeOwed(ctx context.Context) (bool, error) {
	var v string
	err := s.write.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'search_merge_owed'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("sqlite: merge owed %s: %w", s.path, err)
	}
	return v == "1", nil
}

// PayMerge merges the whole search index (Optimize), with the merge
// recorded as owed until it is done. A server calls it at start when
// MergeOwed says so.
func (s *Store) PayMerge(ctx context.Context) error {
	if err := s.oweMerge(ctx, true); err != nil {
		return err
	}
	if err := s.Optimize(ctx); err != nil {
		return err
	}
	return s.oweMerge(ctx, false)
}

// oweMerge records (or clears) a merge owed.
func (s *Store) oweMerge(ctx context.Context, owed bool) error {
	var err error
	if owed {
		_, err = s.write.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('search_merge_owed', '1')
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
	} else {
		_, err = s.write.ExecContext(ctx, `DELETE FROM settings WHERE key = 'search_merge_owed'`)
	}
	if err != nil {
		return fmt.Errorf("sqlite: merge owed %s: %w", s.path, err)
	}
	return nil
}

// Optimize merges the search index into one segment, in a transaction of
// its own. Segments are merged by size class as they are written, so a
// bulk load leaves up to seven segments of each class; merged whole, a
// common word's posting lists are read in one piece.
//
// The merge frees the pages of every segment it merged: they go back to
// the file system (archives created before auto_vacuum was set keep them
// for later writes).
func (s *Store) Optimize(ctx context.Context) error {
	if err := s.mergeWhole(ctx); err != nil {
		return err
	}
	if _, err := s.write.ExecContext(ctx, `PRAGMA incremental_vacuum`); err != nil {
		return fmt.Errorf("sqlite: optimize %s: vacuum: %w", s.path, err)
	}
	return nil
}

// mergeWhole merges the search index into one segment.
func (s *Store) mergeWhole(ctx context.Context) (err error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: optimize %s: %w", s.path, err)
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("sqlite: optimize %s: search index: %w", s.path, errors.Join(err, tx.Rollback()))
		}
	}()
	if err := mergeAll(ctx, tx); err != nil {
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
	return archive.ScanKeyed(rows)
}
