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
		Usage: `
Usage: rostrum migrate [--db FILE|URL]

Migrate applies the schema changes that the archive lacks, the ones a
newer Rostrum brings, and rebuilds its search index if this Rostrum
tokenizes differently. It prints the schema version before and after.

A SQLite archive is also brought up to date by any command that opens it;
migrate says where it stands. On PostgreSQL, migrate creates the archive
in an empty database (or in the schema first on the DSN's search_path),
and is the step to run on the primary when upgrading: read replicas, and
any other read-only connection, are never migrated, and a Rostrum that
finds them behind refuses to read them until the primary is migrated and
they have caught up. An archive written by a newer Rostrum is refused
by every command: upgrade Rostrum instead.

Example:

	rostrum migrate --db archive.db
	rostrum migrate --db 'postgres://rostrum@db.example.org/rostrum'
`,
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
