package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/ixstore"
	"github.com/rostrum/rostrum/internal/postings"
	"github.com/rostrum/rostrum/internal/transcript"
)

// The archive's own search index (packages postings and ixstore,
// migration 0006) lives in the ix_ tables, written in the transaction of
// each change to the documents, as in the SQLite engine. It is the only
// search index: searches of an archive whose index is not of this
// program's format (a replica of a primary that has not built it yet)
// fail with errIxFormat.

// ix is PostgreSQL's dialect of the index's tables: a new segment takes
// the next number of the sequence ix_seg.
var ix = &ixstore.Dialect{
	Q:        dialect.Q,
	Greatest: "GREATEST",
	NextSeg: func(ctx context.Context, tx *sql.Tx) (int64, error) {
		var next int64
		err := tx.QueryRowContext(ctx, `SELECT nextval('ix_seg')`).Scan(&next)
		return next, err
	},
	InsertTerms: insertTerms,
}

// insertTerms writes a batch of a segment's terms in three statements:
// their ids reserved from ix_terms' sequence (writers take turns, so the
// block is this one's), then the terms and their positions from arrays.
func insertTerms(ctx context.Context, tx *sql.Tx, seg int64, terms []postings.Term) error {
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT setval('ix_terms_id_seq', nextval('ix_terms_id_seq') + $1 - 1)`,
		len(terms)).Scan(&last); err != nil {
		return err
	}
	ids := make([]int64, len(terms))
	names := make([]string, len(terms))
	ns := make([]int64, len(terms))
	docs := make([][]byte, len(terms))
	var posIDs []int64
	var pos [][]byte
	for i, t := range terms {
		ids[i] = last - int64(len(terms)-1-i)
		names[i], ns[i], docs[i] = t.Name, int64(t.N), t.Docs
		if t.Pos != nil {
			posIDs, pos = append(posIDs, ids[i]), append(pos, t.Pos)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ix_terms (id, term, seg, n, docs)
		SELECT u.id, u.term, $5, u.n, u.docs FROM unnest($1::bigint[], $2::text[], $3::integer[], $4::bytea[]) AS u (id, term, n, docs)`,
		ids, names, ns, docs, seg); err != nil {
		return err
	}
	if len(posIDs) > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ix_positions (id, data) SELECT * FROM unnest($1::bigint[], $2::bytea[])`,
			posIDs, pos); err != nil {
			return err
		}
	}
	return nil
}

// ixChange is what one applied document changes in the index: the units
// of its new version under its key, and those of the version before,
// dated oldDate, hidden.
type ixChange struct {
	key     int64 // the document's key; 0 when nothing changed
	replace bool
	oldDate string
}

// writeIx writes the index's segment of a batch (ixstore.Batch). pend
// holds the applied documents (nil for those rolled back).
func writeIx(ctx context.Context, tx *sql.Tx, pend []*pending) error {
	var b ixstore.Batch
	for _, p := range pend {
		if p == nil || p.ixc.key == 0 {
			continue
		}
		if p.ixc.replace {
			b.Remove(p.ixc.key, p.ixc.oldDate)
		}
		b.Add(p.ixc.key, p.Doc.Date, p.units, p.ix)
	}
	if err := ix.WriteBatch(ctx, tx, &b); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// ensureIx builds the index when the archive has none of this format: an
// archive from before it, or built by another version of Rostrum. Another
// process may be building it at the same time: the write lock makes it
// wait, and it then finds the index built.
func (s *Store) ensureIx(ctx context.Context) error {
	var format string
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'ix_format'`).Scan(&format); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if format == ixstore.Format {
		return nil
	}
	if err := s.rebuildIx(ctx, true, nil); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// rebuildIx builds the index again from the current versions, in one
