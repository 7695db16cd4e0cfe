// Package stress runs many writers and readers against one archive at once,
// the concurrency test that every archive engine passes: 8 writers ingest
// their own documents, and re-put changed and unchanged versions of them,
// while 32 readers search, read the documents their hits name, read
// versions and stats. No call may fail, no reader may see a document
// that is not exactly one of the versions a writer put (half written, or
// its parts from two versions), and afterwards the archive holds every
// document once, each with the versions put, their hashes the canonical
// JSON's, and the search index lists them all.
//
// An engine's test calls Run with a function that opens a new, empty
// archive:
//
//	func TestSQLite(t *testing.T) {
//		stress.Run(t, func(t *testing.T) stress.Archive {
//			s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "stress.db"))
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { s.Close() })
//			return s
//		}, stress.Duration())
//	}
//
// An archive that also has an IntegrityCheck(context.Context) error method
// is checked with it at the end. One whose reads may lag its writes (reads
// from a replica) has a Sync(context.Context) error method that returns
// once reads see every write made before the call; Run calls it after
// storing the seed documents and before the final checks.
package stress

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Archive is what Run exercises: a store and its search.
type Archive interface {
	transcript.Store
	transcript.Searcher
}

// Writers and Readers are how many goroutines Run starts of each.
const (
	Writers = 8
	Readers = 32
)

// Duration returns how long Run should run: ROSTRUM_STRESS as a Go
// duration ("90s"); a minute when ROSTRUM_STRESS=1 or in CI
// (ROSTRUM_TEST_POSTGRES_REQUIRED=1); otherwise 5 seconds, so that a
// developer's go test ./... stays quick.
func Duration() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("ROSTRUM_STRESS")); err == nil && d > 0 {
		return d
	}
	if os.Getenv("ROSTRUM_STRESS") == "1" || os.Getenv("ROSTRUM_TEST_POSTGRES_REQUIRED") == "1" {
		return time.Minute
	}
	return 5 * time.Second
}

type checker interface {
	IntegrityCheck(ctx context.Context) error
}

type syncer interface {
	Sync(ctx context.Context) error
}

// failures collects the errors of all goroutines. The first one cancels
// the run; errors that the cancellation caused are not reported.
type failures struct {
	t      *testing.T
	cancel context.CancelFunc
	n      atomic.Int32
}

func (f *failures) add(ctx context.Context, format string, args ...any) {
	if ctx.Err() != nil {
		// Cancelled by an earlier failure (or the test's end): the
		// engines report an interrupted call in their own words.
		return
	}
	err := fmt.Errorf(format, args...)
	if f.n.Add(1) <= 20 {
		f.t.Error(err)
	}
	f.cancel()
}

