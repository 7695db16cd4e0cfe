package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rostrum/rostrum/internal/postgres"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
)

func copyCmd() *command {
	var from, to string
	var intoExisting bool
	return &command{
		name:    "copy",
		summary: "copy a whole archive, history included, to another (SQLite or PostgreSQL)",
		usage: `
Usage: rostrum copy [--from FILE|URL] --to FILE|URL [--into-existing]

Copy copies every document of the archive --from (default: --db, or
$ROSTRUM_DB) into the archive --to, with its whole history: each version
in order, with the raw input it was parsed from and the time it was
stored. Either may be a SQLite file or a postgres:// URL, so this is how
an archive moves between engines or servers. After the documents comes
the crawler's log: every fetch, in the order recorded, with its body,
status, headers and time, and the crawl state, so that the copy tells
each document's provenance (fetches, last checked, gone since) as the
source does and a crawl resumed on it continues where it stopped. The
source is only read (though, as with any command, an archive written by
an older Rostrum is first brought up to this one's schema).

The target must hold no documents, unless --into-existing is given: then
copy adds what the target lacks (the documents it does not hold, and the
later versions of those whose history it holds the start of) and leaves
alone what it holds already, so running the same copy again changes
nothing. A document whose history in the target differs from the
source's ("diverged") gets the source's current version as its newest.
Of the crawl log, it appends the fetches the target lacks, in the
source's order: a fetch is the same as one of the target's when their
URL, fetch time (to the microsecond), outcome, status, body hash and
document are, and the target lacks the n-th of the source's fetches
with those when it holds fewer than n. It sets the crawl state keys the
target lacks; a key the target holds keeps its value (the summary counts
both as "held").

Documents are written in batches, one transaction each, and fetches one
at a time. A failure stops the copy; what the summary counts is stored,
and the same command with --into-existing finishes it. At the end copy
compares the two archives: the number of documents and of versions, and
every version's content hash (the SHA-256 of its canonical JSON), raw
input hash and stored time; the fetches, one by one in order (or, when
the target had fetches of its own, that it holds every one of the
source's); the crawl state; and the provenance of every document the
fetches name (what the copy decides of it). It prints "verified: N
documents, M versions, F fetches, K crawl state keys, hashes and
provenance equal", or lists the differences and exits with status 1.

Export and ingest move an archive too, but only its current versions:

	rostrum export --db archive.db | rostrum ingest --db postgres://… -

Example:

	rostrum copy --from archive.db --to 'postgres://rostrum@db.example.org/rostrum'
	rostrum copy --from 'postgres://rostrum@db.example.org/rostrum' --to backup.db
`,
		flags: func(fs *flag.FlagSet, e *env) {
			fs.StringVar(&from, "from", "", "the archive to copy: a SQLite file or a postgres:// `URL` (default --db)")
			fs.StringVar(&to, "to", "", "the archive to copy into: a SQLite file or a postgres:// `URL`")
			fs.BoolVar(&intoExisting, "into-existing", false, "add to a target that holds documents already, skipping what it has")
		},
		run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("copy: unexpected argument %q (run 'rostrum copy --help')", args[0])
			}
			if from == "" {
				from = e.cfg.DB
			}
			if to == "" {
				return usagef("copy: no --to archive given (run 'rostrum copy --help')")
			}
			if sameArchive(from, to) {
				return usagef("copy: --from and --to name the same archive, %s", displayDSN(to))
			}
			return runCopy(ctx, e, from, to, intoExisting)
		},
	}
}

// sameArchive reports whether a and b name one archive, as far as their
// names tell.
func sameArchive(a, b string) bool {
	if isPostgres(a) || isPostgres(b) {
		return a == b
	}
	a, b = strings.TrimPrefix(a, "sqlite:"), strings.TrimPrefix(b, "sqlite:")
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	absA, _ := filepath.Abs(a)
	absB, _ := filepath.Abs(b)
	return absA == absB
}

// copyBatch is how many versions copy writes in one transaction.
const copyBatch = 64

// copyItem is one version to write into the target.
type copyItem struct {
	id       string
	number   int // in the source
	doc      *transcript.Document
	raw      transcript.Raw
	storedAt time.Time
}

