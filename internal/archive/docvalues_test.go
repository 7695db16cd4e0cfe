package archive_test

import (
	"context"
	"errors"
	"sync"
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

// TestDocValuesBuilderOrder: rows in any order, over more than one chunk
// of the builder, give the same values as the same rows in order.
func TestDocValuesBuilderOrder(t *testing.T) {
	const n = 150_000 // more than two chunks
	key := func(i int) int64 { return archive.UnitKey("2020-01-01", int64(i/5+1), i%5+1) }
	person := func(i int) string { return []string{"Anna", "Boris", "Vera"}[i%3] }
	var inOrder, shuffled archive.DocValuesBuilder
	for i := range n {
		inOrder.AddTurn(key(i), person(i))
		if i%4 == 0 {
			inOrder.AddTerm(int64(i/5+1), "topic", "Economy")
		}
	}
	// The same rows backwards, and each document's topic twice.
	for i := n - 1; i >= 0; i-- {
		shuffled.AddTurn(key(i), person(i))
		if i%4 == 0 {
			shuffled.AddTerm(int64(i/5+1), "topic", "Economy")
			shuffled.AddTerm(int64(i/5+1), "topic", "Economy")
		}
	}
	a, b := inOrder.Build(1), shuffled.Build(1)
	for _, dv := range []*archive.DocValues{a, b} {
		if turns, docs := dv.Len(); turns != n || docs == 0 {
			t.Fatalf("Len() = %d turns, %d documents", turns, docs)
		}
		for _, i := range []int{0, 1, 65535, 65536, 65537, 131072, n - 1} {
			if got := dv.Person(key(i)); got != person(i) {
				t.Errorf("Person(turn %d) = %q, want %q", i, got, person(i))
			}
		}
		if got := dv.Person(archive.UnitKey("2020-01-01", n, 9)); got != "" {
			t.Errorf("Person(a turn not added) = %q", got)
		}
	}
	_, docsA := a.Len()
	_, docsB := b.Len()
	if docsA != docsB {
		t.Errorf("documents with taxonomy: %d in order, %d shuffled", docsA, docsB)
	}
	// Counting every unit gives the same facets, each document's topic once.
	keys := make([]int64, n)
	for i := range n {
		keys[i] = key(i)
	}
	count := func(dv *archive.DocValues) *transcript.Facets {
		var fb archive.FacetBuilder
		fb.Add("total", "", n)
		fb.Add("sampled", "", n)
		dv.Count(keys, &fb)
		f, _, _ := fb.Facets()
		return f
	}
	fa, fbb := count(a), count(b)
	if diff := cmp.Diff(fa, fbb); diff != "" {
		t.Errorf("facets differ (-in order +shuffled):\n%s", diff)
	}
	if len(fa.Topics) != 1 || fa.Topics[0].Count != docsA {
		t.Errorf("topics = %v, want Economy in each of the %d documents", fa.Topics, docsA)
	}
	if len(fa.Persons) != 3 || fa.Persons[0].Count != n/3 {
		t.Errorf("persons = %v, want 3 of %d turns each", fa.Persons, n/3)
	}
}

// TestDocValuesCacheLoad: while Load reads in the caller (a server's warm
// start), a search's Get starts no second load, and gets the values once
// Load has them.
func TestDocValuesCacheLoad(t *testing.T) {
	var c archive.DocValuesCache
	release := make(chan struct{})
	started := make(chan struct{})
	loads := 0
	var mu sync.Mutex
	slow := func(context.Context) (*archive.DocValues, error) {
		mu.Lock()
		loads++
		mu.Unlock()
		close(started)
		<-release
		var b archive.DocValuesBuilder
		return b.Build(3), nil
	}
	other := func(context.Context) (*archive.DocValues, error) {
		mu.Lock()
		loads++
		mu.Unlock()
		var b archive.DocValuesBuilder
		return b.Build(3), nil
	}
	done := make(chan *archive.DocValues)
	go func() {
		dv, err := c.Load(t.Context(), slow)
		if err != nil {
			t.Error(err)
		}
		done <- dv
	}()
	<-started
	if dv := c.Get(3, other); dv != nil {
		t.Error("Get returned values while they were being loaded")
	}
	if dv, err := c.Load(t.Context(), other); dv != nil || err != nil {
		t.Errorf("a second Load = %v, %v; want nil, nil while one is under way", dv, err)
	}
	close(release)
	if dv := <-done; dv == nil || dv.Gen != 3 {
		t.Fatalf("Load = %v, want the values of generation 3", dv)
	}
	if dv := c.Get(3, other); dv == nil {
		t.Error("Get after Load has no values")
	}
	c.Close()
	mu.Lock()
	defer mu.Unlock()
	if loads != 1 {
		t.Errorf("%d loads, want 1", loads)
	}
	failing := func(context.Context) (*archive.DocValues, error) { return nil, errors.New("disk on fire") }
	var c2 archive.DocValuesCache
	if _, err := c2.Load(t.Context(), failing); err == nil {
		t.Error("a failed Load returned no error")
	}
}
