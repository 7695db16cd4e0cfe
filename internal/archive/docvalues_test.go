package archive_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

func TestDocValuesCount(t *testing.T) {
	var b archive.DocValuesBuilder
	k := func(date string, doc int64, unit int) int64 { return archive.UnitKey(date, doc, unit) }
	b.AddTurn(k("2022-01-01", 1, 1), "Anna Petrova")
	b.AddTurn(k("2022-01-01", 1, 2), "Ivan Sidorov")
	b.AddTurn(k("2022-01-01", 1, 3), "Anna Petrova")
	b.AddTurn(k("2023-05-05", 2, 1), "Anna Petrova")
	b.AddTerm(1, "topic", "Economy")
	b.AddTerm(1, "section", "News")
	b.AddTerm(1, "person", "Anna Petrova") // not a facet
	b.AddTerm(2, "topic", "Economy")
	b.AddTerm(2, "topic", "Economy") // twice: counted once
	b.AddTerm(2, "geography", "Kazan")
	dv := b.Build(7)
	if dv.Gen != 7 {
		t.Errorf("Gen = %d, want 7", dv.Gen)
	}
	// Newest first, as an index yields a window: doc 2's turn, then doc
	// 1's header and turns 1 and 3 (turn 2 did not match).
	keys := []int64{k("2023-05-05", 2, 1), k("2022-01-01", 1, 3), k("2022-01-01", 1, 1), k("2022-01-01", 1, 0)}
	var fb archive.FacetBuilder
	fb.Add("total", "", 4)
	fb.Add("sampled", "", 4)
	dv.Count(keys, &fb)
	f, _, _ := fb.Facets()
	want := &transcript.Facets{
		Persons:   []transcript.FacetCount{{Value: "Anna Petrova", Count: 3}},
		Topics:    []transcript.FacetCount{{Value: "Economy", Count: 2}},
		Geography: []transcript.FacetCount{{Value: "Kazan", Count: 1}},
		Sections:  []transcript.FacetCount{{Value: "News", Count: 1}},
		Years:     []transcript.FacetCount{},
		Months:    []transcript.FacetCount{},
	}
	if diff := cmp.Diff(want, f); diff != "" {
		t.Errorf("facets (-want +got):\n%s", diff)
	}
}

func TestDocValuesCache(t *testing.T) {
	loads := 0
	load := func(gen int64) func(context.Context) (*archive.DocValues, error) {
		return func(context.Context) (*archive.DocValues, error) {
			loads++
			var b archive.DocValuesBuilder
			return b.Build(gen), nil
		}
	}
	c := &archive.DocValuesCache{Sync: true}
	if dv := c.Get(3, load(3)); dv == nil || dv.Gen != 3 {
		t.Fatalf("Get(3) = %v, want the values of generation 3", dv)
	}
	if dv := c.Get(3, load(3)); dv == nil || loads != 1 {
		t.Errorf("a second Get of the same generation loaded again (%d loads)", loads)
	}
	// The archive moved on while loading: the values read are of an
	// older generation than asked for, and are not used for it.
	if dv := c.Get(5, load(4)); dv != nil {
		t.Errorf("Get(5) returned values of generation %d", dv.Gen)
	}
	failing := func(context.Context) (*archive.DocValues, error) { return nil, errors.New("disk on fire") }
	if dv := c.Get(6, failing); dv != nil {
		t.Error("a failed load returned values")
	}
	c.Off = true
	if dv := c.Get(4, load(4)); dv != nil {
		t.Error("a cache that is off returned values")
	}
	var none *archive.DocValuesCache
	if dv := none.Get(1, load(1)); dv != nil {
		t.Error("a nil cache returned values")
	}
}