// copyTally counts what a copy did.
type copyTally struct {
	copied    int // documents new to the target
	updated   int // documents given later versions
	unchanged int // documents the target held as they are
	diverged  int // documents whose history differs in the target
	versions  int // versions written
}

// logTally counts what a copy of the crawl log did.
type logTally struct {
	fetches     int // fetches written
	heldFetches int // fetches of the source the target held already
	keys        int // crawl state keys written
	heldKeys    int // crawl state keys of the source the target held already
}

func (t copyTally) summary(l logTally) string {
	return fmt.Sprintf("copied %s (%s), updated %d, unchanged %d, diverged %d, %s (%d held), %s (%d held)",
		plural(t.copied, "document", "documents"), plural(t.versions, "version", "versions"), t.updated, t.unchanged, t.diverged,
		plural(l.fetches, "fetch", "fetches"), l.heldFetches, plural(l.keys, "crawl state key", "crawl state keys"), l.heldKeys)
}

// copyPlan is what the reader decided for the documents it has read,
// for the verification: the first version number this run writes of each
// document (0 when none), and the documents that diverged.
type copyPlan struct {
	mu       sync.Mutex
	first    map[string]int
	diverged map[string]bool
}

func runCopy(ctx context.Context, e *env, from, to string, intoExisting bool) error {
	src, err := openStore(ctx, from, true)
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	defer src.Close()
	dst, err := openStore(ctx, to, false)
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	defer dst.Close()
	if err := checkWritable(dst, to); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	srcStats, err := src.Stats(ctx)
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	before, err := dst.Stats(ctx)
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	if before.Documents > 0 && !intoExisting {
		return fmt.Errorf("copy: %s already holds %s: copy into an empty archive, or add --into-existing to add only what it lacks",
			displayDSN(to), plural(before.Documents, "document", "documents"))
	}
	// Each version keeps the time it was first stored: the target's clock
	// is replaced, for this run, by the stored times of the versions of
	// the batch being written, which a store reads once per version it
	// writes, in order. The verification compares them.
	stamps := &stampQueue{}
	switch s := dst.(type) {
	case *sqlite.Store:
		s.Now = stamps.next
	case *postgres.Store:
		s.Now = stamps.next
	}

	fmt.Fprintf(e.stderr, "copying %s (%s) from %s to %s\n", plural(srcStats.Documents, "document", "documents"),
		plural(srcStats.Versions, "version", "versions"), displayDSN(from), displayDSN(to))
	var bar *copyProgress
	if isTerminal(e.stderr) {
		bar = &copyProgress{termLine: termLine{w: e.stderr}, total: srcStats.Versions, start: time.Now()}
	}
	bulk, _ := dst.(bulkLoader)
	if bulk != nil {
		if err := bulk.StartBulk(ctx); err != nil {
			return fmt.Errorf("copy: %w", err)
		}
	}
	start := time.Now()
	plan := &copyPlan{first: map[string]int{}, diverged: map[string]bool{}}
	tally, copyErr := copyVersions(ctx, e, src, dst, intoExisting, plan, stamps, bar)
	if bar != nil {
		bar.clear()
	}
	// The crawl log goes after the documents, so that a fetch never names
	// a document the target has yet to get.
	srcLog, dstLog := crawlLogs(src, dst)
	var logs logTally
	var held *heldLog
	if copyErr == nil && srcLog != nil {
		logs, held, copyErr = copyLog(ctx, e, srcLog, dstLog)
	}
	elapsed := time.Since(start)
	fmt.Fprintf(e.stdout, "%s in %s, %.1f versions/s\n", tally.summary(logs), elapsed.Round(time.Millisecond),
		float64(tally.versions)/max(elapsed.Seconds(), 1e-3))
	if bulk != nil {
		if err := endBulk(e, bulk, tally.versions, copyErr != nil); err != nil {
			return fmt.Errorf("copy: %w", err)
		}
	}
	if copyErr != nil {
		return fmt.Errorf("copy stopped: %w; what the line above counts is stored: run the same command with --into-existing to finish", copyErr)
	}

	// The verification reads both archives afresh.
	docs, versions, problems, err := verifyCopy(ctx, src, dst, plan)
	if err != nil {
		return fmt.Errorf("copy: verify: %w", err)
	}
	var lv logVerified
	if srcLog != nil {
		lv, err = verifyLog(ctx, srcLog, dstLog, plan, held, logs)
		if err != nil {
			return fmt.Errorf("copy: verify: %w", err)
		}
		problems = append(problems, lv.problems...)
	}
	after, err := dst.Stats(ctx)
	if err != nil {
		return fmt.Errorf("copy: verify: %w", err)
	}
	srcAfter, err := src.Stats(ctx)
	if err != nil {
		return fmt.Errorf("copy: verify: %w", err)
	}
	if srcAfter.Documents != docs || srcAfter.Versions != versions {
		problems = append(problems, fmt.Sprintf("the source counts %d documents and %d versions, of which the copy read %d and %d (was it written to meanwhile?)",
			srcAfter.Documents, srcAfter.Versions, docs, versions))
	}
	wantDocs, wantVersions := before.Documents+tally.copied, before.Versions+tally.versions
	if after.Documents != wantDocs || after.Versions != wantVersions {
		problems = append(problems, fmt.Sprintf("the target holds %d documents and %d versions, want %d and %d",
			after.Documents, after.Versions, wantDocs, wantVersions))
	}
	if len(problems) > 0 {
		const shown = 20
		for i, p := range problems {
			if i == shown {
				fmt.Fprintf(e.stderr, "mismatch: … and %d more\n", len(problems)-shown)
				break
			}
			fmt.Fprintln(e.stderr, "mismatch:", p)
		}
		return fmt.Errorf("copy: the target differs from the source: %s", plural(len(problems), "mismatch", "mismatches"))
	}
	fmt.Fprintf(e.stdout, "verified: %s, %s, %s, %s, hashes and provenance equal\n", plural(docs, "document", "documents"),
		plural(versions, "version", "versions"), plural(lv.fetches, "fetch", "fetches"), plural(lv.keys, "crawl state key", "crawl state keys"))
	if before.Documents > 0 && after.Documents > docs {
		fmt.Fprintf(e.stdout, "the target also holds %s that the source does not\n", plural(after.Documents-docs, "document", "documents"))
	}
	return nil
}

