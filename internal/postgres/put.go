package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/ixstore"
	"github.com/rostrum/rostrum/internal/postings"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/sqlstore"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Put stores doc and its raw input, as transcript.Store requires. The
// whole change (document, version, raw input and derived rows) is one
// transaction, so readers see all of it or none; writers take turns. It
// is tried again while the server is unavailable (see RetryFor).
func (s *Store) Put(ctx context.Context, doc *transcript.Document, raw transcript.Raw) (transcript.PutResult, error) {
	_, res, err := s.batch(ctx).One(ctx, doc, raw, func(write func() error) error { return s.retry(ctx, write) })
	return res, err
}

// PutBatch stores several documents in one transaction, as
// transcript.Store requires: each is applied under its own savepoint, so
// a document that fails is rolled back alone and the rest commit together.
// Concurrent calls prepare their documents in parallel and write them in
// the order the calls were made, so a caller may keep two batches in
// flight: one being written while the next is prepared. A batch that
// lost the server is written again when it comes back (see RetryFor),
// before the calls made after it.
func (s *Store) PutBatch(ctx context.Context, docs []*transcript.Document, raws []transcript.Raw) ([]transcript.PutResult, []error) {
	_, results, errs := s.batch(ctx).Run(ctx, docs, raws, &s.order)
	return results, errs
}

// batch is how Put and PutBatch write. The documents applied in a write
// transaction are kept for its segment of the search index (writeIx).
func (s *Store) batch(ctx context.Context) sqlstore.Batch[pending] {
	var applied []*pending
	return sqlstore.Batch[pending]{
		Name:   "postgres",
		Store:  &s.Store,
		Derive: s.derive,
		Base:   func(p *pending) *sqlstore.Prepared { return &p.Prepared },
		Begin: func() (*sql.Tx, error) {
			applied = applied[:0]
			return s.writeTx(ctx)
		},
		Apply: func(tx *sql.Tx, p *pending) (transcript.PutResult, error) {
			res, err := s.apply(ctx, tx, p)
			if err == nil {
				applied = append(applied, p)
			}
			return res, err
		},
		Finish:     func(tx *sql.Tx) error { return writeIx(ctx, tx, applied) },
		Generation: sqlGeneration,
		Retry: func(docs []*transcript.Document, raws []transcript.Raw, results []transcript.PutResult, errs []error) {
			s.retryBatch(ctx, docs, raws, results, errs)
		},
	}
}

// pending is a document ready to be written: everything that can be
// computed without the write lock is done.
type pending struct {
	sqlstore.Prepared
	units []search.Unit
	spans []span          // where each turn's object is in the JSON; nil when not found
	ix    []postings.Unit // the terms of each unit for the index, keys unset
	ixc   ixChange        // what apply changed in the index
}

// derive computes the index's terms of each unit of a document that
// sqlstore prepared to write, and where each turn is in its JSON, outside
// the write lock.
func (s *Store) derive(base sqlstore.Prepared) *pending {
	p := &pending{Prepared: base}
	p.units = search.Units(base.Doc)
	if spans, err := spansOf(base.Spans); err == nil && len(spans) == len(base.Doc.Turns) {
		// Else the turns' spans stay NULL, and snippets decode the
		// whole version.
		p.spans = spans
	}
	tok := tokenizers.Get().(*search.Tokenizer)
	p.ix = ixstore.Units(tok, p.units)
	tokenizers.Put(tok)
	return p
}

