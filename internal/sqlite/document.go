package sqlite

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
	var js []byte
	err := s.read.QueryRowContext(ctx, `SELECT v.json FROM documents AS d
		JOIN versions AS v ON v.doc = d.doc AND v.number = d.version WHERE d.id = ?`, id).Scan(&js)
	if err != nil {
		return nil, fmt.Errorf("sqlite: document %s: %w", id, notFound(err))
	}
	doc, err := archive.Decode(js)
	if err != nil {
		return nil, fmt.Errorf("sqlite: document %s: %w", id, err)
	}
	return doc, nil
}

// DocumentVersion returns version n of the document id, or an error
// wrapping transcript.ErrNotFound.
func (s *Store) DocumentVersion(ctx context.Context, id string, n int) (*transcript.Document, error) {
	var js []byte
	err := s.read.QueryRowContext(ctx, `SELECT v.json FROM versions AS v JOIN documents AS d ON d.doc = v.doc
		WHERE d.id = ? AND v.number = ?`, id, n).Scan(&js)
	if err != nil {
		return nil, fmt.Errorf("sqlite: document %s version %d: %w", id, n, notFound(err))
	}
	doc, err := archive.Decode(js)
	if err != nil {
		return nil, fmt.Errorf("sqlite: document %s version %d: %w", id, n, err)
	}
	return doc, nil
}

// Versions lists the versions of the document id, oldest first, or returns
// an error wrapping transcript.ErrNotFound.
func (s *Store) Versions(ctx context.Context, id string) ([]transcript.Version, error) {
	vs, err := s.versions(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: versions %s: %w", id, err)
	}
	return vs, nil
}

func (s *Store) versions(ctx context.Context, id string) ([]transcript.Version, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT v.number, v.hash, v.raw_hash, v.origin, v.format, v.stored_at,
		v.turns, v.paragraphs, coalesce(v.cause, '')
		FROM versions AS v JOIN documents AS d ON d.doc = v.doc WHERE d.id = ? ORDER BY v.number`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var vs []transcript.Version
	missing := false
	for rows.Next() {
		var v transcript.Version
		var at string
		if err := rows.Scan(&v.Number, &v.Hash, &v.RawHash, &v.Origin, &v.Format, &at, &v.Turns, &v.Paragraph, &v.Cause); err != nil {
			return nil, err
		}
		if v.StoredAt, err = parseStoredAt(at); err != nil {
			return nil, err
		}
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
		// Versions stored before migration 0006 that SQL could not tell.
		err := archive.FillCauses(vs, func(n int) (*transcript.Document, error) { return s.DocumentVersion(ctx, id, n) })
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
	raw, err := s.rawInput(ctx, id, n)
	if err != nil {
		return transcript.Raw{}, fmt.Errorf("sqlite: raw input %s version %d: %w", id, n, err)
	}
	return raw, nil
}

func (s *Store) rawInput(ctx context.Context, id string, n int) (transcript.Raw, error) {
	var raw transcript.Raw
	var hash, compression string
	var size int64
	var data []byte
	err := s.read.QueryRowContext(ctx, `SELECT v.origin, v.format, r.hash, r.size, r.compression, r.data
		FROM versions AS v JOIN documents AS d ON d.doc = v.doc JOIN raw_inputs AS r ON r.hash = v.raw_hash
		WHERE d.id = ? AND v.number = ?`, id, n).Scan(&raw.Origin, &raw.Format, &hash, &size, &compression, &data)
	if err != nil {
		return raw, notFound(err)
	}
	raw.Bytes, err = archive.Unpack(hash, size, compression, data)
	return raw, err
}

// documentsBatch is how many documents Documents reads per query. Between
// batches it holds no connection and no transaction, so a long export
// neither blocks checkpoints nor starves other readers.
const documentsBatch = 100

// Documents yields the current version of every document, dated ones
// first by date then id, then undated ones by id. It reads in batches
// by key, each in its own short read: a document updated during the
// iteration is yielded in one of its versions, or, if the update moved its
// date across the iteration's position, once in each or not at all.
func (s *Store) Documents(ctx context.Context) iter.Seq2[*transcript.Document, error] {
	// Dated documents use the (date, id) index; undated ones sit at
	// its start under NULL, read in the second phase.
	return archive.Documents("sqlite: documents", documentsBatch, func(dated bool, date, id string) ([]archive.DocumentRow, error) {
		var rows *sql.Rows
		var err error
		if dated {
			rows, err = s.read.QueryContext(ctx, `SELECT d.date, d.id, v.json FROM documents AS d
				JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
				WHERE d.date IS NOT NULL AND (d.date, d.id) > (?, ?) ORDER BY d.date, d.id LIMIT ?`, date, id, documentsBatch)
		} else {
			rows, err = s.read.QueryContext(ctx, `SELECT '', d.id, v.json FROM documents AS d
				JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
				WHERE d.date IS NULL AND d.id > ? ORDER BY d.id LIMIT ?`, id, documentsBatch)
		}
		if err != nil {
			return nil, err
		}
		return archive.ScanDocuments(rows)
	})
}

// notFound turns sql.ErrNoRows into transcript.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return transcript.ErrNotFound
	}
	return err
}

var _ transcript.EditLog = (*Store)(nil)

// Edits lists the archive's edits at the source, newest first, as
// transcript.EditLog requires: one statement over the versions, and the
// whole versions of the few documents whose causes were stored before
// causes were recorded.
func (s *Store) Edits(ctx context.Context, limit int) ([]transcript.Edit, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT d.id, v.number, v.stored_at, v.cause IS NULL
		FROM versions AS v JOIN documents AS d ON d.doc = v.doc WHERE v.cause = 'edit' OR v.cause IS NULL`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: edits: %w", err)
	}
	defer rows.Close()
	var rs []archive.EditRow
	for rows.Next() {
		var r archive.EditRow
		var at string
		if err := rows.Scan(&r.ID, &r.Number, &at, &r.Undecided); err != nil {
			return nil, fmt.Errorf("sqlite: edits: %w", err)
		}
		if r.StoredAt, err = parseStoredAt(at); err != nil {
			return nil, fmt.Errorf("sqlite: edits: %w", err)
		}
		rs = append(rs, r)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("sqlite: edits: %w", err)
	}
	edits, err := archive.Edits(ctx, rs, s.Versions, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: edits: %w", err)
	}
	return edits, nil
}
