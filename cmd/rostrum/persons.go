package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/textout"
)

func personsCmd() *command {
	var asJSON, clear bool
	var limit int
	return &command{
		Name:    "persons",
		Summary: "list the archive's persons, show how names were joined, and correct them",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.BoolVar(&asJSON, "json", false, "print JSON")
			fs.IntVar(&limit, "limit", 0, "list at most N persons (0: all)")
			fs.BoolVar(&clear, "clear", false, "with apply: remove the overrides kept")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			sub := "list"
			if len(args) > 0 {
				sub, args = args[0], args[1:]
			}
			switch sub {
			case "list", "show", "check", "apply", "overrides":
			default:
				return usagef("persons: unknown subcommand %q: want show, check, apply or overrides (run 'rostrum persons --help')", sub)
			}
			if clear {
				if sub != "apply" || len(args) > 0 {
					return usagef("persons: --clear goes with apply alone: rostrum persons apply --clear")
				}
				args = []string{""}
			}
			want := map[string]int{"list": 0, "show": 1, "check": -1, "apply": 1, "overrides": 0}[sub]
			if want >= 0 && len(args) != want || want < 0 && len(args) > 1 {
				return usagef("persons %s: wrong number of arguments (run 'rostrum persons --help')", sub)
			}
			// check FILE reads the file before the archive, so that a
			// mistake in it is reported even without an archive.
			var file *persons.Overrides
			var text string
			if (sub == "check" || sub == "apply") && len(args) == 1 && args[0] != "" {
				var err error
				if text, file, err = persons.ReadOverridesFile(args[0], e.stdin); err != nil {
					return err
				}
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			kept, err := store.PersonOverrides(ctx)
			if err != nil {
				return err
			}
			if sub == "overrides" {
				if kept == "" {
					fmt.Fprintln(e.stderr, "persons: the archive keeps no overrides (rostrum persons apply FILE keeps one)")
					return nil
				}
				_, err := io.WriteString(e.stdout, kept)
				return err
			}
			o := file
			if file == nil && !(sub == "apply" && len(args) == 1 && args[0] == "") {
				if o, err = archive.ParseOverrides([]string{kept}); err != nil {
					return err
				}
			}
			stored, err := store.Persons(ctx)
			if err != nil {
				return err
			}
			reg, merged := archive.Registry(stored, o)
			switch sub {
			case "list":
				if limit > 0 && len(merged) > limit {
					merged = merged[:limit]
				}
				return textout.Persons(e.stdout, reg, merged, asJSON)
			case "show":
				p, ok := reg.Lookup(args[0])
				if !ok {
					return fmt.Errorf("persons: the archive has no person named %q (rostrum persons lists them)", args[0])
				}
				for _, m := range merged {
					if m.Name == p.Name {
						return textout.Person(e.stdout, p, m, asJSON)
					}
				}
				return fmt.Errorf("persons: %q: not in the merged list", args[0]) // cannot happen: both come from one registry
			case "check":
				return textout.Issues(e.stdout, e.stderr, reg.Issues(), asJSON)
			case "apply":
				if err := store.SetPersonOverrides(ctx, text); err != nil {
					return err
				}
				if text == "" {
					fmt.Fprintln(e.stderr, "persons: overrides removed")
					return nil
				}
				textout.OverridesKept(e.stderr, args[0], o, reg.Issues(), len(merged))
				return nil
			}
			return nil
		},
	}
}
