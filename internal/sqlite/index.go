package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/ext/fts5"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/postings"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Unit keys (the rowids of the search table) are archive.UnitKey's: see
// migrations/0002_search.sql.

// MaxTurns is the most turns a document may have to be searchable.
const MaxTurns = archive.MaxTurns

// initConn registers the FTS5 extension and Rostrum's tokenizer on every
// new connection of the read pool.
func initConn(c *sqlite3.Conn) error {
	if err := registerScan(c); err != nil {
		return err
	}
	return registerTokenizer(c, nil)
}

// initWriteConn does the same for the writer, whose tokenizer first looks
// for the text's terms among those computed ahead by prepare.
func (s *Store) initWriteConn(c *sqlite3.Conn) error { return registerTokenizer(c, &s.pretok) }

func registerTokenizer(c *sqlite3.Conn, pre *pretokens) error {
	return fts5.RegisterCustom(c, func(api *fts5.API) error {
		if err := api.CreateTokenizer("rostrum", func([]string) (fts5.Tokenizer, error) {
			return &ftsTokenizer{tok: search.NewTokenizer(), pre: pre}, nil
		}); err != nil {
			return err
		}
		return api.CreateFunction(windowRankFunction, windowRank)
	})
}

// windowRankFunction scores the matches of a search whose ranking is
// bounded to the newest RankWindow units (see pageByRank).
const windowRankFunction = "rostrum_window_rank"

// windowRankWeights weigh a match in the title, lead, body and meta
// columns, as the bm25 weights of the table's rank do.
var windowRankWeights = [...]float64{10, 5, 1, 0}

// windowRank is the score of a match when ranking is bounded to the
// newest units: for each phrase of the query and each column it occurs
// in, the column's weight times tf/(tf+1.2), bm25's saturation of
// repeated words, negated so that the best sorts first as with rank.
// Unlike bm25 it reads neither the unit's length (a B-tree lookup per
// row) nor the phrases' document frequencies (a pass over each phrase's
// whole doclist per query), which were most of the cost of ranking a
// common word: 49.5 → 21.9 ms of CPU for the newest 10,000 of
// "russia"'s 136,800 matches at 100,000 documents. So a title match
// still ranks above a body match and more occurrences above fewer, but
// rare words do not outweigh common ones and short turns do not
// outrank long ones; that is the price of a result already approximate,
// ranked only among its newest matches.
func windowRank(fts fts5.Context, ctx sqlite3.Context, _ ...sqlite3.Value) {
	n, err := fts.InstCount()
	if err != nil {
		ctx.ResultError(err)
		return
	}
	const phrases = 16
	var tf [phrases][len(windowRankWeights)]float64
	for i := 0; i < n; i++ {
		p, c, _, err := fts.Inst(i)
		if err != nil {
			ctx.ResultError(err)
			return
		}
		if p < phrases && c < len(windowRankWeights) {
			tf[p][c]++
		}
	}
	score := 0.0
	for p := range tf {
		for c, f := range tf[p] {
			if f > 0 {
				score += windowRankWeights[c] * f / (f + 1.2)
			}
		}
	}
	ctx.ResultFloat(-score)
}

// ftsTokenizer adapts search.Tokenizer to FTS5. One instance serves one
// table on one connection, which SQLite never uses from two goroutines at
// once. Words of a prefix query (word*) are folded but not stemmed.
type ftsTokenizer struct {
	tok *search.Tokenizer
	pre *pretokens // nil on read connections
}

func (t *ftsTokenizer) Tokenize(flags fts5.TokenizeFlag, text, _ string, emit fts5.TokenCallback) error {
	if t.pre != nil && flags&fts5.TOKENIZE_DOCUMENT != 0 {
		if toks, ok := t.pre.get(text); ok {
			for _, tk := range toks {
				if err := emit(0, tk.term, int(tk.start), int(tk.end)); err != nil {
					return err
				}
			}
			return nil
		}
	}
	stem := flags&fts5.TOKENIZE_PREFIX == 0
	return t.tok.Each(text, stem, func(term string, start, end int) error {
		return emit(0, term, start, end)
	})
}

