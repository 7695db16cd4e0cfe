package archive

import (
	"context"
	"slices"
	"sync"
	"time"
)

// DocValues holds, in memory, what the speaker and taxonomy facets count
// for every unit and document of an archive at one generation: the person
// of each turn, and the topics, geography and sections of each document.
// With it a faceted search counts the facets of its matches by looking
// their keys up in sorted arrays, instead of a join per match in SQL (4-8
// µs each in SQLite, which made the facets of a common word the slowest
// part of a search).
//
// It is derived data, read from the archive's tables: it is valid only
// for the generation it was read at, and a search uses it only when the
// archive is still at that generation (see DocValuesCache).
//
// Size: about 12 bytes per attributed turn and 4 per taxonomy term of a
// document, plus each distinct value once: some 60 MB at 1,000,000
// documents of 4.6 turns each.
type DocValues struct {
	Gen int64 // the archive generation it was read at

	unitKeys   []int64  // unit keys of the turns with a person, ascending
	unitPerson []uint32 // the person of unitKeys[i], an index into values

	docKeys  []int64  // document keys (KeyDoc) with taxonomy terms, ascending
	docStart []uint32 // terms of docKeys[i] are docTerms[docStart[i]:docStart[i+1]]
	docTerms []uint32 // an index into values

	values []docValue // distinct persons and terms
}

type docValue struct{ kind, value string }

// DocValuesBuilder collects the rows a DocValues is made of, in any order.
type DocValuesBuilder struct {
	turns []keyValue
	terms []keyValue
	index map[docValue]uint32
	dv    DocValues
}

type keyValue struct {
	key int64
	v   uint32
}

func (b *DocValuesBuilder) intern(kind, value string) uint32 {
	if b.index == nil {
		b.index = make(map[docValue]uint32)
	}
	dv := docValue{kind, value}
	i, ok := b.index[dv]
	if !ok {
		i = uint32(len(b.dv.values))
		b.index[dv] = i
		b.dv.values = append(b.dv.values, dv)
	}
	return i
}

// AddTurn records that the turn with unit key key was spoken by person.
func (b *DocValuesBuilder) AddTurn(key int64, person string) {
	b.turns = append(b.turns, keyValue{key, b.intern("person", person)})
}

// AddTerm records that document doc (a KeyDoc) has taxonomy term of kind
// (topic, geography or section; other kinds are ignored).
func (b *DocValuesBuilder) AddTerm(doc int64, kind, term string) {
	if kind != "topic" && kind != "geography" && kind != "section" {
		return
	}
	b.terms = append(b.terms, keyValue{doc, b.intern(kind, term)})
}

// Build returns the DocValues of generation gen.
func (b *DocValuesBuilder) Build(gen int64) *DocValues {
	byKey := func(a, b keyValue) int {
		if a.key != b.key {
			if a.key < b.key {
				return -1
			}
			return 1
		}
		return int(a.v) - int(b.v)
	}
	dv := &b.dv
	dv.Gen = gen
	slices.SortFunc(b.turns, byKey)
	dv.unitKeys = make([]int64, len(b.turns))
	dv.unitPerson = make([]uint32, len(b.turns))
	for i, t := range b.turns {
		dv.unitKeys[i], dv.unitPerson[i] = t.key, t.v
	}
	slices.SortFunc(b.terms, byKey)
	b.terms = slices.Compact(b.terms)
	dv.docTerms = make([]uint32, len(b.terms))
	for i, t := range b.terms {
		if i == 0 || t.key != b.terms[i-1].key {
			dv.docKeys = append(dv.docKeys, t.key)
			dv.docStart = append(dv.docStart, uint32(i))
		}
		dv.docTerms[i] = t.v
	}
	dv.docStart = append(dv.docStart, uint32(len(b.terms)))
	out := *dv
	*b = DocValuesBuilder{}
	return &out
}

// Count adds to fb the speaker and taxonomy facets of the matching units
// keys, which must be ascending or descending (as an index yields them):
// each unit with a person counts once for it, and each distinct document
// once for each of its terms.
func (v *DocValues) Count(keys []int64, fb *FacetBuilder) {
	persons := make(map[uint32]int)
	terms := make(map[uint32]int)
	lastDoc := int64(-1)
	for _, k := range keys {
		if i, ok := slices.BinarySearch(v.unitKeys, k); ok {
			persons[v.unitPerson[i]]++
		}
		d := KeyDoc(k)
		if d == lastDoc {
			continue
		}
		lastDoc = d
		if i, ok := slices.BinarySearch(v.docKeys, d); ok {
			for _, t := range v.docTerms[v.docStart[i]:v.docStart[i+1]] {
				terms[t]++
			}
		}
	}
	for i, n := range persons {
		fb.Add("person", v.values[i].value, n)
	}
	for i, n := range terms {
		fb.Add(v.values[i].kind, v.values[i].value, n)
	}
}

