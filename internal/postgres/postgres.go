// Package postgres implements transcript.Store, transcript.Searcher and
// transcript.Catalog on a PostgreSQL server, the engine for shared,
// multi-user archives and read replicas.
//
// It uses github.com/jackc/pgx/v5 through database/sql. The archive lives
// in the first schema of the connection's search_path (public unless the
// DSN sets search_path), created and upgraded by the numbered files in
// migrations/, which Open applies. The search index is Rostrum's own, as
// in the SQLite engine (packages postings and ixstore): segments of
// posting lists in the ix_ tables, written in each write's transaction
// and evaluated in Go, with the table of units (one per turn plus a
// header per document: speakers and word counts) for facets. A turn's
// text is kept once, in its document's version, where snippets read it. The flow the engines share (the crawl log, the reads of
// documents, the catalog, the order and transactions of Put and PutBatch)
// is package sqlstore's, which this package gives its dialect, its retries
// and its write lock; the rest of Rostrum's SQL for PostgreSQL lives here.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/ixstore"
	"github.com/rostrum/rostrum/internal/sqlstore"
	"github.com/rostrum/rostrum/internal/transcript"
)

var (
	_ transcript.Store    = (*Store)(nil)
	_ transcript.Searcher = (*Store)(nil)
	_ transcript.Catalog  = (*Store)(nil)
)

// MaxConns is the most connections a Store opens to the server.
const MaxConns = 16

// Store is an archive on a PostgreSQL server. It is safe for concurrent
// use by multiple goroutines, and any number of Stores, in any number of
// processes, may use one archive: a write transaction first locks the
// archive's generation row, so writers take turns (preparing their
// documents in parallel beforehand), while readers read a snapshot and
// never wait for them.
type Store struct {
	// Store is the flow the engines share: its Now, the crawl log, the
	// reads of documents, the catalog.
	sqlstore.Store

	// RetryFor is how long a write that lost the server (a restart, a
	// failover) waits for it to come back and tries again before it
	// fails with ErrUnavailable. Open sets it to DefaultRetryFor.
	RetryFor time.Duration
	gone     atomic.Bool // a write gave up waiting for the server, and none has succeeded since
	readOnly bool        // Open found the connection read-only: a replica

	// ReadRetryFor is how long a read that lost its connection to the
	// server, or cannot reach it, waits for it and tries again before it
	// fails with ErrUnavailable: after a restart, every idle connection
	// of the pool is broken. Open sets it to DefaultReadRetryFor; 0 reads
	// once.
	ReadRetryFor time.Duration
	readSrv      server // the server of read: srv, or the replica's

	name  string // the archive, for messages: user@host/database, without secrets
	srv   server
	db    *sql.DB            // the primary: writes, and reads unless there is a replica
	read  *sql.DB            // reads: db, or a replica's pool (OpenWithReplica)
	vocab archive.VocabCache // filter values, for Search
	// ix caches the archive's own search index (ix.go), docValues the
	// persons and taxonomy of every unit, for facets.
	ix        ixstore.Cache
	docValues archive.DocValuesCache
	// facetWindow is FacetWindow; tests make it small.
	facetWindow int

	// order is the write order of PutBatch calls; tests set its Hook.
	order sqlstore.Order
}

// Open connects to the archive that dsn names (a postgres:// URL or a
// libpq key=value string), creating its tables if the schema is empty and
// applying the migrations it lacks. It refuses a database whose encoding
// is not UTF8 and an archive written by a newer Rostrum (a
// *SchemaVersionError).
//
// On a read-only connection (a streaming replica, or
// default_transaction_read_only set) it changes nothing: it checks that
// the archive is at this program's schema version and its index was built
// by this program's tokenizer, and the Store answers reads and searches;
// its writes fail. Migrate the primary first.
func Open(ctx context.Context, dsn string) (*Store, error) {
	db, srv, err := connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	name := srv.name
	s := newStore(srv, db)
	var readOnly string
	if err := db.QueryRowContext(ctx, `SHOW transaction_read_only`).Scan(&readOnly); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: open %s: %w", name, srv.describe(err))
	}
	if readOnly == "on" {
		if err := checkReadOnly(ctx, s.db); err != nil {
			db.Close()
			return nil, fmt.Errorf("postgres: open %s read-only: %w", name, srv.describe(err))
		}
		s.readOnly = true
		return s, nil
	}
	if _, err := migrate(ctx, db, migrationFiles); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: open %s: %w", name, srv.describe(err))
	}
	if err := s.ensureWords(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: open %s: %w", name, srv.describe(err))
	}
	if err := s.ensureSpans(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: open %s: %w", name, srv.describe(err))
	}
	if err := s.ensureIx(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: open %s: %w", name, srv.describe(err))
	}
	return s, nil
}

// newStore returns a Store on the primary db, without a replica.
func newStore(srv server, db *sql.DB) *Store {
	s := &Store{RetryFor: DefaultRetryFor, ReadRetryFor: DefaultReadRetryFor, name: srv.name, srv: srv, readSrv: srv,
		db: db, read: db, facetWindow: FacetWindow}
	s.Store = sqlstore.New(dialect, sqlstore.Engine{
		Log:        func() *sql.DB { return s.db },
		Read:       func() *sql.DB { return s.read },
		Write:      func() *sql.DB { return s.db },
		ReadTx:     s.readTx,
		WriteTx:    s.writeTx,
		RetryWrite: s.retry,
		RetryRead: func(ctx context.Context, db *sql.DB, read func() error) error {
			_, err := retryRead(ctx, s, db, func() (struct{}, error) { return struct{}{}, read() })
			return err
		},
		Describe: func(err error) error { return s.srv.describe(err) },
		Changed:  s.vocab.Reset,
	})
	return s
}

