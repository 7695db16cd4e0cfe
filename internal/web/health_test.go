package web_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

// sick is an archive whose Document lookups block while hold is open,
// then fail while fail is set.
type sick struct {
	*sqlite.Store
	hold    chan struct{}
	fail    atomic.Bool
	lookups atomic.Int32
}

func (a *sick) Document(ctx context.Context, id string) (*transcript.Document, error) {
	a.lookups.Add(1)
	select {
	case <-a.hold:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if a.fail.Load() {
		return nil, errors.New("disk on fire")
	}
	return a.Store.Document(ctx, id)
}

// TestHealthz: /healthz answers at once while the archive hangs (the
// issue: it waited 8 s behind four slow searches), runs one check at a
// time in the background, and answers 503 once a check has failed, 200
// again once one has succeeded.
func TestHealthz(t *testing.T) {
	c := newClock()
	a := &sick{Store: archive, hold: make(chan struct{})}
	ts := serve(t, a, web.Config{Now: c.now})
	for range 3 {
		if r := request(ts.URL, "/healthz"); r.status != http.StatusOK || r.body != "ok\n" {
			t.Fatalf("/healthz with the archive hanging = %d %q, want 200 ok", r.status, r.body)
		}
		c.add(time.Minute)
	}
	if n := a.lookups.Load(); n != 1 {
		t.Errorf("%d checks started, want 1 (the others wait for it)", n)
	}
	a.fail.Store(true)
	close(a.hold)
	await := func(status int) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if r := request(ts.URL, "/healthz"); r.status == status {
				return
			}
			c.add(time.Minute)
		}
		t.Fatalf("/healthz never answered %d", status)
	}
	await(http.StatusServiceUnavailable)
	a.fail.Store(false)
	await(http.StatusOK)
}
