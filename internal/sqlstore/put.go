package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Order is the write order of a store's PutBatch calls: concurrent calls
// prepare their documents in parallel and write them in the order the
// calls were made, so a caller may keep two batches in flight, one being
// written while the next is prepared.
type Order struct {
	mu   sync.Mutex
	last chan struct{} // closed when the latest call has written

	// Hook, set by tests only, is called when a call has taken its place
	// in the write order ("ticket") and when it starts waiting for an
	// earlier call ("wait").
	Hook func(stage string)
}

// Take takes the next place in the write order. The caller calls wait
// before it writes, which returns once the calls made before it have
// written, and done once it has written.
func (o *Order) Take() (wait, done func()) {
	o.mu.Lock()
	earlier := o.last
	mine := make(chan struct{})
	o.last = mine
	o.mu.Unlock()
	if o.Hook != nil {
		o.Hook("ticket")
	}
	wait = func() {
		if earlier == nil {
			return
		}
		if o.Hook != nil {
			o.Hook("wait")
		}
		<-earlier
	}
	return wait, func() { close(mine) }
}

// Prepared is what a Put computes of a document before it writes:
// everything that needs no write lock.
type Prepared struct {
	Doc    *transcript.Document
	Raw    transcript.Raw
	JSON   []byte
	Stored []byte // JSON as stored, when the dialect packs it (Dialect.PackJSON)
	// Spans locate each turn's object in the JSON as stored (Stored, or
	// JSON when the dialect does not pack it): archive.TurnSpans.
	Spans     []archive.TextSpan
	Hash      string
	RawHash   string
	Packed    []byte // gzip of Raw.Bytes, when the archive lacks them
	Unchanged bool   // the current version has the same hash: Res says so
	Res       transcript.PutResult
}

// Prepare marshals and hashes doc and compresses its raw input when the
// archive lacks it, outside the write lock: the common re-ingest of an
// unchanged page needs no writer, and compression runs in parallel. Raw
// inputs are never deleted, so one seen here is still there in the
// transaction. A document repeated earlier in its batch is never
// Unchanged: the earlier one may change it.
func (s *Store) Prepare(ctx context.Context, doc *transcript.Document, raw transcript.Raw, repeated bool) (Prepared, error) {
	// MarshalJSON directly: json.Marshal would re-scan its output.
	js, err := doc.MarshalJSON()
	if err != nil {
		return Prepared{}, err
	}
	p := Prepared{Doc: doc, Raw: raw, JSON: js, Hash: archive.Sum(js), RawHash: archive.Sum(raw.Bytes)}
	var version int
	var hash string
	var haveRaw bool
	err = s.e.Log().QueryRowContext(ctx, s.d.Q(`SELECT coalesce((SELECT version FROM documents WHERE id = ?1), 0),
			coalesce((SELECT hash FROM documents WHERE id = ?1), ''),
			EXISTS (SELECT 1 FROM raw_inputs WHERE hash = ?2)`), doc.ID, p.RawHash).Scan(&version, &hash, &haveRaw)
	if err != nil {
		return p, err
	}
	if version > 0 && hash == p.Hash && !repeated {
		p.Unchanged, p.Res = true, transcript.PutResult{Status: transcript.Unchanged, Version: version}
		return p, nil
	}
	if !haveRaw {
		if p.Packed, err = archive.Pack(raw.Bytes); err != nil {
			return p, err
		}
	}
	var members []int64
	if s.d.PackJSON {
		if p.Stored, members, err = archive.PackJSONMembers(js); err != nil {
			return p, err
		}
	}
	if p.Spans, err = archive.TurnSpans(js, members); err != nil {
		return p, err
	}
	if len(p.Spans) != len(doc.Turns) {
		return p, fmt.Errorf("%s: %d turns found in its JSON, want %d", doc.ID, len(p.Spans), len(doc.Turns))
	}
	return p, nil
}

// Batch is how an engine writes a PutBatch call, P being its prepared
// document.
type Batch[P any] struct {
	Name string // the engine, for errors
	// Store prepares each valid document (see Store.Prepare).
	Store *Store
	// Derive completes the preparation of a document to write, with
	// what the engine computes ahead for its search index.
	Derive func(base Prepared) *P
	// Base is what Store.Prepare made of p.
	Base func(p *P) *Prepared
	// Begin begins the write transaction.
	Begin func() (*sql.Tx, error)
	// Apply writes p in tx, under a savepoint of its own.
	Apply func(tx *sql.Tx, p *P) (transcript.PutResult, error)
	// Finish, if not nil, ends the batch's writes in tx, before the
	// generation moves.
	Finish func(tx *sql.Tx) error
	// Generation moves the archive's change counter.
	Generation string
	// Retry, if not nil, writes again the documents of a call that
	// failed for want of the server, in the call's place in the write
	// order, updating results and errs.
	Retry func(docs []*transcript.Document, raws []transcript.Raw, results []transcript.PutResult, errs []error)
}

