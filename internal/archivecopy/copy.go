// Package archivecopy copies a whole archive, history included, into
// another, and verifies the copy: every version in order, with the raw
// input it was parsed from and the time it was stored, then the crawler's
// log. Either archive may be on either engine.
package archivecopy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Archive is what a copy reads from and writes to: documents with their
// history, and the crawler's log.
type Archive interface {
	transcript.Store
	transcript.CrawlLog
}

// Batch is how many versions Copy writes in one transaction.
const Batch = 64

// Options tune a Copy. The zero value copies into an empty archive and
// tells nothing.
type Options struct {
	// IntoExisting lets the target hold documents already: the copy then
	// adds what it lacks (the documents it does not hold, and the later
	// versions of those whose history it holds the start of) and leaves
	// alone what it holds.
	IntoExisting bool
	// Started, when set, is called with the source's counts once the
	// target is known to accept the copy, before the first write; an
	// error from it stops the copy.
	Started func(src transcript.Stats) error
	// Progress, when set, is called after each batch written with the
	// versions done (written, or found in the target already) and
	// written.
	Progress func(done, written int)
	// Warn, when set, receives what goes wrong without stopping the copy
	// (a version the target refuses, a crawl state key the target keeps),
	// one line each.
	Warn func(msg string)
}

// NotEmptyError is Copy's refusal of a target that holds documents when
// Options.IntoExisting is not set.
type NotEmptyError struct{ Documents int }

func (e *NotEmptyError) Error() string {
	return fmt.Sprintf("the target already holds %s", plural(e.Documents, "document", "documents"))
}

// Report is what a copy did. What it counts is stored, even when Copy
// fails; Verify compares the archives after it.
type Report struct {
	Copied    int // documents new to the target
	Updated   int // documents given later versions
	Unchanged int // documents the target held as they are
	Diverged  int // documents whose history differs in the target
	Versions  int // versions written

	Fetches     int // fetches written
	HeldFetches int // fetches of the source the target held already
	Keys        int // crawl state keys written
	HeldKeys    int // crawl state keys of the source the target held already

	Elapsed time.Duration
	// Source and Target are the archives' counts before the copy.
	Source, Target transcript.Stats

	plan *plan
	held *heldLog
}

// Summary is the report as copy prints it.
func (r Report) Summary() string {
	return fmt.Sprintf("copied %s (%s), updated %d, unchanged %d, diverged %d, %s (%d held), %s (%d held)",
		plural(r.Copied, "document", "documents"), plural(r.Versions, "version", "versions"), r.Updated, r.Unchanged, r.Diverged,
		plural(r.Fetches, "fetch", "fetches"), r.HeldFetches, plural(r.Keys, "crawl state key", "crawl state keys"), r.HeldKeys)
}

// plan is what the reader decided for the documents it has read, for the
// verification: the first version number this run writes of each document
// (0 when none), and the documents that diverged.
type plan struct {
	mu       sync.Mutex
	first    map[string]int
	diverged map[string]bool
}

func newPlan() *plan { return &plan{first: map[string]int{}, diverged: map[string]bool{}} }

// Copy copies every document of src into dst with its whole history, each
// version with its raw input and the time it was stored (passed to dst as
// Raw.StoredAt), then the crawl log: the fetches dst lacks, in src's
// order, and the crawl state keys dst lacks. A document whose history in
// dst differs from src's gets src's current version as its newest.
// Documents are written in batches of Batch versions, one transaction
// each, fetches one at a time. Copy stops at the first batch dst refuses
// a version of, or when ctx ends, after the batch being written; the
// report counts what is stored, and a copy with IntoExisting finishes it.
func Copy(ctx context.Context, src, dst Archive, opts Options) (Report, error) {
	var r Report
	var err error
	if r.Source, err = src.Stats(ctx); err != nil {
		return r, err
	}
	if r.Target, err = dst.Stats(ctx); err != nil {
		return r, err
	}
	if r.Target.Documents > 0 && !opts.IntoExisting {
		return r, &NotEmptyError{Documents: r.Target.Documents}
	}
	if opts.Started != nil {
		if err := opts.Started(r.Source); err != nil {
			return r, err
		}
	}
	if opts.Warn == nil {
		opts.Warn = func(string) {}
	}
	start := time.Now()
	r.plan = newPlan()
	err = copyVersions(ctx, src, dst, &r, opts)
	// The crawl log goes after the documents, so that a fetch never names
	// a document the target has yet to get.
	if err == nil {
		err = copyLog(ctx, src, dst, &r, opts.Warn)
	}
	r.Elapsed = time.Since(start)
	return r, err
}

