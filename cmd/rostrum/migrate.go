package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/textout"
)

func migrateCmd() *command {
	var vacuum bool
	return &command{
		Name:    "migrate",
		Summary: "bring the archive's schema up to date",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.BoolVar(&vacuum, "vacuum", false, "then rewrite a SQLite archive without its free pages")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("migrate: unexpected argument %q (run 'rostrum migrate --help')", args[0])
			}
			if vacuum && engine.IsPostgres(e.cfg.DB) {
				_, _, err := engine.Vacuum(ctx, e.cfg.DB) // refused: says why
				return err
			}
			m, err := engine.Migrate(ctx, e.cfg.DB)
			if err != nil {
				return err
			}
			reportMigration(e, m.Engine+" archive "+m.Name, m.Before, m.After, m.Applied)
			if !vacuum {
				return nil
			}
			before, after, err := engine.Vacuum(ctx, e.cfg.DB)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "vacuumed: %s, was %s\n", megabytes(after), megabytes(before))
			return nil
		},
	}
}

// reportMigration prints where the archive's schema stands.
func reportMigration(e *env, archive string, before, after, applied int) {
	switch {
	case applied == 0:
		fmt.Fprintf(e.stdout, "%s is at schema version %d (up to date)\n", archive, after)
	case before == 0:
		fmt.Fprintf(e.stdout, "%s created at schema version %d (%s applied)\n", archive, after, textout.Plural(applied, "migration", "migrations"))
	default:
		fmt.Fprintf(e.stdout, "%s migrated from schema version %d to %d (%s applied)\n", archive, before, after, textout.Plural(applied, "migration", "migrations"))
	}
}
