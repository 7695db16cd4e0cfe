package main

import (
	"context"
	"errors"
	"flag"

	"github.com/rostrum/rostrum/internal/cli"
	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/textout"
)

func reparseCmd() *command {
	var dryRun, list bool
	return &command{
		Name:    "reparse",
		Summary: "re-derive every document from its stored raw page with the current parser",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.BoolVar(&dryRun, "dry-run", false, "report what would change; write nothing")
			fs.BoolVar(&list, "list", false, "print each changed document and what changed in it")
			fs.IntVar(&e.cfg.Workers, "workers", e.cfg.Workers, "parse `N` documents at a time; 0 means one per CPU ($ROSTRUM_WORKERS)")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("reparse: unexpected argument %q (run 'rostrum reparse --help')", args[0])
			}
			return runReparse(ctx, e, dryRun, list)
		},
	}
}

func runReparse(ctx context.Context, e *env, dryRun, list bool) error {
	store, err := open(ctx, "reparse", e.cfg.DB, engine.Options{MustExist: true, Write: !dryRun})
	if err != nil {
		return err
	}
	defer store.Close()
	cfg := ingest.ReparseConfig{Formats: ingest.Parsers(parser.Options{}, nil), DryRun: dryRun, Workers: e.cfg.Workers}
	res, runErr := cli.Reparse(ctx, store, cfg, e.stderr)
	if runErr != nil && !errors.Is(runErr, context.Canceled) {
		return runErr
	}
	textout.Reparse(e.stdout, res, list)
	if err := store.Close(); err != nil {
		return err
	}
	if runErr != nil {
		return errors.New("interrupted: the changes counted above are stored; run the same command again for the rest")
	}
	if res.Failed > 0 {
		return errReported
	}
	return nil
}
