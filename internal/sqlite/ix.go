package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/postings"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// The archive's own search index (package postings, migration 0008)
// lives in the ix_ tables, written in the transaction of each change to
// the documents. This file writes, merges, builds and reads it.

// ixFormat names what the index was built with: the format of its
// segments and the tokenizer of its terms. Open rebuilds an index of
// another.
const ixFormat = postings.FormatVersion + "/" + search.TokenizerVersion

// mergeFactor is how many segments of one size class a merge joins:
// a segment of n units is of class ⌊log₈ n⌋, and a class holding
// mergeFactor segments is merged into one of the next class. So an index
// holds at most mergeFactor-1 segments of each class, about 7 × 7 at a
// million documents, and each unit is rewritten once per class it passes.
const mergeFactor = 8

// ixUnit turns a search unit into the terms the index holds, from the
// terms prepare computed ahead when it has them.
func ixUnit(key int64, u search.Unit, pre *pretokens, tok *search.Tokenizer) postings.Unit {
	out := postings.Unit{Key: key}
	for c, text := range [...]string{u.Title, u.Lead, u.Body} {
		if text == "" {
			continue
		}
		if pre != nil {
			if toks, ok := pre.get(text); ok {
				terms := make([]string, len(toks))
				for i, t := range toks {
					terms[i] = t.term
				}
				out.Terms[c] = terms
				continue
			}
		}
		out.Terms[c] = tok.Terms(text, true)
	}
	out.Terms[postings.Meta] = u.Meta
	return out
}

// writeSegment stores a segment of the units added by one write and the
// dead markers of the documents it changed or removed (unit keys >>
// DocShift), then merges what the policy asks for.
func writeSegment(ctx context.Context, tx *sql.Tx, b *postings.Builder, dead []int64) error {
	var next int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'ix_segments'), 0) + 1`).Scan(&next); err != nil {
		return err
	}
	for _, d := range dead {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ix_dead (doc, seg) VALUES (?, ?)
			ON CONFLICT (doc) DO UPDATE SET seg = max(seg, excluded.seg)`, d, next); err != nil {
			return err
		}
	}
	if b.Len() > 0 {
		if _, err := insertSegment(ctx, tx, b.Build()); err != nil {
			return err
		}
	}
	return mergeTiered(ctx, tx)
}

// packUnits is the size below which a segment keeps its terms packed in
// its own row: a batch's segment, and merges of them up to the size
// class of 32,768 units, cost a row each instead of a row per term
// (about 8,000 for a batch of 64 documents).
const packUnits = 32768

