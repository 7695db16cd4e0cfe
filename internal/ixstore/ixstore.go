// Package ixstore stores Rostrum's search index (package postings) in the
// tables of an archive's database, for either engine: segments
// (ix_segments), their posting lists (ix_terms) and positions
// (ix_positions), and the dead markers of changed documents (ix_dead).
// The index is written in the transaction of each change to the
// documents, merged by size class as it grows, and read in a search's
// snapshot. What differs between engines is a Dialect.
package ixstore

import (
	"context"
	"database/sql"
	"fmt"
	"math"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/postings"
)

// Dialect is what an engine's SQL needs that another's does not.
type Dialect struct {
	// Q writes a statement of this package, written with ? placeholders,
	// in the engine's (sqlstore.Dialect.Q); nil keeps it as it is.
	Q func(string) string
	// Greatest names the function of the larger of two values: max in
	// SQLite, GREATEST in PostgreSQL.
	Greatest string
	// NextSeg returns a number for a new segment, greater than any
	// segment's so far. It may return the same number until a segment is
	// stored under it (SQLite's AUTOINCREMENT), or a new one each time (a
	// sequence).
	NextSeg func(ctx context.Context, tx *sql.Tx) (int64, error)
	// InsertTerms, when not nil, writes a batch of a segment's terms
	// (rows of ix_terms and their positions in ix_positions) in a few
	// statements, for an engine where each statement is a round trip to
	// a server; without it, a prepared statement writes each.
	InsertTerms func(ctx context.Context, tx *sql.Tx, seg int64, terms []postings.Term) error
}

// Querier is a transaction or a connection pool.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// q writes a statement for the dialect.
func (d *Dialect) q(s string) string {
	if d.Q == nil {
		return s
	}
	return d.Q(s)
}

// mergeFactor is how many segments of one size class a merge joins:
// a segment of n units is of class ⌊log₈ n⌋, and a class holding
// mergeFactor segments is merged into one of the next class. So an index
// holds at most mergeFactor-1 segments of each class, about 7 × 7 at a
// million documents, and each unit is rewritten once per class it passes.
const mergeFactor = 8

// WriteSegment stores a segment of the units added by one write and the
// dead markers of the documents it changed or removed (unit keys >>
// DocShift), then merges what the policy asks for.
func (d *Dialect) WriteSegment(ctx context.Context, tx *sql.Tx, b *postings.Builder, dead []int64) error {
	next, err := d.NextSeg(ctx, tx)
	if err != nil {
		return err
	}
	for _, doc := range dead {
		if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO ix_dead (doc, seg) VALUES (?, ?)
			ON CONFLICT (doc) DO UPDATE SET seg = `+d.Greatest+`(ix_dead.seg, excluded.seg)`), doc, next); err != nil {
			return err
		}
	}
	if b.Len() > 0 {
		if err := d.insertSegment(ctx, tx, next, b.Build()); err != nil {
			return err
		}
	}
	return d.MergeTiered(ctx, tx)
}

// packUnits is the size below which a segment keeps its terms packed in
// its own row: a batch's segment, and merges of them up to the size
// class of 32,768 units, cost a row each instead of a row per term
// (about 8,000 for a batch of 64 documents).
const packUnits = 32768

// InsertSegment stores seg with its terms under a new number.
func (d *Dialect) InsertSegment(ctx context.Context, tx *sql.Tx, seg *postings.Segment) error {
	id, err := d.NextSeg(ctx, tx)
	if err != nil {
		return err
	}
	return d.insertSegment(ctx, tx, id, seg)
}

// insertSegment stores seg with its terms as segment id.
func (d *Dialect) insertSegment(ctx context.Context, tx *sql.Tx, id int64, seg *postings.Segment) error {
	var packed []byte
	if seg.Units < packUnits {
		packed = postings.PackTerms(seg.Terms)
	}
	if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO ix_segments (seg, units, tokens, keys, lens, packed) VALUES (?, ?, ?, ?, ?, ?)`),
		id, seg.Units, seg.Tokens, seg.Keys, seg.Lens, packed); err != nil {
		return err
	}
	if packed != nil {
		return nil
	}
	ins, err := d.newTermInserter(ctx, tx, id)
	if err != nil {
		return err
	}
	defer ins.release()
	for _, t := range seg.Terms {
		if err := ins.insert(ctx, t); err != nil {
			return err
		}
	}
	return ins.flush(ctx)
}