// copyVersions reads the source's documents and their versions on one
// goroutine and writes them into the target in batches on this one. It
// stops at the first version the target refuses, or when ctx ends, after
// the batch being written.
func copyVersions(ctx context.Context, e *env, src, dst transcript.Store, intoExisting bool, plan *copyPlan, stamps *stampQueue, bar *copyProgress) (copyTally, error) {
	var tally copyTally
	read, stop := context.WithCancel(ctx)
	defer stop()
	items := make(chan copyItem, 2*copyBatch)
	type skip struct{ unchanged, diverged, updated int }
	counts := make(chan skip, 1)
	var skipped atomic.Int64 // versions the target holds already, for progress
	var readErr error
	var wg sync.WaitGroup
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
			if intoExisting {
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
					plan.mu.Lock()
					plan.diverged[doc.ID] = true
					plan.mu.Unlock()
				}
			}
			skipped.Add(int64(first - 1))
			if first <= len(vs) {
				plan.mu.Lock()
				plan.first[doc.ID] = first
				plan.mu.Unlock()
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
				select {
				case items <- copyItem{id: doc.ID, number: num, doc: d, raw: raw, storedAt: vs[num-1].StoredAt}:
				case <-read.Done():
					return
				}
			}
		}
	})

	var batch []copyItem
	var writeErr error
	write := func() {
		if len(batch) == 0 || writeErr != nil {
			return
		}
		docs := make([]*transcript.Document, len(batch))
		raws := make([]transcript.Raw, len(batch))
		times := make([]time.Time, len(batch))
		for i, it := range batch {
			docs[i], raws[i], times[i] = it.doc, it.raw, it.storedAt
		}
		stamps.set(times)
		// A batch begun is finished even when ctx ends.
		results, errs := dst.PutBatch(context.WithoutCancel(ctx), docs, raws)
		failed := 0
		for i, it := range batch {
			switch {
			case errs[i] != nil:
				fmt.Fprintf(e.stderr, "copy: %s version %d: %v\n", it.id, it.number, errs[i])
				failed++
			case results[i].Status == transcript.Unchanged:
				// The target got this version from elsewhere since it was read.
				fmt.Fprintf(e.stderr, "copy: %s version %d: the target holds it already\n", it.id, it.number)
			case results[i].Status == transcript.Inserted:
				tally.copied++
				tally.versions++
			default:
				tally.versions++
			}
		}
		if failed > 0 {
			writeErr = fmt.Errorf("the target refused %s", plural(failed, "version", "versions"))
		}
		batch = batch[:0]
		if bar != nil {
			bar.draw(tally.versions+int(skipped.Load()), tally.versions)
		}
	}
	for it := range items {
		if writeErr != nil || ctx.Err() != nil {
			stop()
			continue // drain, so that the reader ends
		}
		batch = append(batch, it)
		if len(batch) == copyBatch {
			write()
		}
	}
	if writeErr == nil && ctx.Err() == nil {
		write()
	}
	wg.Wait()
	n := <-counts
	tally.updated, tally.unchanged, tally.diverged = n.updated, n.unchanged, n.diverged
	switch {
	case writeErr != nil:
		return tally, writeErr
	case ctx.Err() != nil:
		return tally, fmt.Errorf("interrupted")
	case readErr != nil:
		return tally, fmt.Errorf("reading %s: %w", "the source", readErr)
	}
	return tally, nil
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