// apply writes a prepared document inside tx, which holds the write lock.
func (s *Store) apply(ctx context.Context, tx *sql.Tx, p *pending) (res transcript.PutResult, err error) {
	doc, raw := p.Doc, p.Raw
	p.ixc = ixChange{}
	var cur sqlstore.Current
	err = tx.QueryRowContext(ctx, dialect.Q(sqlstore.SQLCurrent), doc.ID).Scan(&cur.Key, &cur.Version, &cur.Hash, &cur.Date)
	res, cause, err := sqlstore.Head(&p.Prepared, cur, err, func(rawHash string, key int64, n int) *sql.Row {
		// The JSON: it is needed only when the raw input differs.
		return tx.QueryRowContext(ctx, `SELECT raw_hash, format, CASE WHEN raw_hash = $1 THEN NULL ELSE json END
				FROM versions WHERE doc = $2 AND number = $3`, rawHash, key, n)
	})
	if err != nil || res.Status == transcript.Unchanged {
		return res, err
	}
	key := cur.Key
	w := writer{ctx: ctx, tx: tx}
	if p.Packed != nil {
		w.exec(dialect.InsertRaw, p.RawHash, len(raw.Bytes), p.Packed)
	}
	c := p.Columns()
	var affected []string
	if res.Status == transcript.Inserted {
		if w.err == nil {
			w.err = tx.QueryRowContext(ctx, dialect.Q(sqlstore.SQLInsertDocument), append([]any{doc.ID}, c.Document...)...).Scan(&key)
		}
		if w.err == nil && key > archive.MaxDoc {
			w.err = fmt.Errorf("%w: the archive holds more documents than the search index can key", transcript.ErrInvalid)
		}
	} else {
		affected = w.removeDerived(key)
		w.exec(dialect.Q(sqlstore.SQLUpdateDocument), append(append([]any{res.Version}, c.Document...), key)...)
	}
	w.exec(dialect.Q(sqlstore.SQLInsertVersion), s.Version(&p.Prepared, c, key, res, cause)...)
	w.addDerived(key, doc, p)
	w.refreshPersons(affected, doc)
	p.ixc = ixChange{key: key, replace: res.Status == transcript.Updated, oldDate: cur.Date.String}
	return res, w.err
}

// writer runs the statements of one Put, keeping the first error so that
// the sequence of statements reads as a list.
type writer struct {
	ctx context.Context
	tx  *sql.Tx
	err error
}

func (w *writer) exec(query string, args ...any) {
	if w.err != nil {
		return
	}
	if _, err := w.tx.ExecContext(w.ctx, query, args...); err != nil {
		w.err = err
	}
}

// sqlRemoveDerived takes document $1's current version out of the derived
// tables in one statement, and returns the persons whose aggregates it
// changed. Every part sees the rows as they were before the statement.
const sqlRemoveDerived = `WITH pd AS (DELETE FROM person_documents WHERE doc = $1 RETURNING person, turns),
	p AS (UPDATE persons SET turns = persons.turns - pd.turns, documents = persons.documents - 1
		FROM pd WHERE pd.person = persons.name),
	l AS (UPDATE person_labels SET turns = person_labels.turns - t.n
		FROM (SELECT person, speaker AS label, coalesce(role, '') AS role, count(*) AS n
			FROM units WHERE doc = $1 AND idx > 0 AND person IS NOT NULL GROUP BY 1, 2, 3) AS t
		WHERE person_labels.person = t.person AND person_labels.label = t.label AND person_labels.role = t.role),
	u AS (DELETE FROM units WHERE doc = $1),
	x AS (DELETE FROM taxonomy WHERE doc = $1)
	SELECT person FROM pd`

// removeDerived takes a document's current version out of the derived
// tables and returns the persons whose aggregates it changed.
func (w *writer) removeDerived(key int64) (affected []string) {
	if w.err != nil {
		return nil
	}
	rows, err := w.tx.QueryContext(w.ctx, sqlRemoveDerived, key)
	if err == nil {
		affected, err = sqlstore.Strings(rows)
	}
	if err != nil {
		w.err = err
		return nil
	}
	return affected
}