// Run opens an archive with open and runs Writers writers and Readers
// readers on it for about d, then checks what it holds. open must return a
// new, empty archive and arrange for it to be closed when the test ends.
func Run(t *testing.T, open func(t *testing.T) Archive, d time.Duration) {
	a := open(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	fail := &failures{t: t, cancel: cancel}

	// The seeds bring every filter value the readers use.
	writers := make([]*writer, Writers)
	for w := range writers {
		writers[w] = &writer{w: w, a: a, fail: fail, rng: rand.New(rand.NewPCG(uint64(w), 1))}
		writers[w].insert(ctx, 1)
	}
	if t.Failed() {
		return
	}
	if s, ok := a.(syncer); ok {
		if err := s.Sync(ctx); err != nil {
			t.Fatalf("Sync after the seeds: %v", err)
		}
	}

	// Readers learn which ids exist from what they read; they bound the
	// version they may see by what the writers have begun to put.
	var started sync.Map // id → *atomic.Int32, the highest version a Put has been called with
	for _, w := range writers {
		w.started = &started
		w.begin(id(w.w, 0), 1)
	}

	begin := time.Now()
	deadline := begin.Add(d)
	done := make(chan struct{})
	var ws, rs sync.WaitGroup
	for _, w := range writers {
		ws.Go(func() { w.run(ctx, deadline) })
	}
	readers := make([]*reader, Readers)
	for r := range readers {
		readers[r] = &reader{a: a, fail: fail, started: &started, rng: rand.New(rand.NewPCG(uint64(r), 2)), known: make(map[string]bool)}
		rs.Go(func() { readers[r].run(ctx, done) })
	}
	ws.Wait()
	writing := time.Since(begin)
	close(done)
	rs.Wait()
	reading := time.Since(begin)
	if t.Failed() {
		return
	}
	report(t, writers, readers, writing, reading)

	// The checks afterwards see the archive at rest.
	if s, ok := a.(syncer); ok {
		start := time.Now()
		if err := s.Sync(t.Context()); err != nil {
			t.Fatalf("Sync after the run: %v", err)
		}
		t.Logf("Sync after the run: %v", time.Since(start).Round(time.Millisecond))
	}
	checkArchive(t, a, writers)
}

// writer puts the documents of one id range.
type writer struct {
	w       int
	a       Archive
	fail    *failures
	rng     *rand.Rand
	started *sync.Map

	versions []int // versions[i] is the current version of document i

	inserted, updated, unchanged, batches int
}

func (w *writer) run(ctx context.Context, deadline time.Time) {
	for ctx.Err() == nil && time.Now().Before(deadline) {
		switch r := w.rng.IntN(20); {
		case r < 11:
			w.insert(ctx, 1)
		case r < 13:
			w.insert(ctx, 2+w.rng.IntN(5))
		case r < 18:
			w.update(ctx)
		default:
			w.again(ctx)
		}
	}
}

// insert puts n new documents, in one PutBatch when n > 1.
func (w *writer) insert(ctx context.Context, n int) {
	first := len(w.versions)
	docs := make([]*transcript.Document, n)
	raws := make([]transcript.Raw, n)
	for k := range docs {
		docs[k] = document(w.w, first+k, 1)
		raws[k] = raw(docs[k])
		w.begin(docs[k].ID, 1)
	}
	var results []transcript.PutResult
	var errs []error
	if n == 1 {
		res, err := w.a.Put(ctx, docs[0], raws[0])
		results, errs = []transcript.PutResult{res}, []error{err}
	} else {
		results, errs = w.a.PutBatch(ctx, docs, raws)
		w.batches++
	}
	if len(results) != n || len(errs) != n {
		w.fail.add(ctx, "PutBatch of %d documents: %d results and %d errors", n, len(results), len(errs))
		return
	}
	for k, doc := range docs {
		if errs[k] != nil {
			w.fail.add(ctx, "Put(%s), new: %w", doc.ID, errs[k])
			return
		}
		if results[k] != (transcript.PutResult{Status: transcript.Inserted, Version: 1}) {
			w.fail.add(ctx, "Put(%s), new: %v version %d, want inserted version 1", doc.ID, results[k].Status, results[k].Version)
			return
		}
		w.versions = append(w.versions, 1)
		w.inserted++
	}
}

// update puts a new version of one of the writer's documents.
func (w *writer) update(ctx context.Context) {
	i := w.rng.IntN(len(w.versions))
	v := w.versions[i] + 1
	doc := document(w.w, i, v)
	w.begin(doc.ID, v)
	res, err := w.a.Put(ctx, doc, raw(doc))
	if err != nil {
		w.fail.add(ctx, "Put(%s) version %d: %w", doc.ID, v, err)
		return
	}
	if res != (transcript.PutResult{Status: transcript.Updated, Version: v}) {
		w.fail.add(ctx, "Put(%s) version %d: %v version %d, want updated", doc.ID, v, res.Status, res.Version)
		return
	}
	w.versions[i] = v
	w.updated++
}

// again puts the current version of one of the writer's documents again.
func (w *writer) again(ctx context.Context) {
	i := w.rng.IntN(len(w.versions))
	v := w.versions[i]
	doc := document(w.w, i, v)
	res, err := w.a.Put(ctx, doc, raw(doc))
	if err != nil {
		w.fail.add(ctx, "Put(%s) version %d again: %w", doc.ID, v, err)
		return
	}
	if res != (transcript.PutResult{Status: transcript.Unchanged, Version: v}) {
		w.fail.add(ctx, "Put(%s) version %d again: %v version %d, want unchanged", doc.ID, v, res.Status, res.Version)
		return
	}
	w.unchanged++
}

// begin records that version v of id may be visible from now on.
func (w *writer) begin(id string, v int) {
	if w.started == nil {
		return // the seeds, recorded when the readers start
	}
	n, _ := w.started.LoadOrStore(id, new(atomic.Int32))
	n.(*atomic.Int32).Store(int32(v))
}

// reader searches and reads until done is closed.
type reader struct {
	a       Archive
	fail    *failures
	started *sync.Map
	rng     *rand.Rand

	seen  []string        // ids read in search hits
	known map[string]bool // the same, as a set

	// Stats only grow: documents are never deleted.
	lastDocs, lastVersions int

	searches, documents, versions, stats, pages int
	latency                                     []time.Duration // of searches
}

func (r *reader) run(ctx context.Context, done <-chan struct{}) {
	for ctx.Err() == nil {
		select {
		case <-done:
			return
		default:
		}
		switch n := r.rng.IntN(20); {
		case n < 12:
			r.search(ctx)
		case n < 16:
			r.document(ctx)
		case n < 18:
			r.history(ctx)
		default:
			r.stat(ctx)
		}
	}
}

// maxVersion returns the highest version of id that a writer has begun
// to put.
func (r *reader) maxVersion(id string) int {
	n, ok := r.started.Load(id)
	if !ok {
		return 0
	}
	return int(n.(*atomic.Int32).Load())
}

// readDocument reads id, which must exist, and checks that it is whole.
func (r *reader) readDocument(ctx context.Context, id string) *transcript.Document {
	doc, err := r.a.Document(ctx, id)
	r.documents++
	// The bound is read after the document: a writer raises it before
	// it puts a version, so a version that could be read is within it.
	maxV := r.maxVersion(id)
	if err != nil {
		r.fail.add(ctx, "Document(%s): %w", id, err)
		return nil
	}
	if maxV == 0 {
		r.fail.add(ctx, "Document(%s): a document no writer has put", id)
		return nil
	}
	if err := checkWhole(doc, maxV); err != nil {
		r.fail.add(ctx, "Document(%s): %w", id, err)
		return nil
	}
	return doc
}

// document reads a document seen in a hit, or a seed.
func (r *reader) document(ctx context.Context) {
	id := id(r.rng.IntN(Writers), 0)
	if len(r.seen) > 0 {
		id = r.seen[r.rng.IntN(len(r.seen))]
	}
	r.readDocument(ctx, id)
}

// history reads the versions of a document seen in a hit, and one of
// them in full.
func (r *reader) history(ctx context.Context) {
	id := id(r.rng.IntN(Writers), 0)
	if len(r.seen) > 0 {
		id = r.seen[r.rng.IntN(len(r.seen))]
	}
	vs, err := r.a.Versions(ctx, id)
	r.versions++
	maxV := r.maxVersion(id) // after the read, as in readDocument
	if err != nil {
		r.fail.add(ctx, "Versions(%s): %w", id, err)
		return
	}
	if len(vs) == 0 || len(vs) > maxV {
		r.fail.add(ctx, "Versions(%s): %d versions, want 1 to %d", id, len(vs), maxV)
		return
	}
	w, i, _ := parseID(id)
	for k, v := range vs {
		if v.Number != k+1 {
			r.fail.add(ctx, "Versions(%s): version %d is numbered %d", id, k+1, v.Number)
			return
		}
		if want := hash(document(w, i, v.Number)); v.Hash != want {
			r.fail.add(ctx, "Versions(%s): version %d hash %s, want %s", id, v.Number, v.Hash, want)
			return
		}
	}
	n := 1 + r.rng.IntN(len(vs))
	doc, err := r.a.DocumentVersion(ctx, id, n)
	r.documents++
	if err != nil {
		r.fail.add(ctx, "DocumentVersion(%s, %d): %w", id, n, err)
		return
	}
	if got, want := canonical(doc), canonical(document(w, i, n)); got != want {
		r.fail.add(ctx, "DocumentVersion(%s, %d) differs from what was put:\n got %s\nwant %s", id, n, got, want)
	}
}

// stat reads Stats, whose numbers must agree with each other: every turn
// has two paragraphs, and every document one language and one year.
func (r *reader) stat(ctx context.Context) {
	st, err := r.a.Stats(ctx)
	r.stats++
	if err != nil {
		r.fail.add(ctx, "Stats: %w", err)
		return
	}
	sum := func(cs []transcript.Count) (n int) {
		for _, c := range cs {
			n += c.N
		}
		return n
	}
	switch {
	case st.Paragraphs != 2*st.Turns:
		r.fail.add(ctx, "Stats: %d paragraphs in %d turns, want 2 per turn", st.Paragraphs, st.Turns)
	case sum(st.ByLanguage) != st.Documents || sum(st.ByYear) != st.Documents:
		r.fail.add(ctx, "Stats: %d documents, %d by language, %d by year", st.Documents, sum(st.ByLanguage), sum(st.ByYear))
	case st.Versions < st.Documents:
		r.fail.add(ctx, "Stats: %d versions of %d documents", st.Versions, st.Documents)
	case st.Documents < r.lastDocs || st.Versions < r.lastVersions:
		r.fail.add(ctx, "Stats: %d documents and %d versions, after %d and %d", st.Documents, st.Versions, r.lastDocs, r.lastVersions)
	case st.Persons > len(persons):
		r.fail.add(ctx, "Stats: %d persons, the cast has fewer", st.Persons)
	}
	r.lastDocs, r.lastVersions = st.Documents, st.Versions
}

// query returns a random query of the forms users type: words, phrases,
// OR, exclusions, prefixes, filters and date bounds.
func (r *reader) query() string {
	lang := "en"
	if r.rng.IntN(4) == 0 {
		lang = "ru"
	}
	vocab := words[lang]
	word := func() string { return vocab[r.rng.IntN(len(vocab))] }
	var q string
	switch r.rng.IntN(9) {
	case 0:
		q = word()
	case 1:
		q = word() + " " + word()
	case 2:
		q = `"` + word() + " " + word() + `"`
	case 3:
		q = "(" + word() + " OR " + word() + ")"
	case 4:
		q = word() + " -" + word()
	case 5:
		w := []rune(word())
		q = string(w[:min(len(w), 4)]) + "*"
	case 6:
		q = word() + " person:" + quote(persons[r.rng.IntN(len(persons)-2)].person)
	case 7:
		q = word() + " topic:" + quote(topics[r.rng.IntN(len(topics))])
	case 8:
		q = "stress"
		lang = "en"
	}
	if r.rng.IntN(3) == 0 {
		q += " lang:" + lang
	}
	if r.rng.IntN(4) == 0 {
		y := 2000 + r.rng.IntN(20)
		q += fmt.Sprintf(" from:%d to:%d", y, y+r.rng.IntN(6))
	}
	if r.rng.IntN(6) == 0 {
		q += " geography:" + quote(geography[r.rng.IntN(len(geography))])
	}
	return q
}

func quote(s string) string {
	if strings.Contains(s, " ") {
		return `"` + s + `"`
	}
	return s
}

// search runs a random query, checks the result against itself, and
// reads some of the documents it names.
func (r *reader) search(ctx context.Context) {
	text := r.query()
	q, err := search.ParseQuery(text)
	if err != nil {
		r.fail.add(ctx, "ParseQuery(%q): %w", text, err)
		return
	}
	req := &transcript.SearchRequest{
		Query:  q,
		Sort:   []string{"", transcript.SortRelevance, transcript.SortNewest, transcript.SortOldest}[r.rng.IntN(4)],
		Limit:  1 + r.rng.IntN(20),
		Facets: r.rng.IntN(4) == 0,
	}
	start := time.Now()
	res, err := r.a.Search(ctx, req)
	r.latency = append(r.latency, time.Since(start))
	r.searches++
	if err != nil {
		r.fail.add(ctx, "Search(%q): %w", text, err)
		return
	}
	if err := checkResult(q, req, res); err != nil {
		r.fail.add(ctx, "Search(%q): %w", text, err)
		return
	}
	// Read at most three of the hits' documents: each must exist, be
	// whole, pass the filters, and have the hit's turns.
	for k, hit := range res.Hits {
		if k == 3 {
			break
		}
		doc := r.readDocument(ctx, hit.ID)
		if doc == nil {
			return
		}
		if err := checkHit(q, hit, doc); err != nil {
			r.fail.add(ctx, "Search(%q): %w", text, err)
			return
		}
		if !r.known[hit.ID] {
			r.known[hit.ID] = true
			r.seen = append(r.seen, hit.ID)
		}
	}
	// And sometimes the next page.
	if res.Next != "" && r.rng.IntN(4) == 0 {
		next := *req
		next.Cursor = res.Next
		res2, err := r.a.Search(ctx, &next)
		r.pages++
		if err != nil {
			r.fail.add(ctx, "Search(%q) page 2: %w", text, err)
			return
		}
		if err := checkResult(q, &next, res2); err != nil {
			r.fail.add(ctx, "Search(%q) page 2: %w", text, err)
		}
	}
}

// checkResult checks a result's numbers against each other.
func checkResult(q *transcript.Query, req *transcript.SearchRequest, res *transcript.SearchResult) error {
	switch {
	case len(res.Hits) > req.Limit:
		return fmt.Errorf("%d hits, limit %d", len(res.Hits), req.Limit)
	case res.Documents < len(res.Hits) && req.Cursor == "":
		return fmt.Errorf("%d hits of %d documents", len(res.Hits), res.Documents)
	case res.Total < res.Documents:
		return fmt.Errorf("%d matching units in %d documents", res.Total, res.Documents)
	case req.Facets && res.Facets == nil:
		return fmt.Errorf("no facets")
	}
	for _, hit := range res.Hits {
		if _, _, ok := parseID(hit.ID); !ok {
			return fmt.Errorf("hit %q: not a document id", hit.ID)
		}
		if len(hit.Turns) > hit.Matches || len(hit.Turns) > transcript.DefaultTurnsPerDoc {
			return fmt.Errorf("hit %s: %d turns of %d matches", hit.ID, len(hit.Turns), hit.Matches)
		}
		if !reTitle.MatchString(hit.Title) {
			return fmt.Errorf("hit %s: title %q", hit.ID, hit.Title)
		}
	}
	if f := res.Facets; f != nil {
		// Every document is dated, so each matching document has one
		// year, and each matching unit one month.
		years, months := 0, 0
		for _, c := range f.Years {
			years += c.Count
		}
		for _, c := range f.Months {
			months += c.Count
		}
		if years != res.Documents || months != res.Total {
			return fmt.Errorf("facets count %d documents by year and %d units by month; the result %d and %d",
				years, months, res.Documents, res.Total)
		}
	}
	return nil
}

// checkHit checks a hit against its document, read after the search: the
// parts of a document that no version changes must agree, and the
// document must pass the query's filters.
func checkHit(q *transcript.Query, hit transcript.DocumentHit, doc *transcript.Document) error {
	if hit.Language != doc.Language || hit.Date != doc.Date || hit.URL != doc.URL {
		return fmt.Errorf("hit %s: language %s, date %s, URL %s; the document %s, %s, %s",
			hit.ID, hit.Language, hit.Date, hit.URL, doc.Language, doc.Date, doc.URL)
	}
	for _, th := range hit.Turns {
		if th.Index < 1 || th.Index > len(doc.Turns) {
			return fmt.Errorf("hit %s: turn %d of %d", hit.ID, th.Index, len(doc.Turns))
		}
		t := doc.Turns[th.Index-1]
		if th.Speaker != t.Speaker || th.Person != t.Person || th.Permalink != doc.Permalink(th.Index) {
			return fmt.Errorf("hit %s turn %d: speaker %q person %q permalink %s; the document's %q %q",
				hit.ID, th.Index, th.Speaker, th.Person, th.Permalink, t.Speaker, t.Person)
		}
	}
	if q.From != "" && doc.Date < q.From || q.To != "" && doc.Date > q.To {
		return fmt.Errorf("hit %s: dated %s, outside %s to %s", hit.ID, doc.Date, q.From, q.To)
	}
	for _, f := range q.Filters {
		var ok bool
		switch f.Field {
		case "lang":
			ok = doc.Language == f.Value
		case "topic":
			ok = slices.Contains(doc.Topics, f.Value)
		case "geography":
			ok = slices.Contains(doc.Geography, f.Value)
		case "person":
			// A person filter matches the person's turns.
			ok = len(hit.Turns) > 0
			for _, th := range hit.Turns {
				ok = ok && th.Person == f.Value
			}
		default:
			ok = true
		}
		if !ok {
			return fmt.Errorf("hit %s does not pass %s:%s", hit.ID, f.Field, f.Value)
		}
	}
	return nil
}

// report logs the throughput of the writers and readers.
func report(t *testing.T, writers []*writer, readers []*reader, writing, reading time.Duration) {
	var ins, upd, unch, batches int
	for _, w := range writers {
		ins += w.inserted
		upd += w.updated
		unch += w.unchanged
		batches += w.batches
	}
	puts := ins + upd + unch
	t.Logf("%d writers, %.1f s: %d documents put (%d new, %d batches among them; %d new versions; %d unchanged): %.1f puts/s",
		Writers, writing.Seconds(), puts, ins, batches, upd, unch, float64(puts)/writing.Seconds())
	var searches, docs, versions, stats, pages int
	var lat []time.Duration
	for _, r := range readers {
		searches += r.searches
		docs += r.documents
		versions += r.versions
		stats += r.stats
		pages += r.pages
		lat = append(lat, r.latency...)
	}
	ops := searches + pages + docs + versions + stats
	t.Logf("%d readers, %.1f s: %d reads (%d searches, %d next pages, %d documents, %d version lists, %d stats): %.1f reads/s, %.1f searches/s",
		Readers, reading.Seconds(), ops, searches, pages, docs, versions, stats, float64(ops)/reading.Seconds(), float64(searches+pages)/reading.Seconds())
	if len(lat) > 0 {
		slices.Sort(lat)
		p := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))].Round(100 * time.Microsecond) }
		t.Logf("search latency under load: p50 %v, p95 %v, p99 %v, max %v", p(0.5), p(0.95), p(0.99), lat[len(lat)-1].Round(100*time.Microsecond))
	}
}