// insertSegment stores seg with its terms and returns its number.
func insertSegment(ctx context.Context, tx *sql.Tx, seg *postings.Segment) (int64, error) {
	var packed []byte
	if seg.Units < packUnits {
		packed = postings.PackTerms(seg.Terms)
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO ix_segments (units, tokens, keys, lens, packed) VALUES (?, ?, ?, ?, ?) RETURNING seg`,
		seg.Units, seg.Tokens, seg.Keys, seg.Lens, packed).Scan(&id); err != nil {
		return 0, err
	}
	if packed != nil {
		return id, nil
	}
	ins, err := newTermInserter(ctx, tx, id)
	if err != nil {
		return 0, err
	}
	defer ins.close()
	for _, t := range seg.Terms {
		if err := ins.insert(ctx, t); err != nil {
			return 0, err
		}
	}
	return id, nil
}

type termInserter struct {
	seg       int64
	term, pos *sql.Stmt
}

func newTermInserter(ctx context.Context, tx *sql.Tx, seg int64) (*termInserter, error) {
	term, err := tx.PrepareContext(ctx, `INSERT INTO ix_terms (term, seg, n, docs) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	pos, err := tx.PrepareContext(ctx, `INSERT INTO ix_positions (id, data) VALUES (?, ?)`)
	if err != nil {
		term.Close()
		return nil, err
	}
	return &termInserter{seg: seg, term: term, pos: pos}, nil
}

func (t *termInserter) insert(ctx context.Context, term postings.Term) error {
	r, err := t.term.ExecContext(ctx, term.Name, t.seg, term.N, term.Docs)
	if err != nil {
		return err
	}
	if term.Pos == nil {
		return nil
	}
	id, err := r.LastInsertId()
	if err != nil {
		return err
	}
	_, err = t.pos.ExecContext(ctx, id, term.Pos)
	return err
}

func (t *termInserter) close() {
	t.term.Close()
	t.pos.Close()
}

// sizeClass is the class of a segment of n units (see mergeFactor).
func sizeClass(n int64) int {
	if n <= 1 {
		return 0
	}
	return int(math.Log(float64(n)) / math.Log(mergeFactor))
}

// mergeTiered merges every size class that has mergeFactor segments,
// until none has.
func mergeTiered(ctx context.Context, tx *sql.Tx) error {
	for {
		rows, err := tx.QueryContext(ctx, `SELECT seg, units FROM ix_segments ORDER BY seg`)
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
		if err := mergeSegments(ctx, tx, full); err != nil {
			return err
		}
	}
}

// mergeAll merges the whole index into one segment, dropping every dead
// unit and marker.
func mergeAll(ctx context.Context, tx *sql.Tx) error {
	ids, err := segmentIDs(ctx, tx)
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
	return mergeSegments(ctx, tx, ids)
}

// segmentIDs lists the numbers of the index's segments, ascending.
func segmentIDs(ctx context.Context, tx *sql.Tx) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT seg FROM ix_segments ORDER BY seg`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// mergeSegments replaces the segments ids by one holding their live units.
func mergeSegments(ctx context.Context, tx *sql.Tx, ids []int64) error {
	deadDocs, err := readDead(ctx, tx)
	if err != nil {
		return err
	}
	keys := make([][]int64, len(ids))
	lens := make([][]uint32, len(ids))
	dead := make([][]bool, len(ids))
	cursors := make([]*termCursor, len(ids))
	for i, id := range ids {
		sd, err := readSegment(ctx, tx, id)
		if err != nil {
			return err
		}
		keys[i], lens[i] = sd.Keys, sd.Lens
		cursors[i] = &termCursor{seg: id}
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
	if !small {
		if err := tx.QueryRowContext(ctx, `INSERT INTO ix_segments (units, tokens, keys, lens) VALUES (?, ?, ?, ?) RETURNING seg`,
			seg.Units, seg.Tokens, seg.Keys, seg.Lens).Scan(&id); err != nil {
			return err
		}
		if ins, err = newTermInserter(ctx, tx, id); err != nil {
			return err
		}
		defer ins.close()
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
		if _, err := insertSegment(ctx, tx, seg); err != nil {
			return err
		}
	}
	for _, sid := range ids {
		for _, q := range []string{
			`DELETE FROM ix_positions WHERE id IN (SELECT id FROM ix_terms WHERE seg = ?)`,
			`DELETE FROM ix_terms WHERE seg = ?`,
			`DELETE FROM ix_segments WHERE seg = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, sid); err != nil {
				return err
			}
		}
	}
	// A marker no segment is old enough for any more hides nothing.
	_, err = tx.ExecContext(ctx, `DELETE FROM ix_dead WHERE seg <= (SELECT min(seg) FROM ix_segments)`)
	return err
}

// termCursor reads one segment's terms in order, a chunk at a time, so
// that no statement is open while the merge writes.
type termCursor struct {
	seg   int64
	buf   []postings.Stored
	after string
	done  bool
}

const termChunk = 256

