package sqlite

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestWordsBeforeMigration: turns stored before migration 0007 have no
// word counts; Open counts them, and they equal what Put stores.
func TestWordsBeforeMigration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		d := storetest.Synthetic(i)
		if _, err := s.Put(t.Context(), d, transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)}); err != nil {
			t.Fatal(err)
		}
	}
	q := &transcript.Query{}
	want, err := s.WordCounts(t.Context(), q, true)
	if err != nil || len(want) == 0 {
		t.Fatalf("WordCounts = %v, %v; want counts", want, err)
	}
	for _, q := range []string{`UPDATE turns SET words = NULL`, `UPDATE documents SET words = NULL`,
		`UPDATE settings SET value = '' WHERE key = 'word_counts'`} {
		if _, err := s.write.ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()

	s, err = Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, byPerson := range []bool{false, true} {
		got, err := s.WordCounts(t.Context(), q, byPerson)
		if err != nil {
			t.Fatal(err)
		}
		if byPerson {
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("WordCounts after Open counted them mismatch (-want +got):\n%s", diff)
			}
		} else {
			var a, b int64
			for _, c := range want {
				a += c.Words
			}
			for _, c := range got {
				b += c.Words
			}
			if a != b {
				t.Errorf("documents' words after Open = %d, want %d", b, a)
			}
		}
	}
}

// TestWordsOtherTokenizer: counts made by another tokenizer are made
// again on Open.
func TestWordsOtherTokenizer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	d := storetest.Synthetic(1)
	if _, err := s.Put(t.Context(), d, transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)}); err != nil {
		t.Fatal(err)
	}
	want, err := s.WordCounts(t.Context(), &transcript.Query{}, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE turns SET words = 1`, `UPDATE documents SET words = 1`,
		`UPDATE settings SET value = '1 old-tokenizer' WHERE key = 'word_counts'`} {
		if _, err := s.write.ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	if s, err = Open(t.Context(), path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.WordCounts(t.Context(), &transcript.Query{}, true)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("WordCounts after another tokenizer's counts mismatch (-want +got):\n%s", diff)
	}
}

// TestWordsTurnNotInVersion: a turn its document's current version does
// not hold (a damaged archive) makes counting fail with the document
// named, rather than loop.
func TestWordsTurnNotInVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "damaged.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	d := storetest.Synthetic(1)
	if _, err := s.Put(t.Context(), d, transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`INSERT INTO turns (turn, doc, idx, paragraphs) SELECT max(turn) + 1000, doc, 999, 1 FROM turns`,
		`UPDATE settings SET value = '' WHERE key = 'word_counts'`} {
		if _, err := s.write.ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	s, err = Open(t.Context(), path)
	if err == nil {
		s.Close()
		t.Fatal("Open counted the words of a turn its version does not hold")
	}
	if !strings.Contains(err.Error(), "document key") || !strings.Contains(err.Error(), "not in its current version") {
		t.Errorf("Open: %v; want the document named", err)
	}
}
