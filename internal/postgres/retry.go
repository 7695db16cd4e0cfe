package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/rostrum/rostrum/internal/backoff"
	"github.com/rostrum/rostrum/internal/transcript"
)

// DefaultRetryFor is Store.RetryFor as Open sets it: long enough for a
// server to restart, or a pooler to fail over to a new primary.
const DefaultRetryFor = 30 * time.Second

// DefaultReadRetryFor is Store.ReadRetryFor as Open sets it: enough for
// a server that restarts (a second or two) to answer again, short enough
// that a page of the site still answers in time, or fails.
const DefaultReadRetryFor = 5 * time.Second

// DefaultConnectTimeout bounds a connection attempt when the DSN sets no
// connect_timeout.
const DefaultConnectTimeout = 10 * time.Second

// unavailable reports whether err is a lost or refused connection, after
// which the same write may succeed once the server is back.
func (s *Store) unavailable(err error) bool {
	return err != nil && errors.Is(s.srv.describe(err), ErrUnavailable)
}

// retry runs write, and while it fails for want of the server, waits for
// the server and runs it again, for up to s.RetryFor. Each write is one
// transaction that the server rolled back when the connection broke (or
// committed just before, which the next attempt finds Unchanged), so
// running it again stores each document once.
func (s *Store) retry(ctx context.Context, write func() error) error {
	err := write()
	deadline := time.Now().Add(s.RetryFor)
	for s.unavailable(err) {
		if !s.awaitServer(ctx, deadline) {
			return s.gaveUp(err)
		}
		err = write()
	}
	s.gone.Store(false) // the server answered
	return err
}

// retryBatch writes again the documents of a PutBatch call that failed
// for want of the server, updating results and errs, in the call's place
// in the write order (the caller still holds it).
func (s *Store) retryBatch(ctx context.Context, docs []*transcript.Document, raws []transcript.Raw, results []transcript.PutResult, errs []error) {
	var deadline time.Time
	for {
		var again []int
		for i, err := range errs {
			if s.unavailable(err) {
				again = append(again, i)
			}
		}
		if len(again) == 0 {
			s.gone.Store(false) // the server answered
			return
		}
		if deadline.IsZero() {
			deadline = time.Now().Add(s.RetryFor)
		}
		if !s.awaitServer(ctx, deadline) {
			for _, i := range again {
				errs[i] = fmt.Errorf("postgres: put %s: %w", docs[i].ID, s.gaveUp(errs[i]))
			}
			return
		}
		subDocs, subRaws := make([]*transcript.Document, len(again)), make([]transcript.Raw, len(again))
		for j, i := range again {
			subDocs[j], subRaws[j] = docs[i], raws[i]
		}
		_, rs, es := s.batch(ctx).Run(ctx, subDocs, subRaws, nil)
		for j, i := range again {
			results[i], errs[i] = rs[j], es[j]
		}
	}
}

// gaveUp is the error of a write that lost the server and did not get it
// back within RetryFor. Until a write succeeds again, the next writes
// fail at once instead of waiting as long in turn.
func (s *Store) gaveUp(err error) error {
	s.gone.Store(true)
	return fmt.Errorf("%w (tried again for %s)", s.srv.describe(err), s.RetryFor)
}

// retryRead runs read, a read on db (the primary's pool or the
// replica's), and when it fails for want of the server (the connection
// lost, as after a restart or a failover, or refused while the server
// starts again), waits for the server and runs it again, for up to
// s.ReadRetryFor. A read changes nothing, so running it again is safe.
// Any other error (of the query, ErrNotFound, ErrInvalid, the caller's
// context) comes back at once, unchanged.
func retryRead[T any](ctx context.Context, s *Store, db *sql.DB, read func() (T, error)) (T, error) {
	v, err := read()
	if !s.unavailable(err) || ctx.Err() != nil {
		return v, err
	}
	srv := s.srv
	if db != s.db {
		srv = s.readSrv
	}
	deadline := time.Now().Add(s.ReadRetryFor)
	for s.unavailable(err) {
		if !awaitPool(ctx, db, deadline) {
			if s.ReadRetryFor > 0 {
				return v, fmt.Errorf("%w (tried again for %s)", srv.describe(err), s.ReadRetryFor)
			}
			return v, srv.describe(err)
		}
		v, err = read()
	}
	return v, err
}

// awaitServer waits until the primary answers again, or deadline passes
// or ctx ends, and reports whether it answered. After a write gave up
// waiting, it asks once instead of waiting again.
func (s *Store) awaitServer(ctx context.Context, deadline time.Time) bool {
	if s.gone.Load() {
		dropIdle(s.db)
		pctx, cancel := context.WithTimeout(ctx, DefaultConnectTimeout)
		defer cancel()
		return s.db.PingContext(pctx) == nil
	}
	return awaitPool(ctx, s.db, deadline)
}

// dropIdle closes db's idle connections: after a restart every one of
// them is broken.
func dropIdle(db *sql.DB) {
	db.SetMaxIdleConns(0)
	db.SetMaxIdleConns(MaxConns / 2)
}

// awaitPool drops db's idle connections, then waits until its server
// answers, or deadline passes or ctx ends, and reports whether it
// answered.
func awaitPool(ctx context.Context, db *sql.DB, deadline time.Time) bool {
	dropIdle(db)
	return backoff.Policy{Base: 50 * time.Millisecond, Max: time.Second}.Retry(ctx, deadline, func() bool {
		pctx, cancel := context.WithDeadline(ctx, deadline)
		defer cancel()
		return db.PingContext(pctx) == nil
	})
}
