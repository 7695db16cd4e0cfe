package archive

import (
	"context"
	"slices"
	"sort"
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
//
// It keeps them in fixed-size chunks and Build copies them once into
// arrays of the exact size: a slice grown by appending would hold up to
// twice its rows' room, and a copy of it while it grows, for millions of
// rows (some 200 MB at 1,000,000 documents, where the values keep 60).
type DocValuesBuilder struct {
	turns kvChunks
	terms kvChunks
	index map[docValue]uint32
	dv    DocValues
}

// kvChunks is a list of (key, value) rows in chunks of kvChunk.
type kvChunks struct {
	keys   [][]int64
	vals   [][]uint32
	n      int
	sorted bool // rows were added in ascending (key, value) order
	last   keyValue
}

type keyValue struct {
	key int64
	v   uint32
}

// kvChunk is the rows of one chunk: 768 KB.
const kvChunk = 1 << 16

func (c *kvChunks) add(key int64, v uint32) {
	if c.n%kvChunk == 0 {
		c.keys = append(c.keys, make([]int64, 0, kvChunk))
		c.vals = append(c.vals, make([]uint32, 0, kvChunk))
	}
	if c.n == 0 {
		c.sorted = true
	} else if key < c.last.key || key == c.last.key && v < c.last.v {
		c.sorted = false
	}
	c.last = keyValue{key, v}
	i := len(c.keys) - 1
	c.keys[i] = append(c.keys[i], key)
	c.vals[i] = append(c.vals[i], v)
	c.n++
}

// flatten returns the rows sorted by key, then value, in two arrays of
// the exact size, and drops the chunks.
func (c *kvChunks) flatten() ([]int64, []uint32) {
	keys := make([]int64, 0, c.n)
	vals := make([]uint32, 0, c.n)
	for i := range c.keys {
		keys = append(keys, c.keys[i]...)
		vals = append(vals, c.vals[i]...)
		c.keys[i], c.vals[i] = nil, nil // each chunk is garbage once copied
	}
	if !c.sorted {
		sort.Sort(kvSorter{keys, vals})
	}
	*c = kvChunks{}
	return keys, vals
}

// kvSorter sorts two parallel arrays by key, then value.
type kvSorter struct {
	keys []int64
	vals []uint32
}

func (s kvSorter) Len() int { return len(s.keys) }
func (s kvSorter) Less(i, j int) bool {
	return s.keys[i] < s.keys[j] || s.keys[i] == s.keys[j] && s.vals[i] < s.vals[j]
}
func (s kvSorter) Swap(i, j int) {
	s.keys[i], s.keys[j] = s.keys[j], s.keys[i]
	s.vals[i], s.vals[j] = s.vals[j], s.vals[i]
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
	b.turns.add(key, b.intern("person", person))
}

// AddTerm records that document doc (a KeyDoc) has taxonomy term of kind
// (topic, geography or section; other kinds are ignored).
func (b *DocValuesBuilder) AddTerm(doc int64, kind, term string) {
	if kind != "topic" && kind != "geography" && kind != "section" {
		return
	}
	b.terms.add(doc, b.intern(kind, term))
}

// Build returns the DocValues of generation gen.
func (b *DocValuesBuilder) Build(gen int64) *DocValues {
	dv := &b.dv
	dv.Gen = gen
	dv.unitKeys, dv.unitPerson = b.turns.flatten()
	keys, vals := b.terms.flatten()
	// A document's terms, each once.
	n := 0
	for i := range keys {
		if i > 0 && keys[i] == keys[i-1] && vals[i] == vals[i-1] {
			continue
		}
		keys[n], vals[n] = keys[i], vals[i]
		n++
	}
	keys = keys[:n]
	dv.docTerms = slices.Clone(vals[:n])
	for i, k := range keys {
		if i == 0 || k != keys[i-1] {
			dv.docKeys = append(dv.docKeys, k)
			dv.docStart = append(dv.docStart, uint32(i))
		}
	}
	dv.docStart = append(dv.docStart, uint32(n))
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

// Load reads the values in the caller and keeps them, as a server does
// as it starts. While it reads, Get starts no other load (a second load
// of a large archive's values would double what the process holds for
// nothing); when one is already under way, Load returns nil at once.
func (c *DocValuesCache) Load(ctx context.Context, load func(ctx context.Context) (*DocValues, error)) (*DocValues, error) {
	c.mu.Lock()
	if c.Off || c.closed || c.loading {
		c.mu.Unlock()
		return nil, nil
	}
	c.loading, c.started = true, time.Now()
	c.wg.Add(1)
	c.mu.Unlock()
	defer c.wg.Done()
	dv, err := load(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.loading, c.took = false, time.Since(c.started)
	if err != nil {
		return nil, err
	}
	if c.dv == nil || dv.Gen >= c.dv.Gen {
		c.dv = dv
	}
	return dv, nil
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