// item is one version to write into the target.
type item struct {
	id     string
	number int // in the source
	doc    *transcript.Document
	raw    transcript.Raw
}

// copyVersions reads the source's documents and their versions on one
// goroutine and writes them into the target in batches on this one.
func copyVersions(ctx context.Context, src, dst Archive, r *Report, opts Options) error {
	read, stop := context.WithCancel(ctx)
	defer stop()
	items := make(chan item, 2*Batch)
	type skip struct{ unchanged, diverged, updated int }
	counts := make(chan skip, 1)
	var skipped atomic.Int64 // versions the target holds already, for progress
	var readErr error
	var wg sync.WaitGroup
	p := r.plan
	wg.Go(func() {
		defer close(items)
		var n skip
		defer func() { counts <- n }()
		for doc, err := range src.Documents(read) {
			if err != nil {
				readErr = err
				return
			}
			vs, err := src.Versions(read, doc.ID)
			if err != nil {
				readErr = err
				return
			}
			first := 1
			if opts.IntoExisting {
				have, err := dst.Versions(read, doc.ID)
				if err != nil && !errors.Is(err, transcript.ErrNotFound) {
					readErr = err
					return
				}
				switch {
				case len(have) == 0:
				case len(have) == len(vs) && historyPrefix(have, vs):
					n.unchanged++
					first = len(vs) + 1
				case historyPrefix(have, vs):
					n.updated++
					first = len(have) + 1
				default:
					// The source's current version goes on top, unless
					// the target's is the same already.
					n.diverged++
					first = len(vs)
					if have[len(have)-1].Hash == vs[len(vs)-1].Hash {
						first = len(vs) + 1
					}
					p.mu.Lock()
					p.diverged[doc.ID] = true
					p.mu.Unlock()
				}
			}
			skipped.Add(int64(first - 1))
			if first <= len(vs) {
				p.mu.Lock()
				p.first[doc.ID] = first
				p.mu.Unlock()
			}
			for num := first; num <= len(vs); num++ {
				d := doc
				if num != len(vs) || vs[num-1].Hash != docHash(doc) {
					if d, err = src.DocumentVersion(read, doc.ID, num); err != nil {
						readErr = err
						return
					}
				}
				raw, err := src.RawInput(read, doc.ID, num)
				if err != nil {
					readErr = err
					return
				}
				raw.StoredAt = vs[num-1].StoredAt
				select {
				case items <- item{id: doc.ID, number: num, doc: d, raw: raw}:
				case <-read.Done():
					return
				}
			}
		}
	})

	var batch []item
	var writeErr error
	write := func() {
		if len(batch) == 0 || writeErr != nil {
			return
		}
		docs := make([]*transcript.Document, len(batch))
		raws := make([]transcript.Raw, len(batch))
		for i, it := range batch {
			docs[i], raws[i] = it.doc, it.raw
		}
		// A batch begun is finished even when ctx ends.
		results, errs := dst.PutBatch(context.WithoutCancel(ctx), docs, raws)
		failed := 0
		for i, it := range batch {
			switch {
			case errs[i] != nil:
				opts.Warn(fmt.Sprintf("%s version %d: %v", it.id, it.number, errs[i]))
				failed++
			case results[i].Status == transcript.Unchanged:
				// The target got this version from elsewhere since it was read.
				opts.Warn(fmt.Sprintf("%s version %d: the target holds it already", it.id, it.number))
			case results[i].Status == transcript.Inserted:
				r.Copied++
				r.Versions++
			default:
				r.Versions++
			}
		}
		if failed > 0 {
			writeErr = fmt.Errorf("the target refused %s", plural(failed, "version", "versions"))
		}
		batch = batch[:0]
		if opts.Progress != nil {
			opts.Progress(r.Versions+int(skipped.Load()), r.Versions)
		}
	}
	for it := range items {
		if writeErr != nil || ctx.Err() != nil {
			stop()
			continue // drain, so that the reader ends
		}
		batch = append(batch, it)
		if len(batch) == Batch {
			write()
		}
	}
	if writeErr == nil && ctx.Err() == nil {
		write()
	}
	wg.Wait()
	n := <-counts
	r.Updated, r.Unchanged, r.Diverged = n.updated, n.unchanged, n.diverged
	switch {
	case writeErr != nil:
		return writeErr
	case ctx.Err() != nil:
		return fmt.Errorf("interrupted")
	case readErr != nil:
		return fmt.Errorf("reading the source: %w", readErr)
	}
	return nil
}

