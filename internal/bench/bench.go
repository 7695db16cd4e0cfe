// Package bench is Rostrum's load benchmark: it generates a synthetic
// corpus (package gen), ingests it into a fresh archive, runs a fixed
// query mix (Mix) several rounds and reports ingest speed, archive size,
// latency percentiles per query class and memory, next to the time grep
// takes to find the same words in the generated files.
package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/gen"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Config says what to measure.
type Config struct {
	Docs    int    // documents to generate
	Seed    uint64 // generator seed
	Russian float64
	Learn   string // the real corpus the generator learns from ("" finds it)
	Dir     string // where the corpus is generated; reused when it already holds this corpus (default: bench-N beside DB)
	DB      string // the archive to create; an existing file is replaced
	Rounds  int    // times the whole mix runs
	Grep    bool   // time grep over the corpus for the single-word queries
	// Reuse skips generating and ingesting: the archive DB, made by an
	// earlier run with the same corpus, is queried as it is.
	Reuse   bool
	Formats ingest.Formats // the parsers (default: ingest.Parsers)
	Log     io.Writer      // progress lines; nil for none
	// Web, when set, measures the web server over the archive under
	// load (see WebConfig) instead of running the mix in process.
	Web *WebConfig
}

// Latency summarises one class of queries.
type Latency struct {
	Class         string
	Runs          int
	P50, P95, P99 time.Duration
	Max           time.Duration
	// CPUP50 and CPUP99 are the CPU time this process spent per query
	// (user and system, from getrusage): the work of a query, which a
	// busy machine does not inflate as it does wall time. For the
	// PostgreSQL engine it leaves out the server's part.
	CPUP50, CPUP99 time.Duration
	MedianHits     int // median Total of the class's queries
	Errors         int
}

// Report is what Run measured.
type Report struct {
	Engine       string // "SQLite" or "PostgreSQL"
	Docs         int
	CorpusBytes  int64
	GenTime      time.Duration
	IngestTime   time.Duration
	IngestRate   float64       // documents per second
	OptimizeTime time.Duration // merging the search index after ingest
	ArchiveBytes int64         // database file with its write-ahead log
	Latencies    []Latency
	All          Latency // every query of the mix
	GrepMedian   time.Duration
	SearchMedian time.Duration // the same words in Rostrum
	PeakRSS      int64         // bytes, during the query phase
	// OtherCPU is the CPU other processes used during the query phase,
	// in cores (0.5 = half a core), from /proc/stat; 0 when unknown.
	OtherCPU float64
	Failures []string   // queries that failed, with their error
	Web      *WebReport // with Config.Web: the web server under load
}

// withDefaults is c with its defaults set: Dir bench-N beside the
// archive (in the working directory for PostgreSQL), Formats the parsers
// of package ingest.
func (c Config) withDefaults() Config {
	if c.Dir == "" {
		dir := "."
		if !engine.IsPostgres(c.DB) {
			dir = filepath.Dir(c.DB)
		}
		c.Dir = filepath.Join(dir, fmt.Sprintf("bench-%d", c.Docs))
	}
	if c.Formats == nil {
		c.Formats = ingest.Parsers(parser.Options{}, nil)
	}
	return c
}

// Run generates (or reuses) the corpus, ingests it and runs the mix.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg = cfg.withDefaults()
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format+"\n", args...)
		}
	}
	rep := &Report{Docs: cfg.Docs, Engine: engine.Name(cfg.DB)}
	if cfg.Reuse {
		return rep, measure(ctx, cfg, rep, logf)
	}
	stamp := filepath.Clean(cfg.Dir) + ".corpus" // beside the corpus, not in it: ingest reads every file there
	want := fmt.Sprintf("docs=%d seed=%d russian=%g\n", cfg.Docs, cfg.Seed, cfg.Russian)
	if b, err := os.ReadFile(stamp); err == nil && string(b) == want {
		logf("corpus: reusing %s (%s)", cfg.Dir, strings.TrimSpace(want))
	} else {
		learn := cfg.Learn
		if learn == "" {
			if learn, err = gen.FindCorpus("."); err != nil {
				return nil, err
			}
		}
		m, err := gen.Learn(learn)
		if err != nil {
			return nil, err
		}
		if err := os.RemoveAll(cfg.Dir); err != nil {
			return nil, err
		}
		logf("corpus: generating %d documents into %s", cfg.Docs, cfg.Dir)
		res, err := gen.New(m, gen.Config{Seed: cfg.Seed, Russian: cfg.Russian}).Write(ctx, cfg.Dir, cfg.Docs, gen.WriteConfig{})
		if err != nil {
			return nil, err
		}
		rep.GenTime = res.Elapsed
		if err := os.WriteFile(stamp, []byte(want), 0o644); err != nil {
			return nil, err
		}
	}
	size, err := dirSize(cfg.Dir)
	if err != nil {
		return nil, err
	}
	rep.CorpusBytes = size

	store, err := openArchive(ctx, cfg.DB, true)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	logf("ingest: %s archive %s", engine.Name(cfg.DB), engine.Display(cfg.DB))
	if err := store.StartBulk(ctx); err != nil {
		return nil, err
	}
	ires, err := ingest.Run(ctx, store, []string{cfg.Dir}, ingest.Config{Formats: cfg.Formats})
	if err != nil {
		return nil, err
	}
	if ires.Failed > 0 {
		return nil, fmt.Errorf("ingest: %s; first failure: %v", ires.Summary(), ires.Failures[0])
	}
	rep.IngestTime, rep.IngestRate = ires.Elapsed, ires.Rate()
	logf("ingest: %s in %s, %.0f docs/s", ires.Summary(), ires.Elapsed.Round(time.Millisecond), ires.Rate())
	// As rostrum ingest does after a bulk load.
	start := time.Now()
	if err := store.EndBulk(ctx, true); err != nil {
		return nil, err
	}
	rep.OptimizeTime = time.Since(start)
	logf("optimize: %s", rep.OptimizeTime.Round(time.Millisecond))

	if err := store.Close(); err != nil {
		return nil, err
	}
	return rep, measure(ctx, cfg, rep, logf)
}