// termBatch is how many terms InsertTerms writes at a time.
const termBatch = 1000

// termInserter writes a segment's terms: a row at a time with prepared
// statements, or in batches when the dialect has InsertTerms.
type termInserter struct {
	d         *Dialect
	tx        *sql.Tx
	seg       int64
	term, pos *sql.Stmt
	buf       []postings.Term
}

func (d *Dialect) newTermInserter(ctx context.Context, tx *sql.Tx, seg int64) (*termInserter, error) {
	if d.InsertTerms != nil {
		return &termInserter{d: d, tx: tx, seg: seg}, nil
	}
	term, err := tx.PrepareContext(ctx, d.q(`INSERT INTO ix_terms (term, seg, n, docs) VALUES (?, ?, ?, ?) RETURNING id`))
	if err != nil {
		return nil, err
	}
	pos, err := tx.PrepareContext(ctx, d.q(`INSERT INTO ix_positions (id, data) VALUES (?, ?)`))
	if err != nil {
		term.Close()
		return nil, err
	}
	return &termInserter{d: d, tx: tx, seg: seg, term: term, pos: pos}, nil
}

func (t *termInserter) insert(ctx context.Context, term postings.Term) error {
	if t.term == nil {
		if t.buf = append(t.buf, term); len(t.buf) == termBatch {
			return t.flush(ctx)
		}
		return nil
	}
	var id int64
	if err := t.term.QueryRowContext(ctx, term.Name, t.seg, term.N, term.Docs).Scan(&id); err != nil {
		return err
	}
	if term.Pos == nil {
		return nil
	}
	_, err := t.pos.ExecContext(ctx, id, term.Pos)
	return err
}

// flush writes the terms insert kept.
func (t *termInserter) flush(ctx context.Context) error {
	if len(t.buf) == 0 {
		return nil
	}
	err := t.d.InsertTerms(ctx, t.tx, t.seg, t.buf)
	t.buf = t.buf[:0]
	return err
}

// release closes the statements.
func (t *termInserter) release() {
	if t.term != nil {
		t.term.Close()
		t.pos.Close()
	}
}

// sizeClass is the class of a segment of n units (see mergeFactor).
func sizeClass(n int64) int {
	if n <= 1 {
		return 0
	}
	return int(math.Log(float64(n)) / math.Log(mergeFactor))
}

