//go:build unix

package ingest_test

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// mustFIFO makes a named pipe that nothing ever writes to.
func mustFIFO(tb testing.TB) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), "page.txt")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		tb.Skipf("mkfifo: %v", err)
	}
	return p
}

// within fails the test if fn has not returned after d: the bugs these
// tests reproduce hung for ever.
func within(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still blocked after %v", d)
	}
}

// TestFIFORefused reproduces "a FIFO named on the command line hangs
// forever": opening a named pipe for reading blocks until a writer
// comes. It is refused before it is opened, as the folder walk skips it.
func TestFIFORefused(t *testing.T) {
	fifo := mustFIFO(t)
	within(t, 5*time.Second, func() {
		inputs, errs := ingest.Expand([]string{fifo, filepath.Dir(fifo)})
		if len(inputs) != 0 || len(errs) != 1 || !strings.Contains(ingest.Message(errs[0]), "named pipe") {
			t.Errorf("Expand: inputs %q, errors %v; want the pipe refused, the folder empty", inputs, errs)
		}
		_, err := ingest.Load(t.Context(), fifo, nil, 0)
		if got, want := ingest.Message(err), fifo+":1: a named pipe, not a regular file"; got != want || !errors.Is(err, transcript.ErrInvalid) {
			t.Errorf("Load: got %q, want %q", got, want)
		}
		res, err := ingest.Run(t.Context(), newStore(t), []string{fifo}, ingest.Config{Formats: testFormats()})
		if err != nil || res.Failed != 1 {
			t.Errorf("Run: %s, %v; want the pipe failed", res.Summary(), err)
		}
	})
}

// TestStdinCancelled: a read of standard input that blocks (a pipe or a
// terminal nobody types into) ends when the context does, as on SIGINT.
func TestStdinCancelled(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	within(t, 5*time.Second, func() {
		if _, err := ingest.Load(ctx, ingest.Stdin, r, 0); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Load: %v, want the context's error", err)
		}
	})
	store := newStore(t)
	r2, w2 := io.Pipe()
	defer w2.Close()
	ctx, cancel = context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	within(t, 5*time.Second, func() {
		_, err := ingest.Run(ctx, store, []string{ingest.Stdin}, ingest.Config{Formats: testFormats(), Stdin: r2})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Run: %v, want the context's error", err)
		}
	})
}