// measure runs the mix in process, or with cfg.Web loads the web server.
func measure(ctx context.Context, cfg Config, rep *Report, logf func(string, ...any)) error {
	if cfg.Web != nil {
		return web(ctx, cfg, rep, logf)
	}
	return query(ctx, cfg, rep, logf)
}

// query runs the mix on the archive cfg.DB and fills in rep.
func query(ctx context.Context, cfg Config, rep *Report, logf func(string, ...any)) error {
	if !engine.IsPostgres(cfg.DB) {
		if _, err := os.Stat(cfg.DB); err != nil {
			return err
		}
	}
	if rep.CorpusBytes == 0 {
		rep.CorpusBytes, _ = dirSize(cfg.Dir) // absent when the archive came from elsewhere
	}
	store, err := openArchive(ctx, cfg.DB, false)
	if err != nil {
		return err
	}
	defer store.Close()
	if rep.ArchiveBytes, err = store.DiskSize(ctx); err != nil {
		return err
	}
	queries, err := archiveMix(ctx, store)
	if err != nil {
		return err
	}
	if w, ok := store.(transcript.Warmer); ok {
		// As a server does when it starts: the queries then measure
		// searches, not the first one's load.
		start := time.Now()
		if err := w.Warm(ctx); err != nil {
			return err
		}
		logf("warm-up: read the archive ahead in %s", time.Since(start).Round(time.Millisecond))
	}

	resetPeakRSS()
	runtime.GC()
	var all, allCPU []time.Duration
	perClass := map[string][]time.Duration{}
	perClassCPU := map[string][]time.Duration{}
	wall0, machine0, self0 := time.Now(), machineCPU(), procCPU("self")
	hits := map[string][]int{}
	errs := map[string]int{}
	wordTimes := map[string][]time.Duration{}
	for round := 0; round < max(1, cfg.Rounds); round++ {
		for _, q := range queries {
			parsed, err := search.ParseQuery(q.Text)
			if err != nil {
				return fmt.Errorf("query %q: %w", q.Text, err)
			}
			start, cpu := time.Now(), selfCPU()
			res, err := store.Search(ctx, &transcript.SearchRequest{Query: parsed, Facets: q.Facets})
			d, c := time.Since(start), selfCPU()-cpu
			if err != nil {
				errs[q.Class]++
				if round == 0 {
					rep.Failures = append(rep.Failures, fmt.Sprintf("%s: %v", q.Text, err))
				}
				continue
			}
			all, allCPU = append(all, d), append(allCPU, c)
			perClass[q.Class] = append(perClass[q.Class], d)
			perClassCPU[q.Class] = append(perClassCPU[q.Class], c)
			if round == 0 {
				hits[q.Class] = append(hits[q.Class], res.Total)
			}
			if q.Grep != "" {
				wordTimes[q.Grep] = append(wordTimes[q.Grep], d)
			}
		}
		logf("queries: round %d of %d", round+1, max(1, cfg.Rounds))
	}
	rep.PeakRSS = peakRSS()
	if wall := time.Since(wall0); machineCPU() > 0 {
		rep.OtherCPU = float64(machineCPU()-machine0-(procCPU("self")-self0)) / float64(wall)
	}
	for _, c := range Classes {
		l := summarise(c, perClass[c])
		l.CPUP50, l.CPUP99 = percentile(perClassCPU[c], 0.50), percentile(perClassCPU[c], 0.99)
		l.Errors = errs[c]
		if h := hits[c]; len(h) > 0 {
			slices.Sort(h)
			l.MedianHits = h[len(h)/2]
		}
		rep.Latencies = append(rep.Latencies, l)
	}
	rep.All = summarise("all", all)
	rep.All.CPUP50, rep.All.CPUP99 = percentile(allCPU, 0.50), percentile(allCPU, 0.99)

	if cfg.Grep {
		var grepTimes, ours []time.Duration
		for _, q := range queries {
			if q.Grep == "" {
				continue
			}
			logf("grep: %s", q.Grep)
			start := time.Now()
			cmd := exec.CommandContext(ctx, "grep", "-c", "-r", "-i", "-w", q.Grep, cfg.Dir)
			cmd.Stdout = io.Discard
			if err := cmd.Run(); err != nil && cmd.ProcessState == nil {
				return fmt.Errorf("grep: %w", err)
			}
			grepTimes = append(grepTimes, time.Since(start))
			ours = append(ours, median(wordTimes[q.Grep]))
		}
		rep.GrepMedian, rep.SearchMedian = median(grepTimes), median(ours)
	}
	return nil
}