func (c *termCursor) peek(ctx context.Context, tx *sql.Tx) (postings.Stored, bool, error) {
	if len(c.buf) == 0 && !c.done {
		rows, err := tx.QueryContext(ctx, `SELECT t.term, t.n, t.docs, p.data FROM ix_terms AS t
			LEFT JOIN ix_positions AS p ON p.id = t.id
			WHERE t.seg = ? AND t.term > ? ORDER BY t.term LIMIT ?`, c.seg, c.after, termChunk)
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

// readDead reads the dead markers: document key → segment number.
func readDead(ctx context.Context, q querier) (map[int64]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT doc, seg FROM ix_dead`)
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

// readSegment reads and decodes a segment's units.
func readSegment(ctx context.Context, q querier, id int64) (*postings.SegData, error) {
	var units int
	var tokens int64
	var keys, lens, packed []byte
	if err := q.QueryRowContext(ctx, `SELECT units, tokens, keys, lens, packed FROM ix_segments WHERE seg = ?`, id).
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

// ixCache keeps the decoded segments (immutable, by number) and the
// snapshot of the latest generation read.
type ixCache struct {
	mu   sync.Mutex
	segs map[int64]*postings.SegData
	gen  int64
	snap *postings.Snapshot
}

// ixSnapshot returns the index as the read transaction tx sees it, at
// generation gen; nil when it is not built, or of another format (see
// ensureIx).
func (s *Store) ixSnapshot(ctx context.Context, tx *sql.Tx, gen int64) (*postings.Snapshot, error) {
	// A snapshot is cached only for an index of this format, and a
	// rebuild moves the generation on: the format need not be read again
	// for every search of the same generation.
	c := &s.ix
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
	if format != ixFormat {
		return nil, nil
	}
	ids, err := segmentIDs(ctx, tx)
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
			if sd, err = readSegment(ctx, tx, id); err != nil {
				return nil, err
			}
		}
		segs = append(segs, sd)
		keep[id] = sd
	}
	dead, err := readDead(ctx, tx)
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

// ixSource reads posting lists in a read transaction.
type ixSource struct {
	s  *Store
	tx *sql.Tx
}

// The statements of ixSource, prepared once on the read pool.
const (
	sqlIxTerm     = `SELECT t.term, t.seg, t.n, t.docs, NULL FROM ix_terms AS t WHERE t.term = ?`
	sqlIxTermPos  = `SELECT t.term, t.seg, t.n, t.docs, p.data FROM ix_terms AS t LEFT JOIN ix_positions AS p ON p.id = t.id WHERE t.term = ?`
	sqlIxRange    = `SELECT t.term, t.seg, t.n, t.docs, NULL FROM ix_terms AS t WHERE t.term >= ? AND t.term < ?`
	sqlIxRangePos = `SELECT t.term, t.seg, t.n, t.docs, p.data FROM ix_terms AS t LEFT JOIN ix_positions AS p ON p.id = t.id WHERE t.term >= ? AND t.term < ?`
)

func (src ixSource) Lists(ctx context.Context, term string, positions bool) ([]postings.Stored, error) {
	if positions {
		return src.read(ctx, sqlIxTermPos, term)
	}
	return src.read(ctx, sqlIxTerm, term)
}

func (src ixSource) Range(ctx context.Context, prefix string, positions bool) ([]postings.Stored, error) {
	// Terms are compared as bytes; no UTF-8 text holds the byte 0xff.
	if positions {
		return src.read(ctx, sqlIxRangePos, prefix, prefix+"\xff")
	}
	return src.read(ctx, sqlIxRange, prefix, prefix+"\xff")
}

func (src ixSource) read(ctx context.Context, q string, args ...any) ([]postings.Stored, error) {
	rows, err := src.s.readStmt(ctx, src.tx, q).QueryContext(ctx, args...)
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

// ixBuildUnits is how many units a rebuild indexes per segment before
// merging.
const ixBuildUnits = 20000

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
	for _, q := range []string{`DELETE FROM ix_positions`, `DELETE FROM ix_terms`, `DELETE FROM ix_segments`, `DELETE FROM ix_dead`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&total); err != nil {
		return err
	}
	var b postings.Builder
	var last int64
	done := 0
	for {
		keys, docs, err := currentBatch(ctx, tx, last, 256)
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
			for _, u := range search.Units(docs[i]) {
				units[i] = append(units[i], ixUnit(archive.UnitKey(docs[i].Date, keys[i], u.Index), u, nil, tok))
			}
		})
		for _, us := range units {
			for _, u := range us {
				b.Add(u)
			}
		}
		done += len(docs)
		last = keys[len(keys)-1]
		if b.Len() >= ixBuildUnits {
			if _, err := insertSegment(ctx, tx, b.Build()); err != nil {
				return err
			}
			if err := mergeTiered(ctx, tx); err != nil {
				return err
			}
		}
		if progress != nil {
			progress(done, total)
		}
	}
	if b.Len() > 0 {
		if _, err := insertSegment(ctx, tx, b.Build()); err != nil {
			return err
		}
	}
	if err := mergeAll(ctx, tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE settings SET value = ? WHERE key = 'ix_format'`, ixFormat); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, sqlGeneration); err != nil {
		return err
	}
	return tx.Commit()
}