// verifyCopy compares every document of src with its copy in dst: the
// same versions, by content hash, and for the versions this run wrote
// the same raw input hash and stored time. A diverged document is
// compared by its current version only. It returns the source's counts and the
// differences found.
func verifyCopy(ctx context.Context, src, dst transcript.Store, plan *copyPlan) (docs, versions int, problems []string, err error) {
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
		if plan.diverged[id] {
			if a, b := sv[len(sv)-1].Hash, tv[len(tv)-1].Hash; a != b {
				problems = append(problems, fmt.Sprintf("%s: current version hash %s in the source, %s in the target", id, short(a), short(b)))
			}
			continue
		}
		if len(sv) != len(tv) {
			problems = append(problems, fmt.Sprintf("%s: %d versions in the source, %d in the target", id, len(sv), len(tv)))
			continue
		}
		first := plan.first[id]
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

// stampQueue hands out the stored times of the versions being written, in
// order; a store that asks for more than it was given gets the current
// time, which the verification then reports.
type stampQueue struct {
	mu    sync.Mutex
	times []time.Time
}

func (q *stampQueue) set(times []time.Time) {
	q.mu.Lock()
	q.times = times
	q.mu.Unlock()
}

func (q *stampQueue) next() time.Time {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.times) == 0 {
		return time.Now()
	}
	t := q.times[0]
	q.times = q.times[1:]
	return t
}

// copyProgress draws copy's progress on one terminal line.
type copyProgress struct {
	termLine
	total int
	start time.Time
}

func (b *copyProgress) draw(done, written int) {
	rate := float64(written) / max(time.Since(b.start).Seconds(), 1e-3)
	b.termLine.draw(fmt.Sprintf("%s %d/%d versions  %.1f versions/s", meter(done, b.total), done, b.total, rate))
}