// archiveMix is Mix with the archive's speakers in place of {P1} and {P2}.
func archiveMix(ctx context.Context, store transcript.Store) ([]Query, error) {
	persons, err := store.Persons(ctx)
	if err != nil {
		return nil, err
	}
	if len(persons) < 5 {
		return nil, fmt.Errorf("the archive has %d persons; the mix needs 5", len(persons))
	}
	names := strings.NewReplacer("{P1}", persons[0].Name, "{P2}", persons[4].Name)
	queries := make([]Query, len(Mix))
	for i, q := range Mix {
		q.Text = names.Replace(q.Text)
		queries[i] = q
	}
	return queries, nil
}

func summarise(class string, ds []time.Duration) Latency {
	l := Latency{Class: class, Runs: len(ds)}
	if len(ds) == 0 {
		return l
	}
	slices.Sort(ds)
	at := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
	l.P50, l.P95, l.P99, l.Max = at(0.50), at(0.95), at(0.99), ds[len(ds)-1]
	return l
}

// percentile returns the p-th percentile of ds (0 when empty), as
// summarise reads them.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

// selfCPU returns the user and system CPU time the process has used, to
// the microsecond (getrusage), or 0 when unknown.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			n += fi.Size()
		}
		return nil
	})
	return n, err
}

// resetPeakRSS restarts the kernel's count of the process's peak resident
// memory (Linux; elsewhere it does nothing), so that the query phase is
// measured apart from ingest.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS returns the process's peak resident memory in bytes (Linux
// VmHWM), or 0 when unknown.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// Write prints a report as a table.
func (r *Report) Write(w io.Writer) {
	mb := func(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }
	if r.Web == nil || r.IngestTime > 0 {
		fmt.Fprintf(w, "corpus:  %d documents, %s of text dumps", r.Docs, mb(r.CorpusBytes))
		if r.GenTime > 0 {
			fmt.Fprintf(w, ", generated in %s", r.GenTime.Round(time.Millisecond))
		}
		if r.IngestTime > 0 {
			fmt.Fprintf(w, "\ningest:  %s, %.0f docs/s, then %s to optimize the search index\n",
				r.IngestTime.Round(time.Millisecond), r.IngestRate, r.OptimizeTime.Round(time.Millisecond))
		} else {
			fmt.Fprintf(w, "\ningest:  none (--reuse: the archive as it was)\n")
		}
	}
	what := "database and write-ahead log"
	if r.Engine == "PostgreSQL" {
		what = "tables with their indexes and TOAST"
	}
	fmt.Fprintf(w, "archive: %s (%s)\n\n", mb(r.ArchiveBytes), what)
	if r.Web != nil {
		r.Web.Write(w)
		return
	}
	fmt.Fprintf(w, "%-12s %5s %8s %8s %8s %8s %8s %8s %10s %6s\n", "class", "runs", "p50 ms", "p95 ms", "p99 ms", "max ms", "cpu p50", "cpu p99", "median hits", "errors")
	for _, l := range append(r.Latencies, r.All) {
		fmt.Fprintf(w, "%-12s %5d %8s %8s %8s %8s %8s %8s %10d %6d\n", l.Class, l.Runs, ms(l.P50), ms(l.P95), ms(l.P99), ms(l.Max), ms(l.CPUP50), ms(l.CPUP99), l.MedianHits, l.Errors)
	}
	if r.OtherCPU > 0.1 {
		fmt.Fprintf(w, "\nother processes used %.0f%% of a core during the queries: wall times are inflated; the cpu columns are this process's own work\n", 100*r.OtherCPU)
	}
	if r.GrepMedian > 0 {
		fmt.Fprintf(w, "\ngrep -c -r -i -w, single words: median %s ms; Rostrum, same words: median %s ms; %.0f× faster\n",
			ms(r.GrepMedian), ms(r.SearchMedian), float64(r.GrepMedian)/float64(max(r.SearchMedian, 1)))
	}
	if r.PeakRSS > 0 {
		fmt.Fprintf(w, "memory: peak resident %s during the queries\n", mb(r.PeakRSS))
	}
	for _, f := range r.Failures {
		fmt.Fprintf(w, "failed: %s\n", f)
	}
}