// pretokens holds the terms of texts about to be indexed, computed by
// prepare on every core, so that the single writer only hands them to
// FTS5: tokenizing and stemming was a third of the writer's time.
// Texts are counted, since two documents of a batch may share one (an
// empty lead, the same meta tokens).
type pretokens struct {
	mu sync.Mutex
	m  map[string]*pretokEntry
}

type pretokEntry struct {
	toks []pretok
	refs int
}

type pretok struct {
	term       string
	start, end int32
}

// add tokenizes the texts of doc's units and keeps their terms until
// release.
func (p *pretokens) add(tok *search.Tokenizer, units []search.Unit) {
	for _, u := range units {
		for _, text := range [...]string{u.Title, u.Lead, u.Body, search.MetaText(u.Meta)} {
			if text == "" {
				continue
			}
			var toks []pretok
			_ = tok.Each(text, true, func(term string, start, end int) error {
				toks = append(toks, pretok{term, int32(start), int32(end)})
				return nil
			})
			p.mu.Lock()
			if p.m == nil {
				p.m = map[string]*pretokEntry{}
			}
			if e := p.m[text]; e != nil {
				e.refs++
			} else {
				p.m[text] = &pretokEntry{toks: toks, refs: 1}
			}
			p.mu.Unlock()
		}
	}
}

// release forgets the texts that add kept for units.
func (p *pretokens) release(units []search.Unit) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, u := range units {
		for _, text := range [...]string{u.Title, u.Lead, u.Body, search.MetaText(u.Meta)} {
			if e := p.m[text]; e != nil {
				if e.refs--; e.refs == 0 {
					delete(p.m, text)
				}
			}
		}
	}
}

func (p *pretokens) get(text string) ([]pretok, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.m[text]
	if e == nil {
		return nil, false
	}
	return e.toks, true
}

// The statements that maintain the index, prepared once on the writer.
const (
	sqlInsertUnit = `INSERT INTO search (rowid, title, lead, body, meta) VALUES (?, ?, ?, ?, ?)`
	sqlDeleteUnit = `DELETE FROM search WHERE rowid = ?`
	sqlGeneration = `UPDATE settings SET value = value + 1 WHERE key = 'generation'`
)

// indexOp is a change to the search index: add the units of doc stored
// under key or, when doc is nil, remove the units of the version stored
// under key dated date with turns turns.
type indexOp struct {
	key   int64
	doc   *transcript.Document
	units []search.Unit // doc's, when already computed
	// ixUnits are units' terms for the own index, when already
	// computed, in the same order, their keys unset.
	ixUnits []postings.Unit
	date    string
	turns   int
}

// index makes op now, or keeps it for later when the writer defers them.
func (w *writer) index(op indexOp) {
	if w.deferIndex {
		w.ops = append(w.ops, op)
		return
	}
	w.runIndexOp(op)
}