// transaction that holds the write lock (readers use the old index until
// it commits); with ifStale, only when it is not of this format.
// progress, when not nil, is called with the documents done and the
// documents in all.
func (s *Store) rebuildIx(ctx context.Context, ifStale bool, progress func(done, total int)) error {
	return s.inWriteTx(ctx, func(tx *sql.Tx) error {
		var format string
		if err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'ix_format'`).Scan(&format); err != nil {
			return err
		}
		if ifStale && format == ixstore.Format {
			return nil
		}
		var total int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&total); err != nil {
			return err
		}
		next := func(last int64) ([]int64, []*transcript.Document, error) {
			return currentBatch(ctx, tx, last, reindexBatch)
		}
		if err := ix.Rebuild(ctx, tx, total, next, progress); err != nil {
			return err
		}
		if total > 0 {
			// Searches may find otherwise now: cached answers are stale. (A
			// search never caches a snapshot of an index of another format.)
			if _, err := tx.ExecContext(ctx, sqlGeneration); err != nil {
				return err
			}
		}
		return nil
	})
}

// optimizeIx merges the whole index into one segment.
func (s *Store) optimizeIx(ctx context.Context) error {
	return s.inWriteTx(ctx, func(tx *sql.Tx) error {
		if err := ix.MergeAll(ctx, tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, sqlGeneration)
		return err
	})
}

// ixSnapshot returns the index as the read transaction tx sees it; nil
// when it is not built with this program's format.
func (s *Store) ixSnapshot(ctx context.Context, tx *sql.Tx) (*postings.Snapshot, int64, error) {
	gen, err := generation(ctx, tx)
	if err != nil {
		return nil, 0, err
	}
	sn, err := s.ix.Snapshot(ctx, ix, tx, gen)
	return sn, gen, err
}

// searchIx answers a search from the archive's own index
// (ixstore.Search), as the SQLite engine does, and reads the page's hits.
func (s *Store) searchIx(ctx context.Context, tx *sql.Tx, sn *postings.Snapshot, gen int64, p *plan, cur *archive.Cursor,
	facets bool, sortBy string, limit, perDoc int) (*transcript.SearchResult, error) {
	res, page, err := ixstore.Search(ctx, sn, ixstore.Source{D: ix, Tx: tx}, ixstore.Request{
		Expr: p.Expr, Lo: p.Lo, Hi: p.Hi, Engine: cursorEngine, Plan: p.ID,
		Sort: sortBy, Limit: limit, Cursor: cur, Facets: facets, FacetWindow: s.facetWindow,
	}, func(newest []int64, fb *archive.FacetBuilder) error { return s.facetValues(ctx, tx, gen, newest, fb) })
	if err != nil {
		return nil, err
	}
	if res.Hits, err = s.hits(ctx, tx, p, page, perDoc); err != nil {
		return nil, err
	}
	return res, nil
}

// facetValues counts the speakers and taxonomy of the newest matching
// units (ixstore.FacetValues): from the archive's doc values when they
// are of this generation, else with a join.
func (s *Store) facetValues(ctx context.Context, tx *sql.Tx, gen int64, newest []int64, fb *archive.FacetBuilder) error {
	if dv := s.docValues.Get(gen, s.loadDocValues); dv != nil {
		dv.Count(newest, fb)
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT 'person', person, count(*) FROM units
			WHERE key = ANY ($1) AND idx > 0 AND person IS NOT NULL GROUP BY person
		UNION ALL SELECT kind, term, count(*) FROM taxonomy
			WHERE doc = ANY ($2) AND kind IN ('topic', 'geography', 'section') GROUP BY kind, term`, newest, ixstore.DocKeys(newest))
	if err != nil {
		return err
	}
	return ixstore.AddFacetRows(rows, fb)
}

// loadDocValues reads the archive's doc values (archive.DocValues) and
// its generation in one snapshot.
func (s *Store) loadDocValues(ctx context.Context) (*archive.DocValues, error) {
	return ixstore.LoadDocValues(ctx, func() (*sql.Tx, error) { return s.readTx(ctx) },
		func(tx *sql.Tx) (int64, error) { return generation(ctx, tx) },
		`SELECT key, person FROM units WHERE idx > 0 AND person IS NOT NULL`,
		`SELECT doc, kind, term FROM taxonomy WHERE kind IN ('topic', 'geography', 'section')`)
}

var _ transcript.OccurrenceCounter = (*Store)(nil)

// Occurrences counts a word's or phrase's occurrences in the turns a
// query matches from the index, as transcript.OccurrenceCounter
// requires; false when the index cannot (see ixstore.Countable), or is
// not built.
func (s *Store) Occurrences(ctx context.Context, q *transcript.Query, byPerson bool) ([]transcript.OccurrenceCount, bool, error) {
	if !ixstore.Countable(q) {
		return nil, false, nil
	}
	type result struct {
		counts []transcript.OccurrenceCount
		ok     bool
	}
	r, err := retryRead(ctx, s, s.read, func() (result, error) {
		c, ok, err := s.occurrences(ctx, q, byPerson)
		return result{c, ok}, err
	})
	if err != nil {
		return nil, false, fmt.Errorf("postgres: occurrences: %w", err)
	}
	return r.counts, r.ok, nil
}

func (s *Store) occurrences(ctx context.Context, q *transcript.Query, byPerson bool) ([]transcript.OccurrenceCount, bool, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, false, err
	}
	defer tx.Rollback()
	p, err := s.compile(ctx, tx, q)
	if err != nil {
		return nil, false, err
	}
	sn, gen, err := s.ixSnapshot(ctx, tx)
	if err != nil || sn == nil {
		return nil, false, err
	}
	return ixstore.Occurrences(ctx, sn, ixstore.Source{D: ix, Tx: tx}, p.Expr, p.Lo, p.Hi, byPerson,
		func() (*archive.DocValues, bool, error) { return s.docValues.Current(ctx, gen, s.loadDocValues) })
}

var _ transcript.Warmer = (*Store)(nil)

// Warm reads ahead what searches otherwise read on first use: the doc
// values of facets and the index's segments.
func (s *Store) Warm(ctx context.Context) error {
	// Load, not loadDocValues and Put: while it reads, searches that
	// arrive do not start a second load of the same values.
	if _, err := s.docValues.Load(ctx, s.loadDocValues); err != nil {
		return fmt.Errorf("postgres: warm: %w", err)
	}
	tx, err := s.readTx(ctx)
	if err != nil {
		return fmt.Errorf("postgres: warm: %w", err)
	}
	defer tx.Rollback()
	if _, _, err := s.ixSnapshot(ctx, tx); err != nil {
		return fmt.Errorf("postgres: warm: %w", err)
	}
	return nil
}

// checkIx verifies the index: built with this format, one live unit per
// unit of the units table (a document's header and each turn), and every
// posting list decoding.
func (s *Store) checkIx(ctx context.Context, tx *sql.Tx) ([]string, error) {
	gen, err := generation(ctx, tx)
	if err != nil {
		return nil, err
	}
	want, err := int64s(ctx, tx, `SELECT key FROM units ORDER BY key`)
	if err != nil {
		return nil, err
	}
	return s.ix.Check(ctx, ix, tx, gen, want)
}
