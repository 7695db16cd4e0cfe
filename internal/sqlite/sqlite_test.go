package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// mustOpen opens a new archive in a temporary directory, closed when the
// test ends.
func mustOpen(tb testing.TB) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(tb.Context(), filepath.Join(tb.TempDir(), "rostrum.db"))
	if err != nil {
		tb.Fatal(err)
	}
	storetest.CloseAtEnd(tb, s)
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) transcript.Store { return mustOpen(t) })
}

func TestCrawlLog(t *testing.T) {
	storetest.RunCrawlLog(t, func(t *testing.T) transcript.Store { return mustOpen(t) })
}

func TestPersonRegistry(t *testing.T) {
	storetest.RunPersonRegistry(t, func(t *testing.T) transcript.Store { return mustOpen(t) })
}
