package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/rostrum/rostrum/internal/editions"
	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/twins"
)

func editionsCmd() *command {
	var divergent, asJSON bool
	return &command{
		Name:    "editions",
		Summary: "line up the English and Russian editions of an event, and report where they differ",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.BoolVar(&divergent, "divergent", false, "report where the editions differ, for every pair or the IDs given")
			fs.BoolVar(&asJSON, "json", false, "print JSON (JSON Lines with --divergent)")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if !divergent && len(args) != 1 {
				return usagef("editions: want one document ID, or --divergent (run 'rostrum editions --help')")
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			// pair loads both editions of id's event, English first (see
			// twins.Load).
			pair := func(id string) (en, ru *transcript.Document, err error) {
				en, ru, err = twins.Load(ctx, store, id)
				if errors.Is(err, transcript.ErrNotFound) {
					return nil, nil, usagef("editions: no document %q in %s (rostrum list shows the ids)", id, displayDSN(e.cfg.DB))
				} else if err != nil {
					return nil, nil, fmt.Errorf("editions: %w", err)
				}
				return en, ru, nil
			}
			number := func(id string) string { return id[strings.LastIndexByte(id, '/')+1:] }
			if !divergent {
				en, ru, err := pair(args[0])
				if err != nil {
					return err
				}
				if en == nil || ru == nil {
					// A document without a twin: nothing to line up.
					fmt.Fprintf(e.stderr, "editions: the archive has no other edition of %s\n", args[0])
				}
				return textout.Editions(e.stdout, en, ru, asJSON)
			}
			if len(args) > 0 {
				seen := map[string]bool{}
				for _, id := range args {
					en, ru, err := pair(id)
					if err != nil {
						return err
					}
					if en != nil && ru != nil && !seen[en.ID] {
						seen[en.ID] = true
						if err := textout.Divergences(e.stdout, editions.Divergent(number(en.ID), en, ru), asJSON); err != nil {
							return err
						}
					}
				}
				return nil
			}
			for p, err := range twins.All(ctx, store) {
				if err != nil {
					return fmt.Errorf("editions: %w", err)
				}
				if err := textout.Divergences(e.stdout, editions.Divergent(number(p[0].ID), p[0], p[1]), asJSON); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
