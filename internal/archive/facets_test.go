package archive_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

func TestFacetBuilder(t *testing.T) {
	type row struct {
		kind, value string
		n           int
	}
	month := func(date string) string {
		return strconv.FormatInt(archive.UnitKey(date, 0, 0)>>archive.MonthShift, 10)
	}
	empty := []transcript.FacetCount{}
	tests := []struct {
		name                string
		rows                []row
		want                *transcript.Facets
		wantTotal, wantDocs int
	}{
		{
			name: "no rows",
			want: &transcript.Facets{Persons: empty, Topics: empty, Geography: empty, Sections: empty, Years: empty, Months: empty},
		},
		{
			name: "all kinds",
			rows: []row{
				{"total", "", 5}, {"documents", "", 3}, {"sampled", "", 5},
				{"month", month("2024-03-01"), 2}, {"month", month("2023-12-01"), 3}, {"month", "0", 1},
				{"year", "125", 2}, {"year", "124", 1}, {"year", "", 9},
				{"person", "b", 1}, {"person", "a", 1}, {"person", "c", 4},
				{"topic", "economy", 2}, {"geography", "Moscow", 1}, {"section", "news", 3},
				{"unknown", "x", 1},
			},
			want: &transcript.Facets{
				Persons:   []transcript.FacetCount{{Value: "c", Count: 4}, {Value: "a", Count: 1}, {Value: "b", Count: 1}},
				Topics:    []transcript.FacetCount{{Value: "economy", Count: 2}},
				Geography: []transcript.FacetCount{{Value: "Moscow", Count: 1}},
				Sections:  []transcript.FacetCount{{Value: "news", Count: 3}},
				Years:     []transcript.FacetCount{{Value: "2023", Count: 1}, {Value: "2024", Count: 2}},
				Months:    []transcript.FacetCount{{Value: "2023-12", Count: 3}, {Value: "2024-03", Count: 2}},
			},
			wantTotal: 5, wantDocs: 3,
		},
		{
			name:      "sampled",
			rows:      []row{{"total", "", 10}, {"documents", "", 4}, {"sampled", "", 6}},
			want:      &transcript.Facets{Persons: empty, Topics: empty, Geography: empty, Sections: empty, Years: empty, Months: empty, Sampled: 6},
			wantTotal: 10, wantDocs: 4,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b archive.FacetBuilder
			for _, r := range tt.rows {
				b.Add(r.kind, r.value, r.n)
			}
			got, total, docs := b.Facets()
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Facets() mismatch (-want +got):\n%s", diff)
			}
			if total != tt.wantTotal || docs != tt.wantDocs {
				t.Errorf("got total %d, documents %d, want %d, %d", total, docs, tt.wantTotal, tt.wantDocs)
			}
		})
	}
}

func TestFacetBuilderCutsToFacetSize(t *testing.T) {
	var b archive.FacetBuilder
	for i := range transcript.FacetSize + 5 {
		b.Add("topic", fmt.Sprintf("t%03d", i), i)
	}
	f, _, _ := b.Facets()
	if len(f.Topics) != transcript.FacetSize {
		t.Fatalf("got %d topics, want %d", len(f.Topics), transcript.FacetSize)
	}
	if got, want := f.Topics[0].Count, transcript.FacetSize+4; got != want {
		t.Errorf("first topic's count: got %d, want %d", got, want)
	}
}