// ixExpr compiles a text query node: its positive part (nil when none)
// and the parts it excludes. Words without a searchable term (a dash, an
// emoji) are dropped, an exclusion inside OR is dropped, and exclusions
// apply to the AND they stand in.
func ixExpr(tok *search.Tokenizer, n transcript.Node) (pos postings.Expr, neg []postings.Expr) {
	switch n := n.(type) {
	case transcript.Word:
		terms := tok.Terms(n.Text, !n.Prefix)
		if len(terms) == 0 {
			return nil, nil
		}
		return &postings.Leaf{Slots: terms, Prefix: n.Prefix}, nil
	case transcript.Phrase:
		terms := tok.Terms(n.Text, true)
		if len(terms) == 0 {
			return nil, nil
		}
		return &postings.Leaf{Slots: terms}, nil
	case transcript.Not:
		p, _ := ixExpr(tok, n.Node)
		if p == nil {
			return nil, nil
		}
		return nil, []postings.Expr{p}
	case transcript.And:
		var ps postings.And
		for _, c := range n.Nodes {
			p, ns := ixExpr(tok, c)
			if p != nil {
				ps = append(ps, p)
			}
			neg = append(neg, ns...)
		}
		if len(ps) == 0 {
			return nil, neg
		}
		var e postings.Expr = ps
		if len(ps) == 1 {
			e = ps[0]
		}
		for _, x := range neg {
			e = postings.Not{Expr: e, Except: x}
		}
		return e, nil
	case transcript.Or:
		var ps postings.Or
		for _, c := range n.Nodes {
			if p, _ := ixExpr(tok, c); p != nil {
				ps = append(ps, p)
			}
		}
		switch len(ps) {
		case 0:
			return nil, nil
		case 1:
			return ps[0], nil
		}
		return ps, nil
	}
	return nil, nil
}

// metaLeaf matches units holding any of tokens in the meta column.
func metaLeaf(tokens ...string) *postings.Leaf {
	return &postings.Leaf{Slots: tokens, Meta: true}
}

// compileIx builds the expression of a plan: the text's positive part,
// every positive filter group, and what a plan without either starts
// from (every header, or every unit), less the text's and filters'
// exclusions.
func compileIx(tok *search.Tokenizer, q *transcript.Query, groups []archive.FilterGroup, headers, onlyNeg bool) postings.Expr {
	var pos postings.And
	var neg []postings.Expr
	if q.Text != nil {
		p, n := ixExpr(tok, q.Text)
		if p != nil {
			pos = append(pos, p)
		}
		neg = append(neg, n...)
	}
	for _, g := range groups {
		if g.Negated {
			neg = append(neg, metaLeaf(g.Tokens...))
		} else {
			pos = append(pos, metaLeaf(g.Tokens...))
		}
	}
	switch {
	case headers:
		pos = append(pos, metaLeaf(search.MetaToken(search.FieldHeader, "")))
	case onlyNeg:
		pos = append(pos, metaLeaf(search.MetaToken(search.FieldHeader, ""),
			search.MetaToken(search.FieldLang, "en"), search.MetaToken(search.FieldLang, "ru")))
	}
	var e postings.Expr = pos
	if len(pos) == 1 {
		e = pos[0]
	}
	for _, x := range neg {
		e = postings.Not{Expr: e, Except: x}
	}
	return e
}