// runIndexOps makes the changes of a batch in the order that costs FTS5
// least: all removals, then all additions, each in ascending rowid order.
// FTS5 keeps pending terms in memory until a rowid comes lower than the
// one before or a removal follows an addition; then it writes a segment.
// Since a document may change twice in one batch, ops are first reduced
// to their net effect per document: remove what was indexed before the
// batch, add the last version.
func (w *writer) runIndexOps(ops []indexOp) {
	type net struct {
		remove *indexOp // the units indexed before the batch, if any
		add    *indexOp // the last version's
	}
	byKey := map[int64]*net{}
	var keys []int64
	for i := range ops {
		op := &ops[i]
		n := byKey[op.key]
		if n == nil {
			n = &net{}
			byKey[op.key] = n
			keys = append(keys, op.key)
		}
		switch {
		case op.doc != nil:
			n.add = op
		case n.add == nil && n.remove == nil:
			// Removing what was there before the batch; later removals
			// undo additions of this batch, which are simply not made.
			n.remove = op
		}
	}
	type unitOp struct {
		rowid int64
		u     search.Unit
		ix    *postings.Unit // nil when not computed ahead
	}
	var removals []int64
	var additions []unitOp
	for _, k := range keys {
		n := byKey[k]
		if r := n.remove; r != nil {
			for i := 0; i <= r.turns; i++ {
				removals = append(removals, archive.UnitKey(r.date, r.key, i))
			}
		}
		if a := n.add; a != nil {
			units := a.units
			if units == nil {
				units = search.Units(a.doc)
			}
			for i, u := range units {
				op := unitOp{rowid: archive.UnitKey(a.doc.Date, a.key, u.Index), u: u}
				if a.units != nil && len(a.ixUnits) == len(units) {
					op.ix = &a.ixUnits[i]
				}
				additions = append(additions, op)
			}
		}
	}
	slices.Sort(removals)
	slices.SortFunc(additions, func(a, b unitOp) int { return cmp.Compare(a.rowid, b.rowid) })
	if len(removals) > 0 && w.err == nil {
		stmt := w.stmt(sqlDeleteUnit)
		for _, r := range removals {
			if _, err := stmt.ExecContext(w.ctx, r); err != nil {
				w.err = err
				return
			}
		}
	}
	if len(additions) > 0 && w.err == nil {
		stmt := w.stmt(sqlInsertUnit)
		for _, a := range additions {
			if _, err := stmt.ExecContext(w.ctx, a.rowid, a.u.Title, a.u.Lead, a.u.Body, search.MetaText(a.u.Meta)); err != nil {
				w.err = err
				return
			}
		}
	}
	if w.err != nil || len(removals) == 0 && len(additions) == 0 {
		return
	}
	// The archive's own index: one segment for the batch, and a dead
	// marker for every document whose earlier units it replaces.
	tok := tokenizers.Get().(*search.Tokenizer)
	defer tokenizers.Put(tok)
	var b postings.Builder
	for _, a := range additions {
		if a.ix != nil {
			u := *a.ix
			u.Key = a.rowid
			b.Add(u)
			continue
		}
		b.Add(ixUnit(a.rowid, a.u, w.pre, tok))
	}
	var dead []int64
	for _, k := range keys {
		if r := byKey[k].remove; r != nil {
			dead = append(dead, archive.UnitKey(r.date, r.key, 0)>>archive.DocShift)
		}
	}
	if err := writeSegment(w.ctx, w.tx, &b, dead); err != nil {
		w.err = fmt.Errorf("search index: %w", err)
	}
}

func (w *writer) runIndexOp(op indexOp) {
	if op.doc != nil {
		w.indexUnits(op.key, op.doc, op.units)
	} else {
		w.unindexUnits(op.key, op.date, op.turns)
	}
}

