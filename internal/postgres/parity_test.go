package postgres_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/pgtest"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/searchtest"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestAgreesWithSQLite stores the same archive in both engines (the real
// pages of the shared corpus, the search fixtures and synthetic English
// and Russian pages) and checks that every query of a varied list gives
// the same results: the same totals, facets and pages in the date sorts,
// and the same pages in relevance order too: both engines search the
// archive's own index (package ixstore) with the same bm25. It is the
// measure of "same semantics" beyond the conformance suite's fixtures.
func TestAgreesWithSQLite(t *testing.T) {
	pgtest.DSN(t)
	start := time.Now()
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("shared corpus not found (../shared/corpus)")
	}
	pageIDs, err := corpus.IDs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if raceEnabled {
		// A sample: the race detector slows the SQLite engine tenfold.
		pageIDs = pageIDs[:min(len(pageIDs), 30)]
	}
	paths := make([]string, len(pageIDs))
	for i, id := range pageIDs {
		paths[i] = corpus.TextPath(dir, id)
	}
	docs, raws := storetest.ParseTexts(t, paths)
	for _, d := range searchtest.Fixtures() {
		docs, raws = append(docs, d), append(raws, transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)})
	}
	for i := range 60 {
		d := storetest.Synthetic(i)
		docs, raws = append(docs, d), append(raws, transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)})
	}

	lite, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "parity.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg := mustOpen(t)
	for name, a := range map[string]searchtest.Archive{"sqlite": lite, "postgres": pg} {
		for chunk := range slices.Chunk(docs, 50) {
			i := slices.Index(docs, chunk[0])
			if _, errs := a.PutBatch(t.Context(), chunk, raws[i:i+len(chunk)]); firstErr(errs) != nil {
				t.Fatalf("%s: %v", name, firstErr(errs))
			}
		}
	}

	t.Logf("loaded %d documents in both engines after %v", len(docs), time.Since(start))
	t.Run("Store", func(t *testing.T) {
		for name, get := range map[string]func(a searchtest.Archive) (any, error){
			"Stats":   func(a searchtest.Archive) (any, error) { return a.Stats(t.Context()) },
			"Persons": func(a searchtest.Archive) (any, error) { return a.Persons(t.Context()) },
			"Topics":  func(a searchtest.Archive) (any, error) { return a.Terms(t.Context(), transcript.TermTopic) },
			"Sections": func(a searchtest.Archive) (any, error) {
				return a.Terms(t.Context(), transcript.TermSection)
			},
		} {
			want, err := get(lite)
			if err != nil {
				t.Fatal(err)
			}
			got, err := get(pg)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s mismatch (-sqlite +postgres):\n%s", name, diff)
			}
		}
		var want, got []string
		for d, err := range lite.Documents(t.Context()) {
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, d.ID)
		}
		for d, err := range pg.Documents(t.Context()) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, d.ID)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Documents order mismatch (-sqlite +postgres):\n%s", diff)
		}
	})

	// Occurrence counts (trends, concordances in date order) come from
	// the index in both engines, and agree.
	t.Run("Occurrences", func(t *testing.T) {
		for _, q := range []string{"talks", "president", `"vladimir putin"`, "переговоры", "russia person:putin", "gas -topic:energy"} {
			parsed, err := search.ParseQuery(q)
			if err != nil {
				t.Fatal(err)
			}
			for _, byPerson := range []bool{false, true} {
				want, wok, err := lite.Occurrences(t.Context(), parsed, byPerson)
				if err != nil {
					t.Fatal(err)
				}
				got, gok, err := pg.Occurrences(t.Context(), parsed, byPerson)
				if err != nil {
					t.Fatal(err)
				}
				if !wok || !gok || len(want) == 0 {
					t.Errorf("%q: counted by sqlite %v (%d rows), by postgres %v; want both, and some", q, wok, len(want), gok)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%q by person %v (-sqlite +postgres):\n%s", q, byPerson, diff)
				}
			}
		}
	})

	queries := []string{
		"talks", "TALK", "president", "the", "who", "we OR us", `"vladimir putin"`, `"state duma"`,
		`"strategic partnership"`, "econom*", "sanctions OR gas", "russia -ukraine", "economy -(sanctions OR oil)",
		"(gas OR oil) prices", "U.S.", "COVID-19", "o'clock", "переговоры", "провёл", "экономика OR энергетика",
		"person:putin", "person:putin ukraine", "speaker:question", "speaker:question russia", "-person:putin talks",
		"lang:ru", "lang:en president", "type:transcript president", "type:news", "section:transcripts",
		"topic:energy", "geography:kazakhstan", "from:2010 to:2012 president", "to:2005", "from:2023",
		"-lang:en from:2000", "-oil from:2015", "partner*", "talks person:tokayev",
	}
	if raceEnabled {
		var sample []string
		for i := 0; i < len(queries); i += 5 {
			sample = append(sample, queries[i])
		}
		queries = sample
	}
	for _, q := range queries {
		parsed, err := search.ParseQuery(q)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", q, err)
		}
		for _, sortBy := range []string{transcript.SortNewest, transcript.SortOldest, transcript.SortRelevance} {
			t.Run(fmt.Sprintf("%s/%s", q, sortBy), func(t *testing.T) {
				want, wantErr := allPages(t, lite, parsed, sortBy)
				got, gotErr := allPages(t, pg, parsed, sortBy)
				if (wantErr == nil) != (gotErr == nil) {
					t.Fatalf("sqlite error %v, postgres error %v", wantErr, gotErr)
				}
				if wantErr != nil {
					return
				}
				if diff := cmp.Diff(want.first, got.first, cmpopts.IgnoreFields(transcript.SearchResult{}, "Hits", "Next")); diff != "" {
					t.Errorf("totals or facets mismatch (-sqlite +postgres):\n%s", diff)
				}
				if sortBy != transcript.SortRelevance {
					if diff := cmp.Diff(want.hits, got.hits); diff != "" {
						t.Errorf("pages mismatch (-sqlite +postgres):\n%s", diff)
					}
					return
				}
				// Relevance: both engines search the same index with
				// the same bm25, so the same pages in the same order.
				if diff := cmp.Diff(want.hits, got.hits); diff != "" {
					t.Errorf("relevance pages mismatch (-sqlite +postgres):\n%s", diff)
				}
			})
		}
	}
}

type pages struct {
	first *transcript.SearchResult
	hits  []transcript.DocumentHit
}

// allPages runs q in pages of 100 with up to 10 matching turns listed.
func allPages(t *testing.T, a searchtest.Archive, q *transcript.Query, sortBy string) (pages, error) {
	t.Helper()
	var out pages
	req := &transcript.SearchRequest{Query: q, Sort: sortBy, Limit: transcript.MaxSearchLimit, TurnsPerDoc: 10, Facets: true}
	for n := 0; ; n++ {
		if n > 100 {
			t.Fatalf("Search(%q): more than 100 pages", q)
		}
		res, err := a.Search(t.Context(), req)
		if err != nil {
			return out, err
		}
		if out.first == nil {
			out.first = res
		}
		out.hits = append(out.hits, res.Hits...)
		if res.Next == "" {
			return out, nil
		}
		req.Cursor, req.Facets = res.Next, false
	}
}

func firstErr(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
