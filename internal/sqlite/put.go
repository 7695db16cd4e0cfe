package sqlite

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/transcript"
)

// storedAtLayout is how versions.stored_at is written: RFC 3339 in UTC
// with fixed nanoseconds, so that the text sorts as the time does.
const storedAtLayout = "2006-01-02T15:04:05.000000000Z07:00"

// Put stores doc and its raw input, as transcript.Store requires. The
// whole change (document, version, raw input and derived rows) is one
// transaction; writers queue for the store's single write connection.
func (s *Store) Put(ctx context.Context, doc *transcript.Document, raw transcript.Raw) (transcript.PutResult, error) {
	if doc == nil {
		return transcript.PutResult{}, fmt.Errorf("sqlite: put: %w: nil document", transcript.ErrInvalid)
	}
	if err := doc.Validate(); err != nil {
		return transcript.PutResult{}, fmt.Errorf("sqlite: put %s: %w", doc.ID, err)
	}
	res, err := s.put(ctx, doc, raw)
	if err != nil {
		return transcript.PutResult{}, fmt.Errorf("sqlite: put %s: %w", doc.ID, err)
	}
	return res, nil
}

func (s *Store) put(ctx context.Context, doc *transcript.Document, raw transcript.Raw) (res transcript.PutResult, err error) {
	js, err := json.Marshal(doc)
	if err != nil {
		return res, err
	}
	hash := hexSum(js)
	rawHash := hexSum(raw.Bytes)

	// Outside the write lock: the common re-ingest of an unchanged page
	// needs no writer, and compression runs in parallel. Raw inputs are
	// never deleted, so one seen here is still there in the transaction.
	var cur struct {
		version int
		hash    string
	}
	err = s.read.QueryRowContext(ctx, `SELECT version, hash FROM documents WHERE id = ?`, doc.ID).
		Scan(&cur.version, &cur.hash)
	switch {
	case err == nil && cur.hash == hash:
		return transcript.PutResult{Status: transcript.Unchanged, Version: cur.version}, nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return res, err
	}
	var packed []byte
	var haveRaw bool
	if err := s.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM raw_inputs WHERE hash = ?)`, rawHash).
		Scan(&haveRaw); err != nil {
		return res, err
	}
	if !haveRaw {
		if packed, err = compress(raw.Bytes); err != nil {
			return res, err
		}
	}

	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return res, err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	w := writer{ctx: ctx, tx: tx, stmts: s.stmts}

	var key int64
	var version int
	var oldHash string
	err = w.stmt(sqlCurrent).QueryRowContext(ctx, doc.ID).
		Scan(&key, &version, &oldHash)
	switch {
	case err == nil && oldHash == hash:
		// Another writer stored the same document since the check above.
		return transcript.PutResult{Status: transcript.Unchanged, Version: version}, tx.Rollback()
	case err == nil:
		res = transcript.PutResult{Status: transcript.Updated, Version: version + 1}
	case errors.Is(err, sql.ErrNoRows):
		res = transcript.PutResult{Status: transcript.Inserted, Version: 1}
	default:
		return res, err
	}

	if !haveRaw {
		w.exec(sqlInsertRaw, rawHash, len(raw.Bytes), packed)
	}
	turns, paragraphs := counts(doc)
	cols := []any{doc.Source, doc.Language, null(doc.Date), null(doc.Time), null(doc.Section), null(doc.Title),
		null(doc.Lead), null(doc.Place), null(doc.URL), null(doc.PublishedAt), turns, paragraphs, hash, js}
	var affected []string
	if res.Status == transcript.Inserted {
		err = w.stmt(sqlInsertDocument).QueryRowContext(ctx, append([]any{doc.ID}, cols...)...).Scan(&key)
		if err != nil {
			return res, err
		}
	} else {
		affected = w.removeDerived(key)
		w.exec(sqlUpdateDocument, append(append([]any{res.Version}, cols...), key)...)
	}
	w.exec(sqlInsertVersion, key, res.Version, hash, rawHash, raw.Origin, raw.Format,
		s.Now().UTC().Format(storedAtLayout), turns, paragraphs, js)
	w.addDerived(key, doc)
	w.refreshPersons(affected, doc)
	if w.err != nil {
		return res, w.err
	}
	return res, tx.Commit()
}

// The statements of Put, prepared once on the write connection.
const (
	sqlInsertRaw = `INSERT INTO raw_inputs (hash, size, compression, data) VALUES (?, ?, 'gzip', ?)
			ON CONFLICT (hash) DO NOTHING`
	sqlUpdateDocument = `UPDATE documents SET version = ?, source = ?, language = ?, date = ?, time = ?, section = ?,
			title = ?, lead = ?, place = ?, url = ?, published_at = ?, turns = ?, paragraphs = ?, hash = ?, json = ?
			WHERE doc = ?`
	sqlInsertVersion = `INSERT INTO versions (doc, number, hash, raw_hash, origin, format, stored_at, turns, paragraphs, json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
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
	sqlInsertTurn = `INSERT INTO turns (doc, idx, speaker, person, role, paragraphs, text)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
	sqlInsertDocument = `INSERT INTO documents (id, version, source, language, date, time, section,
			title, lead, place, url, published_at, turns, paragraphs, hash, json)
			VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING doc`
	sqlPersonsOf = `SELECT person FROM person_documents WHERE doc = ?`
	sqlCurrent   = `SELECT doc, version, hash FROM documents WHERE id = ?`
)

// writeStatements lists the statements Open prepares.
var writeStatements = []string{
	sqlCurrent, sqlInsertRaw, sqlInsertDocument, sqlUpdateDocument, sqlInsertVersion,
	sqlPersonsOf, sqlRemovePersons, sqlRemoveLabels, sqlDeletePersonDocuments, sqlDeleteTurns, sqlDeleteTaxonomy,
	sqlInsertTurn, sqlAddPerson, sqlAddPersonDocument, sqlAddLabel, sqlAddTerm,
	sqlDropLabels, sqlDropPerson, sqlPersonDates,
}

// writer runs the statements of one Put, keeping the first error so that
// the sequence of statements reads as a list.
type writer struct {
	ctx   context.Context
	tx    *sql.Tx
	stmts map[string]*sql.Stmt // prepared on the write connection
	err   error
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
	if err != nil {
		w.err = err
		return nil
	}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			w.err = err
		}
		affected = append(affected, p)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil && w.err == nil {
		w.err = err
	}
	w.exec(sqlRemovePersons, key)
	w.exec(sqlRemoveLabels, key)
	w.exec(sqlDeletePersonDocuments, key)
	w.exec(sqlDeleteTurns, key)
	w.exec(sqlDeleteTaxonomy, key)
	return affected
}

// labelKey identifies a row of person_labels.
type labelKey struct{ person, label, role string }

// addDerived adds doc, the new current version of key, to the derived
// tables.
func (w *writer) addDerived(key int64, doc *transcript.Document) {
	if w.err != nil {
		return
	}
	stmt := w.stmt(sqlInsertTurn)
	perPerson := map[string]int{}
	var persons []string // in order of first turn
	perLabel := map[labelKey]int{}
	for _, t := range doc.Turns {
		if _, err := stmt.ExecContext(w.ctx, key, t.Index, null(t.Speaker), null(t.Person), null(t.Role),
			len(t.Paragraphs), strings.Join(t.Paragraphs, "\n\n")); err != nil {
			w.err = err
			return
		}
		if t.Person == "" {
			continue
		}
		if perPerson[t.Person] == 0 {
			persons = append(persons, t.Person)
		}
		perPerson[t.Person]++
		perLabel[labelKey{t.Person, t.Speaker, t.Role}]++
	}
	for _, p := range persons {
		w.exec(sqlAddPerson,
			p, perPerson[p])
		w.exec(sqlAddPersonDocument,
			p, key, null(doc.Date), perPerson[p])
	}
	for k, n := range perLabel {
		w.exec(sqlAddLabel,
			k.person, k.label, k.role, n)
	}
	for _, tax := range []struct {
		kind  string
		terms []string
	}{
		{"geography", doc.Geography}, {"topic", doc.Topics}, {"person", doc.Persons}, {"section", doc.PublishedIn},
	} {
		for _, term := range tax.terms {
			w.exec(sqlAddTerm,
				key, tax.kind, term)
		}
	}
}

// refreshPersons settles the aggregates of the persons that lost or gained
// turns: it drops labels and persons no current version uses any more and
// recomputes first and last appearances, two index seeks per person.
func (w *writer) refreshPersons(removed []string, doc *transcript.Document) {
	seen := map[string]bool{}
	for _, t := range doc.Turns {
		if t.Person != "" && !seen[t.Person] {
			seen[t.Person] = true
			removed = append(removed, t.Person)
		}
	}
	done := map[string]bool{}
	for _, p := range removed {
		if done[p] {
			continue
		}
		done[p] = true
		w.exec(sqlDropLabels, p)
		// Deleting a person cascades to their labels; a person still
		// present gets fresh dates instead.
		w.exec(sqlDropPerson, p)
		w.exec(sqlPersonDates, p)
	}
}

// counts returns the number of turns and paragraphs of doc.
func counts(doc *transcript.Document) (turns, paragraphs int) {
	for _, t := range doc.Turns {
		paragraphs += len(t.Paragraphs)
	}
	return len(doc.Turns), paragraphs
}

// null maps the document model's empty string to SQL NULL.
func null(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func hexSum(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func compress(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// parseStoredAt reads versions.stored_at.
func parseStoredAt(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }
