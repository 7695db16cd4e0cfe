package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/trend"
)

func trendCmd() *command {
	var (
		asJSON bool
		req    trend.Request
	)
	return &command{
		Name:    "trend",
		Summary: "chart how often words are used, per year or month, per million words",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.StringVar(&req.By, "by", trend.ByYear, "period: year or month")
			fs.StringVar(&req.Per, "per", "", "one series per person or lang")
			fs.BoolVar(&asJSON, "json", false, "print JSON instead of a table")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) == 0 {
				return usagef("trend: no query (run 'rostrum trend --help')")
			}
			req.Queries = nil
			for _, a := range args {
				if strings.TrimSpace(a) == "" {
					return usagef("trend: an empty query")
				}
				q, err := search.ParseQuery(a)
				if err != nil {
					return queryError("trend", err)
				}
				req.Queries = append(req.Queries, trend.Query{Text: a, Parsed: q})
			}
			if err := req.Validate(); err != nil {
				return usagef("trend: %s", transcript.Message(err, transcript.ErrInvalid))
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			req.Vocab = peopleVocab(store)
			start := time.Now()
			res, err := trend.Run(ctx, store, &req)
			if err != nil {
				if errors.Is(err, transcript.ErrInvalid) {
					return usagef("trend: %s", transcript.Message(err, transcript.ErrInvalid))
				}
				return fmt.Errorf("trend: %w", err)
			}
			if asJSON {
				return textout.JSON(e.stdout, res)
			}
			textout.Trend(e.stdout, res)
			fmt.Fprintf(e.stdout, "(%s)\n", time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
}
