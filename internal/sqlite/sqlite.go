// Package sqlite implements transcript.Store on an embedded SQLite file,
// the archive engine that needs no server.
//
// It uses the pure-Go github.com/ncruces/go-sqlite3 driver through
// database/sql, so it builds with CGO_ENABLED=0. The archive runs in WAL
// mode: one writer at a time, any number of concurrent readers, and a file
// that stays consistent when a process is killed mid-write. The flow the
// engines share (the crawl log, the reads of documents, the catalog, the
// order and transactions of Put and PutBatch) is package sqlstore's,
// which this package gives its dialect; the rest of Rostrum's SQL for
// SQLite lives here. The schema is created and upgraded by the numbered
// files in migrations/.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/driver"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/backoff"
	"github.com/rostrum/rostrum/internal/ixstore"
	"github.com/rostrum/rostrum/internal/sqlstore"
	"github.com/rostrum/rostrum/internal/transcript"
)

var _ transcript.Store = (*Store)(nil)

// Store is a transcript.Store on one SQLite file. It is safe for
// concurrent use by multiple goroutines: writes are serialised on a single
// connection, so concurrent Puts wait for each other instead of failing
// with SQLITE_BUSY, and reads run in parallel on a pool of their own.
type Store struct {
	// Store is the flow the engines share: its Now, the crawl log, the
	// reads of documents, the catalog.
	sqlstore.Store

	path  string
	write *sql.DB // one connection: the single writer
	read  *sql.DB // query_only connections
	stmts map[string]*sql.Stmt
	// readStmts are prepared on the read pool (readStatements).
	readStmts map[string]*sql.Stmt
	vocab     archive.VocabCache // filter values, for Search
	// docValues are the persons and taxonomy of every unit, for facets.
	docValues archive.DocValuesCache
	// facetWindow is FacetWindow; tests make it small.
	facetWindow int
	// ix caches the archive's own search index (ix.go).
	ix ixstore.Cache

	migratedFrom int // the schema version before Open migrated

	// order is the write order of PutBatch calls; tests set its Hook.
	order sqlstore.Order
}

// generation reads the archive's change counter; loadVocab reads its
// vocabulary (see archive.Vocab).
var generation, loadVocab = dialect.ReadGen, dialect.LoadVocab

// dialect is how SQLite's statements differ from sqlstore's.
var dialect = &sqlstore.Dialect{
	Name:           "sqlite",
	Time:           func(t time.Time) any { return t.UTC().Format(storedAtLayout) },
	PackJSON:       true,
	True:           "1",
	Generation:     sqlGeneration,
	ReadGeneration: `SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'generation'`,
	InsertRaw:      sqlInsertRaw,
	Turns:          "turns",
	// In one pass over the covering indexes taxonomy_term and
	// documents_section, which keep the rows of a term together. A
	// document with both a published_in entry and a breadcrumb section
	// counts once. Deduplicating every (document, term) pair took
	// 250-400 ms at 100,000 documents; instead the two counts are added
	// and the documents counted twice subtracted, found by seeking each
	// breadcrumb section (a handful) among the published_in entries.
	// CROSS JOIN keeps that order: the planner otherwise probes documents
	// for every published_in entry.
	TermSection: `WITH b(term, n) AS MATERIALIZED (
			SELECT section, count(*) FROM documents WHERE section IS NOT NULL GROUP BY section)
		SELECT term, sum(n) AS n FROM (
			SELECT term, count(*) AS n FROM taxonomy WHERE kind = 'section' GROUP BY term
			UNION ALL SELECT term, n FROM b
			UNION ALL SELECT x.term, -count(*) FROM b CROSS JOIN taxonomy AS x ON x.kind = 'section' AND x.term = b.term
				JOIN documents AS d ON d.doc = x.doc AND d.section = x.term GROUP BY x.term)
		GROUP BY term ORDER BY n DESC, term`,
	UpsertFetchedDocument: `INSERT INTO fetched_documents (document_id, fetches, last_checked, gone_since)
		VALUES (?1, 1, ?2, CASE WHEN ?3 THEN ?2 END)
		ON CONFLICT (document_id) DO UPDATE SET
			fetches = fetches + 1,
			last_checked = max(last_checked, excluded.last_checked),
			gone_since = CASE WHEN ?3 THEN coalesce(gone_since, excluded.last_checked)
				WHEN ?4 THEN NULL ELSE gone_since END
		RETURNING gone_since IS NOT NULL`,
}

// pragmas are set on every connection; busy_timeout comes first so that
// the others wait for a lock instead of failing.
var pragmas = []string{
	"busy_timeout(10000)",
	// For a new archive only (it must come before WAL): 16 KB pages hold
	// a typical turn or JSON document in one or two pages instead of a
	// chain of 4 KB overflow pages, so a document costs fewer page writes.
	"page_size(16384)",
	// For a new archive only: pages a merge of the search index frees
	// (segments are rewritten as they merge) go back to the file system
	// after a whole merge (Optimize), instead of staying in the file.
	"auto_vacuum(incremental)",
	"journal_mode(wal)",
	"synchronous(normal)",
	"foreign_keys(on)",
}

