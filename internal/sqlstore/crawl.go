package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"iter"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

// RecordFetch appends one fetch to the log, as transcript.CrawlLog
// requires, in one write transaction, taking its turn with the other
// writers (and trying again while the server is unavailable, where the
// engine does). Every attempt carries the same key, drawn once per call
// (a column of its own in fetches), so that a transaction that committed
// just before the connection broke is not recorded again. Its body goes
// to raw_inputs, compressed, unless the archive has it already. A fetch
// with a Hash but no Bytes refers to a body the archive must hold. A zero
// FetchedAt is recorded as the store's Now. A fetch that sets or clears a
// document's gone mark moves the archive's generation, since it changes
// what the document's provenance says.
func (s *Store) RecordFetch(ctx context.Context, f transcript.Fetch) error {
	err := f.Check()
	if err == nil {
		if f.FetchedAt.IsZero() {
			f.FetchedAt = s.Now()
		}
		key := rand.Text()
		err = s.retryWrite(ctx, func() error { return s.RecordFetchKey(ctx, f, key) })
	}
	if err != nil {
		return fmt.Errorf("%s: record fetch %s: %w", s.d.Name, f.URL, err)
	}
	return nil
}

// RecordFetchKey records f, checked and with its FetchedAt set, under
// key, unless the log holds a fetch with that key already: then it
// changes nothing. It is one attempt of RecordFetch.
func (s *Store) RecordFetchKey(ctx context.Context, f transcript.Fetch, key string) (err error) {
	d := s.d
	// Compress outside the write lock; raw inputs are never deleted, so
	// one seen here is still there in the transaction.
	var packed []byte
	if f.Bytes != nil {
		var have bool
		if err := s.e.Log().QueryRowContext(ctx, d.Q(sqlHaveRaw), f.Hash).Scan(&have); err != nil {
			return err
		}
		if !have {
			if packed, err = archive.Pack(f.Bytes); err != nil {
				return err
			}
		}
	}
	tx, err := s.e.WriteTx(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = Rollback(tx, err)
		}
	}()
	if packed != nil {
		if _, err := tx.ExecContext(ctx, d.InsertRaw, f.Hash, len(f.Bytes), packed); err != nil {
			return err
		}
	} else if f.Hash != "" && f.Bytes == nil {
		var have bool
		if err := tx.QueryRowContext(ctx, d.Q(sqlHaveRaw), f.Hash).Scan(&have); err != nil {
			return err
		}
		if !have {
			return fmt.Errorf("%w: hash %s names a body the archive lacks", transcript.ErrInvalid, f.Hash)
		}
	}
	at := d.Time(f.FetchedAt)
	var id int64
	err = tx.QueryRowContext(ctx, d.Q(`INSERT INTO fetches (url, status, etag, last_modified, content_type,
		fetched_at, raw_hash, document_id, version, outcome, error, feed_time, request_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (request_key) DO NOTHING RETURNING id`),
		d.text(f.URL), f.Status, d.nullText(f.ETag), d.nullText(f.LastModified), d.nullText(f.ContentType), at,
		Null(f.Hash), d.nullText(f.DocumentID), f.Version, f.Outcome, d.nullText(f.Error), d.nullText(f.FeedTime), key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		// Recorded already: an earlier attempt of the same call
		// committed before its connection broke.
		return tx.Rollback()
	}
	if err != nil {
		return err
	}
	if f.DocumentID != "" {
		gone := f.Outcome == transcript.FetchGone
		back := f.Status == 200 || f.Status == 304
		// Writers take turns, so the mark read here is the one the
		// upsert changes.
		var wasGone, isGone bool
		err := tx.QueryRowContext(ctx, d.Q(`SELECT gone_since IS NOT NULL FROM fetched_documents WHERE document_id = ?`),
			d.text(f.DocumentID)).Scan(&wasGone)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := tx.QueryRowContext(ctx, d.UpsertFetchedDocument, d.text(f.DocumentID), at, gone, back).Scan(&isGone); err != nil {
			return err
		}
		if wasGone != isGone {
			if _, err := tx.ExecContext(ctx, d.Generation); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

const sqlHaveRaw = `SELECT EXISTS (SELECT 1 FROM raw_inputs WHERE hash = ?)`

// LastFetch returns the latest recorded fetch of u that answered 200,
// with its body, as transcript.CrawlLog requires. Like the rest of the
// crawl log it reads the engine's Log pool, so that a crawler sees what
// it wrote.
func (s *Store) LastFetch(ctx context.Context, u string) (transcript.Fetch, error) {
	db := s.e.Log()
	f, err := Read(ctx, s, db, func() (transcript.Fetch, error) { return s.lastFetch(ctx, db, u) })
	if err != nil {
		return transcript.Fetch{}, fmt.Errorf("%s: last fetch %s: %w", s.d.Name, u, err)
	}
	return f, nil
}

// lastFetch reads the fetch and its body in one statement, so that the
// body read is the fetch's.
func (s *Store) lastFetch(ctx context.Context, db *sql.DB, u string) (transcript.Fetch, error) {
	var size sql.NullInt64
	var compression sql.NullString
	var data []byte
	var f transcript.Fetch
	err := scanFetch(db.QueryRowContext(ctx, s.d.Q(`SELECT `+fetchColumns+`, r.size, r.compression, r.data
		FROM fetches AS f LEFT JOIN raw_inputs AS r ON r.hash = f.raw_hash
		WHERE f.url = ? AND f.status = 200 ORDER BY f.id DESC LIMIT 1`), u), &f, &size, &compression, &data)
	if err != nil {
		return transcript.Fetch{}, NotFound(err)
	}
	if f.Hash == "" {
		return f, nil
	}
	if !size.Valid {
		return f, fmt.Errorf("raw %s missing", f.Hash)
	}
	f.Bytes, err = archive.Unpack(f.Hash, size.Int64, compression.String, data)
	return f, err
}

// Fetches lists the fetches of u, oldest first, without their bodies, as
// transcript.CrawlLog requires.
func (s *Store) Fetches(ctx context.Context, u string) ([]transcript.Fetch, error) {
	db := s.e.Log()
	fs, err := Read(ctx, s, db, func() ([]transcript.Fetch, error) { return s.fetches(ctx, db, u) })
	if err != nil {
		return nil, fmt.Errorf("%s: fetches %s: %w", s.d.Name, u, err)
	}
	return fs, nil
}

func (s *Store) fetches(ctx context.Context, db *sql.DB, u string) ([]transcript.Fetch, error) {
	rows, err := db.QueryContext(ctx, s.d.Q(`SELECT `+fetchColumns+` FROM fetches AS f WHERE f.url = ? ORDER BY f.id`), u)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var fs []transcript.Fetch
	for rows.Next() {
		var f transcript.Fetch
		if err := scanFetch(rows, &f); err != nil {
			return nil, err
		}
		fs = append(fs, f)
	}
	return fs, rows.Err()
}

// FetchesBatch is how many fetches AllFetches reads at a time: bodies
// are pages of up to a few hundred kilobytes, and it holds a batch's
// compressed.
const FetchesBatch = 64

// AllFetches yields every fetch of the log in the order recorded, with
// its body, as transcript.CrawlLog requires: a batch at a time, by id,
// each batch read again after a lost connection (where the engine does),
// and each body decompressed as it is yielded.
func (s *Store) AllFetches(ctx context.Context) iter.Seq2[transcript.Fetch, error] {
	return archive.Fetches(s.d.Name+": all fetches", FetchesBatch, func(after int64) ([]archive.FetchRow, error) {
		db := s.e.Log()
		return Read(ctx, s, db, func() ([]archive.FetchRow, error) { return s.fetchBatch(ctx, db, after) })
	})
}

// fetchBatch reads the fetches after id after, with their bodies, in one
// statement (so that each body read is its fetch's).
func (s *Store) fetchBatch(ctx context.Context, db *sql.DB, after int64) ([]archive.FetchRow, error) {
	rows, err := db.QueryContext(ctx, s.d.Q(`SELECT `+fetchColumns+`, r.size, r.compression, r.data, f.id
		FROM fetches AS f LEFT JOIN raw_inputs AS r ON r.hash = f.raw_hash
		WHERE f.id > ? ORDER BY f.id LIMIT ?`), after, FetchesBatch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var batch []archive.FetchRow
	for rows.Next() {
		var b archive.FetchRow
		var size sql.NullInt64
		var compression sql.NullString
		if err := scanFetch(rows, &b.Fetch, &size, &compression, &b.Data, &b.ID); err != nil {
			return nil, err
		}
		if b.Fetch.Hash != "" && !size.Valid {
			return nil, fmt.Errorf("fetch of %s: raw %s missing", b.Fetch.URL, b.Fetch.Hash)
		}
		b.Size, b.Compression = size.Int64, compression.String
		batch = append(batch, b)
	}
	return batch, rows.Err()
}

const fetchColumns = `f.url, f.status, f.etag, f.last_modified, f.content_type, f.fetched_at, f.raw_hash,
	f.document_id, f.version, f.outcome, f.error, f.feed_time`

// scanFetch reads a row of fetchColumns into f, then the extra columns.
func scanFetch(row interface{ Scan(...any) error }, f *transcript.Fetch, extra ...any) error {
	var etag, lastModified, contentType, hash, documentID, errText, feedTime sql.NullString
	var at Time
	if err := row.Scan(append([]any{&f.URL, &f.Status, &etag, &lastModified, &contentType, &at, &hash, &documentID,
		&f.Version, &f.Outcome, &errText, &feedTime}, extra...)...); err != nil {
		return err
	}
	f.ETag, f.LastModified, f.ContentType = etag.String, lastModified.String, contentType.String
	f.Hash, f.DocumentID, f.Error, f.FeedTime = hash.String, documentID.String, errText.String, feedTime.String
	f.FetchedAt = at.Time
	return nil
}

// CrawlState returns the value stored under key, or "".
func (s *Store) CrawlState(ctx context.Context, key string) (string, error) {
	db := s.e.Log()
	v, err := Read(ctx, s, db, func() (v string, err error) {
		err = db.QueryRowContext(ctx, s.d.Q(`SELECT value FROM crawl_state WHERE key = ?`), key).Scan(&v)
		return v, err
	})
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("%s: crawl state %s: %w", s.d.Name, key, s.describe(err))
	}
	return v, nil
}

// CrawlStates returns every stored key and its value.
func (s *Store) CrawlStates(ctx context.Context) (map[string]string, error) {
	db := s.e.Log()
	m, err := Read(ctx, s, db, func() (map[string]string, error) {
		rows, err := db.QueryContext(ctx, `SELECT key, value FROM crawl_state`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		m := map[string]string{}
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				return nil, err
			}
			m[k] = v
		}
		return m, rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("%s: crawl states: %w", s.d.Name, err)
	}
	return m, nil
}

// SetCrawlState stores value under key, or deletes key when value is "",
// trying again while the server is unavailable (where the engine does).
func (s *Store) SetCrawlState(ctx context.Context, key, value string) error {
	d := s.d
	err := s.retryWrite(ctx, func() error {
		var err error
		if value == "" {
			_, err = s.e.Write().ExecContext(ctx, d.Q(`DELETE FROM crawl_state WHERE key = ?`), d.text(key))
		} else {
			_, err = s.e.Write().ExecContext(ctx, d.Q(`INSERT INTO crawl_state (key, value, updated_at) VALUES (?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
				d.text(key), d.text(value), d.Time(s.Now()))
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("%s: set crawl state %s: %w", d.Name, key, err)
	}
	return nil
}

// Provenance returns the provenance of the document id, as
// transcript.CrawlLog requires: a few index lookups, on the Read pool.
func (s *Store) Provenance(ctx context.Context, id string) (transcript.Provenance, error) {
	db := s.e.Read()
	p, err := Read(ctx, s, db, func() (transcript.Provenance, error) { return s.provenance(ctx, db, id) })
	if err != nil {
		return transcript.Provenance{}, fmt.Errorf("%s: provenance %s: %w", s.d.Name, id, err)
	}
	return p, nil
}

func (s *Store) provenance(ctx context.Context, db *sql.DB, id string) (transcript.Provenance, error) {
	p := transcript.Provenance{ID: id}
	var docURL sql.NullString
	var origin string
	var first, last, lastChecked, goneSince Time
	var fetches sql.NullInt64
	err := db.QueryRowContext(ctx, s.d.Q(`SELECT d.url, d.language, d.version, v1.origin, v1.stored_at, vn.stored_at,
			fd.fetches, fd.last_checked, fd.gone_since
		FROM documents AS d
		JOIN versions AS v1 ON v1.doc = d.doc AND v1.number = 1
		JOIN versions AS vn ON vn.doc = d.doc AND vn.number = d.version
		LEFT JOIN fetched_documents AS fd ON fd.document_id = d.id
		WHERE d.id = ?`), id).Scan(&docURL, &p.Language, &p.Versions, &origin, &first, &last,
		&fetches, &lastChecked, &goneSince)
	if err != nil {
		return p, NotFound(err)
	}
	p.URL, p.Fetches = docURL.String, int(fetches.Int64)
	p.Edition = transcript.Edition(origin, p.URL)
	p.FirstSeen, p.LastChanged, p.LastChecked, p.GoneSince = first.Time, last.Time, lastChecked.Time, goneSince.Time
	p.Gone = goneSince.Valid
	return p, nil
}
