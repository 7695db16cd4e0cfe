package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/ixstore"
	"github.com/rostrum/rostrum/internal/postings"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/sqlstore"
	"github.com/rostrum/rostrum/internal/transcript"
)

// storedAtLayout is how versions.stored_at is written: RFC 3339 in UTC
// with fixed nanoseconds, so that the text sorts as the time does.
const storedAtLayout = "2006-01-02T15:04:05.000000000Z07:00"

// Put stores doc and its raw input, as transcript.Store requires. The
// whole change (document, version, raw input and derived rows) is one
// transaction; writers queue for the store's single write connection.
func (s *Store) Put(ctx context.Context, doc *transcript.Document, raw transcript.Raw) (transcript.PutResult, error) {
	var ops []indexOp
	_, res, err := s.batch(ctx, &ops).One(ctx, doc, raw, nil)
	return res, err
}

// PutBatch stores several documents in one transaction, as
// transcript.Store requires: each is applied under its own savepoint, so
// a document that fails is rolled back alone and the rest commit together.
// Bulk ingest uses it to pay for one commit per batch instead of one per
// document. Concurrent calls prepare their documents in parallel (on
// every core) and write them alone, in the order the calls were made, so
// a caller may keep two batches in flight: one being written while the
// next is prepared.
func (s *Store) PutBatch(ctx context.Context, docs []*transcript.Document, raws []transcript.Raw) ([]transcript.PutResult, []error) {
	var ops []indexOp
	_, results, errs := s.batch(ctx, &ops).Run(ctx, docs, raws, &s.order)
	return results, errs
}

// batch is how Put and PutBatch write, gathering the changes to the
// search index in ops.
func (s *Store) batch(ctx context.Context, ops *[]indexOp) sqlstore.Batch[pending] {
	return sqlstore.Batch[pending]{
		Name:   "sqlite",
		Store:  &s.Store,
		Derive: s.derive,
		Base:   func(p *pending) *sqlstore.Prepared { return &p.Prepared },
		Begin:  func() (*sql.Tx, error) { return s.write.BeginTx(ctx, nil) },
		Apply: func(tx *sql.Tx, p *pending) (transcript.PutResult, error) {
			w := writer{ctx: ctx, tx: tx, stmts: s.stmts, deferIndex: true}
			res, err := s.apply(&w, p)
			if err == nil {
				*ops = append(*ops, w.ops...)
			}
			return res, err
		},
		// The search index is updated for the whole batch at once, outside
		// the savepoints: one segment for the batch, since a segment per
		// document would cost more than all the rest of ingest, and the
		// merges to undo it as much again.
		Finish: func(tx *sql.Tx) error {
			w := writer{ctx: ctx, tx: tx, stmts: s.stmts}
			w.runIndexOps(*ops)
			return w.err
		},
		Generation: sqlGeneration,
	}
}

// pending is a document ready to be written: everything that can be
// computed without the write lock is done.
type pending struct {
	sqlstore.Prepared
	units   []search.Unit   // searchable units
	words   []int64         // each turn's words (ixstore.TurnWords)
	ixUnits []postings.Unit // units' terms for the own index, keys unset
}

// derive tokenizes a document that sqlstore prepared to write, for the
// search index, and counts its words, outside the write lock: on every
// core, where the single writer would do it alone.
func (s *Store) derive(base sqlstore.Prepared) *pending {
	p, doc := &pending{Prepared: base}, base.Doc
	p.units = search.Units(doc)
	tok := tokenizers.Get().(*search.Tokenizer)
	p.ixUnits = ixstore.Units(tok, p.units)
	tokenizers.Put(tok)
	p.words = ixstore.TurnWords(p.ixUnits)
	return p
}

