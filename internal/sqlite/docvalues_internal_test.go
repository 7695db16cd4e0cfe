package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/searchtest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestSearchCountsFacets runs the search conformance suite with the
// facets counted each way: by joins in SQL, and from the doc values,
// loaded before the first search.
func TestSearchCountsFacets(t *testing.T) {
	for _, mode := range []string{"joins", "doc values"} {
		t.Run(mode, func(t *testing.T) {
			searchtest.Run(t, func(t *testing.T) searchtest.Archive {
				s, err := Open(t.Context(), filepath.Join(t.TempDir(), "search.db"))
				if err != nil {
					t.Fatal(err)
				}
				s.docValues.Off = mode == "joins"
				s.docValues.Sync = mode == "doc values"
				t.Cleanup(func() { s.Close() })
				return s
			})
		})
	}
}

// TestDocValuesAgree checks that both ways of counting give the same
// facets, with and without a window, for queries of text, of filters
// alone and the empty query, and that the doc values follow a write.
func TestDocValuesAgree(t *testing.T) {
	ctx := t.Context()
	open := func(name string) *Store {
		s, err := Open(ctx, filepath.Join(t.TempDir(), name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	joins, values := open("joins.db"), open("values.db")
	joins.docValues.Off = true
	values.docValues.Sync = true
	put := func(d *transcript.Document) {
		for _, s := range []*Store{joins, values} {
			if _, err := s.Put(ctx, d, transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	fixtures := searchtest.Fixtures()
	for _, d := range fixtures[:len(fixtures)-1] {
		put(d)
	}
	check := func(stage string) {
		t.Helper()
		for _, window := range []int{2, FacetWindow} {
			joins.facetWindow, values.facetWindow = window, window
			for _, text := range []string{"talks", "sanctions OR talks", "", `topic:"Foreign policy"`, "-talks from:2020"} {
				q := &transcript.Query{}
				if text != "" {
					var err error
					if q, err = search.ParseQuery(text); err != nil {
						t.Fatal(err)
					}
				}
				var got [2]*transcript.SearchResult
				for i, s := range []*Store{joins, values} {
					var err error
					if got[i], err = s.Search(ctx, &transcript.SearchRequest{Query: q, Facets: true}); err != nil {
						t.Fatalf("%s %q: %v", stage, text, err)
					}
				}
				if diff := cmp.Diff(got[0].Facets, got[1].Facets); diff != "" {
					t.Errorf("%s, window %d, %q: facets differ (-joins +doc values):\n%s", stage, window, text, diff)
				}
				if got[0].Total == 0 {
					t.Errorf("%s %q: no match; the check compares nothing", stage, text)
				}
			}
		}
	}
	check("before the last document")
	before, err := generation(ctx, values.read)
	if err != nil {
		t.Fatal(err)
	}
	put(fixtures[len(fixtures)-1])
	check("after it")
	after, err := generation(ctx, values.read)
	if err != nil {
		t.Fatal(err)
	}
	if dv := values.docValues.Get(after, values.loadDocValues); after == before || dv == nil || dv.Gen != after {
		t.Errorf("generation %d, then %d after a write: the doc values did not follow it", before, after)
	}
}