// crawlLogs returns the crawl logs of src and dst, or nils when either
// archive keeps none.
func crawlLogs(src, dst transcript.Store) (srcLog, dstLog transcript.CrawlLog) {
	s, ok := src.(transcript.CrawlLog)
	d, ok2 := dst.(transcript.CrawlLog)
	if !ok || !ok2 {
		return nil, nil
	}
	return s, d
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
func copyLog(ctx context.Context, e *env, src, dst transcript.CrawlLog) (logTally, *heldLog, error) {
	var t logTally
	held, err := readHeld(ctx, dst)
	if err != nil {
		return t, nil, fmt.Errorf("reading the target's crawl log: %w", err)
	}
	seen := map[fetchKey]int{}
	for f, err := range src.AllFetches(ctx) {
		if ctx.Err() != nil {
			return t, held, fmt.Errorf("interrupted")
		}
		if err != nil {
			return t, held, fmt.Errorf("reading the source's crawl log: %w", err)
		}
		if held.fetches > 0 {
			k := keyOf(f)
			if seen[k]++; seen[k] <= held.counts[k] {
				t.heldFetches++
				continue
			}
		}
		if err := dst.RecordFetch(ctx, f); err != nil {
			return t, held, err
		}
		t.fetches++
	}
	states, err := src.CrawlStates(ctx)
	if err != nil {
		return t, held, fmt.Errorf("reading the source's crawl state: %w", err)
	}
	for _, k := range slices.Sorted(maps.Keys(states)) {
		if v, ok := held.keys[k]; ok {
			t.heldKeys++
			if v != states[k] {
				fmt.Fprintf(e.stderr, "copy: crawl state %s: the target keeps its own value %q (the source's is %q)\n", k, v, states[k])
			}
			continue
		}
		if err := dst.SetCrawlState(ctx, k, states[k]); err != nil {
			return t, held, err
		}
		t.keys++
	}
	return t, held, nil
}

// logVerified is what verifyLog found: the source's numbers of fetches
// and crawl state keys, and the differences.
type logVerified struct {
	fetches, keys int
	problems      []string
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
func verifyLog(ctx context.Context, src, dst transcript.CrawlLog, plan *copyPlan, held *heldLog, t logTally) (logVerified, error) {
	var v logVerified
	named := map[string]bool{} // documents the source's fetches name
	if held.fetches == 0 {
		next, stop := iter.Pull2(dst.AllFetches(ctx))
		defer stop()
		for f, err := range src.AllFetches(ctx) {
			if err != nil {
				return v, err
			}
			v.fetches++
			if f.DocumentID != "" {
				named[f.DocumentID] = true
			}
			g, err, ok := next()
			if err != nil {
				return v, err
			}
			if !ok {
				v.problems = append(v.problems, fmt.Sprintf("fetch %d (%s): not in the target", v.fetches, describeFetch(f)))
				continue
			}
			if d := fetchDiff(f, g); d != "" {
				v.problems = append(v.problems, fmt.Sprintf("fetch %d (%s): %s", v.fetches, describeFetch(f), d))
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
			v.problems = append(v.problems, fmt.Sprintf("the target holds %s more than the source", plural(extra, "fetch", "fetches")))
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
			v.fetches++
			if f.DocumentID != "" {
				named[f.DocumentID] = true
			}
			k := keyOf(f)
			if seen[k]++; seen[k] > have[k] {
				v.problems = append(v.problems, fmt.Sprintf("fetch %d (%s): not in the target", v.fetches, describeFetch(f)))
			}
		}
		if want := held.fetches + t.fetches; n != want {
			v.problems = append(v.problems, fmt.Sprintf("the target's crawl log holds %d fetches, want %d (%d held before and %d copied)",
				n, want, held.fetches, t.fetches))
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
	v.keys = len(ss)
	for _, k := range slices.Sorted(maps.Keys(ss)) {
		dv, ok := ds[k]
		_, wasHeld := held.keys[k]
		switch {
		case !ok:
			v.problems = append(v.problems, fmt.Sprintf("crawl state %s: not in the target", k))
		case dv != ss[k] && !wasHeld:
			v.problems = append(v.problems, fmt.Sprintf("crawl state %s: %q in the source, %q in the target", k, ss[k], dv))
		}
	}
	if len(held.keys) == 0 && len(ds) != len(ss) {
		v.problems = append(v.problems, fmt.Sprintf("the target holds %d crawl state keys, the source %d", len(ds), len(ss)))
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
			v.problems = append(v.problems, id+": no provenance in the target")
			continue
		}
		if err != nil {
			return v, err
		}
		whole := plan.first[id] == 1 && !plan.diverged[id]
		if d := provenanceDiff(sp, dp, whole); d != "" {
			v.problems = append(v.problems, fmt.Sprintf("%s: provenance: %s", id, d))
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
