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
		Usage: `
Usage: rostrum trend [--db FILE] [--by year|month] [--per person|lang]
                     [--json] QUERY [QUERY...]

Trend counts, for each QUERY (one argument each: quote a query of
several words) and each period, the occurrences of its words or phrases
(hits: counted exactly as 'rostrum kwic' counts its lines), all the words
spoken in that period within the query's scope (words: the turns its
filters and dates select, the denominator) and the rate per million
words (per_million = hits × 1,000,000 / words). The archive holds many
more documents in some years than in others, so compare the rate, not
the hits. person:, speaker:, topic:, lang:, from: and to: narrow both
the hits and the words; undated documents are left out.

--by month labels periods YYYY-MM instead of YYYY. --per person gives a
series for each person who said the words (the words of their own
turns as the denominator), --per lang one for each language. A period
without words in a series' scope has no row. --json prints
{"by", "series": [{"query", "hits", "words", "per_million",
"points": [{"period", "hits", "words", "per_million"}]}]}, with
"person" or "lang" in each series under --per. A trend whose scope
selects no dated words at all (a date range without documents, say) is
an error.

Example:

	rostrum trend sanctions
	rostrum trend --by month 'sanctions from:2022-01-01' 'energy from:2022-01-01'
	rostrum trend --per lang 'terrorism' --json > terrorism.json
`,
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