// querier is what a pool and a transaction share.
type querier = sqlstore.Querier

// generation reads the archive's change counter; loadVocab reads its
// vocabulary (see archive.Vocab).
var generation, loadVocab = dialect.ReadGen, dialect.LoadVocab

// dialect is how PostgreSQL's statements differ from sqlstore's.
var dialect = &sqlstore.Dialect{
	Name:     "postgres",
	Numbered: true,
	Time:     func(t time.Time) any { return t.UTC() },
	Text:     textValue,
	PackJSON: true,
	Turns:    "units",
	// A document with both a published_in entry and a breadcrumb
	// section counts once (UNION keeps one of each pair).
	TermSection: `SELECT term, count(*) AS n FROM (
			SELECT doc, term FROM taxonomy WHERE kind = 'section'
			UNION SELECT doc, section FROM documents WHERE section IS NOT NULL) AS s
		GROUP BY term ORDER BY n DESC, term`,
	True:           "true",
	Generation:     sqlGeneration,
	ReadGeneration: `SELECT value::bigint FROM settings WHERE key = 'generation'`,
	InsertRaw: `INSERT INTO raw_inputs (hash, size, compression, data) VALUES ($1, $2, 'gzip', $3)
		ON CONFLICT (hash) DO NOTHING`,
	UpsertFetchedDocument: `INSERT INTO fetched_documents AS fd (document_id, fetches, last_checked, gone_since)
		VALUES ($1, 1, $2, CASE WHEN $3::boolean THEN $2::timestamptz END)
		ON CONFLICT (document_id) DO UPDATE SET
			fetches = fd.fetches + 1,
			last_checked = greatest(fd.last_checked, excluded.last_checked),
			gone_since = CASE WHEN $3::boolean THEN coalesce(fd.gone_since, excluded.last_checked)
				WHEN $4::boolean THEN NULL ELSE fd.gone_since END
		RETURNING gone_since IS NOT NULL`,
}

// server names the server and archive of a DSN, for messages.
type server struct {
	name string // user@host/database, without secrets
	addr string // HOST:PORT
	user string
}

func (srv server) describe(err error) error { return describe(srv.addr, srv.user, err) }

// connect opens a pool on dsn and checks the server. A server that
// cannot be reached, or refuses the user, is an error that says so
// without the "postgres: open" prefix, since it names the server.
func connect(ctx context.Context, dsn string) (*sql.DB, server, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		// pgx's message may quote the DSN, password included.
		return nil, server{}, fmt.Errorf("postgres: open: %w: not a PostgreSQL DSN (want postgres://USER@HOST/DATABASE)", transcript.ErrInvalid)
	}
	srv := server{name: fmt.Sprintf("%s@%s/%s", cfg.User, cfg.Host, cfg.Database), addr: serverAddr(&cfg.Config), user: cfg.User}
	if cfg.ConnectTimeout == 0 {
		// A server behind a firewall that drops packets would otherwise
		// keep a command waiting for the system's TCP timeout.
		cfg.ConnectTimeout = DefaultConnectTimeout
	}
	if !strings.Contains(dsn, "default_query_exec_mode") {
		// One round trip per query, with an unnamed statement that the
		// server plans for the values it is given. Named prepared
		// statements would break behind PgBouncer in transaction mode,
		// where the next query may run on another server connection.
		cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(MaxConns)
	db.SetMaxIdleConns(MaxConns / 2)
	db.SetConnMaxIdleTime(5 * time.Minute)
	var encoding string
	err = db.QueryRowContext(ctx, `SHOW server_encoding`).Scan(&encoding)
	if err == nil && encoding != "UTF8" {
		err = fmt.Errorf("%w: the database's encoding is %s, not UTF8 (create it with ENCODING 'UTF8')", transcript.ErrInvalid, encoding)
	}
	if err != nil {
		db.Close()
		if d := srv.describe(err); d != err {
			return nil, server{}, d
		}
		return nil, server{}, fmt.Errorf("postgres: open %s: %w", srv.name, err)
	}
	return db, srv, nil
}

// ReadConns reports how many reads the Store runs at once (MaxConns, on
// the replica when there is one); more wait for a connection. The web
// server keeps one of them free of searches.
func (s *Store) ReadConns() int { return MaxConns }

// Close releases the store's connections.
func (s *Store) Close() error {
	s.docValues.Close()
	err := s.db.Close()
	if s.read != s.db {
		err = errors.Join(err, s.read.Close())
	}
	if err != nil {
		return fmt.Errorf("postgres: close %s: %w", s.name, err)
	}
	return nil
}

// readTx begins a read-only transaction that sees one snapshot, on the
// replica when there is one.
func (s *Store) readTx(ctx context.Context) (*sql.Tx, error) {
	return s.read.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
}

// writeTx begins a write transaction and makes it the archive's only
// writer until it ends: writers queue on the generation row, readers are
// not blocked. It is READ COMMITTED whatever the server's default, so that
// each statement after the lock sees what the writers before it
// committed.
func (s *Store) writeTx(ctx context.Context) (*sql.Tx, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `SELECT 1 FROM settings WHERE key = 'generation' FOR UPDATE`); err != nil {
		return nil, rollback(tx, err)
	}
	return tx, nil
}

// inWriteTx runs f in a write transaction (writeTx) and commits it, or
// rolls it back when f fails.
func (s *Store) inWriteTx(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := s.writeTx(ctx)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		return rollback(tx, err)
	}
	return tx.Commit()
}

// sqlGeneration moves the archive's change counter.
const sqlGeneration = `UPDATE settings SET value = (value::bigint + 1)::text WHERE key = 'generation'`

// rollback ends tx after err, keeping err.
func rollback(tx *sql.Tx, err error) error {
	if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
		return errors.Join(err, rerr)
	}
	return err
}