// indexUnits adds the searchable units of doc, stored under key.
func (w *writer) indexUnits(key int64, doc *transcript.Document, units []search.Unit) {
	if w.err != nil {
		return
	}
	if units == nil {
		units = search.Units(doc)
	}
	stmt := w.stmt(sqlInsertUnit)
	for _, u := range units {
		if _, err := stmt.ExecContext(w.ctx, archive.UnitKey(doc.Date, key, u.Index),
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
		if _, err := stmt.ExecContext(w.ctx, archive.UnitKey(date, key, i)); err != nil {
			w.err = err
			return
		}
	}
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
		// A bulk load that was killed left FTS5's merging off and the
		// index in many segments. Turning merging back on here would make
		// the next write to the index (the next ingest's first batch)
		// merge them all, seconds before anything is stored, after every
		// kill; the merge is recorded as owed instead, and done at the end
		// of the next large enough ingest or by the next serve
		// (PayMerge).
		if n, err := s.automerge(ctx); err == nil && n == 0 {
			return s.oweMerge(ctx, true)
		}
		return nil
	}
	if err := s.Reindex(ctx); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// OptimizeThreshold is the number of documents written in one go after
// which a caller should Optimize.
const OptimizeThreshold = 2000

// defaultAutomerge is FTS5's own setting: merge a level's segments once
// it has four.
const defaultAutomerge = 4

// StartBulk prepares the index for a bulk load: FTS5 stops merging
// segments as it writes (merges took a quarter of a large ingest's writer
// time, to be redone by Optimize at the end), leaving only its "crisis"
// merges at 16 segments a level. EndBulk undoes it; for a load that was
// killed, Open records the merge as owed (MergeOwed) and the next EndBulk
// or a server (PayMerge) does it.
func (s *Store) StartBulk(ctx context.Context) error {
	if n, err := s.automerge(ctx); err == nil && n == 0 {
		return nil // left off by a killed load: writing the setting would start merging
	}
	return s.setAutomerge(ctx, 0)
}

// EndBulk ends a bulk load: it merges the whole index when optimize is
// set (PayMerge), else only the segments written since StartBulk, and
// restores FTS5's merging as it writes. When a merge is owed (MergeOwed:
// an earlier load was killed, or OweMerge was called) and optimize is not
// set, it leaves the index as it is for PayMerge: turning merging back on
// would make the next write merge every segment, seconds before it
// stores anything.
func (s *Store) EndBulk(ctx context.Context, optimize bool) error {
	if optimize {
		return s.PayMerge(ctx)
	}
	if owed, err := s.MergeOwed(ctx); err != nil || owed {
		return err
	}
	if err := s.setAutomerge(ctx, defaultAutomerge); err != nil {
		return err
	}
	// A bounded merge: about as much as automerge would have done.
	if _, err := s.write.ExecContext(ctx, `INSERT INTO search (search, rank) VALUES ('merge', 500)`); err != nil {
		return fmt.Errorf("sqlite: merge %s: %w", s.path, err)
	}
	return nil
}

// OweMerge records that the search index needs a whole merge, for a bulk
// load that stops early after writing much: the next large enough load
// or the next server does it (PayMerge) instead of the user waiting.
func (s *Store) OweMerge(ctx context.Context) error { return s.oweMerge(ctx, true) }

// MergeOwed reports whether a merge of the search index is owed: a bulk
// load was killed before it merged, or its merge was.
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

// PayMerge merges the whole search index (Optimize) and turns FTS5's
// merging as it writes back on, with the merge recorded as owed until it
// is done. A server calls it at start when MergeOwed says so.
func (s *Store) PayMerge(ctx context.Context) error {
	if err := s.oweMerge(ctx, true); err != nil {
		return err
	}
	if err := s.Optimize(ctx); err != nil {
		return err
	}
	if err := s.setAutomerge(ctx, defaultAutomerge); err != nil {
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

// automerge reads FTS5's automerge setting (its default when unset).
func (s *Store) automerge(ctx context.Context) (int64, error) {
	var merge sql.NullInt64
	err := s.write.QueryRowContext(ctx, `SELECT v FROM search_config WHERE k = 'automerge'`).Scan(&merge)
	switch {
	case errors.Is(err, sql.ErrNoRows) || err == nil && !merge.Valid:
		return defaultAutomerge, nil
	case err != nil:
		return 0, err
	}
	return merge.Int64, nil
}

func (s *Store) setAutomerge(ctx context.Context, n int) error {
	if _, err := s.write.ExecContext(ctx, `INSERT INTO search (search, rank) VALUES ('automerge', ?)`, n); err != nil {
		return fmt.Errorf("sqlite: automerge %s: %w", s.path, err)
	}
	return nil
}

// Optimize merges the search index into one segment. Bulk ingest leaves
// it in many small segments, one per batch, which every query must read
// one by one; merged, queries on a 100,000-document archive were about
// twice as fast. It holds the write lock while it works (about 10 s per
// 100,000 documents on a 2-core machine).
//
// It merges the archive's own index (ix.go) into one segment too, in a
// transaction of its own.
func (s *Store) Optimize(ctx context.Context) error {
	if _, err := s.write.ExecContext(ctx, `INSERT INTO search (search) VALUES ('optimize')`); err != nil {
		return fmt.Errorf("sqlite: optimize %s: %w", s.path, err)
	}
	if err := s.optimizeIx(ctx); err != nil {
		return fmt.Errorf("sqlite: optimize %s: search index: %w", s.path, err)
	}
	return nil
}

func (s *Store) optimizeIx(ctx context.Context) (err error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, tx.Rollback())
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
				if _, err := insert.ExecContext(ctx, archive.UnitKey(doc.Date, keys[i], u.Index),
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
	return archive.ScanKeyed(rows)
}