// Verified is what Verify found: the source's counts, and the differences
// between the archives.
type Verified struct {
	Documents, Versions int // the source's
	Fetches, Keys       int // the source's fetches and crawl state keys
	// Extra is how many documents the target holds that the source does
	// not (when it held documents before the copy).
	Extra    int
	Problems []string
}

// Write prints what Verify found: on w, when nothing differs, "verified:
// N documents, M versions, F fetches, K crawl state keys, hashes and
// provenance equal" and the documents that only the target holds; else on
// problems the differences, one "mismatch:" line each, at most shown of
// them. It reports whether the archives are equal.
func (v Verified) Write(w, problems io.Writer, shown int) bool {
	if len(v.Problems) > 0 {
		for i, p := range v.Problems {
			if i == shown {
				fmt.Fprintf(problems, "mismatch: … and %d more\n", len(v.Problems)-shown)
				break
			}
			fmt.Fprintln(problems, "mismatch:", p)
		}
		return false
	}
	fmt.Fprintf(w, "verified: %s, %s, %s, %s, hashes and provenance equal\n", plural(v.Documents, "document", "documents"),
		plural(v.Versions, "version", "versions"), plural(v.Fetches, "fetch", "fetches"), plural(v.Keys, "crawl state key", "crawl state keys"))
	if v.Extra > 0 {
		fmt.Fprintf(w, "the target also holds %s that the source does not\n", plural(v.Extra, "document", "documents"))
	}
	return true
}

// Verify compares src and dst after the copy that r reports, reading
// both afresh: the number of documents and of versions, every version's
// content hash, and for the versions the copy wrote their raw input hash
// and stored time; a diverged document by its current version only. Then
// the crawl logs: the fetches one by one in order (or, when the target
// had fetches of its own, that it holds every one of the source's), the
// crawl state, and the provenance of every document the source's fetches
// name, as far as the copy decides it.
func Verify(ctx context.Context, src, dst Archive, r Report) (Verified, error) {
	p, held := r.plan, r.held
	if p == nil {
		p = newPlan()
	}
	if held == nil {
		held = &heldLog{counts: map[fetchKey]int{}, docs: map[string]bool{}}
	}
	docs, versions, problems, err := verifyVersions(ctx, src, dst, p)
	if err != nil {
		return Verified{}, err
	}
	v, err := verifyLog(ctx, src, dst, p, held, r)
	if err != nil {
		return Verified{}, err
	}
	v.Documents, v.Versions = docs, versions
	v.Problems = append(problems, v.Problems...)
	after, err := dst.Stats(ctx)
	if err != nil {
		return v, err
	}
	srcAfter, err := src.Stats(ctx)
	if err != nil {
		return v, err
	}
	if srcAfter.Documents != docs || srcAfter.Versions != versions {
		v.Problems = append(v.Problems, fmt.Sprintf("the source counts %d documents and %d versions, of which the copy read %d and %d (was it written to meanwhile?)",
			srcAfter.Documents, srcAfter.Versions, docs, versions))
	}
	wantDocs, wantVersions := r.Target.Documents+r.Copied, r.Target.Versions+r.Versions
	if after.Documents != wantDocs || after.Versions != wantVersions {
		v.Problems = append(v.Problems, fmt.Sprintf("the target holds %d documents and %d versions, want %d and %d",
			after.Documents, after.Versions, wantDocs, wantVersions))
	}
	if r.Target.Documents > 0 && after.Documents > docs {
		v.Extra = after.Documents - docs
	}
	return v, nil
}

