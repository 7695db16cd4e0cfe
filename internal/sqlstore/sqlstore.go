// Package sqlstore is the part of an archive store that does not depend
// on its SQL engine: the flow of the crawl log, documents, versions, raw
// inputs, persons, stats, the catalog, vocabularies and overrides, over
// database/sql. Each engine (packages sqlite and postgres) embeds a Store
// and gives it a Dialect, for what its SQL writes differently, and an
// Engine, for its connections and how it writes and reads again after
// losing its server.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Dialect is how an engine's SQL differs from the statements of this
// package, which are written with ? placeholders.
type Dialect struct {
	// Name prefixes every error: "sqlite", "postgres".
	Name string
	// Numbered makes placeholders $1, $2, ... instead of ?.
	Numbered bool
	// Time is how a time is bound to a statement.
	Time func(time.Time) any
	// Text is how a string goes into a text column (PostgreSQL's text
	// holds neither NUL nor invalid UTF-8); nil keeps it.
	Text func(string) string
	// PackJSON stores a version's JSON compressed (archive.PackJSON), in
	// gzip members that a turn's span reads alone (archive.TextSpan).
	PackJSON bool
	// True is the literal of a true condition: "1" or "true".
	True string

	// Generation moves the archive's change counter.
	Generation string
	// ReadGeneration reads it as an integer.
	ReadGeneration string
	// InsertRaw stores a raw input (hash, size, gzip data) unless held.
	InsertRaw string
	// UpsertFetchedDocument counts a fetch of a document (document id,
	// time, gone, back) and returns whether the document is gone.
	UpsertFetchedDocument string
	// Turns is the table of turns, with their speaker and person.
	Turns string
	// TermSection counts the documents of each section, most first,
	// then by name (see transcript.TermSection).
	TermSection string
	rebound     sync.Map // query → its numbered form
}

// Q returns query, written with ? placeholders (or ?N, the Nth
// argument), in the dialect's form.
func (d *Dialect) Q(query string) string {
	if !d.Numbered || !strings.Contains(query, "?") {
		return query
	}
	if q, ok := d.rebound.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] != '?' {
			b.WriteByte(query[i])
			continue
		}
		j := i + 1
		for j < len(query) && '0' <= query[j] && query[j] <= '9' {
			j++
		}
		if j > i+1 { // ?N is $N
			b.WriteString("$" + query[i+1:j])
			i = j - 1
			continue
		}
		n++
		b.WriteString("$" + strconv.Itoa(n))
	}
	d.rebound.Store(query, b.String())
	return b.String()
}

// text is s as it goes into a text column.
func (d *Dialect) text(s string) string {
	if d.Text == nil {
		return s
	}
	return d.Text(s)
}

// nullText is null for an empty s, else s as it goes into a text column.
func (d *Dialect) nullText(s string) sql.NullString { return Null(d.text(s)) }

// Engine is what a Store asks its engine for, each time it needs it.
type Engine struct {
	// Log is the pool of the crawl log's reads: a crawler must see what
	// it wrote (the primary, not a replica).
	Log func() *sql.DB
	// Read is the pool of the other reads (a replica when there is one).
	Read func() *sql.DB
	// Write is the pool of writes that take no lock.
	Write func() *sql.DB
	// ReadTx begins a read-only transaction on Read's pool that sees one
	// snapshot.
	ReadTx func(ctx context.Context) (*sql.Tx, error)
	// WriteTx begins a write transaction, the archive's only writer until
	// it ends.
	WriteTx func(ctx context.Context) (*sql.Tx, error)
	// RetryWrite runs write, and again while it fails for want of the
	// server; nil runs it once.
	RetryWrite func(ctx context.Context, write func() error) error
	// RetryRead runs read, a read on db, and again while it fails for
	// want of the server; nil runs it once.
	RetryRead func(ctx context.Context, db *sql.DB, read func() error) error
	// Describe gives the errors a user can act on a clearer message; nil
	// keeps them.
	Describe func(error) error
	// Changed is called after the person overrides changed, for the
	// engine's caches; nil is nothing to do.
	Changed func()
}

// Store is the engine-neutral part of an archive store. Its methods are
// those of transcript.CrawlLog, transcript.Catalog and the reads of
// transcript.Store that every engine answers alike.
type Store struct {
	// Now returns the time recorded as a version's StoredAt (unless its
	// Raw gives one) and a fetch's FetchedAt (unless given). Open sets it
	// to time.Now; tests may replace it before the first Put.
	Now func() time.Time

	d     *Dialect
	e     Engine
	terms archive.TermCache // lists of Terms
}

// New returns a Store that speaks d and asks e for its connections.
func New(d *Dialect, e Engine) Store { return Store{Now: time.Now, d: d, e: e} }

// Dialect returns the store's dialect.
func (s *Store) Dialect() *Dialect { return s.d }

// retryWrite runs write with the engine's retry.
func (s *Store) retryWrite(ctx context.Context, write func() error) error {
	if s.e.RetryWrite == nil {
		return write()
	}
	return s.e.RetryWrite(ctx, write)
}

func (s *Store) describe(err error) error {
	if s.e.Describe == nil {
		return err
	}
	return s.e.Describe(err)
}

// Read runs read, a read on db, with the engine's retry.
func Read[T any](ctx context.Context, s *Store, db *sql.DB, read func() (T, error)) (T, error) {
	if s.e.RetryRead == nil {
		return read()
	}
	var v T
	err := s.e.RetryRead(ctx, db, func() error {
		var err error
		v, err = read()
		return err
	})
	return v, err
}

// Querier is what a pool, a connection and a transaction share.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Null maps the document model's empty string to SQL NULL.
func Null(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// NotFound turns sql.ErrNoRows into transcript.ErrNotFound.
func NotFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return transcript.ErrNotFound
	}
	return err
}

// Rollback ends tx after err, keeping err.
func Rollback(tx *sql.Tx, err error) error {
	if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
		return errors.Join(err, rerr)
	}
	return err
}

// Time scans a stored time, as text in RFC 3339 (SQLite) or a timestamp
// (PostgreSQL); Valid is false for NULL. A timestamp is read in UTC.
type Time struct {
	Time  time.Time
	Valid bool
}

// Scan implements sql.Scanner.
func (t *Time) Scan(v any) error {
	var err error
	switch v := v.(type) {
	case nil:
		*t = Time{}
		return nil
	case time.Time:
		t.Time = v.UTC()
	case string:
		t.Time, err = time.Parse(time.RFC3339Nano, v)
	case []byte:
		t.Time, err = time.Parse(time.RFC3339Nano, string(v))
	default:
		return fmt.Errorf("stored time: cannot scan %T", v)
	}
	t.Valid = err == nil
	return err
}

// Versions lists the applied versions of schema_migrations, in order.
func Versions(ctx context.Context, q Querier) ([]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var vs []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	return vs, rows.Err()
}
