package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/rostrum/rostrum/internal/archive"
)

// A turn's text is kept once, in its document's version (the canonical
// JSON, which versions.json holds as it was written). A search page shows
// a few turns of each of its documents, and the documents a rare word
// finds are often the longest (up to a megabyte of JSON): decoding a
// whole transcript for each of them made such a page ten times slower
// than reading the turns' text from units. So each turn's unit records
// where its object lies in the version's JSON (units.text_at and
// text_len, in bytes): the server sends a snippet that object only, and
// the snippet decodes nothing else.

// span locates a turn's object in a version's JSON: its first byte and
// length.
type span struct{ at, n int32 }

// turnSpans finds the object of each turn of js, a document's canonical
// JSON as the versions table keeps it (archive.TurnSpans), in order.
func turnSpans(js []byte) ([]span, error) {
	ts, err := archive.TurnSpans(js, nil)
	if err != nil {
		return nil, fmt.Errorf("turn spans: %w", err)
	}
	return spansOf(ts)
}

// spansOf converts archive.TurnSpans' spans of JSON kept as it is.
func spansOf(ts []archive.TextSpan) ([]span, error) {
	var spans []span
	for _, t := range ts {
		if t.Skip+t.Len > 1<<31-1 {
			return nil, errors.New("turn spans: the document's JSON is over 2 GB")
		}
		spans = append(spans, span{at: int32(t.Skip), n: int32(t.Len)})
	}
	return spans, nil
}

// spanText reads the text of turn u from obj, the bytes of a version's
// JSON at sp (as SQL's substring cuts them, so shorter than sp says when
// sp runs past the end): its paragraphs joined by a blank line, as
// archive.TurnTexts reads them. Bytes that are not turn u's object are an
// error.
func spanText(obj []byte, sp span, u int) (string, error) {
	if sp.at < 0 || sp.n <= 0 || len(obj) != int(sp.n) {
		return "", fmt.Errorf("turn %d: its span (%d, %d bytes) is outside the current version", u, sp.at, sp.n)
	}
	text, err := archive.TurnObjectText(obj, u)
	if err != nil {
		return "", fmt.Errorf("turn %d: its span (%d, %d bytes) does not hold it in the current version: %w", u, sp.at, sp.n, err)
	}
	return text, nil
}

// spanBatch is how many documents ensureSpans reads at a time.
const spanBatch = 256

// ensureSpans records the spans of the turns stored before migration
// 0007, walking every current version once, a batch of documents per
// write transaction, so that their snippets need not read whole
// versions; settings.turn_spans records that it is done, so that later
// opens read one row. Open and Migrate run it. A document whose JSON
// does not hold its turns where turnSpans looks keeps no spans (its
// snippets read the whole version). Turn i is the i-th object of the
// array, as Put writes the units.
func (s *Store) ensureSpans(ctx context.Context) error {
	var done string
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'turn_spans'`).Scan(&done); err != nil {
		return fmt.Errorf("turn spans: %w", err)
	}
	if done == "done" {
		return nil
	}
	var last int64
	for more := true; more; {
		err := s.inWriteTx(ctx, func(tx *sql.Tx) error {
			var v struct {
				docs []int64
				js   [][]byte
			}
			rows, err := tx.QueryContext(ctx, `SELECT d.doc, v.json::text FROM documents AS d
				JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
				WHERE d.doc > $1 ORDER BY d.doc LIMIT $2`, last, spanBatch)
			if err != nil {
				return err
			}
			for rows.Next() {
				var doc int64
				var js []byte
				if err := rows.Scan(&doc, &js); err != nil {
					rows.Close()
					return err
				}
				v.docs, v.js = append(v.docs, doc), append(v.js, js)
			}
			if err := rows.Err(); err != nil {
				return err
			}
			more = len(v.docs) == spanBatch
			var docs, idx, at, ln []int64
			for i, doc := range v.docs {
				last = doc
				spans, err := turnSpans(v.js[i])
				if err != nil {
					continue
				}
				for j, sp := range spans {
					docs, idx, at, ln = append(docs, doc), append(idx, int64(j+1)), append(at, int64(sp.at)), append(ln, int64(sp.n))
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE units SET text_at = c.at, text_len = c.len
				FROM unnest($1::bigint[], $2::integer[], $3::integer[], $4::integer[]) AS c (doc, idx, at, len)
				WHERE units.doc = c.doc AND units.idx = c.idx AND units.text_at IS NULL`, docs, idx, at, ln); err != nil {
				return err
			}
			if !more {
				_, err = tx.ExecContext(ctx, `UPDATE settings SET value = 'done' WHERE key = 'turn_spans'`)
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("turn spans: %w", err)
		}
	}
	return nil
}