// searchIx answers a search from the archive's own index: one pass of
// the postings gives every match in key order (and its bm25 rank for a
// relevance sort), from which the counts, facets and the page come. The
// whole result is ranked, however many match: the evaluator scores a
// match in well under a microsecond.
func (s *Store) searchIx(ctx context.Context, tx *sql.Tx, sn *postings.Snapshot, p *plan, cur *archive.Cursor,
	facets bool, sortBy string, limit, perDoc int) (*transcript.SearchResult, error) {
	m, err := sn.Search(ctx, ixSource{s, tx}, p.expr, p.lo, p.hi, sortBy == transcript.SortRelevance)
	if err != nil {
		return nil, err
	}
	sc := &scan{}
	for _, k := range m.Keys {
		sc.add(k)
	}
	res := &transcript.SearchResult{Total: sc.total, Documents: sc.docs}
	if facets {
		newest := make([]int64, 0, min(s.facetWindow, len(m.Keys)))
		for i := len(m.Keys) - 1; i >= 0 && len(newest) < s.facetWindow; i-- {
			newest = append(newest, m.Keys[i])
		}
		if res.Facets, res.Total, res.Documents, err = s.facets(ctx, tx, sc, newest); err != nil {
			return nil, err
		}
	}
	var page []archive.DocUnits
	if sortBy == transcript.SortRelevance {
		page, res.Next = archive.RankDocs(m.Keys, m.Rank, cur, limit, cursorEngine, p.id)
	} else {
		page, res.Next = pageKeys(m.Keys, p, cur, limit, sortBy == transcript.SortNewest)
	}
	if res.Hits, err = s.hits(ctx, tx, p, page, perDoc); err != nil {
		return nil, err
	}
	return res, nil
}

// pageKeys cuts a page by date out of matching keys in ascending order.
func pageKeys(keys []int64, p *plan, cur *archive.Cursor, limit int, newest bool) ([]archive.DocUnits, string) {
	dp := archive.DatePage{Limit: limit, Newest: newest, Engine: cursorEngine, Plan: p.id}
	if newest {
		i := len(keys)
		if cur != nil {
			i, _ = slices.BinarySearch(keys, cur.Key)
		}
		for i--; i >= 0 && dp.Add(keys[i]); i-- {
		}
	} else {
		i := 0
		if cur != nil {
			i, _ = slices.BinarySearch(keys, cur.Key+archive.MaxUnit+1)
		}
		for ; i < len(keys) && dp.Add(keys[i]); i++ {
		}
	}
	return dp.Done()
}

