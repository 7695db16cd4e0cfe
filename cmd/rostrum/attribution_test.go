package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestAttribution ingests the shared corpus (text dumps, their HTML
// pages and 300 more HTML pages) and checks that "who said it" is
// answered right: speaker:Question returns the question turns and no
// one's else (a label's note, "(Answering a question from …)", once made
// every word of it an alias of Vladimir Putin: 1,247 turns for 77), and
// a person filter finds a person under every spelling the archive holds.
func TestAttribution(t *testing.T) {
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("shared/corpus not found beside the project (set ROSTRUM_CORPUS): attribution test skipped")
	}
	db := filepath.Join(t.TempDir(), "a.db")
	inputs := []string{filepath.Join(dir, "kremlin-en", "text"), filepath.Join(dir, "kremlin-html")}
	more, _ := filepath.Glob(filepath.Join(dir, "kremlin-html-more", "*.html"))
	inputs = append(inputs, more...)
	// The folders hold notes and indexes that are no pages: those fail
	// alone, and the pages go in.
	rostrum(t, "", append([]string{"ingest", "--db", db}, inputs...)...)

	store, err := sqlite.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	// Every turn of the archive, by permalink.
	turns := map[string]transcript.Turn{}
	for doc, err := range store.Documents(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		for _, tn := range doc.Turns {
			turns[doc.Permalink(tn.Index)] = tn
		}
	}
	if len(turns) < 3000 {
		t.Fatalf("only %d turns ingested from the corpus", len(turns))
	}
	matched := func(query string) map[string]transcript.TurnHit {
		t.Helper()
		q, err := search.ParseQuery(query)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]transcript.TurnHit{}
		req := &transcript.SearchRequest{Query: q, Limit: transcript.MaxSearchLimit, TurnsPerDoc: transcript.MaxTurnsPerDoc}
		for {
			res, err := store.Search(t.Context(), req)
			if err != nil {
				t.Fatalf("search %s: %v", query, err)
			}
			for _, h := range res.Hits {
				if h.Matches > len(h.Turns) {
					t.Fatalf("search %s: %s has %d matching turns, more than a page shows", query, h.ID, h.Matches)
				}
				for _, th := range h.Turns {
					out[th.Permalink] = th
				}
			}
			if res.Next == "" {
				return out
			}
			req.Cursor = res.Next
		}
	}

	// speaker:Question: exactly the turns under a label whose office and
	// name (its note aside) say Question, none of them a person's.
	got := matched("speaker:Question")
	want := 0
	for link, tn := range turns {
		name, _ := transcript.SplitLabel(tn.Speaker)
		isQuestion := tn.Person == "" && slices.Contains(strings.Fields(strings.ToLower(name)), "question")
		if isQuestion {
			want++
		}
		if _, ok := got[link]; ok != isQuestion {
			t.Errorf("speaker:Question: %s (%q, person %q) matched %v, want %v", link, tn.Speaker, tn.Person, ok, isQuestion)
		}
	}
	if want < 20 || len(got) != want {
		t.Errorf("speaker:Question matched %d turns, want the %d question turns", len(got), want)
	}
	// Words of a note are no speaker: Borovskaya appears only in a note
	// of Vladimir Putin's label ("(Answering a question from … Marina
	// Borovskaya …)"), Tolboyev in one and as a speaker of his own.
	q, _ := search.ParseQuery("speaker:Borovskaya")
	if _, err := store.Search(t.Context(), &transcript.SearchRequest{Query: q}); err == nil {
		t.Errorf("speaker:Borovskaya matched; want no such speaker")
	}
	got = matched("speaker:Tolboyev")
	for link, tn := range turns {
		if _, ok := got[link]; ok != (tn.Person == "Magomed Tolboyev") {
			t.Errorf("speaker:Tolboyev: %s (%q) matched %v", link, tn.Speaker, ok)
		}
	}

	q, _ = search.ParseQuery(`person:"Vladimir Putin"`)
	res, err := store.Search(t.Context(), &transcript.SearchRequest{Query: q})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]int{}
	for _, tn := range turns {
		if tn.Person == "Vladimir Putin" || tn.Person == "V.Putin" {
			byName[tn.Person]++
		}
	}
	if byName["V.Putin"] == 0 {
		t.Error("the corpus no longer has a V.Putin turn: the test checks nothing of initials")
	}
	if res.Total != byName["Vladimir Putin"]+byName["V.Putin"] {
		t.Errorf(`person:"Vladimir Putin" matched %d turns, want %d under Vladimir Putin and %d under V.Putin`,
			res.Total, byName["Vladimir Putin"], byName["V.Putin"])
	}

	// One entry per person: no two listed persons are spellings of one.
	out := mustRostrum(t, "persons", "--db", db)
	for _, pair := range [][2]string{{"Kirill Kleymenov", "Kirill Kleimenov"}, {"Sergei Ignatyev", "Sergey Ignatiev"},
		{"Mohammed Sanusi Barkindo", "Mohammed Barkindo"}, {"Vladimir Putin", "V.Putin"}} {
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, pair[1]+" ") {
				t.Errorf("rostrum persons lists %q apart from %q:\n%s", pair[1], pair[0], line)
			}
		}
		if !strings.Contains(out, pair[1]) {
			t.Errorf("rostrum persons does not name %q among %q's variants", pair[1], pair[0])
		}
	}
	// Offices never become names.
	for _, bad := range []string{"Committee Steen Christensen", "Office Sergei Ivanov", "Albert Ii", "Russia] Alexei Repik", "Al Khalifa\n"} {
		if strings.Contains(out, bad) {
			t.Errorf("rostrum persons lists %q", bad)
		}
	}
}