// Run validates and prepares docs on every core and writes them in one
// transaction: each is applied under its own savepoint, so a document
// that fails is rolled back alone and the rest commit together. With an
// order, it takes its place in it first and writes after the calls made
// before it, then runs Retry. It returns the documents it prepared, with
// the results and errors of all.
func (b Batch[P]) Run(ctx context.Context, docs []*transcript.Document, raws []transcript.Raw, order *Order) (prepared []*P, results []transcript.PutResult, errs []error) {
	results = make([]transcript.PutResult, len(docs))
	errs = make([]error, len(docs))
	if len(raws) != len(docs) {
		for i := range errs {
			errs[i] = fmt.Errorf("%s: put batch: %w: %d documents, %d raw inputs", b.Name, transcript.ErrInvalid, len(docs), len(raws))
		}
		return nil, results, errs
	}
	wait := func() {}
	if order != nil {
		var done func()
		wait, done = order.Take()
		defer done()
		if b.Retry != nil {
			defer b.Retry(docs, raws, results, errs)
		}
	}
	pend := make([]*P, len(docs))
	repeated := archive.RepeatedIDs(docs)
	archive.Parallel(len(docs), func(i int) {
		doc := docs[i]
		if doc == nil {
			errs[i] = fmt.Errorf("%s: put: %w: nil document", b.Name, transcript.ErrInvalid)
			return
		}
		if err := archive.Validate(doc); err != nil {
			errs[i] = fmt.Errorf("%s: put %s: %w", b.Name, doc.ID, err)
			return
		}
		base, err := b.Store.Prepare(ctx, doc, raws[i], repeated[i])
		switch {
		case err != nil:
			errs[i] = fmt.Errorf("%s: put %s: %w", b.Name, doc.ID, err)
		case base.Unchanged:
			results[i] = base.Res
		default:
			pend[i] = b.Derive(base)
		}
	})
	prepared = append([]*P(nil), pend...)
	wait()
	work := false
	for _, p := range pend {
		work = work || p != nil
	}
	if !work {
		return prepared, results, errs
	}
	if err := b.write(ctx, pend, results, errs); err != nil {
		for i, p := range pend {
			if p != nil {
				results[i], errs[i] = transcript.PutResult{}, fmt.Errorf("%s: put %s: %w", b.Name, b.Base(p).Doc.ID, err)
			}
		}
	}
	return prepared, results, errs
}

// write writes pend in one transaction, setting results and errs of each
// document applied, and the pend of one that failed to nil. An error
// fails the whole transaction.
func (b Batch[P]) write(ctx context.Context, pend []*P, results []transcript.PutResult, errs []error) error {
	tx, err := b.Begin()
	if err != nil {
		return err
	}
	changed := false
	for i, p := range pend {
		if p == nil {
			continue
		}
		if _, err := tx.ExecContext(ctx, `SAVEPOINT put`); err != nil {
			return Rollback(tx, err)
		}
		res, err := b.Apply(tx, p)
		if err != nil {
			errs[i] = fmt.Errorf("%s: put %s: %w", b.Name, b.Base(p).Doc.ID, err)
			pend[i] = nil
			if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT put`); rerr != nil {
				return Rollback(tx, rerr)
			}
		} else {
			results[i] = res
			changed = changed || res.Status != transcript.Unchanged
		}
		if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT put`); err != nil {
			return Rollback(tx, err)
		}
	}
	if b.Finish != nil {
		if err := b.Finish(tx); err != nil {
			return Rollback(tx, err)
		}
	}
	if changed {
		if _, err := tx.ExecContext(ctx, b.Generation); err != nil {
			return Rollback(tx, err)
		}
	}
	return tx.Commit()
}

// Current is the row of the document a Put is about to write, read under
// the write lock.
type Current struct {
	Key     int64 // documents.doc, when the archive holds the document
	Version int
	Hash    string
	Date    sql.NullString
}

// SQLCurrent reads a Current by the document's id.
const SQLCurrent = `SELECT doc, version, hash, date FROM documents WHERE id = ?`