// verifyVersions compares every document of src with its copy in dst:
// the same versions, by content hash, and for the versions the copy
// wrote the same raw input hash and stored time. A diverged document is
// compared by its current version only. It returns the source's counts
// and the differences found.
func verifyVersions(ctx context.Context, src, dst transcript.Store, p *plan) (docs, versions int, problems []string, err error) {
	for doc, err := range src.Documents(ctx) {
		if err != nil {
			return 0, 0, nil, err
		}
		id := doc.ID
		sv, err := src.Versions(ctx, id)
		if err != nil {
			return 0, 0, nil, err
		}
		docs++
		versions += len(sv)
		tv, err := dst.Versions(ctx, id)
		if errors.Is(err, transcript.ErrNotFound) {
			problems = append(problems, id+": not in the target")
			continue
		}
		if err != nil {
			return 0, 0, nil, err
		}
		if p.diverged[id] {
			if a, b := sv[len(sv)-1].Hash, tv[len(tv)-1].Hash; a != b {
				problems = append(problems, fmt.Sprintf("%s: current version hash %s in the source, %s in the target", id, short(a), short(b)))
			}
			continue
		}
		if len(sv) != len(tv) {
			problems = append(problems, fmt.Sprintf("%s: %d versions in the source, %d in the target", id, len(sv), len(tv)))
			continue
		}
		first := p.first[id]
		for i := range sv {
			a, b := sv[i], tv[i]
			written := first > 0 && a.Number >= first // by this run, with its raw input and time
			switch {
			case a.Hash != b.Hash:
				problems = append(problems, fmt.Sprintf("%s version %d: hash %s in the source, %s in the target", id, a.Number, short(a.Hash), short(b.Hash)))
			case written && a.RawHash != b.RawHash:
				problems = append(problems, fmt.Sprintf("%s version %d: raw input hash %s in the source, %s in the target", id, a.Number, short(a.RawHash), short(b.RawHash)))
			case written && !a.StoredAt.Truncate(time.Microsecond).Equal(b.StoredAt.Truncate(time.Microsecond)):
				problems = append(problems, fmt.Sprintf("%s version %d: stored at %s in the source, %s in the target", id, a.Number,
					a.StoredAt.UTC().Format(time.RFC3339Nano), b.StoredAt.UTC().Format(time.RFC3339Nano)))
			}
		}
	}
	return docs, versions, problems, nil
}

func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// historyPrefix reports whether the versions have are the first versions
// of want, by content.
func historyPrefix(have, want []transcript.Version) bool {
	if len(have) > len(want) {
		return false
	}
	for i, v := range have {
		if v.Hash != want[i].Hash {
			return false
		}
	}
	return true
}

// docHash is the hash that Versions reports for doc: the SHA-256 of its
// canonical JSON, or "" when it does not marshal.
func docHash(doc *transcript.Document) string {
	b, err := doc.MarshalJSON()
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// fetchKey identifies a fetch for copy: a digest of its URL, FetchedAt
// (to the microsecond, which both engines keep), Outcome, Status, body
// Hash and DocumentID. A log holds the same key twice only for two fetches
// that nothing tells apart, so copy counts keys: the target lacks the
// n-th fetch of the source with a key when it holds fewer than n fetches
// with that key.
type fetchKey [16]byte

func keyOf(f transcript.Fetch) fetchKey {
	h := sha256.New()
	fmt.Fprintf(h, "%q %d %q %d %q %q", f.URL, f.FetchedAt.UnixMicro(), f.Outcome, f.Status, f.Hash, f.DocumentID)
	var k fetchKey
	copy(k[:], h.Sum(nil))
	return k
}

// heldLog is what the target's crawl log held before the copy.
type heldLog struct {
	fetches int
	counts  map[fetchKey]int  // fetches by key
	docs    map[string]bool   // the document ids its fetches name
	keys    map[string]string // its crawl state
}

func readHeld(ctx context.Context, log transcript.CrawlLog) (*heldLog, error) {
	h := &heldLog{counts: map[fetchKey]int{}, docs: map[string]bool{}}
	for f, err := range log.AllFetches(ctx) {
		if err != nil {
			return nil, err
		}
		h.fetches++
		h.counts[keyOf(f)]++
		if f.DocumentID != "" {
			h.docs[f.DocumentID] = true
		}
	}
	var err error
	h.keys, err = log.CrawlStates(ctx)
	return h, err
}

// copyLog appends to dst's crawl log the fetches of src's that it lacks
// (see fetchKey), in src's order, each with its body, fetch time and
// outcome, so that the target's provenance (fetch counts, last checked,
// gone marks) comes out as the source's; then it sets the crawl state
// keys that dst lacks. A key that dst holds keeps dst's value: it is
// where the target's own crawl stopped. It returns what dst held before.
func copyLog(ctx context.Context, src, dst transcript.CrawlLog, t *Report, warn func(string)) error {
	held, err := readHeld(ctx, dst)
	if err != nil {
		return fmt.Errorf("reading the target's crawl log: %w", err)
	}
	t.held = held
	seen := map[fetchKey]int{}
	for f, err := range src.AllFetches(ctx) {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted")
		}
		if err != nil {
			return fmt.Errorf("reading the source's crawl log: %w", err)
		}
		if held.fetches > 0 {
			k := keyOf(f)
			if seen[k]++; seen[k] <= held.counts[k] {
				t.HeldFetches++
				continue
			}
		}
		if err := dst.RecordFetch(ctx, f); err != nil {
			return err
		}
		t.Fetches++
	}
	states, err := src.CrawlStates(ctx)
	if err != nil {
		return fmt.Errorf("reading the source's crawl state: %w", err)
	}
	for _, k := range slices.Sorted(maps.Keys(states)) {
		if v, ok := held.keys[k]; ok {
			t.HeldKeys++
			if v != states[k] {
				warn(fmt.Sprintf("crawl state %s: the target keeps its own value %q (the source's is %q)", k, v, states[k]))
			}
			continue
		}
		if err := dst.SetCrawlState(ctx, k, states[k]); err != nil {
			return err
		}
		t.Keys++
	}
	return nil
}

