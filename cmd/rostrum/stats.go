package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/textout"
)

func statsCmd() *command {
	var asJSON bool
	return &command{
		Name:    "stats",
		Summary: "summarise the archive",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.BoolVar(&asJSON, "json", false, "print JSON instead of a table")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("stats: unexpected argument %q (run 'rostrum stats --help')", args[0])
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			st, err := store.Stats(ctx)
			if err != nil {
				return fmt.Errorf("stats: %w", err)
			}
			// Persons as the person registry counts them: one per person,
			// whatever the spellings (rostrum persons).
			people, err := archive.LoadPeople(ctx, store)
			if err != nil {
				return fmt.Errorf("stats: %w", err)
			}
			st.Persons = len(people.Persons)
			if asJSON {
				return textout.StatsJSON(e.stdout, st)
			}
			return textout.Stats(e.stdout, st)
		},
	}
}