// readStatements are prepared once on the read pool (database/sql then
// prepares each on a connection the first time it runs there): parsing
// the SQL of every posting list and every hit was a tenth of a search.
var readStatements = []string{sqlIxTerm, sqlIxTermPos, sqlIxRange, sqlIxRangePos, sqlHitDocument, sqlHitTurn}

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
	if !countable(q) {
		return nil, false, nil
	}
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, false, err
	}
	defer tx.Rollback()
	p, err := s.compile(ctx, tx, q)
	if err != nil {
		return nil, false, err
	}
	gen, err := generation(ctx, tx)
	if err != nil {
		return nil, false, err
	}
	sn, err := s.ixSnapshot(ctx, tx, gen)
	if err != nil || sn == nil {
		return nil, false, err
	}
	var dv *archive.DocValues
	if byPerson {
		if dv = s.docValues.Get(gen, s.loadDocValues); dv == nil {
			if dv, err = s.loadDocValues(ctx); err != nil {
				return nil, false, err
			}
			if dv.Gen != gen {
				return nil, false, nil // written meanwhile: read the turns
			}
		}
	}
	leaf := textLeaf(p.expr)
	if leaf == nil {
		return nil, false, nil
	}
	src := ixSource{s, tx}
	keys, tf, err := sn.Occurrences(ctx, src, p.expr, leaf, p.lo, p.hi)
	if err != nil {
		return nil, false, err
	}
	// The language of each match's document: which of them lang:en and
	// lang:ru match.
	lang := map[int64]string{}
	for _, l := range []string{"en", "ru"} {
		e := postings.And{p.expr, metaLeaf(search.MetaToken(search.FieldLang, l))}
		lk, _, err := sn.Occurrences(ctx, src, e, leaf, p.lo, p.hi)
		if err != nil {
			return nil, false, err
		}
		for _, k := range lk {
			lang[k>>archive.DocShift] = l
		}
	}
	type group struct{ month, lang, person string }
	sums := map[group]*transcript.OccurrenceCount{}
	for i, k := range keys {
		if archive.KeyUnit(k) == 0 {
			continue // a header: titles and leads are no turns
		}
		g := group{month: archive.KeyMonth(k), lang: lang[k>>archive.DocShift]}
		if dv != nil {
			g.person = dv.Person(k)
		}
		c := sums[g]
		if c == nil {
			c = &transcript.OccurrenceCount{Month: g.month, Language: g.lang, Person: g.person}
			sums[g] = c
		}
		c.Hits += int64(tf[i])
		c.Turns++
	}
	out := make([]transcript.OccurrenceCount, 0, len(sums))
	for _, c := range sums {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b transcript.OccurrenceCount) int {
		return strings.Compare(a.Month+"\x00"+a.Language+"\x00"+a.Person, b.Month+"\x00"+b.Language+"\x00"+b.Person)
	})
	return out, true, nil
}

// countable reports whether the index counts q's occurrences as a
// concordance does: one word or phrase, not a prefix, whose terms do not
// repeat (a concordance does not count overlapping occurrences of
// "very very" in "very very very"; the index would).
func countable(q *transcript.Query) bool {
	tok := tokenizers.Get().(*search.Tokenizer)
	defer tokenizers.Put(tok)
	var terms []string
	switch n := q.Text.(type) {
	case transcript.Word:
		if n.Prefix {
			return false
		}
		terms = tok.Terms(n.Text, true)
	case transcript.Phrase:
		terms = tok.Terms(n.Text, true)
	default:
		return false
	}
	if len(terms) == 0 {
		return false
	}
	seen := map[string]bool{}
	for _, t := range terms {
		if seen[t] {
			return false
		}
		seen[t] = true
	}
	return true
}

// textLeaf finds the one text leaf of an expression compiled from a
// query of one word or phrase.
func textLeaf(e postings.Expr) *postings.Leaf {
	switch e := e.(type) {
	case *postings.Leaf:
		if !e.Meta {
			return e
		}
	case postings.And:
		for _, c := range e {
			if l := textLeaf(c); l != nil {
				return l
			}
		}
	case postings.Not:
		return textLeaf(e.Expr)
	}
	return nil
}

// Warm reads, in the caller, what searches otherwise read on first use:
// the doc values of facets and the own index's segments. A server calls
// it as it starts, so that its first faceted search does not pay for the
// load (0.8 s of CPU at 100,000 documents).
func (s *Store) Warm(ctx context.Context) error {
	dv, err := s.loadDocValues(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: warm: %w", err)
	}
	s.docValues.Put(dv)
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
