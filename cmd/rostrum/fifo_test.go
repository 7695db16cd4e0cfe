//go:build unix

package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestParseFIFO reproduces "a FIFO named on the command line hangs
// forever and ignores SIGINT/SIGTERM": parse and ingest refuse it
// unopened, and a read of standard input that blocks ends with the
// context (what SIGINT cancels).
func TestParseFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "page.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	db := filepath.Join(t.TempDir(), "archive.db")
	tests := []struct {
		name  string
		args  []string
		stdin bool // a standard input nobody writes to, cancelled after 100ms
		code  int
		want  string // in stderr
	}{
		{"parse a FIFO", []string{"parse", fifo}, false, 1, fifo + ":1: a named pipe, not a regular file"},
		{"ingest a FIFO", []string{"ingest", "--db", db, fifo}, false, 1, fifo + ":1: a named pipe, not a regular file"},
		{"parse a blocked stdin", []string{"parse", "-"}, true, 1, "interrupted"},
		{"ingest a blocked stdin", []string{"ingest", "--db", db, "-"}, true, 1, "interrupted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			var stdin io.Reader = strings.NewReader("")
			if tt.stdin {
				r, w := io.Pipe()
				defer w.Close()
				stdin = r
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx) // as SIGINT does
				defer time.AfterFunc(100*time.Millisecond, cancel).Stop()
				defer cancel()
			}
			done := make(chan struct{})
			var out, errOut bytes.Buffer
			var code int
			go func() {
				defer close(done)
				err := run(ctx, tt.args, stdin, &out, &errOut)
				if err != nil && err != errReported {
					errOut.WriteString("rostrum: " + err.Error() + "\n")
				}
				code = exitCode(err)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("still blocked after 10s")
			}
			if code != tt.code || !strings.Contains(errOut.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut.String(), tt.code, tt.want)
			}
		})
	}
}
