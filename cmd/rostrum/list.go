package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
)

// listSorts are the orders rostrum list knows.
var listSorts = []string{transcript.SortNewest, transcript.SortOldest, archive.SortTitle}

func listCmd() *command {
	var (
		sortBy string
		limit  int
		asJSON bool
	)
	return &command{
		Name:    "list",
		Summary: "list the archive's documents, all or those a query selects",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.StringVar(&sortBy, "sort", transcript.SortNewest, "order: "+strings.Join(listSorts, ", "))
			fs.IntVar(&limit, "limit", 0, "list at most `N` documents (0: all)")
			fs.BoolVar(&asJSON, "json", false, "print JSON Lines instead of text")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if !slices.Contains(listSorts, sortBy) {
				return usagef("list: unknown sort %q; the orders are %s", sortBy, strings.Join(listSorts, ", "))
			}
			if limit < 0 {
				return usagef("list: --limit must be 0 (all) or more, not %d", limit)
			}
			q := &transcript.Query{}
			if text := strings.Join(args, " "); strings.TrimSpace(text) != "" {
				parsed, err := search.ParseQuery(text)
				if err != nil {
					return queryError("list", err)
				}
				q = parsed
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			hits, err := archive.List(ctx, store, q, sortBy, limit)
			if errors.Is(err, transcript.ErrInvalid) {
				return usagef("list: %s", transcript.Message(err, transcript.ErrInvalid))
			} else if err != nil {
				return fmt.Errorf("list: %w", err)
			}
			if err := textout.Documents(e.stdout, hits, asJSON); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "%s\n", textout.Plural(len(hits), "document", "documents"))
			return nil
		},
	}
}