// checkArchive checks the archive at rest against what the writers put.
func checkArchive(t *testing.T, a Archive, writers []*writer) {
	ctx := t.Context()
	want := make(map[string]int) // id → current version
	versions := 0
	for _, w := range writers {
		for i, v := range w.versions {
			want[id(w.w, i)] = v
			versions += v
		}
	}

	st, err := a.Stats(ctx)
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	if st.Documents != len(want) || st.Versions != versions {
		t.Errorf("Stats: %d documents, %d versions; want %d, %d", st.Documents, st.Versions, len(want), versions)
	}

	// Every document once, whole, at the version last put.
	seen := make(map[string]bool, len(want))
	for doc, err := range a.Documents(ctx) {
		if err != nil {
			t.Fatalf("Documents: %v", err)
		}
		v, ok := want[doc.ID]
		switch {
		case !ok:
			t.Errorf("Documents: %s, which no writer put", doc.ID)
		case seen[doc.ID]:
			t.Errorf("Documents: %s twice", doc.ID)
		default:
			w, i, _ := parseID(doc.ID)
			if got, want := canonical(doc), canonical(document(w, i, v)); got != want {
				t.Errorf("Documents: %s is not version %d, the last put:\n got %s\nwant %s", doc.ID, v, got, want)
			}
		}
		seen[doc.ID] = true
	}
	if len(seen) != len(want) {
		t.Errorf("Documents: %d documents, want %d", len(seen), len(want))
	}

	// Every version, with the hash of what was put.
	bad := 0
	for id, n := range want {
		vs, err := a.Versions(ctx, id)
		if err != nil {
			t.Errorf("Versions(%s): %v", id, err)
			continue
		}
		w, i, _ := parseID(id)
		var got, wantHashes []string
		for _, v := range vs {
			got = append(got, fmt.Sprint(v.Number, " ", v.Hash))
		}
		for v := 1; v <= n; v++ {
			wantHashes = append(wantHashes, fmt.Sprint(v, " ", hash(document(w, i, v))))
		}
		if !slices.Equal(got, wantHashes) && bad < 10 {
			bad++
			t.Errorf("Versions(%s) = %q, want %q", id, got, wantHashes)
		}
	}

	// The search index lists every document once.
	res, err := a.Search(ctx, &transcript.SearchRequest{Query: &transcript.Query{}, Limit: 1})
	if err != nil {
		t.Fatalf("Search(everything): %v", err)
	}
	if res.Documents != len(want) {
		t.Errorf("Search(everything): %d documents, want %d", res.Documents, len(want))
	}

	if c, ok := a.(checker); ok {
		if err := c.IntegrityCheck(ctx); err != nil {
			t.Errorf("IntegrityCheck: %v", err)
		}
	}
	t.Logf("checked afterwards: %d documents, %d versions, their hashes, the index and the engine's integrity", len(want), versions)
}
