package main

import (
	"context"
	"fmt"

	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/textout"
)

func migrateCmd() *command {
	return &command{
		Name:    "migrate",
		Summary: "bring the archive's schema up to date",
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("migrate: unexpected argument %q (run 'rostrum migrate --help')", args[0])
			}
			m, err := engine.Migrate(ctx, e.cfg.DB)
			if err != nil {
				return err
			}
			reportMigration(e, m.Engine+" archive "+m.Name, m.Before, m.After, m.Applied)
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
