package sqlite

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/searchtest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestFacetWindow checks the bound on a faceted search's work: with more
// matches than the window, the speaker and taxonomy facets count the
// newest units only, and the result says so, while totals, years, months
// and the ranking still cover every match.
func TestFacetWindow(t *testing.T) {
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
	s.facetWindow = 2
	s.docValues.Sync = true // counted from the doc values
	res, err := s.Search(t.Context(), &transcript.SearchRequest{Query: q, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 5 || res.Documents != 3 || res.RankedNewest != 0 || res.Facets.Sampled != 2 {
		t.Fatalf("total %d, documents %d, ranked newest %d, sampled %d; want 5, 3, 0, 2",
			res.Total, res.Documents, res.RankedNewest, res.Facets.Sampled)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	if slices.Sort(ids); !slices.Equal(ids, []string{"t/1", "t/2", "t/5"}) {
		t.Errorf("ranked %v, want every matching document: t/1, t/2, t/5", ids)
	}
	if got := res.Facets.Years; len(got) != 2 || got[0] != (transcript.FacetCount{Value: "2022", Count: 2}) {
		t.Errorf("years %v: want every match counted (2022: 2 documents, 2023: 1)", got)
	}
	if got := res.Facets.Persons; len(got) != 2 || got[0].Count != 1 || got[1].Count != 1 {
		t.Errorf("persons %v: want the newest 2 units' speakers only (Putin 1, Lavrov 1)", got)
	}
	s.facetWindow = 100
	s.docValues.Off = true // the join, without doc values
	res, err = s.Search(t.Context(), &transcript.SearchRequest{Query: q, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.RankedNewest != 0 || res.Facets.Sampled != 0 || len(res.Hits) != 3 {
		t.Errorf("under the window: ranked newest %d, sampled %d, %d hits; want 0, 0, 3", res.RankedNewest, res.Facets.Sampled, len(res.Hits))
	}
}
