package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/rostrum/rostrum/internal/archive"
)

// A turn's text is kept once, in its document's version (the canonical
// JSON, which versions.json holds packed as gzip members of
// archive.JSONChunk bytes of JSON, with STORAGE EXTERNAL). A search page
// shows a few turns of each of its documents, and the documents a rare
// word finds are often the longest (up to a megabyte of JSON): decoding a
// whole transcript for each of them made such a page ten times slower
// than reading the turns' text from units. So each turn's unit records
// where its object lies (units.text_at, text_skip and text_len, as
// archive.TextSpan): the server sends a snippet the members that hold
// that object, reading only the TOAST chunks they cover, and the snippet
// decompresses nothing else.

// span locates a turn's object in a stored version: the packed bytes from
// at hold it, after skip bytes of JSON, n bytes long. A skip of -1 is a
// span of migration 0007, at a byte offset in JSON stored as it is, until
// Open packs the version (ensureSpans).
type span struct{ at, skip, n int32 }

// sqlSpanBytes is the bytes of the stored version of units AS u, versions
// AS v that its span covers (archive.SpanBytes), or the whole version
// for a unit without a span.
var sqlSpanBytes = fmt.Sprintf(`CASE WHEN u.text_at IS NULL OR u.text_len IS NULL THEN v.json
	WHEN u.text_skip IS NULL THEN substring(v.json FROM u.text_at + 1 FOR u.text_len)
	ELSE substring(v.json FROM u.text_at + 1 FOR ((u.text_skip + u.text_len - 1) / %d + 1) * %d) END`,
	archive.JSONChunk, archive.MaxMember)

// spansOf converts archive.TurnSpans' spans of a packed version.
func spansOf(ts []archive.TextSpan) ([]span, error) {
	var spans []span
	for _, t := range ts {
		if t.At > 1<<31-1 || t.Skip+t.Len > 1<<31-1 {
			return nil, errors.New("turn spans: the document's JSON is over 2 GB")
		}
		spans = append(spans, span{at: int32(t.At), skip: int32(t.Skip), n: int32(t.Len)})
	}
	return spans, nil
}

// spanText reads the text of turn u from b, the bytes sqlSpanBytes cut at
// sp from its version: its paragraphs joined by a blank line, as
// archive.TurnTexts reads them. Bytes that are not turn u's object are an
// error.
func spanText(b []byte, sp span, u int) (string, error) {
	var text string
	var err error
	switch {
	case sp.at < 0 || sp.n <= 0:
		err = errors.New("outside the current version")
	case sp.skip < 0 && len(b) != int(sp.n):
		err = errors.New("outside the current version")
	case sp.skip < 0:
		text, err = archive.TurnObjectText(b, u)
	default:
		text, err = archive.ReadTurnText(b, archive.TextSpan{Skip: int64(sp.skip), Len: int64(sp.n)}, u)
	}
	if err != nil {
		return "", fmt.Errorf("turn %d: its span (%d, %d, %d bytes) does not hold it in the current version: %w", u, sp.at, sp.skip, sp.n, err)
	}
	return text, nil
}

// spanBatch is how many versions ensureSpans reads at a time.
const spanBatch = 256

// ensureSpans packs the versions stored as they are (before migration
// 0008) and records where each turn of a current version is in its
// packed bytes, walking every version once, a batch per write
// transaction, so that an interrupted run resumes where it stopped;
// settings.turn_spans records that it is done, so that later opens read
// one row. Open and Migrate run it. A current version whose JSON does
// not hold its turns where archive.TurnSpans looks keeps no spans (its
// snippets read the whole version). Turn i is the i-th object of the
// array, as Put writes the units; the snippet checks it.
func (s *Store) ensureSpans(ctx context.Context) error {
	var done string
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'turn_spans'`).Scan(&done); err != nil {
		return fmt.Errorf("turn spans: %w", err)
	}
	if done == "done" {
		return nil
	}
	var lastDoc int64
	var lastNumber int32
	for more := true; more; {
		err := s.inWriteTx(ctx, func(tx *sql.Tx) error {
			type version struct {
				doc     int64
				number  int32
				current bool
				js      []byte
			}
			var vs []version
			rows, err := tx.QueryContext(ctx, `SELECT v.doc, v.number, v.number = d.version, v.json
				FROM versions AS v JOIN documents AS d ON d.doc = v.doc
				WHERE (v.doc, v.number) > ($1, $2) ORDER BY v.doc, v.number LIMIT $3`, lastDoc, lastNumber, spanBatch)
			if err != nil {
				return err
			}
			for rows.Next() {
				var v version
				if err := rows.Scan(&v.doc, &v.number, &v.current, &v.js); err != nil {
					rows.Close()
					return err
				}
				vs = append(vs, v)
			}
			if err := rows.Err(); err != nil {
				return err
			}
			more = len(vs) == spanBatch
			var repacked, docs, idx, at, skip, ln []int64
			for _, v := range vs {
				lastDoc, lastNumber = v.doc, v.number
				if archive.IsPacked(v.js) {
					continue // packed by Put or by an earlier run, with its spans
				}
				packed, members, err := archive.PackJSONMembers(v.js)
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE versions SET json = $1 WHERE doc = $2 AND number = $3`,
					packed, v.doc, v.number); err != nil {
					return err
				}
				if !v.current {
					continue
				}
				repacked = append(repacked, v.doc)
				ts, err := archive.TurnSpans(v.js, members)
				if err != nil {
					continue
				}
				spans, err := spansOf(ts)
				if err != nil {
					continue
				}
				for j, sp := range spans {
					docs, idx = append(docs, v.doc), append(idx, int64(j+1))
					at, skip, ln = append(at, int64(sp.at)), append(skip, int64(sp.skip)), append(ln, int64(sp.n))
				}
			}
			// The spans of 0007 locate the JSON as it was: gone.
			if _, err := tx.ExecContext(ctx, `UPDATE units SET text_at = NULL, text_skip = NULL, text_len = NULL
				WHERE doc = ANY ($1) AND text_at IS NOT NULL`, repacked); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE units SET text_at = c.at, text_skip = c.skip, text_len = c.len
				FROM unnest($1::bigint[], $2::integer[], $3::integer[], $4::integer[], $5::integer[]) AS c (doc, idx, at, skip, len)
				WHERE units.doc = c.doc AND units.idx = c.idx`, docs, idx, at, skip, ln); err != nil {
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
