package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/ixstore"
	"github.com/rostrum/rostrum/internal/postings"
	"github.com/rostrum/rostrum/internal/transcript"
)

// The archive's own search index (package postings, migration 0008)
// lives in the ix_ tables, written in the transaction of each change to
// the documents. This file writes, merges, builds and reads it.

// ixFormat names what the index was built with (ixstore.Format).
const ixFormat = ixstore.Format

// ix is SQLite's dialect of the index's tables: a new segment takes the
// number AUTOINCREMENT would give it.
var ix = &ixstore.Dialect{
	Greatest: "max",
	NextSeg: func(ctx context.Context, tx *sql.Tx) (int64, error) {
		var next int64
		err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'ix_segments'), 0) + 1`).Scan(&next)
		return next, err
	},
}

// mergeAll merges the whole index into one segment.
func mergeAll(ctx context.Context, tx *sql.Tx) error { return ix.MergeAll(ctx, tx) }

// ixSnapshot returns the index as the read transaction tx sees it, at
// generation gen; nil when it is not built, or of another format (see
// ensureIx).
func (s *Store) ixSnapshot(ctx context.Context, tx *sql.Tx, gen int64) (*postings.Snapshot, error) {
	return s.ix.Snapshot(ctx, ix, tx, gen)
}

// ixSource reads posting lists in a read transaction, with the
// statements prepared on the read pool.
func (s *Store) ixSource(tx *sql.Tx) ixstore.Source {
	return ixstore.Source{D: ix, Tx: tx, Prepared: s.readStmt}
}

// ensureIx builds the index when the archive has none of this format:
// an archive from before it, or built by another version of Rostrum.
func (s *Store) ensureIx(ctx context.Context) error {
	var format string
	if err := s.write.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'ix_format'`).Scan(&format); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if format == ixFormat {
		return nil
	}
	return s.RebuildIx(ctx, nil)
}

// RebuildIx builds the archive's own search index again from the current
// versions, in one transaction (readers use the old index until it
// commits). progress, when not nil, is called with the
// documents done and the documents in all.
func (s *Store) RebuildIx(ctx context.Context, progress func(done, total int)) (err error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = errors.Join(fmt.Errorf("search index: %w", err), tx.Rollback())
		}
	}()
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&total); err != nil {
		return err
	}
	next := func(last int64) ([]int64, []*transcript.Document, error) { return currentBatch(ctx, tx, last, 256) }
	if err := ix.Rebuild(ctx, tx, total, next, progress); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, sqlGeneration); err != nil {
		return err
	}
	return tx.Commit()
}

// searchIx answers a search from the archive's own index
// (ixstore.Search), and reads the page's hits.
func (s *Store) searchIx(ctx context.Context, tx *sql.Tx, sn *postings.Snapshot, p *plan, cur *archive.Cursor,
	facets bool, sortBy string, limit, perDoc int) (*transcript.SearchResult, error) {
	res, page, err := ixstore.Search(ctx, sn, s.ixSource(tx), ixstore.Request{
		Expr: p.Expr, Lo: p.Lo, Hi: p.Hi, Engine: cursorEngine, Plan: p.ID,
		Sort: sortBy, Limit: limit, Cursor: cur, Facets: facets, FacetWindow: s.facetWindow,
	}, func(newest []int64, fb *archive.FacetBuilder) error { return s.facetValues(ctx, tx, newest, fb) })
	if err != nil {
		return nil, err
	}
	if res.Hits, err = s.hits(ctx, tx, p, page, perDoc); err != nil {
		return nil, err
	}
	return res, nil
}

// readStatements are prepared once on the read pool (database/sql then
// prepares each on a connection the first time it runs there): parsing
// the SQL of every posting list and every hit was a tenth of a search.
var readStatements = append([]string{sqlHitDocument, sqlHitTurn, sqlHitTexts}, ixstore.Statements...)

// readStmt returns the transaction's use of a read statement.
func (s *Store) readStmt(ctx context.Context, tx *sql.Tx, q string) *sql.Stmt {
	return tx.StmtContext(ctx, s.readStmts[q])
}

var _ transcript.OccurrenceCounter = (*Store)(nil)

// Occurrences counts a word's or phrase's occurrences in the turns a
// query matches from the own index, as transcript.OccurrenceCounter
// requires: the body frequency of the query's one text leaf in each
// matching turn.
func (s *Store) Occurrences(ctx context.Context, q *transcript.Query, byPerson bool) ([]transcript.OccurrenceCount, bool, error) {
	counts, ok, err := s.occurrences(ctx, q, byPerson)
	if err != nil {
		return nil, false, fmt.Errorf("sqlite: occurrences: %w", err)
	}
	return counts, ok, nil
}

func (s *Store) occurrences(ctx context.Context, q *transcript.Query, byPerson bool) ([]transcript.OccurrenceCount, bool, error) {
	if !ixstore.Countable(q) {
		return nil, false, nil
	}
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, false, err
	}
	defer tx.Rollback()
	gen, err := generation(ctx, tx)
	if err != nil {
		return nil, false, err
	}
	sn, err := s.ixSnapshot(ctx, tx, gen)
	if err != nil || sn == nil {
		return nil, false, err // not built: the caller reads the turns
	}
	p, err := s.compile(ctx, tx, q)
	if err != nil {
		return nil, false, err
	}
	return ixstore.Occurrences(ctx, sn, s.ixSource(tx), p.Expr, p.Lo, p.Hi, byPerson,
		func() (*archive.DocValues, bool, error) { return s.docValues.Current(ctx, gen, s.loadDocValues) })
}

// Warm reads, in the caller, what searches otherwise read on first use:
// the doc values of facets and the own index's segments. A server calls
// it as it starts, so that its first faceted search does not pay for the
// load (0.8 s of CPU at 100,000 documents).
func (s *Store) Warm(ctx context.Context) error {
	if _, err := s.docValues.Load(ctx, s.loadDocValues); err != nil {
		return fmt.Errorf("sqlite: warm: %w", err)
	}
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("sqlite: warm: %w", err)
	}
	defer tx.Rollback()
	gen, err := generation(ctx, tx)
	if err == nil {
		_, err = s.ixSnapshot(ctx, tx, gen)
	}
	if err != nil {
		return fmt.Errorf("sqlite: warm: %w", err)
	}
	return nil
}

var _ transcript.Indexer = (*Store)(nil)

// RebuildIndex builds the search index again, with progress
// (RebuildIx).
func (s *Store) RebuildIndex(ctx context.Context, progress func(done, total int)) error {
	if err := s.RebuildIx(ctx, progress); err != nil {
		return fmt.Errorf("sqlite: index %s: %w", s.path, err)
	}
	return nil
}