// MergeTiered merges every size class that has mergeFactor segments,
// until none has.
func (d *Dialect) MergeTiered(ctx context.Context, tx *sql.Tx) error {
	for {
		rows, err := tx.QueryContext(ctx, d.q(`SELECT seg, units FROM ix_segments ORDER BY seg`))
		if err != nil {
			return err
		}
		classes := map[int][]int64{}
		var full []int64
		for rows.Next() {
			var seg, units int64
			if err := rows.Scan(&seg, &units); err != nil {
				rows.Close()
				return err
			}
			c := sizeClass(units)
			classes[c] = append(classes[c], seg)
			if len(classes[c]) == mergeFactor && full == nil {
				full = classes[c]
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if full == nil {
			return nil
		}
		if err := d.mergeSegments(ctx, tx, full); err != nil {
			return err
		}
	}
}

// MergeAll merges the whole index into one segment, dropping every dead
// unit and marker.
func (d *Dialect) MergeAll(ctx context.Context, tx *sql.Tx) error {
	ids, err := d.SegmentIDs(ctx, tx)
	if err != nil {
		return err
	}
	var dead int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM ix_dead`).Scan(&dead); err != nil {
		return err
	}
	if len(ids) < 2 && dead == 0 {
		return nil
	}
	return d.mergeSegments(ctx, tx, ids)
}

// SegmentIDs lists the numbers of the index's segments, ascending.
func (d *Dialect) SegmentIDs(ctx context.Context, q Querier) ([]int64, error) {
	rows, err := q.QueryContext(ctx, d.q(`SELECT seg FROM ix_segments ORDER BY seg`))
	if err != nil {
		return nil, err
	}
	return archive.Int64s(rows)
}

// mergeSegments replaces the segments ids by one holding their live units.
func (d *Dialect) mergeSegments(ctx context.Context, tx *sql.Tx, ids []int64) error {
	deadDocs, err := d.ReadDead(ctx, tx)
	if err != nil {
		return err
	}
	keys := make([][]int64, len(ids))
	lens := make([][]uint32, len(ids))
	dead := make([][]bool, len(ids))
	cursors := make([]*termCursor, len(ids))
	for i, id := range ids {
		sd, err := d.ReadSegment(ctx, tx, id)
		if err != nil {
			return err
		}
		keys[i], lens[i] = sd.Keys, sd.Lens
		cursors[i] = &termCursor{d: d, seg: id}
		if sd.Packed != nil {
			cursors[i].done = true
			for _, t := range sd.Packed {
				cursors[i].buf = append(cursors[i].buf, postings.Stored{Term: t.Name, Seg: id, N: t.N, Docs: t.Docs, Pos: t.Pos})
			}
		}
		for j, k := range sd.Keys {
			if before, ok := deadDocs[k>>archive.DocShift]; ok && id < before {
				if dead[i] == nil {
					dead[i] = make([]bool, len(sd.Keys))
				}
				dead[i][j] = true
			}
		}
	}
	m, err := postings.NewMerger(keys, lens, dead)
	if err != nil {
		return err
	}
	seg := m.Segment()
	// A small result is packed in its row (insertSegment); a large one
	// is written a term at a time as the merge goes.
	small := seg.Units < packUnits
	var id int64
	var ins *termInserter
	if id, err = d.NextSeg(ctx, tx); err != nil {
		return err
	}
	if !small {
		if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO ix_segments (seg, units, tokens, keys, lens) VALUES (?, ?, ?, ?, ?)`),
			id, seg.Units, seg.Tokens, seg.Keys, seg.Lens); err != nil {
			return err
		}
		if ins, err = d.newTermInserter(ctx, tx, id); err != nil {
			return err
		}
		defer ins.release()
	}
	var parts []postings.Part
	for {
		// The smallest next term of the inputs.
		name, any := "", false
		for _, c := range cursors {
			t, ok, err := c.peek(ctx, tx)
			if err != nil {
				return err
			}
			if ok && (!any || t.Term < name) {
				name, any = t.Term, true
			}
		}
		if !any {
			break
		}
		parts = parts[:0]
		for i, c := range cursors {
			if t, ok, _ := c.peek(ctx, tx); ok && t.Term == name {
				parts = append(parts, postings.Part{Input: i, N: t.N, Docs: t.Docs, Pos: t.Pos})
				c.pop()
			}
		}
		t, ok, err := m.Term(name, parts)
		if err != nil {
			return fmt.Errorf("merging segments %v: %w", ids, err)
		}
		switch {
		case !ok:
		case small:
			seg.Terms = append(seg.Terms, t)
		default:
			if err := ins.insert(ctx, t); err != nil {
				return err
			}
		}
	}
	if small {
		if err := d.insertSegment(ctx, tx, id, seg); err != nil {
			return err
		}
	} else if err := ins.flush(ctx); err != nil {
		return err
	}
	for _, sid := range ids {
		for _, q := range []string{
			`DELETE FROM ix_positions WHERE id IN (SELECT id FROM ix_terms WHERE seg = ?)`,
			`DELETE FROM ix_terms WHERE seg = ?`,
			`DELETE FROM ix_segments WHERE seg = ?`,
		} {
			if _, err := tx.ExecContext(ctx, d.q(q), sid); err != nil {
				return err
			}
		}
	}
	// A marker no segment is old enough for any more hides nothing.
	_, err = tx.ExecContext(ctx, d.q(`DELETE FROM ix_dead WHERE seg <= (SELECT min(seg) FROM ix_segments)`))
	return err
}