// Head decides what writing p does, from cur, the document's row as the
// write lock found it (err is the error of reading it): its result, and
// the cause of its version. previous reads the raw hash, format and JSON
// of version n of key, the JSON only when its raw hash differs from p's.
// An Unchanged result writes nothing: another writer, or an earlier
// document of the batch, stored the same document since Prepare looked.
func Head(p *Prepared, cur Current, err error, previous func(rawHash string, key int64, n int) *sql.Row) (res transcript.PutResult, cause string, _ error) {
	switch {
	case err == nil && cur.Hash == p.Hash:
		return transcript.PutResult{Status: transcript.Unchanged, Version: cur.Version}, "", nil
	case err == nil:
		res = transcript.PutResult{Status: transcript.Updated, Version: cur.Version + 1}
	case errors.Is(err, sql.ErrNoRows):
		return transcript.PutResult{Status: transcript.Inserted, Version: 1}, transcript.CauseFirst, nil
	default:
		return res, "", err
	}
	// The version before is read under the write lock, since another
	// writer may have stored one since Prepare.
	var prevRaw, prevFormat string
	var prevJSON []byte
	if err := previous(p.RawHash, cur.Key, cur.Version).Scan(&prevRaw, &prevFormat, &prevJSON); err != nil {
		return res, "", fmt.Errorf("version %d: %w", cur.Version, err)
	}
	cause, err = archive.CauseAfter(prevRaw, prevFormat, prevJSON,
		archive.Stored{Doc: p.Doc, RawHash: p.RawHash, Format: p.Raw.Format})
	if err != nil {
		return res, "", fmt.Errorf("version %d: %w", cur.Version, err)
	}
	return res, cause, nil
}

// Strings reads the first column of rows, and closes them.
func Strings(rows *sql.Rows) ([]string, error) {
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return out, err
		}
		out = append(out, s)
	}
	return out, errors.Join(rows.Err(), rows.Close())
}

// One writes doc alone, as Put does: one transaction, without a
// savepoint or a place in the write order, run by again when not nil
// (which may run it again after losing the server). It returns the
// document it prepared last, if it prepared one to write.
func (b Batch[P]) One(ctx context.Context, doc *transcript.Document, raw transcript.Raw, again func(write func() error) error) (prepared *P, res transcript.PutResult, err error) {
	if doc == nil {
		return nil, res, fmt.Errorf("%s: put: %w: nil document", b.Name, transcript.ErrInvalid)
	}
	if err := archive.Validate(doc); err != nil {
		return nil, res, fmt.Errorf("%s: put %s: %w", b.Name, doc.ID, err)
	}
	write := func() error {
		base, err := b.Store.Prepare(ctx, doc, raw, false)
		if err != nil {
			return err
		}
		if res = base.Res; base.Unchanged {
			return nil
		}
		p := b.Derive(base)
		prepared = p
		tx, err := b.Begin()
		if err != nil {
			return err
		}
		res, err = b.Apply(tx, p)
		if err == nil && b.Finish != nil {
			err = b.Finish(tx)
		}
		if err == nil && res.Status != transcript.Unchanged {
			_, err = tx.ExecContext(ctx, b.Generation)
		}
		if err != nil {
			return Rollback(tx, err)
		}
		return tx.Commit()
	}
	if again != nil {
		err = again(write)
	} else {
		err = write()
	}
	if err != nil {
		return prepared, transcript.PutResult{}, fmt.Errorf("%s: put %s: %w", b.Name, doc.ID, err)
	}
	return prepared, res, nil
}

// The statements of a Put that both engines write alike, with ?
// placeholders: SQLite prepares them as they are.
const (
	SQLInsertDocument = `INSERT INTO documents (id, version, source, language, date, time, section,
			title, lead, place, url, published_at, turns, paragraphs, hash)
			VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING doc`
	SQLUpdateDocument = `UPDATE documents SET version = ?, source = ?, language = ?, date = ?, time = ?, section = ?,
			title = ?, lead = ?, place = ?, url = ?, published_at = ?, turns = ?, paragraphs = ?, hash = ?
			WHERE doc = ?`
	SQLInsertVersion = `INSERT INTO versions (doc, number, hash, raw_hash, origin, format, stored_at, turns, paragraphs, json, cause)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
)

// Columns are the arguments of a Put's statements for a prepared document.
type Columns struct {
	Turns, Paragraphs int
	// Document is the arguments of SQLInsertDocument after the id, and
	// of SQLUpdateDocument after the version and before the key.
	Document []any
}

// Columns counts p's turns and paragraphs and lists the columns of its
// documents row.
func (p *Prepared) Columns() Columns {
	doc := p.Doc
	turns, paragraphs := archive.Counts(doc)
	return Columns{Turns: turns, Paragraphs: paragraphs, Document: []any{doc.Source, doc.Language, Null(doc.Date), Null(doc.Time),
		Null(doc.Section), Null(doc.Title), Null(doc.Lead), Null(doc.Place), Null(doc.URL), Null(doc.PublishedAt),
		turns, paragraphs, p.Hash}}
}

// Version is the arguments of SQLInsertVersion for version res.Version of
// p stored under key, with its cause, stored at the raw input's time or
// now.
func (s *Store) Version(p *Prepared, r Columns, key int64, res transcript.PutResult, cause string) []any {
	d := s.d
	js := p.JSON
	if p.Stored != nil {
		js = p.Stored
	}
	return []any{key, res.Version, p.Hash, p.RawHash, d.text(p.Raw.Origin), d.text(p.Raw.Format),
		d.Time(p.Raw.StoredTime(s.Now)), r.Turns, r.Paragraphs, js, cause}
}
