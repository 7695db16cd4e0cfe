package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
)

func showCmd() *command {
	var version int
	return &command{
		Name:    "show",
		Summary: "print a stored document as text",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.IntVar(&version, "version", 0, "show version `N` instead of the current one")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) != 1 {
				return usagef("show: want one ID, got %d arguments (run 'rostrum show --help')", len(args))
			}
			id, _, _ := strings.Cut(args[0], "#")
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			var doc *transcript.Document
			if version > 0 {
				doc, err = store.DocumentVersion(ctx, id, version)
			} else {
				doc, err = store.Document(ctx, id)
			}
			switch {
			case errors.Is(err, transcript.ErrNotFound) && version > 0:
				return fmt.Errorf("show: %s has no version %d in %s", id, version, displayDSN(e.cfg.DB))
			case errors.Is(err, transcript.ErrNotFound):
				return fmt.Errorf("show: no document %q in %s (rostrum export lists the ids)", id, displayDSN(e.cfg.DB))
			case err != nil:
				return fmt.Errorf("show: %w", err)
			}
			return doc.WriteText(textout.Printable{W: e.stdout})
		},
	}
}
