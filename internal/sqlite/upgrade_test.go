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

// TestUpgradeSchema1CrawlLog checks that an archive from before the crawl
// log gets one: its documents have a provenance without fetches, and
// fetches can be recorded against them.
func TestUpgradeSchema1CrawlLog(t *testing.T) {
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
	var id string
	for doc, err := range s.Documents(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		id = doc.ID
		break
	}
	p, err := s.Provenance(t.Context(), id)
	if err != nil || p.Versions != 1 || p.Fetches != 0 || p.FirstSeen.IsZero() || !p.LastChecked.IsZero() {
		t.Fatalf("Provenance(%s) on the upgraded archive = %+v, %v; want 1 version, no fetches", id, p, err)
	}
	f := transcript.Fetch{URL: "http://kremlin.ru/events/president/news/1", Status: 404, DocumentID: id,
		Outcome: transcript.FetchGone}
	if err := s.RecordFetch(t.Context(), f); err != nil {
		t.Fatal(err)
	}
	if p, err := s.Provenance(t.Context(), id); err != nil || p.Fetches != 1 || !p.Gone {
		t.Errorf("Provenance(%s) after a 404 = %+v, %v; want 1 fetch, gone", id, p, err)
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Error(err)
	}
}
