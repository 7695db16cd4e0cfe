package sqlite

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/searchtest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestWindows checks the bounds on a search's work: with more matches
// than the windows, relevance ranks the newest units only and the speaker
// and taxonomy facets count the newest units only, and the result says
// so, while totals, years and months still count every match.
func TestWindows(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, d := range searchtest.Fixtures() {
		if _, err := s.Put(t.Context(), d, transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)}); err != nil {
			t.Fatal(err)
		}
	}
	q, err := search.ParseQuery("talks")
	if err != nil {
		t.Fatal(err)
	}
	// "talks" matches 5 units: t/1 (2022-02-10) header and turns 1 and 3,
	// t/5 (2022-03-02) turn 1, t/2 (2023-06-15) turn 2.
	s.rankWindow, s.facetWindow = 2, 2
	s.noIx = true // the windows bound FTS5's work; the own index ranks everything
	res, err := s.Search(t.Context(), &transcript.SearchRequest{Query: q, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 5 || res.Documents != 3 || res.RankedNewest != 2 || res.Facets.Sampled != 2 {
		t.Fatalf("total %d, documents %d, ranked newest %d, sampled %d; want 5, 3, 2, 2",
			res.Total, res.Documents, res.RankedNewest, res.Facets.Sampled)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	if len(ids) != 2 || !(ids[0] == "t/2" && ids[1] == "t/5" || ids[0] == "t/5" && ids[1] == "t/2") {
		t.Errorf("ranked %v, want the documents of the two newest units, t/2 and t/5", ids)
	}
	if got := res.Facets.Years; len(got) != 2 || got[0] != (transcript.FacetCount{Value: "2022", Count: 2}) {
		t.Errorf("years %v: want every match counted (2022: 2 documents, 2023: 1)", got)
	}
	if got := res.Facets.Persons; len(got) != 2 || got[0].Count != 1 || got[1].Count != 1 {
		t.Errorf("persons %v: want the newest 2 units' speakers only (Putin 1, Lavrov 1)", got)
	}
	s.rankWindow, s.facetWindow = 100, 100
	res, err = s.Search(t.Context(), &transcript.SearchRequest{Query: q, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.RankedNewest != 0 || res.Facets.Sampled != 0 || len(res.Hits) != 3 {
		t.Errorf("under the windows: ranked newest %d, sampled %d, %d hits; want 0, 0, 3", res.RankedNewest, res.Facets.Sampled, len(res.Hits))
	}
}

// TestWindowRank checks the ranking of a bounded window (windowRank): a
// title match still ranks above a body match, and more occurrences above
// fewer.
func TestWindowRank(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	docs := append(searchtest.Fixtures(),
		// An older match, outside a window of the newest 3.
		&transcript.Document{ID: "t/old", Source: transcript.SourceKremlin, Language: "en", Date: "2000-01-01", Title: "Old news",
			Turns: []transcript.Turn{{Index: 1, Speaker: "Anna Petrova", Paragraphs: []string{"Sanctions, sanctions, sanctions."}}}},
		// Two mentions in the body, the newest match.
		&transcript.Document{ID: "t/many", Source: transcript.SourceKremlin, Language: "en", Date: "2022-03-05", Title: "A meeting",
			Turns: []transcript.Turn{{Index: 1, Speaker: "Anna Petrova", Paragraphs: []string{"Sanctions here and sanctions there."}}}},
	)
	for _, d := range docs {
		if _, err := s.Put(t.Context(), d, transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)}); err != nil {
			t.Fatal(err)
		}
	}
	q, err := search.ParseQuery("sanctions")
	if err != nil {
		t.Fatal(err)
	}
	// "sanctions" matches t/old (2000), t/4's title (2022-03-01), t/5's
	// body once (2022-03-02) and t/many's body twice (2022-03-05).
	s.rankWindow = 3
	s.noIx = true
	res, err := s.Search(t.Context(), &transcript.SearchRequest{Query: q})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	if want := []string{"t/4", "t/many", "t/5"}; res.RankedNewest != 3 || !slices.Equal(ids, want) {
		t.Errorf("ranked newest %d: %v; want 3: %v (the title first, then two mentions, then one; t/old outside the window)", res.RankedNewest, ids, want)
	}
}
