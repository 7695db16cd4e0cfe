package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/rostrum/rostrum/internal/qa"
	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
)

func qaCmd() *command {
	var asJSON bool
	return &command{
		Name:    "qa",
		Summary: "pair the questions of a press event with the turns that answer them",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.BoolVar(&asJSON, "json", false, "print the exchanges as one JSON array")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) != 1 {
				return usagef("qa: want one document ID, got %d arguments (run 'rostrum qa --help')", len(args))
			}
			id := args[0]
			if id == "" || strings.ContainsAny(id, " \t\n#") {
				return usagef("qa: %q is not a document id: ids look like kremlin.ru/67763 or en.kremlin.ru/67763", id)
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			doc, err := store.Document(ctx, id)
			switch {
			case errors.Is(err, transcript.ErrNotFound):
				return usagef("qa: no document %q in %s (rostrum export lists the ids)", id, displayDSN(e.cfg.DB))
			case err != nil:
				return fmt.Errorf("qa: %w", err)
			}
			xs := qa.Pairs(doc, true)
			if asJSON {
				b, err := json.MarshalIndent(xs, "", "  ")
				if err != nil {
					return err
				}
				_, err = fmt.Fprintf(e.stdout, "%s\n", b)
				return err
			}
			textout.Exchanges(e.stdout, id, xs)
			return nil
		},
	}
}
