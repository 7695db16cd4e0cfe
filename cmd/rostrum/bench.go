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
