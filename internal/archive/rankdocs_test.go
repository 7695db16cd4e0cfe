package archive

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestRankDocs wants RankDocs to cut every page exactly as RankPage
// cuts it from the sorted ranking, ties of rank included.
func TestRankDocs(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		var keys []int64
		for d := int64(1); d <= int64(1+r.IntN(40)); d++ {
			for u := 0; u <= r.IntN(6); u++ {
				if r.IntN(3) > 0 {
					keys = append(keys, UnitKey("2020-01-02", d, u))
				}
			}
		}
		rank := make([]float64, len(keys))
		for i := range rank {
			rank[i] = -float64(r.IntN(8)) // many ties
		}
		order := make([]Ranked, len(keys))
		for i, k := range keys {
			order[i] = Ranked{Key: k, Rank: rank[i]}
		}
		SortRanked(order)
		limit := 1 + r.IntN(5)
		var cur, curWant *Cursor
		for pages := 0; ; pages++ {
			got, gotNext := RankDocs(keys, rank, cur, limit, "", "p")
			want, wantNext := RankPage(order, curWant, limit, "", "p")
			if !reflect.DeepEqual(got, want) || gotNext != wantNext {
				t.Fatalf("trial %d page %d: RankDocs %v %q; RankPage %v %q", trial, pages, got, gotNext, want, wantNext)
			}
			if gotNext == "" {
				break
			}
			c, err := DecodeCursor(gotNext, "", "relevance", "p")
			if err != nil {
				t.Fatal(err)
			}
			cur, curWant = c, c
		}
	}
}