// apply writes a prepared document inside the writer's transaction.
func (s *Store) apply(w *writer, p *pending) (res transcript.PutResult, err error) {
	ctx, doc, raw := w.ctx, p.Doc, p.Raw
	var cur sqlstore.Current
	err = w.stmt(sqlCurrent).QueryRowContext(ctx, doc.ID).Scan(&cur.Key, &cur.Version, &cur.Hash, &cur.Date)
	res, cause, err := sqlstore.Head(&p.Prepared, cur, err, func(rawHash string, key int64, n int) *sql.Row {
		return w.stmt(sqlPrevious).QueryRowContext(ctx, rawHash, key, n)
	})
	if err != nil || res.Status == transcript.Unchanged {
		return res, err
	}
	key := cur.Key

	if p.Packed != nil {
		w.exec(sqlInsertRaw, p.RawHash, len(raw.Bytes), p.Packed)
	}
	c := p.Columns()
	var affected []string
	if res.Status == transcript.Inserted {
		err = w.stmt(sqlInsertDocument).QueryRowContext(ctx, append([]any{doc.ID}, c.Document...)...).Scan(&key)
		if err != nil {
			return res, err
		}
		if key > archive.MaxDoc {
			return res, fmt.Errorf("%w: the archive holds more documents than the search index can key", transcript.ErrInvalid)
		}
	} else {
		w.index(indexOp{key: key, date: cur.Date.String})
		affected = w.removeDerived(key)
		w.exec(sqlUpdateDocument, append(append([]any{res.Version}, c.Document...), key)...)
	}
	w.exec(sqlInsertVersion, s.Version(&p.Prepared, c, key, res, cause)...)
	w.addDerived(key, doc, p.words, p.Spans)
	w.index(indexOp{key: key, doc: doc, units: p.units, ixUnits: p.ixUnits})
	w.refreshPersons(affected, doc)
	return res, w.err
}