// verifyLog compares the crawl logs after a copy. When the target held no
// fetches before, its log must be the source's, fetch by fetch in order
// (every field but the body, which the hash stands for, and times to the
// microsecond); otherwise it must hold every fetch of the source's, and
// as many fetches as it held plus those copied. Every crawl state key of
// the source must be in the target, with the source's value unless the
// target held the key before. And every document that the source's
// fetches name must have the same provenance in both, as far as the copy
// decides it: the fetch counts, last check and gone mark, unless the
// target had fetches of its own for it; and the rest (versions, first
// seen, last changed, edition) when this run wrote its whole history.
func verifyLog(ctx context.Context, src, dst transcript.CrawlLog, p *plan, held *heldLog, t Report) (Verified, error) {
	var v Verified
	named := map[string]bool{} // documents the source's fetches name
	if held.fetches == 0 {
		next, stop := iter.Pull2(dst.AllFetches(ctx))
		defer stop()
		for f, err := range src.AllFetches(ctx) {
			if err != nil {
				return v, err
			}
			v.Fetches++
			if f.DocumentID != "" {
				named[f.DocumentID] = true
			}
			g, err, ok := next()
			if err != nil {
				return v, err
			}
			if !ok {
				v.Problems = append(v.Problems, fmt.Sprintf("fetch %d (%s): not in the target", v.Fetches, describeFetch(f)))
				continue
			}
			if d := fetchDiff(f, g); d != "" {
				v.Problems = append(v.Problems, fmt.Sprintf("fetch %d (%s): %s", v.Fetches, describeFetch(f), d))
			}
		}
		extra := 0
		for {
			_, err, ok := next()
			if !ok {
				break
			}
			if err != nil {
				return v, err
			}
			extra++
		}
		if extra > 0 {
			v.Problems = append(v.Problems, fmt.Sprintf("the target holds %s more than the source", plural(extra, "fetch", "fetches")))
		}
	} else {
		have, n := map[fetchKey]int{}, 0
		for f, err := range dst.AllFetches(ctx) {
			if err != nil {
				return v, err
			}
			have[keyOf(f)]++
			n++
		}
		seen := map[fetchKey]int{}
		for f, err := range src.AllFetches(ctx) {
			if err != nil {
				return v, err
			}
			v.Fetches++
			if f.DocumentID != "" {
				named[f.DocumentID] = true
			}
			k := keyOf(f)
			if seen[k]++; seen[k] > have[k] {
				v.Problems = append(v.Problems, fmt.Sprintf("fetch %d (%s): not in the target", v.Fetches, describeFetch(f)))
			}
		}
		if want := held.fetches + t.Fetches; n != want {
			v.Problems = append(v.Problems, fmt.Sprintf("the target's crawl log holds %d fetches, want %d (%d held before and %d copied)",
				n, want, held.fetches, t.Fetches))
		}
	}

	ss, err := src.CrawlStates(ctx)
	if err != nil {
		return v, err
	}
	ds, err := dst.CrawlStates(ctx)
	if err != nil {
		return v, err
	}
	v.Keys = len(ss)
	for _, k := range slices.Sorted(maps.Keys(ss)) {
		dv, ok := ds[k]
		_, wasHeld := held.keys[k]
		switch {
		case !ok:
			v.Problems = append(v.Problems, fmt.Sprintf("crawl state %s: not in the target", k))
		case dv != ss[k] && !wasHeld:
			v.Problems = append(v.Problems, fmt.Sprintf("crawl state %s: %q in the source, %q in the target", k, ss[k], dv))
		}
	}
	if len(held.keys) == 0 && len(ds) != len(ss) {
		v.Problems = append(v.Problems, fmt.Sprintf("the target holds %d crawl state keys, the source %d", len(ds), len(ss)))
	}

	for _, id := range slices.Sorted(maps.Keys(named)) {
		if held.docs[id] {
			continue // the target's own fetches count in its provenance too
		}
		sp, err := src.Provenance(ctx, id)
		if errors.Is(err, transcript.ErrNotFound) {
			continue // fetched, but never stored as a document
		}
		if err != nil {
			return v, err
		}
		dp, err := dst.Provenance(ctx, id)
		if errors.Is(err, transcript.ErrNotFound) {
			v.Problems = append(v.Problems, id+": no provenance in the target")
			continue
		}
		if err != nil {
			return v, err
		}
		whole := p.first[id] == 1 && !p.diverged[id]
		if d := provenanceDiff(sp, dp, whole); d != "" {
			v.Problems = append(v.Problems, fmt.Sprintf("%s: provenance: %s", id, d))
		}
	}
	return v, nil
}

