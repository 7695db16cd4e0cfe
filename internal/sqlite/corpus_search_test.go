package sqlite_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestSearchCorpus checks search on the real pages of the shared corpus
// and the sample page, against answers computed by brute force.
func TestSearchCorpus(t *testing.T) {
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("shared corpus not found (../shared/corpus)")
	}
	ids, err := corpus.IDs(dir)
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{filepath.Join("..", "..", "cmd", "rostrum", "sample", "2022-02-10-press-statements-russia-kazakhstan.txt")}
	for _, id := range ids {
		paths = append(paths, corpus.TextPath(dir, id))
	}
	docs, raws := storetest.ParseTexts(t, paths)
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "corpus.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, errs := s.PutBatch(t.Context(), docs, raws); firstErr(errs) != nil {
		t.Fatal(firstErr(errs))
	}
	sample := docs[0]

	// all runs q over every page and returns the hits.
	all := func(q, sortBy string) ([]transcript.DocumentHit, *transcript.SearchResult) {
		t.Helper()
		parsed, err := search.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		var hits []transcript.DocumentHit
		req := &transcript.SearchRequest{Query: parsed, Sort: sortBy, Limit: 7, TurnsPerDoc: transcript.MaxTurnsPerDoc}
		var first *transcript.SearchResult
		for {
			res, err := s.Search(t.Context(), req)
			if err != nil {
				t.Fatalf("Search(%q): %v", q, err)
			}
			if first == nil {
				first = res
			}
			hits = append(hits, res.Hits...)
			if res.Next == "" {
				return hits, first
			}
			req.Cursor = res.Next
		}
	}
	tok := search.NewTokenizer()
	// brute lists the ids of the documents with a unit whose terms
	// satisfy match.
	brute := func(match func(terms []string) bool) []string {
		var out []string
		for _, d := range docs {
			for _, u := range search.Units(d) {
				if match(tok.Terms(u.Title+"\n"+u.Lead+"\n"+u.Body, true)) {
					out = append(out, d.ID)
					break
				}
			}
		}
		slices.Sort(out)
		return out
	}
	idsOf := func(hits []transcript.DocumentHit) []string {
		var out []string
		for _, h := range hits {
			out = append(out, h.ID)
		}
		slices.Sort(out)
		return out
	}

	t.Run("person:Tokayev CSTO finds the sample's Tokayev turn", func(t *testing.T) {
		hits, _ := all("person:Tokayev CSTO", "")
		found := false
		for _, h := range hits {
			for _, turn := range h.Turns {
				if turn.Person != "Kassym-Jomart Tokayev" {
					t.Errorf("%s: turn by %q", turn.Permalink, turn.Person)
				}
				found = found || h.ID == sample.ID && sample.Turns[turn.Index-1].Person == "Kassym-Jomart Tokayev"
			}
		}
		if !found {
			t.Errorf("the sample's Tokayev turn was not found in %d hits", len(hits))
		}
	})

	t.Run("a phrase finds exactly the documents that contain it", func(t *testing.T) {
		for _, phrase := range [][]string{{"strategic", "partnership"}, {"vladimir", "putin"}, {"state", "duma"}} {
			q := `"` + phrase[0] + " " + phrase[1] + `"`
			stems := tok.Terms(phrase[0]+" "+phrase[1], true)
			want := brute(func(terms []string) bool {
				for i := 0; i+1 < len(terms); i++ {
					if terms[i] == stems[0] && terms[i+1] == stems[1] {
						return true
					}
				}
				return false
			})
			hits, res := all(q, "")
			if got := idsOf(hits); !slices.Equal(got, want) || res.Documents != len(want) {
				t.Errorf("%s: %d documents (reported %d), brute force %d", q, len(got), res.Documents, len(want))
			}
			if len(want) < 2 {
				t.Errorf("%s: only %d documents in the corpus: a weak test", q, len(want))
			}
		}
	})

	t.Run("talks finds talk", func(t *testing.T) {
		want := brute(func(terms []string) bool { return slices.Contains(terms, "talk") })
		hits, _ := all("talks", "")
		got := idsOf(hits)
		if !slices.Equal(got, want) {
			t.Errorf("talks: %d documents, brute force %d", len(got), len(want))
		}
		// A document that has "talk" but never "talks" must be among them.
		for _, d := range docs {
			words := tok.Terms(d.Title+" "+d.Lead+" "+text(d), false)
			if slices.Contains(words, "talk") && !slices.Contains(words, "talks") {
				if !slices.Contains(got, d.ID) {
					t.Errorf("talks: %s (which says talk) not found", d.ID)
				}
				return
			}
		}
		t.Error("no corpus document says talk without talks")
	})

	t.Run("filters alone list a person's turns by date", func(t *testing.T) {
		hits, res := all(`person:"Vladimir Putin" from:2019`, "")
		var want []string
		for _, d := range docs {
			if d.Date >= "2019-01-01" && slices.ContainsFunc(d.Turns, func(t transcript.Turn) bool { return t.Person == "Vladimir Putin" }) {
				want = append(want, d.ID)
			}
		}
		slices.Sort(want)
		if got := idsOf(hits); !slices.Equal(got, want) || res.Documents != len(want) || len(want) < 10 {
			t.Errorf("person:Putin from:2019: %d documents (reported %d), want %d (at least 10)", len(got), res.Documents, len(want))
		}
		for i, h := range hits {
			if i > 0 && h.Date > hits[i-1].Date {
				t.Errorf("%s (%s) after %s (%s): not newest first", h.ID, h.Date, hits[i-1].ID, hits[i-1].Date)
			}
			if h.Matches == 0 {
				t.Errorf("%s: no turn listed", h.ID)
			}
			for _, turn := range h.Turns {
				if turn.Person != "Vladimir Putin" {
					t.Errorf("%s: turn by %q", turn.Permalink, turn.Person)
				}
			}
		}
	})
}

func text(d *transcript.Document) string {
	var b []byte
	for _, t := range d.Turns {
		for _, p := range t.Paragraphs {
			b = append(b, p...)
			b = append(b, ' ')
		}
	}
	return string(b)
}

func firstErr(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
