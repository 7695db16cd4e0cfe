package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/rostrum/rostrum/internal/bench"
)

func benchCmd() *command {
	cfg := bench.Config{Docs: 10000, Seed: 1, Russian: 0.2, Rounds: 10}
	var seed uint64
	var cpuprofile string
	var webMode bool
	var compare, replicas []string
	var spread bench.SpreadConfig
	wc := bench.WebConfig{Clients: bench.DefaultClients, Duration: 20 * time.Second, Warmup: 3 * time.Second, Sample: 1000}
	return &command{
		Name:    "bench",
		Summary: "measure ingest and search on a generated corpus",
		Usage: `
Usage: rostrum bench [--docs N] [--seed S] [--dir DIR] [--db FILE]
                     [--rounds N] [--grep] [--learn DIR] [--reuse]
       rostrum bench --web [--reuse] [--db FILE] [--docs N] [--clients N]
                     [--web-time D] [--web-warmup D]
       rostrum bench [--docs N] --db FILE --compare postgres://... [--reuse]
       rostrum bench --db postgres://PRIMARY --replica postgres://REPLICA
                     [--clients N] [--web-time D]

Bench generates a synthetic corpus of N documents (as 'rostrum gen'
does, learning from the real corpus in ../shared/corpus), ingests it into
a new archive, then runs a fixed query mix (single common and rare words,
two words, phrases, person-scoped, filtered, faceted and Russian queries)
--rounds times, and prints ingest docs/s, the archive's size, p50/p95/p99
latency per query class, the CPU time each query took in this process
(p50/p99: the work itself, which other programs on a busy machine do not
inflate as they do wall time; bench says how busy the machine was) and
the peak memory of the query phase. With
--grep it also times 'grep -c -r -i -w' over the generated files for the
single-word queries and prints how many times faster search is.

The corpus is kept in --dir and reused by a later run with the same
--docs and --seed; the archive (--db) is always made anew, unless --reuse
says to query it as it is.

With --web, bench measures the web server instead of querying in
process: after building (or with --reuse, reusing) the archive, it
starts 'rostrum serve --db FILE --addr 127.0.0.1:0 --quiet' as a child
process and loads it over loopback with --clients concurrent clients,
each sending its next request as soon as it has read the last answer
(keep-alive, gzip accepted), --web-warmup then --web-time for each class:
search pages (/search?q= for each query of the mix), document pages
(/d/ID for 1,000 documents drawn at random) and API search
(/api/v1/search?q=). The server keeps recent search results and
finished pages, and each path is asked for once beforehand, so these
are answered from memory; a second server, started with --cache-size 0,
then measures the three classes uncached. It prints requests/s,
p50/p95/p99/max latency, errors (any answer but 2xx or 304), bytes per
answer, the CPU used by the server, by the load generator and by
everything else on the machine (near 0% for a run to count), and each
server's resident memory, sampled during each class, and its peak at the
end. The servers are stopped with SIGTERM when done, also on Ctrl+C or
an error.

Any existing archive can be measured this way: --reuse with --db FILE
uses it as it is (its documents need at least five speakers, for the
mix's person queries).

--db may be a postgres:// URL: bench then ingests into that archive,
which must hold no documents (bench never deletes data: give it an
empty database, or an empty schema with ?search_path=NAME on the URL),
and reports its size on disk as the total size of its tables with their
indexes. --compare ARCHIVE (repeatable) runs the same corpus and query
mix on each further archive after --db, one after the other, and prints
them side by side with the ratio of each to the first: for example
SQLite next to PostgreSQL.

--replica URL (repeatable) measures search throughput as reads are
spread over servers: --clients searchers run the query mix in a closed
loop, each taking the next server in turn, for --web-time against the
--db server alone, then against it and the first replica, and so on.
It reads the archives as they are (fill the primary first, for example
with --reuse off and --db alone, or rostrum copy).

Example:

	rostrum bench --docs 100000 --dir /tmp/bench-100k --db /tmp/bench-100k.db --grep
	rostrum bench --web --reuse --db archive.db
	rostrum bench --docs 100000 --db /tmp/b.db --compare 'postgres://rostrum@/rostrum?host=/run/postgresql'
	rostrum bench --db postgres://rostrum@primary/rostrum --replica postgres://rostrum@replica/rostrum
`,
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.IntVar(&cfg.Docs, "docs", cfg.Docs, "documents to generate")
			fs.Uint64Var(&seed, "seed", 1, "generator seed")
			fs.Float64Var(&cfg.Russian, "ru", cfg.Russian, "share of Russian documents")
			fs.StringVar(&cfg.Dir, "dir", "", "corpus folder (default: bench-N beside the archive)")
			fs.StringVar(&cfg.Learn, "learn", "", "real corpus to learn from (default: find ../shared/corpus)")
			fs.IntVar(&cfg.Rounds, "rounds", cfg.Rounds, "times the query mix runs")
			fs.BoolVar(&cfg.Grep, "grep", false, "also time grep over the corpus")
			fs.BoolVar(&cfg.Reuse, "reuse", false, "query the archive of an earlier run as it is: no generating, no ingest")
			fs.StringVar(&cpuprofile, "cpuprofile", "", "write a CPU profile of the whole run to this file (go tool pprof); with --web, of the load generator")
			fs.BoolVar(&webMode, "web", false, "measure the web server under load, in a child process, instead of querying in process")
			fs.IntVar(&wc.Clients, "clients", wc.Clients, "with --web: concurrent clients")
			fs.DurationVar(&wc.Duration, "web-time", wc.Duration, "with --web: measured time per class of pages")
			fs.DurationVar(&wc.Warmup, "web-warmup", wc.Warmup, "with --web: unmeasured load before each class")
			fs.Func("compare", "also measure this `archive` (a SQLite file or postgres:// URL) on the same corpus; repeatable", func(v string) error {
				compare = append(compare, v)
				return nil
			})
			fs.Func("replica", "measure search throughput with reads spread over --db and this replica (`postgres://...`); repeatable", func(v string) error {
				replicas = append(replicas, v)
				return nil
			})
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("bench: unexpected argument %q (run 'rostrum bench --help')", args[0])
			}
			if cfg.Docs < 10 {
				return usagef("bench: --docs must be at least 10")
			}
			cfg.Seed = seed
			cfg.DB = e.cfg.DB
			if !e.dbSet && os.Getenv("ROSTRUM_DB") == "" {
				cfg.DB = fmt.Sprintf("bench-%d.db", cfg.Docs)
			}
			if len(replicas) > 0 {
				if webMode || len(compare) > 0 {
					return usagef("bench: --replica cannot be combined with --web or --compare")
				}
				spread.Servers = append([]string{cfg.DB}, replicas...)
				spread.Clients, spread.Duration, spread.Warmup = wc.Clients, wc.Duration, wc.Warmup
				spread.Log = e.stderr
				steps, err := bench.Spread(ctx, spread)
				if err != nil {
					return fmt.Errorf("bench: %w", err)
				}
				bench.WriteSpread(e.stdout, steps)
				return nil
			}
			if webMode && len(compare) > 0 {
				return usagef("bench: --compare cannot be combined with --web")
			}
			cfg.Log = e.stderr
			if webMode {
				if wc.Clients < 1 || wc.Duration <= 0 || wc.Warmup < 0 {
					return usagef("bench: --clients and --web-time must be positive, --web-warmup not negative")
				}
				exe, err := os.Executable()
				if err != nil {
					return fmt.Errorf("bench: %w", err)
				}
				wc.Exe = exe
				cfg.Web = &wc
			}
			if cpuprofile != "" {
				f, err := os.Create(cpuprofile)
				if err != nil {
					return fmt.Errorf("bench: %w", err)
				}
				defer f.Close()
				if err := pprof.StartCPUProfile(f); err != nil {
					return fmt.Errorf("bench: %w", err)
				}
				defer pprof.StopCPUProfile()
			}
			if len(compare) > 0 {
				reps, err := bench.Compare(ctx, cfg, append([]string{cfg.DB}, compare...))
				if err != nil {
					return fmt.Errorf("bench: %w", err)
				}
				bench.WriteReports(e.stdout, reps)
				return nil
			}
			rep, err := bench.Run(ctx, cfg)
			if err != nil {
				return fmt.Errorf("bench: %w", err)
			}
			rep.Write(e.stdout)
			return nil
		},
	}
}
