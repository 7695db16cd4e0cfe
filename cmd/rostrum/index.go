package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/rostrum/rostrum/internal/cli"
	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/transcript"
)

func indexCmd() *command {
	var check bool
	return &command{
		Name:    "index",
		Summary: "rebuild the archive's search index, or check it",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.BoolVar(&check, "check", false, "verify the archive and its index instead of rebuilding it")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("index: unexpected argument %q (run 'rostrum index --help')", args[0])
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			ix, ok := store.(transcript.Indexer)
			if !ok {
				return fmt.Errorf("index: the %s archive cannot rebuild its index", engine.Name(e.cfg.DB))
			}
			start := time.Now()
			if check {
				if err := ix.IntegrityCheck(ctx); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "%s: the archive and its search index are consistent (%s)\n",
					engine.Display(e.cfg.DB), time.Since(start).Round(time.Millisecond))
				return nil
			}
			progress, clearLine := cli.IndexProgress(e.stderr)
			defer clearLine()
			if err := ix.RebuildIndex(ctx, progress); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s: search index rebuilt in %s\n", engine.Display(e.cfg.DB), time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
}
