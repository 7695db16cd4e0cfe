package storetest

import (
	"testing"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// overridesStore is what RunPersonRegistry needs of a store.
type overridesStore interface {
	transcript.Store
	transcript.Searcher
	transcript.Catalog
	transcript.PersonEditor
}

// spellings is a page that names two persons in two spellings each, as
// documents from different years do.
func spellings() *transcript.Document {
	d := talks()
	d.ID, d.URL, d.Date, d.Persons = "kremlin.ru/90001", "", "2014-04-17", nil
	d.Turns = []transcript.Turn{
		{Index: 1, Speaker: "Kirill Kleymenov", Person: "Kirill Kleymenov", Paragraphs: []string{"First question, please."}},
		{Index: 2, Speaker: "Kirill Kleimenov", Person: "Kirill Kleimenov", Paragraphs: []string{"Next question, please."}},
		{Index: 3, Speaker: "Minister Denis Manturov", Person: "Denis Manturov", Role: "Minister", Paragraphs: []string{"Industry grew."}},
		{Index: 4, Speaker: "Minister Dmitry Manturov", Person: "Dmitry Manturov", Role: "Minister", Paragraphs: []string{"Industry grew again."}},
		{Index: 5, Speaker: "Vladimir Putin (Answering a question from Marina Borovskaya)", Person: "Vladimir Putin",
			Paragraphs: []string{"Education matters."}},
		{Index: 6, Speaker: "Question from Perm Territory", Paragraphs: []string{"What about schools?"}},
	}
	return d
}

// RunPersonRegistry checks, on an engine, what the person registry
// changes in search: a person filter finds every spelling and script of
// one name (Kleymenov, Kleimenov; Vladimir Putin, Владимир Путин), a
// label's note is no alias (speaker:Borovskaya finds nothing), and the
// overrides file the archive keeps merges and keeps apart at once, for
// every reader, with the generation moved (other processes keep the
// vocabulary they loaded for up to archive.VocabMaxAge).
func RunPersonRegistry(t *testing.T, newStore func(t *testing.T) transcript.Store) {
	s, ok := newStore(t).(overridesStore)
	if !ok {
		t.Fatal("the store does not keep person overrides")
	}
	putAll(t, s, append(fixtures(), spellings())...)
	count := func(query string) int {
		t.Helper()
		q, err := search.ParseQuery(query)
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Search(t.Context(), &transcript.SearchRequest{Query: q})
		if err != nil {
			return -1
		}
		return res.Total
	}
	check := func(when string, want map[string]int) {
		t.Helper()
		for query, n := range want {
			if got := count(query); got != n {
				t.Errorf("%s: %s matched %d turns, want %d", when, query, got, n)
			}
		}
	}
	if text, err := s.PersonOverrides(t.Context()); err != nil || text != "" {
		t.Fatalf("PersonOverrides of a new archive = %q, %v", text, err)
	}
	check("no overrides", map[string]int{
		`person:"Kirill Kleymenov"`: 2, `person:kleimenov`: 2,
		`person:"Denis Manturov"`: 1,
		`speaker:Borovskaya`:      -1, // an error: no such speaker
		`speaker:question`:        2,  // the fixtures' Question and Question from Perm Territory
		// Vladimir Putin's turns in English and in Russian (Владимир Путин).
		`person:"Vladimir Putin"`: count(`person:"Vladimir Putin" lang:en`) + count(`person:"Владимир Путин" lang:ru`),
	})
	if count(`person:"Vladimir Putin" lang:ru`) == 0 {
		t.Error(`person:"Vladimir Putin" lang:ru: nothing; want the turns of Владимир Путин`)
	}

	gen := func() int64 {
		g, err := s.Generation(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	before := gen()
	text := "# rostrum persons overrides v1\nmerge \"Denis Manturov\" \"Dmitry Manturov\"\ndistinct \"Kirill Kleymenov\" \"Kirill Kleimenov\"\n"
	if err := s.SetPersonOverrides(t.Context(), text); err != nil {
		t.Fatal(err)
	}
	if gen() == before {
		t.Error("SetPersonOverrides left the generation where it was: readers would keep their old vocabulary")
	}
	if got, err := s.PersonOverrides(t.Context()); err != nil || got != text {
		t.Errorf("PersonOverrides = %q, %v; want what was set", got, err)
	}
	check("with overrides", map[string]int{
		`person:"Denis Manturov"`:   2,
		`person:"Kirill Kleymenov"`: 1,
	})
	if err := s.SetPersonOverrides(t.Context(), ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.PersonOverrides(t.Context()); got != "" {
		t.Errorf("PersonOverrides after removing = %q", got)
	}
	check("overrides removed", map[string]int{`person:"Denis Manturov"`: 1, `person:"Kirill Kleymenov"`: 2})
}
