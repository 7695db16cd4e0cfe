package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/rostrum/rostrum/internal/gen"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/textout"
)

func genCmd() *command {
	var (
		docs    int
		seed    uint64
		ru      float64
		learn   string
		verbose bool
	)
	return &command{
		Name:    "gen",
		Summary: "write synthetic kremlin.ru-like text dumps for scale tests",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.IntVar(&docs, "docs", 0, "write `N` documents")
			fs.Uint64Var(&seed, "seed", 1, "random `seed`: the same seed gives the same documents")
			fs.Float64Var(&ru, "ru", 0.2, "`share` of documents in Russian, 0 to 1")
			fs.StringVar(&learn, "learn", "", "learn from the corpus in `DIR` (the shared corpus's kremlin-en folder)")
			fs.IntVar(&e.cfg.Workers, "workers", e.cfg.Workers, "make `N` documents at a time; 0 means one per CPU ($ROSTRUM_WORKERS)")
			fs.BoolVar(&verbose, "v", false, "print the statistics learned from the corpus on standard error")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			switch {
			case len(args) != 1:
				return usagef("gen: want one OUTDIR (run 'rostrum gen --help')")
			case docs < 1:
				return usagef("gen: --docs must be 1 or more")
			case ru < 0 || ru > 1:
				return usagef("gen: --ru must be between 0 and 1")
			}
			dir, err := gen.Corpus(learn)
			if err != nil {
				return err
			}
			t0 := time.Now()
			model, err := gen.Learn(dir)
			if err != nil {
				return err
			}
			if verbose {
				model.Stats.Report(e.stderr, dir, time.Since(t0))
			}
			cfg := gen.WriteConfig{Workers: e.cfg.Workers}
			var bar *textout.IngestBar
			if isTerminal(e.stderr) {
				bar = &textout.IngestBar{Line: textout.Line{W: e.stderr}}
				cfg.Progress = func(done, total int, elapsed time.Duration) {
					bar.Progress(ingest.Status{Done: done, Total: total, Documents: done, Elapsed: elapsed})
				}
			}
			g := gen.New(model, gen.Config{Seed: seed, Russian: ru})
			res, err := g.Write(ctx, args[0], docs, cfg)
			if bar != nil {
				bar.Clear()
			}
			if err != nil && !errors.Is(err, context.Canceled) {
				return err
			}
			fmt.Fprintf(e.stdout, "generated %d documents (%d English, %d Russian), %s, in %s\n",
				res.Documents, res.English, res.Russian, megabytes(res.Bytes), args[0])
			fmt.Fprintf(e.stdout, "%s, %.1f docs/s\n", res.Elapsed.Round(time.Millisecond), res.Rate())
			if err != nil {
				return errors.New("interrupted: the documents counted above are written; run again into a new folder for all of them")
			}
			return nil
		},
	}
}

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
