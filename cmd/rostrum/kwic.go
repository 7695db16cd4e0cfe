package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/kwic"
	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
)

func kwicCmd() *command {
	var (
		asJSON bool
		req    = kwic.Request{Width: kwic.DefaultWidth, Limit: 1000}
	)
	return &command{
		Name:    "kwic",
		Summary: "show every occurrence of words in context (a concordance)",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.IntVar(&req.Width, "width", kwic.DefaultWidth, fmt.Sprintf("characters of context on each side (1–%d)", kwic.MaxWidth))
			fs.StringVar(&req.Sort, "sort", kwic.SortDate, "order: "+strings.Join(kwic.Sorts, ", "))
			fs.IntVar(&req.Limit, "limit", 1000, fmt.Sprintf("lines to print (1–%d)", kwic.MaxLines))
			fs.BoolVar(&asJSON, "json", false, "print JSON Lines instead of text")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			q, err := queryArgs("kwic", args)
			if err != nil {
				return err
			}
			req.Query = q
			if err := req.Validate(); err != nil {
				return usagef("kwic: %s", transcript.Message(err, transcript.ErrInvalid))
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			req.Vocab = peopleVocab(store)
			start := time.Now()
			res, err := kwic.Run(ctx, store, &req)
			took := time.Since(start)
			if err != nil {
				if errors.Is(err, transcript.ErrInvalid) {
					return usagef("kwic: %s", transcript.Message(err, transcript.ErrInvalid))
				}
				return fmt.Errorf("kwic: %w", err)
			}
			if asJSON {
				if err := textout.JSONLines(e.stdout, res.Lines); err != nil {
					return err
				}
				fmt.Fprintln(e.stderr, textout.KWICSummary(res, took))
				return nil
			}
			textout.KWIC(e.stdout, res, req.Width, took, isTerminal(e.stdout))
			return nil
		},
	}
}

// peopleVocab loads an archive's persons and the registry's overrides,
// which person: and speaker: filters need to select turns (kwic, trend,
// figures).
func peopleVocab(store archive.PersonSource) func(context.Context) ([]transcript.Person, *persons.Overrides, error) {
	return func(ctx context.Context) ([]transcript.Person, *persons.Overrides, error) {
		people, err := archive.LoadPeople(ctx, store)
		if err != nil {
			return nil, nil, err
		}
		return people.Stored, people.Overrides, nil
	}
}
