package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/rostrum/rostrum/internal/cli"
	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
)

func historyCmd() *command {
	var asJSON bool
	return &command{
		Name:    "history",
		Summary: "list the stored versions of a document and what changed in each",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.BoolVar(&asJSON, "json", false, "print JSON instead of a table")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) != 1 {
				return usagef("history: want one ID, got %d arguments (run 'rostrum history --help')", len(args))
			}
			id, _, _ := strings.Cut(args[0], "#")
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			versions, err := store.Versions(ctx, id)
			if errors.Is(err, transcript.ErrNotFound) {
				return fmt.Errorf("history: no document %q in %s (rostrum export lists the ids)", id, displayDSN(e.cfg.DB))
			}
			if err != nil {
				return fmt.Errorf("history: %w", err)
			}
			rows, err := textout.HistoryRows(ctx, store, id, versions)
			if err != nil {
				return fmt.Errorf("history: %w", err)
			}
			if asJSON {
				return textout.JSON(e.stdout, rows)
			}
			if err := textout.Provenance(ctx, e.stdout, store, id); err != nil {
				return fmt.Errorf("history: %w", err)
			}
			return textout.History(e.stdout, rows, versions)
		},
	}
}

// colorOK: see package cli.
var colorOK = cli.ColorOK
