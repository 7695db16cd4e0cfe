package web

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/rostrum/rostrum/internal/transcript"
)

// How /healthz checks the archive.
const (
	healthEvery   = 5 * time.Second  // the longest a check's outcome is reported
	healthTimeout = 10 * time.Second // a check that takes longer fails
)

// health is the archive's state as /healthz reports it. The handler never
// waits for the archive: it answers with the outcome of the last check
// and, when that is older than healthEvery, starts the next one in the
// background. So /healthz stays instant while every read connection is
// busy (a load balancer would otherwise take a slow server for a dead
// one), and a check that fails, or runs out of healthTimeout, makes it
// answer 503 until one succeeds.
type health struct {
	mu       sync.Mutex
	at       time.Time // when the last check started; zero before the first
	err      error     // the outcome of the last check that ended
	checking bool
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.archiveHealth(); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("archive unavailable\n"))
		return
	}
	w.Write([]byte("ok\n"))
}

// archiveHealth returns the outcome of the last check, and starts the
// next one when it is due. Before the first check ends it returns nil:
// the archive answered when the server was set up.
func (s *Server) archiveHealth() error {
	h := &s.health
	h.mu.Lock()
	defer h.mu.Unlock()
	now := s.cfg.Now()
	if !h.checking && (h.at.IsZero() || now.Sub(h.at) >= healthEvery) {
		h.checking, h.at = true, now
		go s.checkHealth()
	}
	return h.err
}

// checkHealth looks up an id that cannot exist, which touches the archive
// cheaply, and records the outcome.
func (s *Server) checkHealth() {
	ctx, cancel := context.WithTimeout(context.Background(), healthTimeout)
	defer cancel()
	_, err := s.archive.Document(ctx, "healthz/0")
	if errors.Is(err, transcript.ErrNotFound) {
		err = nil
	}
	if err != nil {
		s.log.Error("health check failed", "err", err)
	}
	s.health.mu.Lock()
	defer s.health.mu.Unlock()
	s.health.err, s.health.checking = err, false
}
