package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/rostrum/rostrum/internal/cli"
	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/transcript"
)

func ingestCmd() *command {
	return &command{
		Name:    "ingest",
		Summary: "parse files, folders or standard input into the archive",
		Flags: func(fs *flag.FlagSet, e *env) {
			inputFlags(fs, e)
			fs.IntVar(&e.cfg.Workers, "workers", e.cfg.Workers, "parse `N` inputs at a time; 0 means one per CPU ($ROSTRUM_WORKERS)")
		},
		Run: runIngest,
	}
}

func runIngest(ctx context.Context, e *env, paths []string) error {
	if len(paths) == 0 {
		return usagef("ingest: no PATH given (run 'rostrum ingest --help')")
	}
	reg := pageFormats(e)
	if err := reg.Check(e.cfg.Format); err != nil {
		return usagef("ingest: %v", err)
	}
	if err := checkPage(e, "ingest"); err != nil {
		return err
	}
	store, err := openWritable(ctx, "ingest", e.cfg.DB, false)
	if err != nil {
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			// Stopped while the archive opened (a first open builds its
			// search index, which then rolls back whole).
			return errors.New("interrupted before anything was stored")
		}
		return err
	}
	defer store.Close()
	cfg := ingest.Config{
		Formats:  reg,
		Format:   e.cfg.Format,
		Workers:  e.cfg.Workers,
		MaxBytes: e.cfg.MaxBytes,
		Stdin:    e.stdin,
	}
	if err := store.StartBulk(ctx); err != nil {
		return err
	}
	res, runErr := cli.Ingest(ctx, store, paths, cfg, e.stderr)
	// An archive whose server went away stops the ingest (ingest.Run).
	unavailable := errors.Is(runErr, transcript.ErrUnavailable)
	if runErr != nil && !errors.Is(runErr, context.Canceled) && !unavailable {
		return runErr
	}
	fmt.Fprintln(e.stdout, res.Summary())
	fmt.Fprintf(e.stdout, "%s, %.1f docs/s\n", res.Elapsed.Round(time.Millisecond), res.Rate())
	if err := engine.EndBulk(store, res.Inserted+res.Updated, runErr != nil, e.stderr); err != nil {
		return err
	}
	if err := store.Close(); err != nil {
		return err
	}
	if unavailable {
		return fmt.Errorf("ingest stopped: %w; the documents counted above are stored: run the same command again for the rest", errors.Unwrap(runErr))
	}
	if runErr != nil {
		return errors.New("interrupted: the documents counted above are stored; run the same command again for the rest")
	}
	if res.Failed > 0 {
		return errReported
	}
	return nil
}

// isTerminal: see package cli.
var isTerminal = cli.IsTerminal