// The statements of Put, prepared once on the write connection.
const (
	sqlInsertRaw = `INSERT INTO raw_inputs (hash, size, compression, data) VALUES (?, ?, 'gzip', ?)
			ON CONFLICT (hash) DO NOTHING`
	sqlUpdateDocument = sqlstore.SQLUpdateDocument
	sqlInsertVersion  = sqlstore.SQLInsertVersion
	// sqlPrevious reads what archive.CauseAfter needs of a version; the
	// JSON only when the raw input differs from ?1's.
	sqlPrevious = `SELECT raw_hash, format, CASE WHEN raw_hash = ?1 THEN NULL ELSE json END
		FROM versions WHERE doc = ?2 AND number = ?3`
	sqlRemovePersons = `UPDATE persons SET turns = persons.turns - pd.turns, documents = persons.documents - 1
		FROM person_documents AS pd WHERE pd.doc = ? AND pd.person = persons.name`
	sqlRemoveLabels = `UPDATE person_labels SET turns = person_labels.turns - t.n
		FROM (SELECT person, speaker AS label, coalesce(role, '') AS role, count(*) AS n
			FROM turns WHERE doc = ? AND person IS NOT NULL GROUP BY 1, 2, 3) AS t
		WHERE person_labels.person = t.person AND person_labels.label = t.label AND person_labels.role = t.role`
	sqlDeletePersonDocuments = `DELETE FROM person_documents WHERE doc = ?`
	sqlDeleteTurns           = `DELETE FROM turns WHERE doc = ?`
	sqlDeleteTaxonomy        = `DELETE FROM taxonomy WHERE doc = ?`
	sqlAddPerson             = `INSERT INTO persons (name, turns, documents) VALUES (?, ?, 1)
			ON CONFLICT (name) DO UPDATE SET turns = turns + excluded.turns, documents = documents + 1`
	sqlAddPersonDocument = `INSERT INTO person_documents (person, doc, date, turns) VALUES (?, ?, ?, ?)`
	sqlAddLabel          = `INSERT INTO person_labels (person, label, role, turns) VALUES (?, ?, ?, ?)
			ON CONFLICT (person, label, role) DO UPDATE SET turns = turns + excluded.turns`
	sqlAddTerm     = `INSERT INTO taxonomy (doc, kind, term) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`
	sqlDropLabels  = `DELETE FROM person_labels WHERE person = ? AND turns <= 0`
	sqlDropPerson  = `DELETE FROM persons WHERE name = ? AND documents <= 0`
	sqlPersonDates = `UPDATE persons SET
			first_date = (SELECT min(date) FROM person_documents WHERE person = ?1),
			last_date = (SELECT max(date) FROM person_documents WHERE person = ?1)
			WHERE name = ?1`
	sqlInsertTurn = `INSERT INTO turns (turn, doc, idx, speaker, person, role, paragraphs, words, text_at, text_skip, text_len)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	sqlInsertDocument = sqlstore.SQLInsertDocument
	sqlPersonsOf      = `SELECT person FROM person_documents WHERE doc = ?`
	sqlCurrent        = sqlstore.SQLCurrent
)

// writeStatements lists the statements Open prepares.
var writeStatements = []string{
	sqlCurrent, sqlInsertRaw, sqlInsertDocument, sqlUpdateDocument, sqlInsertVersion, sqlPrevious,
	sqlPersonsOf, sqlRemovePersons, sqlRemoveLabels, sqlDeletePersonDocuments, sqlDeleteTurns, sqlDeleteTaxonomy,
	sqlInsertTurn, sqlAddPerson, sqlAddPersonDocument, sqlAddLabel, sqlAddTerm,
	sqlDropLabels, sqlDropPerson, sqlPersonDates, sqlGeneration,
	sqlSetDocumentWords,
}

// writer runs the statements of one Put, keeping the first error so that
// the sequence of statements reads as a list.
type writer struct {
	ctx   context.Context
	tx    *sql.Tx
	stmts map[string]*sql.Stmt // prepared on the write connection
	err   error
	// deferIndex collects the changes to the search index in ops
	// instead of making them.
	deferIndex bool
	ops        []indexOp
}

// stmt returns the transaction's use of a prepared statement.
func (w *writer) stmt(query string) *sql.Stmt {
	return w.tx.StmtContext(w.ctx, w.stmts[query])
}

func (w *writer) exec(query string, args ...any) sql.Result {
	if w.err != nil {
		return nil
	}
	r, err := w.stmt(query).ExecContext(w.ctx, args...)
	if err != nil {
		w.err = err
	}
	return r
}

// removeDerived takes a document's current version out of the derived
// tables and returns the persons whose aggregates it changed.
func (w *writer) removeDerived(key int64) (affected []string) {
	if w.err != nil {
		return nil
	}
	rows, err := w.stmt(sqlPersonsOf).QueryContext(w.ctx, key)
	if err == nil {
		affected, err = sqlstore.Strings(rows)
	}
	if err != nil {
		w.err = err
		return nil
	}
	w.exec(sqlRemovePersons, key)
	w.exec(sqlRemoveLabels, key)
	w.exec(sqlDeletePersonDocuments, key)
	w.exec(sqlDeleteTurns, key)
	w.exec(sqlDeleteTaxonomy, key)
	return affected
}

// addDerived adds doc, the new current version of key, to the derived
// tables; spans locate each turn's text in the stored version.
func (w *writer) addDerived(key int64, doc *transcript.Document, words []int64, spans []archive.TextSpan) {
	if w.err != nil {
		return
	}
	stmt := w.stmt(sqlInsertTurn)
	if words == nil {
		words = turnWords(doc)
	}
	for i, t := range doc.Turns {
		turn := archive.UnitKey(doc.Date, key, t.Index)
		var at, skip, n any
		if i < len(spans) {
			at, skip, n = spans[i].At, spans[i].Skip, spans[i].Len
		}
		if _, err := stmt.ExecContext(w.ctx, turn, key, t.Index, null(t.Speaker), null(t.Person), null(t.Role),
			len(t.Paragraphs), words[i], at, skip, n); err != nil {
			w.err = err
			return
		}
	}
	w.exec(sqlSetDocumentWords, sumWords(words), key)
	persons, labels := archive.PersonTurns(doc)
	for _, p := range persons {
		w.exec(sqlAddPerson,
			p.Person, p.Turns)
		w.exec(sqlAddPersonDocument,
			p.Person, key, null(doc.Date), p.Turns)
	}
	for _, l := range labels {
		w.exec(sqlAddLabel,
			l.Person, l.Label, l.Role, l.Turns)
	}
	for _, t := range archive.Terms(doc) {
		w.exec(sqlAddTerm,
			key, t.Kind, t.Term)
	}
}

// refreshPersons settles the aggregates of the persons that lost or gained
// turns: it drops labels and persons no current version uses any more and
// recomputes first and last appearances, two index seeks per person.
func (w *writer) refreshPersons(removed []string, doc *transcript.Document) {
	for _, p := range archive.AffectedPersons(removed, doc) {
		w.exec(sqlDropLabels, p)
		// Deleting a person cascades to their labels; a person still
		// present gets fresh dates instead.
		w.exec(sqlDropPerson, p)
		w.exec(sqlPersonDates, p)
	}
}

// null maps the document model's empty string to SQL NULL.
func null(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