// addDerived adds doc, the new current version under key, to the derived
// tables: its units, persons, labels and taxonomy, a statement each. A
// turn's text is not among them: it is in the version.
func (w *writer) addDerived(key int64, doc *transcript.Document, p *pending) {
	n := len(p.units)
	var (
		keys              = make([]int64, n)
		idx, paras        = make([]int32, n), make([]int32, n)
		speakers, persons = make([]string, n), make([]string, n)
		roles             = make([]string, n)
		textAt, textLen   = make([]int32, n), make([]int32, n) // -1: NULL
		textSkip          = make([]int32, n)
	)
	for i, u := range p.units {
		keys[i], idx[i] = archive.UnitKey(doc.Date, key, u.Index), int32(u.Index)
		textAt[i], textSkip[i], textLen[i] = -1, -1, -1
		if u.Index == 0 {
			continue
		}
		t := doc.Turns[u.Index-1]
		speakers[i], persons[i], roles[i], paras[i] = t.Speaker, t.Person, t.Role, int32(len(t.Paragraphs))
		if p.spans != nil {
			sp := p.spans[u.Index-1]
			textAt[i], textSkip[i], textLen[i] = sp.at, sp.skip, sp.n
		}
	}
	words := unitWords(doc, p.units)
	w.exec(`INSERT INTO units (key, doc, idx, speaker, person, role, paragraphs, words, text_at, text_skip, text_len)
		SELECT u.key, $1, u.idx, nullif(u.speaker, ''), nullif(u.person, ''), nullif(u.role, ''), u.paragraphs, u.words,
			nullif(u.text_at, -1), nullif(u.text_skip, -1), nullif(u.text_len, -1)
		FROM unnest($2::bigint[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::integer[], $8::bigint[],
			$9::integer[], $10::integer[], $11::integer[]) AS u (key, idx, speaker, person, role, paragraphs, words, text_at, text_skip, text_len)`,
		key, keys, idx, speakers, persons, roles, paras, words, textAt, textSkip, textLen)
	w.exec(`UPDATE documents SET words = $1 WHERE doc = $2`, sumWords(words), key)

	perPerson, perLabel := archive.PersonTurns(doc)
	if len(perPerson) > 0 {
		names, turns := make([]string, len(perPerson)), make([]int32, len(perPerson))
		for i, c := range perPerson {
			names[i], turns[i] = c.Person, int32(c.Turns)
		}
		w.exec(`INSERT INTO persons (name, turns, documents) SELECT name, turns, 1 FROM unnest($1::text[], $2::integer[]) AS p (name, turns)
			ON CONFLICT (name) DO UPDATE SET turns = persons.turns + excluded.turns, documents = persons.documents + 1`,
			names, turns)
		w.exec(`INSERT INTO person_documents (person, doc, date, turns)
			SELECT name, $1, $2, turns FROM unnest($3::text[], $4::integer[]) AS p (name, turns)`,
			key, null(doc.Date), names, turns)
		n := len(perLabel)
		names, labels, labelRoles, labelCounts := make([]string, n), make([]string, n), make([]string, n), make([]int32, n)
		for i, l := range perLabel {
			names[i], labels[i], labelRoles[i], labelCounts[i] = l.Person, l.Label, l.Role, int32(l.Turns)
		}
		w.exec(`INSERT INTO person_labels (person, label, role, turns)
			SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[])
			ON CONFLICT (person, label, role) DO UPDATE SET turns = person_labels.turns + excluded.turns`,
			names, labels, labelRoles, labelCounts)
	}
	var kinds, terms []string
	for _, t := range archive.Terms(doc) {
		kinds, terms = append(kinds, t.Kind), append(terms, t.Term)
	}
	if len(terms) > 0 {
		w.exec(`INSERT INTO taxonomy (doc, kind, term) SELECT $1, kind, term FROM unnest($2::text[], $3::text[]) AS x (kind, term)
			ON CONFLICT DO NOTHING`, key, kinds, terms)
	}
}

// refreshPersons settles the aggregates of the persons that lost or gained
// turns: it drops labels and persons no current version uses any more and
// recomputes first and last appearances.
func (w *writer) refreshPersons(removed []string, doc *transcript.Document) {
	names := archive.AffectedPersons(removed, doc)
	if len(names) == 0 {
		return
	}
	w.exec(`DELETE FROM person_labels WHERE person = ANY ($1) AND turns <= 0`, names)
	// Deleting a person cascades to their labels; a person still present
	// gets fresh dates instead.
	w.exec(`DELETE FROM persons WHERE name = ANY ($1) AND documents <= 0`, names)
	// Two index seeks per person: a GROUP BY would read every document
	// of a person who speaks in most of them.
	w.exec(`UPDATE persons SET
			first_date = (SELECT min(date) FROM person_documents WHERE person = persons.name),
			last_date = (SELECT max(date) FROM person_documents WHERE person = persons.name)
		WHERE name = ANY ($1)`, names)
}

// textValue makes s storable as PostgreSQL text, which holds neither
// invalid UTF-8 nor NUL: a raw input's origin is a file name, which may be
// either on some systems, and should not make its document fail.
func textValue(s string) string {
	if utf8.ValidString(s) && !strings.ContainsRune(s, 0) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// null maps the document model's empty string to SQL NULL.
func null(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