func describeFetch(f transcript.Fetch) string {
	return fmt.Sprintf("%s %s at %s", f.URL, f.Outcome, stamp(f.FetchedAt))
}

// stamp formats t as the verification compares it: in UTC, to the
// microsecond.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
}

// fetchDiff describes how the copy g of the fetch f differs from it, or
// returns "".
func fetchDiff(f, g transcript.Fetch) string {
	var diffs []string
	for _, d := range []struct{ name, a, b string }{
		{"URL", f.URL, g.URL},
		{"status", strconv.Itoa(f.Status), strconv.Itoa(g.Status)},
		{"outcome", f.Outcome, g.Outcome},
		{"body hash", short(f.Hash), short(g.Hash)},
		{"fetched at", stamp(f.FetchedAt), stamp(g.FetchedAt)},
		{"document", f.DocumentID, g.DocumentID},
		{"version", strconv.Itoa(f.Version), strconv.Itoa(g.Version)},
		{"ETag", f.ETag, g.ETag},
		{"Last-Modified", f.LastModified, g.LastModified},
		{"Content-Type", f.ContentType, g.ContentType},
		{"error", f.Error, g.Error},
		{"feed time", f.FeedTime, g.FeedTime},
	} {
		if d.a != d.b {
			diffs = append(diffs, fmt.Sprintf("%s %q in the source, %q in the target", d.name, d.a, d.b))
		}
	}
	return strings.Join(diffs, "; ")
}

// provenanceDiff describes how the provenance b in the target differs
// from a in the source, or returns "": the fields that the fetches decide,
// and when whole is set the others too.
func provenanceDiff(a, b transcript.Provenance, whole bool) string {
	fields := []struct{ name, a, b string }{
		{"fetches", strconv.Itoa(a.Fetches), strconv.Itoa(b.Fetches)},
		{"last checked", stamp(a.LastChecked), stamp(b.LastChecked)},
		{"gone", strconv.FormatBool(a.Gone), strconv.FormatBool(b.Gone)},
		{"gone since", stamp(a.GoneSince), stamp(b.GoneSince)},
	}
	if whole {
		fields = append(fields, []struct{ name, a, b string }{
			{"URL", a.URL, b.URL},
			{"language", a.Language, b.Language},
			{"edition", a.Edition, b.Edition},
			{"first seen", stamp(a.FirstSeen), stamp(b.FirstSeen)},
			{"last changed", stamp(a.LastChanged), stamp(b.LastChanged)},
			{"versions", strconv.Itoa(a.Versions), strconv.Itoa(b.Versions)},
		}...)
	}
	var diffs []string
	for _, d := range fields {
		if d.a != d.b {
			diffs = append(diffs, fmt.Sprintf("%s %s in the source, %s in the target", d.name, d.a, d.b))
		}
	}
	return strings.Join(diffs, "; ")
}
