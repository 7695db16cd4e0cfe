package ixstore

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/postings"
	"github.com/rostrum/rostrum/internal/search"
)

// Format names what an index is built with: the format of its segments
// and the tokenizer of its terms. The setting ix_format records it; an
// engine rebuilds an index of another.
const Format = postings.FormatVersion + "/" + search.TokenizerVersion

// Cache keeps the decoded segments (immutable, by number) and the
// snapshot of the latest generation read. The zero value is ready to
// use; it is safe for concurrent use.
type Cache struct {
	mu   sync.Mutex
	segs map[int64]*postings.SegData
	gen  int64
	snap *postings.Snapshot
	// reading is held while a snapshot is read: searches that arrive
	// meanwhile (a server's first ones, or the first after a write) wait
	// for it and share it, instead of each decoding every segment (some
	// 65 MB at 1,000,000 documents) at once.
	reading sync.Mutex
}

// Snapshot returns the index as the read transaction tx sees it, at the
// archive's generation gen (read in tx); nil when it is not built, or
// of another format than Format.
func (c *Cache) Snapshot(ctx context.Context, d *Dialect, tx Querier, gen int64) (*postings.Snapshot, error) {
	// A snapshot is cached only for an index of this format, and a
	// rebuild moves the generation on: the format need not be read again
	// for every search of the same generation.
	c.mu.Lock()
	if c.snap != nil && c.gen == gen {
		sn := c.snap
		c.mu.Unlock()
		return sn, nil
	}
	c.mu.Unlock()
	c.reading.Lock()
	defer c.reading.Unlock()
	c.mu.Lock()
	if c.snap != nil && c.gen == gen {
		sn := c.snap
		c.mu.Unlock()
		return sn, nil
	}
	c.mu.Unlock()
	var format string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'ix_format'`).Scan(&format); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		return nil, err
	}
	if format != Format {
		return nil, nil
	}
	ids, err := d.SegmentIDs(ctx, tx)
	if err != nil {
		return nil, err
	}
	segs := make([]*postings.SegData, 0, len(ids))
	keep := make(map[int64]*postings.SegData, len(ids))
	for _, id := range ids {
		c.mu.Lock()
		sd := c.segs[id]
		c.mu.Unlock()
		if sd == nil {
			if sd, err = d.ReadSegment(ctx, tx, id); err != nil {
				return nil, err
			}
		}
		segs = append(segs, sd)
		keep[id] = sd
	}
	dead, err := d.ReadDead(ctx, tx)
	if err != nil {
		return nil, err
	}
	sn := postings.NewSnapshot(segs, dead, archive.DocShift)
	c.mu.Lock()
	if gen >= c.gen {
		c.gen, c.snap, c.segs = gen, sn, keep
	}
	c.mu.Unlock()
	return sn, nil
}

// The statements of Source, as written for SQLite (Dialect.Q writes
// them for another engine).
const (
	SQLTerm     = `SELECT t.term, t.seg, t.n, t.docs, NULL FROM ix_terms AS t WHERE t.term = ?`
	SQLTermPos  = `SELECT t.term, t.seg, t.n, t.docs, p.data FROM ix_terms AS t LEFT JOIN ix_positions AS p ON p.id = t.id WHERE t.term = ?`
	SQLRange    = `SELECT t.term, t.seg, t.n, t.docs, NULL FROM ix_terms AS t WHERE t.term >= ? AND t.term < ?`
	SQLRangePos = `SELECT t.term, t.seg, t.n, t.docs, p.data FROM ix_terms AS t LEFT JOIN ix_positions AS p ON p.id = t.id WHERE t.term >= ? AND t.term < ?`
)

// Statements lists the statements of Source, for an engine that prepares
// them ahead.
var Statements = []string{SQLTerm, SQLTermPos, SQLRange, SQLRangePos}

// Source reads posting lists in a read transaction (postings.Source).
type Source struct {
	D  *Dialect
	Tx *sql.Tx
	// Prepared, when not nil, returns the transaction's use of a
	// statement of Statements prepared ahead (by its SQLite text), or
	// nil.
	Prepared func(ctx context.Context, tx *sql.Tx, q string) *sql.Stmt
}

// Lists implements postings.Source.
func (src Source) Lists(ctx context.Context, term string, positions bool) ([]postings.Stored, error) {
	if positions {
		return src.read(ctx, SQLTermPos, term)
	}
	return src.read(ctx, SQLTerm, term)
}

// rangeEnd is greater than every term that starts with a prefix, when
// appended to it: the last code point of Unicode, which no term holds.
const rangeEnd = "\U0010FFFF"

// Range implements postings.Source. Terms are compared as bytes (an
// engine's collation of ix_terms.term must be binary).
func (src Source) Range(ctx context.Context, prefix string, positions bool) ([]postings.Stored, error) {
	if positions {
		return src.read(ctx, SQLRangePos, prefix, prefix+rangeEnd)
	}
	return src.read(ctx, SQLRange, prefix, prefix+rangeEnd)
}

func (src Source) read(ctx context.Context, q string, args ...any) ([]postings.Stored, error) {
	var rows *sql.Rows
	var err error
	if st := src.prepared(ctx, q); st != nil {
		rows, err = st.QueryContext(ctx, args...)
	} else {
		rows, err = src.Tx.QueryContext(ctx, src.D.q(q), args...)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []postings.Stored
	for rows.Next() {
		var st postings.Stored
		if err := rows.Scan(&st.Term, &st.Seg, &st.N, &st.Docs, &st.Pos); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

func (src Source) prepared(ctx context.Context, q string) *sql.Stmt {
	if src.Prepared == nil {
		return nil
	}
	return src.Prepared(ctx, src.Tx, q)
}

// Clear empties the index, for a rebuild.
func (d *Dialect) Clear(ctx context.Context, tx *sql.Tx) error {
	for _, q := range []string{`DELETE FROM ix_positions`, `DELETE FROM ix_terms`, `DELETE FROM ix_segments`, `DELETE FROM ix_dead`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
