package archive_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

func TestStats(t *testing.T) {
	q := archive.StatsSQL{Totals: "totals", Versions: "versions", Persons: "persons", RawBytes: "raw",
		Unresolved: "unresolved", ByYear: "years", BySection: "sections", ByLanguage: "languages"}
	results := map[string][][]any{
		"totals":     {{3, 40, 90}},
		"versions":   {{5}},
		"persons":    {{7}},
		"raw":        {{int64(1 << 33)}},
		"unresolved": {{"Question", 4}, {"A. Smith", 2}, {"B. Jones", 1}},
		"years":      {{"2024", 2}, {"unknown", 1}},
		"sections":   {{"news", 3}},
		"languages":  {{"en", 2}, {"ru", 1}},
	}
	tests := []struct {
		name    string
		fail    string // the statement that fails
		empty   string // the statement that yields no row
		want    transcript.Stats
		wantErr bool
	}{
		{name: "all", want: transcript.Stats{Documents: 3, Turns: 40, Paragraphs: 90, Versions: 5, Persons: 7,
			RawBytes: 1 << 33, UnresolvedTurns: 3,
			ByYear:     []transcript.Count{{Key: "2024", N: 2}, {Key: "unknown", N: 1}},
			BySection:  []transcript.Count{{Key: "news", N: 3}},
			ByLanguage: []transcript.Count{{Key: "en", N: 2}, {Key: "ru", N: 1}}}},
		{name: "totals fail", fail: "totals", wantErr: true},
		{name: "no versions row", empty: "versions", want: transcript.Stats{Documents: 3, Turns: 40, Paragraphs: 90}, wantErr: true},
		{name: "languages fail", fail: "languages", wantErr: true, want: transcript.Stats{Documents: 3, Turns: 40, Paragraphs: 90,
			Versions: 5, Persons: 7, RawBytes: 1 << 33, UnresolvedTurns: 3,
			ByYear:    []transcript.Count{{Key: "2024", N: 2}, {Key: "unknown", N: 1}},
			BySection: []transcript.Count{{Key: "news", N: 3}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			query := func(sql string, args ...any) (archive.Rows, error) {
				switch sql {
				case tt.fail:
					return nil, errors.New("boom")
				case tt.empty:
					return &fakeRows{}, nil
				}
				return &fakeRows{rows: results[sql]}, nil
			}
			got, err := archive.Stats(query, q)
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want one: %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Stats mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
