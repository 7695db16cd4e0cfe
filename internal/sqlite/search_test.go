package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/rostrum/rostrum/internal/searchtest"
	"github.com/rostrum/rostrum/internal/sqlite"
)

func TestSearch(t *testing.T) {
	searchtest.Run(t, func(t *testing.T) searchtest.Archive {
		s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "search.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := s.IntegrityCheck(context.Background()); err != nil {
				t.Error(err)
			}
			s.Close()
		})
		return s
	})
}
