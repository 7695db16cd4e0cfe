package archive_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

func TestSearchOptions(t *testing.T) {
	text := &transcript.Query{Text: transcript.Word{Text: "tax"}}
	filters := &transcript.Query{}
	tests := []struct {
		name                 string
		req                  *transcript.SearchRequest
		wantSort             string
		wantLimit, wantTurns int
		wantErr              error
	}{
		{"no request", nil, "", 0, 0, transcript.ErrInvalid},
		{"no query", &transcript.SearchRequest{}, "", 0, 0, transcript.ErrInvalid},
		{"text defaults", &transcript.SearchRequest{Query: text}, transcript.SortRelevance, transcript.DefaultSearchLimit, transcript.DefaultTurnsPerDoc, nil},
		{"filters default to newest", &transcript.SearchRequest{Query: filters}, transcript.SortNewest, transcript.DefaultSearchLimit, transcript.DefaultTurnsPerDoc, nil},
		{"given", &transcript.SearchRequest{Query: text, Sort: transcript.SortOldest, Limit: 3, TurnsPerDoc: 2}, transcript.SortOldest, 3, 2, nil},
		{"unknown sort", &transcript.SearchRequest{Query: text, Sort: "random"}, "", 0, 0, transcript.ErrInvalid},
		{"limit too large", &transcript.SearchRequest{Query: text, Limit: transcript.MaxSearchLimit + 1}, "", 0, 0, transcript.ErrInvalid},
		{"negative limit", &transcript.SearchRequest{Query: text, Limit: -1}, "", 0, 0, transcript.ErrInvalid},
		{"too many turns", &transcript.SearchRequest{Query: text, TurnsPerDoc: transcript.MaxTurnsPerDoc + 1}, "", 0, 0, transcript.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sortBy, limit, perDoc, err := archive.SearchOptions(tt.req)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			if sortBy != tt.wantSort || limit != tt.wantLimit || perDoc != tt.wantTurns {
				t.Errorf("got %q, %d, %d, want %q, %d, %d", sortBy, limit, perDoc, tt.wantSort, tt.wantLimit, tt.wantTurns)
			}
		})
	}
}

func TestDecodeCursor(t *testing.T) {
	// The SQLite engine's cursors carry no engine, the PostgreSQL engine's
	// carry "postgres": each refuses the other's for the same sort and plan.
	sqliteCursor := "eyJzIjoicmVsZXZhbmNlIiwicCI6ImFiYyIsImsiOjF9" // {"s":"relevance","p":"abc","k":1}
	if got := archive.EncodeCursor(archive.Cursor{Sort: transcript.SortRelevance, Plan: "abc", Key: 1}); got != sqliteCursor {
		t.Errorf("EncodeCursor without engine = %q, want %q", got, sqliteCursor)
	}
	postgresCursor := archive.EncodeCursor(archive.Cursor{Engine: "postgres", Sort: transcript.SortRelevance, Plan: "abc", Key: 1, Rank: -0.25})
	tests := []struct {
		name, cursor, engine, sort, plan string
		want                             *archive.Cursor
		wantErr                          error
	}{
		{"empty", "", "postgres", transcript.SortRelevance, "abc", nil, nil},
		{"own, no engine", sqliteCursor, "", transcript.SortRelevance, "abc", &archive.Cursor{Sort: transcript.SortRelevance, Plan: "abc", Key: 1}, nil},
		{"own, postgres", postgresCursor, "postgres", transcript.SortRelevance, "abc",
			&archive.Cursor{Engine: "postgres", Sort: transcript.SortRelevance, Plan: "abc", Key: 1, Rank: -0.25}, nil},
		{"sqlite's in postgres", sqliteCursor, "postgres", transcript.SortRelevance, "abc", nil, transcript.ErrInvalid},
		{"postgres' in sqlite", postgresCursor, "", transcript.SortRelevance, "abc", nil, transcript.ErrInvalid},
		{"other sort", sqliteCursor, "", transcript.SortNewest, "abc", nil, transcript.ErrInvalid},
		{"other plan", sqliteCursor, "", transcript.SortRelevance, "abd", nil, transcript.ErrInvalid},
		{"not base64", "!!", "", transcript.SortRelevance, "abc", nil, transcript.ErrInvalid},
		{"not JSON", "bm90IGpzb24", "", transcript.SortRelevance, "abc", nil, transcript.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := archive.DecodeCursor(tt.cursor, tt.engine, tt.sort, tt.plan)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("DecodeCursor(%q) mismatch (-want +got):\n%s", tt.cursor, diff)
			}
		})
	}
}

func TestRankPage(t *testing.T) {
	key := func(doc int64, unit int) int64 { return archive.UnitKey("2024-01-02", doc, unit) }
	base := func(doc int64) int64 { return key(doc, 0) >> archive.DocShift }
	// Document 1's turns 3 and 1 rank first and third, document 2's
	// header second, document 3's turn 2 last.
	order := []archive.Ranked{{key(3, 2), -0.1}, {key(1, 1), -0.5}, {key(2, 0), -0.7}, {key(1, 3), -0.9}}
	archive.SortRanked(order)
	if order[0].Key != key(1, 3) || order[3].Key != key(3, 2) {
		t.Fatalf("SortRanked: got %v", order)
	}
	tests := []struct {
		name     string
		cur      *archive.Cursor
		limit    int
		want     []archive.DocUnits
		wantNext *archive.Cursor
	}{
		{
			name: "all", limit: 3,
			want: []archive.DocUnits{{Doc: base(1), Units: []int{3, 1}}, {Doc: base(2), Units: []int{0}}, {Doc: base(3), Units: []int{2}}},
		},
		{
			name: "first page", limit: 2,
			want:     []archive.DocUnits{{Doc: base(1), Units: []int{3, 1}}, {Doc: base(2), Units: []int{0}}},
			wantNext: &archive.Cursor{Engine: "e", Sort: transcript.SortRelevance, Plan: "p", Key: key(2, 0), Rank: -0.7},
		},
		{
			name: "after the first", limit: 1, cur: &archive.Cursor{Key: key(1, 3), Rank: -0.9},
			want:     []archive.DocUnits{{Doc: base(2), Units: []int{0}}},
			wantNext: &archive.Cursor{Engine: "e", Sort: transcript.SortRelevance, Plan: "p", Key: key(2, 0), Rank: -0.7},
		},
		{
			name: "after the last", limit: 2, cur: &archive.Cursor{Key: key(3, 2), Rank: -0.1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, next := archive.RankPage(order, tt.cur, tt.limit, "e", "p")
			if diff := cmp.Diff(tt.want, page); diff != "" {
				t.Errorf("RankPage page mismatch (-want +got):\n%s", diff)
			}
			var gotNext *archive.Cursor
			if next != "" {
				var err error
				if gotNext, err = archive.DecodeCursor(next, "e", transcript.SortRelevance, "p"); err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(tt.wantNext, gotNext); diff != "" {
				t.Errorf("RankPage next mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
