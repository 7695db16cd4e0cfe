package postgres_test

import (
	"database/sql"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/pgtest"
	"github.com/rostrum/rostrum/internal/postgres"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/searchtest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestReadsAcrossRestart checks, on a server of its own, that reads
// survive a server restart: the connections a Store keeps idle are all
// broken by it, and a read on one of them, or one made while the server is
// down, waits for the server and reads again (ReadRetryFor) instead of
// failing.
func TestReadsAcrossRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL server")
	}
	t.Parallel()
	dir, dsn := pgtest.Private(t)
	ctx := t.Context()
	open := func(readRetryFor time.Duration) *postgres.Store {
		t.Helper()
		s, err := postgres.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		s.ReadRetryFor = readRetryFor
		return s
	}
	s := open(postgres.DefaultReadRetryFor)
	once := open(0) // the same reads, without retries, for comparison
	docs := searchtest.Fixtures()
	for _, d := range docs {
		if _, err := s.Put(ctx, d, transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)}); err != nil {
			t.Fatal(err)
		}
	}
	id := docs[0].ID
	q, err := search.ParseQuery("partnership")
	if err != nil {
		t.Fatal(err)
	}
	// fillPool reads from several goroutines at once, so that the pool
	// keeps several idle connections, which a restart breaks.
	fillPool := func(s *postgres.Store) {
		t.Helper()
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() { _, errs[i] = s.Document(ctx, id) })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("reads before the restart: %v", err)
		}
	}

	// A restart between two reads.
	fillPool(s)
	fillPool(once)
	start := time.Now()
	pgtest.Ctl(t, dir, "-l", filepath.Join(dir, "server.log"), "-m", "fast", "restart")
	t.Logf("pg_ctl restart took %s", time.Since(start).Round(time.Millisecond))
	if d, err := s.Document(ctx, id); err != nil || d.ID != id {
		t.Errorf("Document after a restart = %v, %v; want the document, read again on a new connection", d, err)
	}
	// Without retries the same read may fail or not: the driver drops a
	// broken idle connection itself when it pings it first (idle for over
	// a second) or when the query could not be sent at all (a unix
	// socket), and database/sql then takes another. Over TCP, a query
	// sent on a connection the server has closed fails.
	if _, err := once.Document(ctx, id); err != nil {
		t.Logf("the same read without retries failed: %v", err)
	} else {
		t.Logf("the same read without retries succeeded: the driver found the broken connections itself")
	}

	// A read whose connection is cut under it, as a restart or a failover
	// does to a query under way: it waits for a lock that the test holds,
	// and its backend is terminated.
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	cutWhileReading := func(read func() error) error {
		t.Helper()
		tx, err := admin.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		var holder int
		if err := tx.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&holder); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, `LOCK TABLE documents IN ACCESS EXCLUSIVE MODE`); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- read() }()
		var reader int
		for deadline := time.Now().Add(10 * time.Second); reader == 0; time.Sleep(5 * time.Millisecond) {
			err := admin.QueryRowContext(ctx, `SELECT pid FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))`, holder).Scan(&reader)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				t.Fatal(err)
			}
			if time.Now().After(deadline) {
				t.Fatal("no reader waited for the lock within 10 s")
			}
		}
		if _, err := admin.ExecContext(ctx, `SELECT pg_terminate_backend($1)`, reader); err != nil {
			t.Fatal(err)
		}
		tx.Rollback()
		return <-done
	}
	err = cutWhileReading(func() error { _, err := once.Document(ctx, id); return err })
	if !errors.Is(err, postgres.ErrUnavailable) || !strings.Contains(err.Error(), "lost the connection to the PostgreSQL server at ") {
		t.Errorf("Document cut under way, without retries: err = %v; want ErrUnavailable, saying the connection was lost", err)
	}
	t.Logf("the error without retries: %v", err)
	if err := cutWhileReading(func() error { _, err := s.Document(ctx, id); return err }); err != nil {
		t.Errorf("Document cut under way, with retries: %v", err)
	}
	if err := cutWhileReading(func() error { _, err := s.Search(ctx, &transcript.SearchRequest{Query: q}); return err }); err != nil {
		t.Errorf("Search cut under way, with retries: %v", err)
	}

	// Reads made while the server is down wait for it: every read method,
	// at once, while the server is stopped, then started.
	reads := []struct {
		name string
		read func(s *postgres.Store) error
	}{
		{"Document", func(s *postgres.Store) error { _, err := s.Document(ctx, id); return err }},
		{"DocumentVersion", func(s *postgres.Store) error { _, err := s.DocumentVersion(ctx, id, 1); return err }},
		{"Versions", func(s *postgres.Store) error { _, err := s.Versions(ctx, id); return err }},
		{"RawInput", func(s *postgres.Store) error { _, err := s.RawInput(ctx, id, 1); return err }},
		{"Documents", func(s *postgres.Store) error {
			n := 0
			for _, err := range s.Documents(ctx) {
				if err != nil {
					return err
				}
				n++
			}
			if n != len(docs) {
				return errors.New("Documents yielded " + strconv.Itoa(n) + " documents")
			}
			return nil
		}},
		{"Search", func(s *postgres.Store) error {
			res, err := s.Search(ctx, &transcript.SearchRequest{Query: q, Facets: true})
			if err == nil && res.Documents != 2 {
				err = errors.New("Search found " + strconv.Itoa(res.Documents) + " documents, want 2")
			}
			return err
		}},
		{"Stats", func(s *postgres.Store) error { _, err := s.Stats(ctx); return err }},
		{"Persons", func(s *postgres.Store) error { _, err := s.Persons(ctx); return err }},
		{"Person", func(s *postgres.Store) error { _, err := s.Person(ctx, "Vladimir Putin"); return err }},
		{"Terms", func(s *postgres.Store) error { _, err := s.Terms(ctx, transcript.TermTopic); return err }},
		{"DocumentsAt", func(s *postgres.Store) error { _, err := s.DocumentsAt(ctx, []string{docs[0].URL}); return err }},
		{"Generation", func(s *postgres.Store) error { _, err := s.Generation(ctx); return err }},
		{"Provenance", func(s *postgres.Store) error { _, err := s.Provenance(ctx, id); return err }},
		{"CrawlState", func(s *postgres.Store) error { _, err := s.CrawlState(ctx, "none"); return err }},
		{"Fetches", func(s *postgres.Store) error { _, err := s.Fetches(ctx, "http://example.org/none"); return err }},
		{"IntegrityCheck", func(s *postgres.Store) error { return s.IntegrityCheck(ctx) }},
	}
	pgtest.Ctl(t, dir, "-m", "fast", "stop")
	for _, r := range reads {
		if err := r.read(once); !errors.Is(err, postgres.ErrUnavailable) {
			t.Errorf("%s without retries while the server is down: err = %v; want ErrUnavailable", r.name, err)
		}
	}
	// The retried reads wait for as long as the server may take to start
	// on a busy machine; how long is not what is tested here.
	s.ReadRetryFor = time.Minute
	errs := make([]error, len(reads))
	var wg sync.WaitGroup
	for i, r := range reads {
		wg.Go(func() { errs[i] = r.read(s) })
	}
	time.Sleep(300 * time.Millisecond) // for the reads to find the server down
	start = time.Now()
	pgtest.Ctl(t, dir, "-l", filepath.Join(dir, "server.log"), "start")
	wg.Wait()
	t.Logf("the reads made while the server was down returned %s after pg_ctl start", time.Since(start).Round(time.Millisecond))
	for i, r := range reads {
		if errs[i] != nil {
			t.Errorf("%s while the server was down, then started: %v", r.name, errs[i])
		}
	}

	// A query error is not read again.
	start = time.Now()
	if _, err := s.Document(ctx, "no/such"); !errors.Is(err, transcript.ErrNotFound) || time.Since(start) > time.Second {
		t.Errorf("Document(no/such) = %v after %s; want ErrNotFound at once", err, time.Since(start))
	}
}
