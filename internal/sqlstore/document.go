package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Document returns the current version of the document id, or an error
// wrapping transcript.ErrNotFound.
func (s *Store) Document(ctx context.Context, id string) (*transcript.Document, error) {
	db := s.e.Read()
	js, err := Read(ctx, s, db, func() (js []byte, err error) {
		err = db.QueryRowContext(ctx, s.d.Q(`SELECT v.json FROM documents AS d
			JOIN versions AS v ON v.doc = d.doc AND v.number = d.version WHERE d.id = ?`), id).Scan(&js)
		return js, err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: document %s: %w", s.d.Name, id, NotFound(err))
	}
	doc, err := archive.Decode(js)
	if err != nil {
		return nil, fmt.Errorf("%s: document %s: %w", s.d.Name, id, err)
	}
	return doc, nil
}

// DocumentVersion returns version n of the document id, or an error
// wrapping transcript.ErrNotFound.
func (s *Store) DocumentVersion(ctx context.Context, id string, n int) (*transcript.Document, error) {
	db := s.e.Read()
	js, err := Read(ctx, s, db, func() ([]byte, error) { return s.versionJSON(ctx, db, id, n) })
	if err != nil {
		return nil, fmt.Errorf("%s: document %s version %d: %w", s.d.Name, id, n, NotFound(err))
	}
	doc, err := archive.Decode(js)
	if err != nil {
		return nil, fmt.Errorf("%s: document %s version %d: %w", s.d.Name, id, n, err)
	}
	return doc, nil
}

func (s *Store) versionJSON(ctx context.Context, db *sql.DB, id string, n int) (js []byte, err error) {
	err = db.QueryRowContext(ctx, s.d.Q(`SELECT v.json FROM versions AS v JOIN documents AS d ON d.doc = v.doc
		WHERE d.id = ? AND v.number = ?`), id, n).Scan(&js)
	return js, err
}

// Versions lists the versions of the document id, oldest first, or returns
// an error wrapping transcript.ErrNotFound.
func (s *Store) Versions(ctx context.Context, id string) ([]transcript.Version, error) {
	db := s.e.Read()
	vs, err := Read(ctx, s, db, func() ([]transcript.Version, error) { return s.versions(ctx, db, id) })
	if err != nil {
		return nil, fmt.Errorf("%s: versions %s: %w", s.d.Name, id, err)
	}
	return vs, nil
}

func (s *Store) versions(ctx context.Context, db *sql.DB, id string) ([]transcript.Version, error) {
	rows, err := db.QueryContext(ctx, s.d.Q(`SELECT v.number, v.hash, v.raw_hash, v.origin, v.format, v.stored_at,
		v.turns, v.paragraphs, coalesce(v.cause, '')
		FROM versions AS v JOIN documents AS d ON d.doc = v.doc WHERE d.id = ? ORDER BY v.number`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var vs []transcript.Version
	missing := false
	for rows.Next() {
		var v transcript.Version
		var at Time
		if err := rows.Scan(&v.Number, &v.Hash, &v.RawHash, &v.Origin, &v.Format, &at, &v.Turns, &v.Paragraph, &v.Cause); err != nil {
			return nil, err
		}
		v.StoredAt = at.Time
		missing = missing || v.Cause == ""
		vs = append(vs, v)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, transcript.ErrNotFound
	}
	if missing {
		// Versions stored before causes were recorded, that SQL could
		// not tell.
		err := archive.FillCauses(vs, func(n int) (*transcript.Document, error) {
			js, err := s.versionJSON(ctx, db, id, n)
			if err != nil {
				return nil, NotFound(err)
			}
			return archive.Decode(js)
		})
		if err != nil {
			return nil, err
		}
	}
	return vs, nil
}

// RawInput returns the raw input of version n of the document id, or an
// error wrapping transcript.ErrNotFound. The bytes are checked against
// their hash, so a damaged archive is reported rather than served.
func (s *Store) RawInput(ctx context.Context, id string, n int) (transcript.Raw, error) {
	db := s.e.Read()
	raw, err := Read(ctx, s, db, func() (transcript.Raw, error) { return s.rawInput(ctx, db, id, n) })
	if err != nil {
		return transcript.Raw{}, fmt.Errorf("%s: raw input %s version %d: %w", s.d.Name, id, n, err)
	}
	return raw, nil
}

func (s *Store) rawInput(ctx context.Context, db *sql.DB, id string, n int) (transcript.Raw, error) {
	var raw transcript.Raw
	var hash, compression string
	var size int64
	var data []byte
	err := db.QueryRowContext(ctx, s.d.Q(`SELECT v.origin, v.format, r.hash, r.size, r.compression, r.data
		FROM versions AS v JOIN documents AS d ON d.doc = v.doc JOIN raw_inputs AS r ON r.hash = v.raw_hash
		WHERE d.id = ? AND v.number = ?`), id, n).Scan(&raw.Origin, &raw.Format, &hash, &size, &compression, &data)
	if err != nil {
		return raw, NotFound(err)
	}
	raw.Bytes, err = archive.Unpack(hash, size, compression, data)
	return raw, err
}

// DocumentsBatch is how many documents Documents reads per query.
// Between batches it holds no connection and no transaction, so a long
// export neither blocks checkpoints or vacuum nor starves other readers.
const DocumentsBatch = 100

// Documents yields the current version of every document, dated ones
// first by date then id, then undated ones by id. It reads in batches
// by key, each in its own short read: a document updated during the
// iteration is yielded in one of its versions, or, if the update moved its
// date across the iteration's position, once in each or not at all.
func (s *Store) Documents(ctx context.Context) iter.Seq2[*transcript.Document, error] {
	// Dated documents use the (date, id) index; undated ones sit at
	// its start under NULL, read in the second phase.
	return archive.Documents(s.d.Name+": documents", DocumentsBatch, func(dated bool, date, id string) ([]archive.DocumentRow, error) {
		db := s.e.Read()
		return Read(ctx, s, db, func() ([]archive.DocumentRow, error) {
			var rows *sql.Rows
			var err error
			if dated {
				rows, err = db.QueryContext(ctx, s.d.Q(`SELECT d.date, d.id, v.json FROM documents AS d
					JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
					WHERE d.date IS NOT NULL AND (d.date, d.id) > (?, ?) ORDER BY d.date, d.id LIMIT ?`), date, id, DocumentsBatch)
			} else {
				rows, err = db.QueryContext(ctx, s.d.Q(`SELECT '', d.id, v.json FROM documents AS d
					JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
					WHERE d.date IS NULL AND d.id > ? ORDER BY d.id LIMIT ?`), id, DocumentsBatch)
			}
			if err != nil {
				return nil, err
			}
			return archive.ScanDocuments(rows)
		})
	})
}

// Edits lists the archive's edits at the source, newest first, as
// transcript.EditLog requires: one statement over the versions, and the
// whole versions of the few documents whose causes were stored before
// causes were recorded.
func (s *Store) Edits(ctx context.Context, limit int) ([]transcript.Edit, error) {
	rows, err := s.e.Read().QueryContext(ctx, `SELECT d.id, v.number, v.stored_at, v.cause IS NULL
		FROM versions AS v JOIN documents AS d ON d.doc = v.doc WHERE v.cause = 'edit' OR v.cause IS NULL`)
	if err != nil {
		return nil, fmt.Errorf("%s: edits: %w", s.d.Name, err)
	}
	defer rows.Close()
	var rs []archive.EditRow
	for rows.Next() {
		var r archive.EditRow
		var at Time
		if err := rows.Scan(&r.ID, &r.Number, &at, &r.Undecided); err != nil {
			return nil, fmt.Errorf("%s: edits: %w", s.d.Name, err)
		}
		r.StoredAt = at.Time
		rs = append(rs, r)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("%s: edits: %w", s.d.Name, err)
	}
	edits, err := archive.Edits(ctx, rs, s.Versions, limit)
	if err != nil {
		return nil, fmt.Errorf("%s: edits: %w", s.d.Name, err)
	}
	return edits, nil
}