// termCursor reads one segment's terms in order, a chunk at a time, so
// that no statement is open while the merge writes.
type termCursor struct {
	d     *Dialect
	seg   int64
	buf   []postings.Stored
	after string
	done  bool
}

const termChunk = 256

func (c *termCursor) peek(ctx context.Context, tx *sql.Tx) (postings.Stored, bool, error) {
	if len(c.buf) == 0 && !c.done {
		rows, err := tx.QueryContext(ctx, c.d.q(`SELECT t.term, t.n, t.docs, p.data FROM ix_terms AS t
			LEFT JOIN ix_positions AS p ON p.id = t.id
			WHERE t.seg = ? AND t.term > ? ORDER BY t.term LIMIT ?`), c.seg, c.after, termChunk)
		if err != nil {
			return postings.Stored{}, false, err
		}
		for rows.Next() {
			st := postings.Stored{Seg: c.seg}
			if err := rows.Scan(&st.Term, &st.N, &st.Docs, &st.Pos); err != nil {
				rows.Close()
				return postings.Stored{}, false, err
			}
			c.buf = append(c.buf, st)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return postings.Stored{}, false, err
		}
		if len(c.buf) < termChunk {
			c.done = true
		}
		if len(c.buf) > 0 {
			c.after = c.buf[len(c.buf)-1].Term
		}
	}
	if len(c.buf) == 0 {
		return postings.Stored{}, false, nil
	}
	return c.buf[0], true, nil
}

func (c *termCursor) pop() { c.buf = c.buf[1:] }

// ReadDead reads the dead markers: document key → segment number.
func (d *Dialect) ReadDead(ctx context.Context, q Querier) (map[int64]int64, error) {
	rows, err := q.QueryContext(ctx, d.q(`SELECT doc, seg FROM ix_dead`))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	dead := map[int64]int64{}
	for rows.Next() {
		var doc, seg int64
		if err := rows.Scan(&doc, &seg); err != nil {
			return nil, err
		}
		dead[doc] = seg
	}
	return dead, rows.Err()
}

// ReadSegment reads and decodes a segment's units.
func (d *Dialect) ReadSegment(ctx context.Context, q Querier, id int64) (*postings.SegData, error) {
	var units int
	var tokens int64
	var keys, lens, packed []byte
	if err := q.QueryRowContext(ctx, d.q(`SELECT units, tokens, keys, lens, packed FROM ix_segments WHERE seg = ?`), id).
		Scan(&units, &tokens, &keys, &lens, &packed); err != nil {
		return nil, fmt.Errorf("search segment %d: %w", id, err)
	}
	sd := &postings.SegData{ID: id, Tokens: tokens}
	var err error
	if sd.Keys, err = postings.DecodeKeys(keys); err != nil {
		return nil, fmt.Errorf("search segment %d: %w", id, err)
	}
	if len(sd.Keys) != units {
		return nil, fmt.Errorf("search segment %d: %w: %d keys for %d units", id, postings.ErrCorrupt, len(sd.Keys), units)
	}
	if sd.Lens, err = postings.DecodeLens(lens, units); err != nil {
		return nil, fmt.Errorf("search segment %d: %w", id, err)
	}
	if packed != nil {
		if sd.Packed, err = postings.UnpackTerms(packed); err != nil {
			return nil, fmt.Errorf("search segment %d: %w", id, err)
		}
		if sd.Packed == nil {
			sd.Packed = []postings.Term{}
		}
	}
	return sd, nil
}
