package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/rostrum/rostrum/internal/figures"
	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
)

func figuresCmd() *command {
	var (
		asJSON, conflicts bool
		docID             string
		limit             int
	)
	return &command{
		Name:    "figures",
		Summary: "list the figures quoted in turns (money, percentages, tonnes, people) and their conflicts",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.BoolVar(&asJSON, "json", false, "print JSON Lines instead of text")
			fs.BoolVar(&conflicts, "conflicts", false, "print the groups of figures that cannot all be true")
			fs.StringVar(&docID, "doc", "", "list the figures of document `ID`")
			fs.IntVar(&limit, "limit", 10000, fmt.Sprintf("figures to print (1–%d)", figures.MaxFigures))
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if limit < 1 || limit > figures.MaxFigures {
				return usagef("figures: the limit must be from 1 to %d, not %d", figures.MaxFigures, limit)
			}
			var q *transcript.Query
			switch {
			case docID != "" && len(args) > 0:
				return usagef("figures: give a QUERY or --doc ID, not both")
			case docID != "" && conflicts:
				return usagef("figures: --conflicts reads a query's figures, not --doc's; give a QUERY or none")
			case docID == "" && (len(args) > 0 || !conflicts):
				var err error
				if q, err = queryArgs("figures", args); err != nil {
					return err
				}
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			var figs []figures.Figure
			total := 0
			if docID != "" {
				id, _, _ := strings.Cut(docID, "#")
				figs, err = figures.ForDocument(ctx, store, id)
				if errors.Is(err, transcript.ErrNotFound) {
					return usagef("figures: no document %q in %s (rostrum export lists the ids)", id, displayDSN(e.cfg.DB))
				}
				if err != nil {
					return fmt.Errorf("figures: %w", err)
				}
				total = len(figs)
			} else {
				req := &figures.Request{Query: q}
				if conflicts {
					req.Limit = figures.MaxFigures
				} else {
					req.Limit = limit
				}
				req.Vocab = peopleVocab(store)
				res, err := figures.Run(ctx, store, req)
				if err != nil {
					if errors.Is(err, transcript.ErrInvalid) {
						return usagef("figures: %s", transcript.Message(err, transcript.ErrInvalid))
					}
					return fmt.Errorf("figures: %w", err)
				}
				figs, total = res.Figures, res.Total
			}
			if conflicts {
				return textout.ConflictList(e.stdout, e.stderr, figures.Conflicts(figs), len(figs), asJSON)
			}
			return textout.Figures(e.stdout, e.stderr, figs[:min(len(figs), limit)], total, asJSON)
		},
	}
}
