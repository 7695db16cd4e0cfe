package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/diff"
	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
)

func diffCmd() *command {
	var asJSON bool
	return &command{
		Name:    "diff",
		Summary: "show what changed between two versions of a document",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.BoolVar(&asJSON, "json", false, "print JSON instead of text")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) != 1 && len(args) != 3 {
				return usagef("diff: want ID, or ID V1 V2; got %d arguments (run 'rostrum diff --help')", len(args))
			}
			id, _, _ := strings.Cut(args[0], "#")
			var from, to int
			if len(args) == 3 {
				for i, p := range []*int{&from, &to} {
					n, err := strconv.Atoi(args[i+1])
					if err != nil || n < 1 {
						return usagef("diff: version %q is not a whole number from 1", args[i+1])
					}
					*p = n
				}
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			versions, err := store.Versions(ctx, id)
			if errors.Is(err, transcript.ErrNotFound) {
				return fmt.Errorf("diff: no document %q in %s (rostrum export lists the ids)", id, displayDSN(e.cfg.DB))
			}
			if err != nil {
				return fmt.Errorf("diff: %w", err)
			}
			n := len(versions)
			if from == 0 {
				if n < 2 {
					return fmt.Errorf("diff: %s has only one version: nothing to compare", id)
				}
				from, to = n-1, n
			}
			for _, v := range []int{from, to} {
				if v > n {
					return fmt.Errorf("diff: %s has no version %d; it has %s (rostrum history %s)", id, v, textout.Plural(n, "version", "versions"), id)
				}
			}
			old, err := store.DocumentVersion(ctx, id, from)
			if err != nil {
				return fmt.Errorf("diff: %w", err)
			}
			new, err := store.DocumentVersion(ctx, id, to)
			if err != nil {
				return fmt.Errorf("diff: %w", err)
			}
			d := diff.Documents(old, new)
			d.From, d.To = from, to
			if asJSON {
				return textout.JSON(e.stdout, d)
			}
			return d.WriteText(e.stdout, colorOK(e.stdout))
		},
	}
}
