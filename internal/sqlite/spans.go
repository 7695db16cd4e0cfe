package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/rostrum/rostrum/internal/archive"
)

// Turns stored before migration 0010 have no span of their text in their
// version, so their snippets would decompress and decode the whole
// version. ensureSpans gives them one, once, when the archive is opened:
// each such document's current version is packed again in JSONChunk
// members (what is stored changes, not the JSON, whose hash stays) and
// its turns get their spans, spanBatch documents per transaction. The
// setting text_spans records the last document done, so that an
// interrupted Open goes on where it stopped, and "done" at the end.

// spanBatch is how many documents one transaction of ensureSpans covers.
const spanBatch = 200

func (s *Store) ensureSpans(ctx context.Context) error {
	var v string
	err := s.write.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'text_spans'`).Scan(&v)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("text spans: %w", err)
	}
	if v == "done" {
		return nil
	}
	last := int64(0)
	if v != "" {
		if last, err = strconv.ParseInt(v, 10, 64); err != nil {
			return fmt.Errorf("text spans: setting %q: %w", v, err)
		}
	}
	for {
		next, err := s.spanDocuments(ctx, last)
		if err != nil {
			return fmt.Errorf("text spans: %w", err)
		}
		if next == last {
			return nil
		}
		last = next
	}
}

// spanDocuments gives the turns without a span of the spanBatch
// documents after the key last their spans, in one transaction that also
// records how far it went, and returns the last key it covered (last
// itself when there were no more documents, after recording "done").
func (s *Store) spanDocuments(ctx context.Context, last int64) (int64, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var next sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT max(doc) FROM (SELECT doc FROM documents WHERE doc > ? ORDER BY doc LIMIT ?)`,
		last, spanBatch).Scan(&next); err != nil {
		return 0, err
	}
	setting := "done"
	if next.Valid {
		setting = strconv.FormatInt(next.Int64, 10)
		if err := s.spanRange(ctx, tx, last, next.Int64); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('text_spans', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, setting); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	if !next.Valid {
		return last, nil
	}
	return next.Int64, nil
}

// spanRange packs again the current versions of the documents with keys
// in (lo, hi] that have a turn without a span, and sets their turns'
// spans.
func (s *Store) spanRange(ctx context.Context, tx *sql.Tx, lo, hi int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT d.doc, d.id, v.number, v.json FROM documents AS d
		JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
		WHERE d.doc IN (SELECT DISTINCT doc FROM turns WHERE doc > ? AND doc <= ? AND text_at IS NULL)`, lo, hi)
	if err != nil {
		return err
	}
	type repacked struct {
		doc, number int64
		id          string
		packed      []byte
		idx         []int
		spans       []archive.TextSpan
	}
	var docs []repacked
	for rows.Next() {
		var r repacked
		var stored []byte
		if err := rows.Scan(&r.doc, &r.id, &r.number, &stored); err != nil {
			rows.Close()
			return err
		}
		js := stored
		if archive.IsPacked(stored) {
			if js, err = archive.UnpackJSON(stored); err != nil {
				rows.Close()
				return fmt.Errorf("document %s: %w", r.id, err)
			}
		}
		doc, err := archive.Decode(js)
		if err != nil {
			rows.Close()
			return fmt.Errorf("document %s: %w", r.id, err)
		}
		var members []int64
		if r.packed, members, err = archive.PackJSONMembers(js); err != nil {
			rows.Close()
			return fmt.Errorf("document %s: %w", r.id, err)
		}
		if r.spans, err = archive.TurnSpans(js, members); err != nil || len(r.spans) != len(doc.Turns) {
			rows.Close()
			return fmt.Errorf("document %s: %d turn spans for %d turns: %v", r.id, len(r.spans), len(doc.Turns), err)
		}
		for _, t := range doc.Turns {
			r.idx = append(r.idx, t.Index)
		}
		docs = append(docs, r)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, r := range docs {
		if _, err := tx.ExecContext(ctx, `UPDATE versions SET json = ? WHERE doc = ? AND number = ?`, r.packed, r.doc, r.number); err != nil {
			return err
		}
		for i, sp := range r.spans {
			if _, err := tx.ExecContext(ctx, `UPDATE turns SET text_at = ?, text_skip = ?, text_len = ? WHERE doc = ? AND idx = ?`,
				sp.At, sp.Skip, sp.Len, r.doc, r.idx[i]); err != nil {
				return err
			}
		}
	}
	return nil
}