// DocValuesReload is how long a DocValuesCache waits after starting a
// load before it starts another, or ten times as long as the last load
// took if that is longer: an archive being written moves to a new
// generation with every batch, and reading its tables again each time
// would cost more than the joins it saves. (A load reads about 600,000
// rows a second: 0.8 s of CPU at 100,000 documents.)
const DocValuesReload = 5 * time.Second

// DocValuesCache keeps an archive's DocValues and loads them again, in
// the background, when the archive has moved on.
type DocValuesCache struct {
	mu      sync.Mutex
	dv      *DocValues
	loading bool
	started time.Time
	took    time.Duration // how long the last load took
	// Sync, set by tests, loads in the caller instead of the background,
	// so that the first search already uses the values.
	Sync bool
	// Off disables the cache: every search joins in SQL.
	Off bool

	closed bool
	wg     sync.WaitGroup // background loads
}

// Close stops the cache from loading and waits for a load under way, so
// that its store can close its connections (a PostgreSQL server would
// otherwise see a dropped schema's tables still read).
func (c *DocValuesCache) Close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.wg.Wait()
}

// Get returns the values of generation gen, or nil when it has none: the
// caller then counts another way. When it has none and no load is under
// way or recent, it starts load in the background (or, with Sync, runs it
// before returning). load must read the values and the generation in one
// snapshot.
func (c *DocValuesCache) Get(gen int64, load func(ctx context.Context) (*DocValues, error)) *DocValues {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	if c.Off || c.closed {
		c.mu.Unlock()
		return nil
	}
	if c.dv != nil && c.dv.Gen == gen {
		dv := c.dv
		c.mu.Unlock()
		return dv
	}
	if c.loading || (!c.Sync && time.Since(c.started) < max(DocValuesReload, 10*c.took)) {
		c.mu.Unlock()
		return nil
	}
	c.loading, c.started = true, time.Now()
	sync := c.Sync
	if sync {
		c.mu.Unlock()
	}

	run := func() *DocValues {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		dv, err := load(ctx)
		c.mu.Lock()
		defer c.mu.Unlock()
		c.loading, c.took = false, time.Since(c.started)
		if err != nil {
			// The joins still count; the next load is tried after
			// DocValuesReload.
			return nil
		}
		if c.dv == nil || dv.Gen >= c.dv.Gen {
			c.dv = dv
		}
		if dv.Gen != gen {
			return nil
		}
		return dv
	}
	if sync {
		return run()
	}
	c.wg.Add(1)
	c.mu.Unlock()
	go func() {
		defer c.wg.Done()
		run()
	}()
	return nil
}

// Current returns the values of generation gen, loading them in the
// caller when the cache has none; false when the archive has moved on
// since (the caller then counts another way).
func (c *DocValuesCache) Current(ctx context.Context, gen int64, load func(ctx context.Context) (*DocValues, error)) (*DocValues, bool, error) {
	if dv := c.Get(gen, load); dv != nil {
		return dv, true, nil
	}
	dv, err := load(ctx)
	if err != nil {
		return nil, false, err
	}
	return dv, dv.Gen == gen, nil
}

// Reset drops the cached values.
func (c *DocValuesCache) Reset() {
	c.mu.Lock()
	c.dv = nil
	c.mu.Unlock()
}

// Len returns how many attributed turns and documents with taxonomy the
// values hold.
func (v *DocValues) Len() (turns, docs int) { return len(v.unitKeys), len(v.docKeys) }

// Person returns the person of the turn with unit key k, "" for a turn
// without one.
func (v *DocValues) Person(k int64) string {
	if i, ok := slices.BinarySearch(v.unitKeys, k); ok {
		return v.values[v.unitPerson[i]].value
	}
	return ""
}

// Put keeps dv, unless the cache holds values of a later generation.
func (c *DocValuesCache) Put(dv *DocValues) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dv == nil || dv.Gen >= c.dv.Gen {
		c.dv = dv
	}
}
