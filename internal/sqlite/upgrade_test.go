package sqlite_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestUpgradeSchema1 opens an archive written by the first release (schema
// 1: no search index, turns with their text), made by ingesting the sample
// page, and checks that the migrations and the index rebuild leave a
// consistent, searchable archive.
func TestUpgradeSchema1(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "schema1-sample.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Fatal(err)
	}
	q, err := search.ParseQuery("person:Tokayev CSTO")
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(t.Context(), &transcript.SearchRequest{Query: q})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || len(res.Hits[0].Turns) != 1 || res.Hits[0].Turns[0].Person != "Kassym-Jomart Tokayev" ||
		len(res.Hits[0].Turns[0].Snippet.Marks) == 0 {
		t.Fatalf("person:Tokayev CSTO on the upgraded archive: %+v", res.Hits)
	}
}