// Open opens the archive at path, creating it if it does not exist, and
// brings its schema up to date. It refuses a file that is not a SQLite
// database and an archive written by a newer Rostrum.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		// An in-memory database would differ between the read and write
		// pools, and a URI would defeat the pragmas set here.
		return nil, fmt.Errorf("sqlite: open %q: %w: want a file path", path, transcript.ErrInvalid)
	}
	s := &Store{path: path, facetWindow: FacetWindow}
	s.Store = sqlstore.New(dialect, sqlstore.Engine{
		Log:   func() *sql.DB { return s.read },
		Read:  func() *sql.DB { return s.read },
		Write: func() *sql.DB { return s.write },
		ReadTx: func(ctx context.Context) (*sql.Tx, error) {
			return s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		},
		WriteTx: func(ctx context.Context) (*sql.Tx, error) { return s.write.BeginTx(ctx, nil) },
		Changed: s.vocab.Reset,
	})
	var err error
	if s.write, err = driver.Open(dsn(path, false), s.initWriteConn); err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	s.write.SetMaxOpenConns(1)
	s.write.SetMaxIdleConns(1)
	s.write.SetConnMaxIdleTime(0)
	s.write.SetConnMaxLifetime(0)

	// Connecting sets the pragmas. While another process or Store is
	// turning a new file to WAL, SQLite answers "database is locked"
	// without waiting for busy_timeout: try again for a few seconds.
	// ping reports whether connecting is settled: done, or failed for
	// another reason than the lock.
	ping := func() bool {
		err = s.write.PingContext(ctx)
		return err == nil || !strings.Contains(err.Error(), "database is locked")
	}
	if !ping() {
		settled := backoff.Policy{Base: 10 * time.Millisecond, Max: 2 * time.Second}.Retry(ctx, time.Now().Add(5*time.Second), ping)
		if !settled && ctx.Err() != nil {
			err = ctx.Err()
		}
	}
	if err == nil {
		s.migratedFrom, err = schemaVersion(ctx, s.write)
	}
	if err == nil {
		err = migrate(ctx, s.write, migrationFiles)
	}
	if err != nil {
		s.write.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, describe(err))
	}

	// Prepared now: once Put's transaction holds the only write
	// connection, preparing on the pool would wait for it forever.
	s.stmts = make(map[string]*sql.Stmt, len(writeStatements))
	for _, q := range writeStatements {
		st, err := s.write.PrepareContext(ctx, q)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
		}
		s.stmts[q] = st
	}
	if err := s.ensureIx(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := s.ensureWords(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := s.ensureSpans(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}

	if s.read, err = driver.Open(dsn(path, true), nil); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	n := readConns()
	s.read.SetMaxOpenConns(n)
	s.read.SetMaxIdleConns(n)
	if err := s.read.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, describe(err))
	}
	s.readStmts = make(map[string]*sql.Stmt, len(readStatements))
	for _, q := range readStatements {
		st, err := s.read.PrepareContext(ctx, q)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
		}
		s.readStmts[q] = st
	}
	return s, nil
}

// readConns is the size of the read pool: a search uses one core, and
// at least four let cheap reads pass a few long searches.
func readConns() int { return max(4, runtime.GOMAXPROCS(0)) }

// ReadConns reports how many reads the Store runs at once; more wait for
// a connection. The web server keeps one of them free of searches.
func (s *Store) ReadConns() int { return readConns() }

// dsn returns the driver's URI for path. Characters that a URI would read
// as syntax are escaped, so any file name works.
func dsn(path string, readOnly bool) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	var b strings.Builder
	b.WriteString("file:")
	b.WriteString(r.Replace(path))
	sep := "?"
	for _, p := range pragmas {
		b.WriteString(sep + "_pragma=" + p)
		sep = "&"
	}
	if readOnly {
		// The driver then begins read transactions as DEFERRED.
		b.WriteString("&_pragma=query_only(1)&_pragma=cache_size(-8192)")
	} else {
		// Writers take the lock at BEGIN, so the busy timeout applies
		// instead of a deadlock on upgrading a read lock.
		b.WriteString("&_txlock=immediate")
		// The writer touches every index of a batch: a 64 MB page cache
		// (instead of 2 MB) keeps them in memory, and spares the file
		// system most of its reads and early writes.
		b.WriteString("&_pragma=cache_size(-65536)&_pragma=temp_store(memory)")
	}
	return b.String()
}

// describe gives the errors a user can act on a clearer message.
func describe(err error) error {
	switch {
	case errors.Is(err, sqlite3.NOTADB):
		return fmt.Errorf("not a SQLite database: %w", err)
	case errors.Is(err, sqlite3.CORRUPT):
		return fmt.Errorf("database file is corrupt: %w", err)
	}
	return err
}

// Close releases the store's connections. The last connection to close
// checkpoints the write-ahead log into the database file.
func (s *Store) Close() error {
	s.docValues.Close()
	var errs []error
	for _, st := range s.stmts {
		errs = append(errs, st.Close())
	}
	for _, st := range s.readStmts {
		errs = append(errs, st.Close())
	}
	if s.read != nil {
		errs = append(errs, s.read.Close())
	}
	if s.write != nil {
		// Best effort: refresh the query planner's statistics.
		_, _ = s.write.Exec("PRAGMA optimize")
		errs = append(errs, s.write.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlite: close %s: %w", s.path, err)
	}
	return nil
}
