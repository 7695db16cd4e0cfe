package ixstore_test

import (
	"slices"
	"testing"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/ixstore"
	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/storetest"
)

// TestTurnWords: the words ingest counts from a document's index units
// equal those archive.TurnWords counts from its turns, on the shared
// corpus's pages (English and Russian) and the synthetic documents.
func TestTurnWords(t *testing.T) {
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("shared corpus not found (../shared/corpus)")
	}
	ids, err := corpus.IDs(dir)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, id := range ids {
		paths = append(paths, corpus.TextPath(dir, id))
	}
	docs, _ := storetest.ParseTexts(t, paths)
	for i := range 20 {
		docs = append(docs, storetest.Synthetic(i))
	}
	tok := search.NewTokenizer()
	turns := 0
	for _, d := range docs {
		want := archive.TurnWords(tok, d)
		got := ixstore.TurnWords(ixstore.Units(tok, search.Units(d)))
		if !slices.Equal(got, want) {
			t.Errorf("%s: TurnWords from units = %v, want %v", d.ID, got, want)
		}
		turns += len(want)
	}
	if turns < 1000 {
		t.Errorf("only %d turns compared", turns)
	}
}
