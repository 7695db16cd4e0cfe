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
		Usage: `
Usage: rostrum figures [--db FILE] [--json] [--limit N] QUERY...
       rostrum figures [--db FILE] [--json] --doc ID
       rostrum figures [--db FILE] [--json] --conflicts [QUERY...]

Figures lists the figures officials quote: amounts of money, percentages,
tonnes and other measures, counts of people, and any count given with
million or billion. Each is read like an analyst would: its value in
full ("US$25.6 billion" and "25,6 млрд долларов" are 25,600,000,000 USD),
its unit (an ISO currency code, percent, tonnes, people …), its bound
(exact; lower for "exceeded", "over", "more than", "свыше"; upper for
"less than", "under", "не более"; approx for "about", "nearly",
"около"), its period (a year in its sentence, or "last year" and "this
year" resolved from the document's date) and its subject (the noun
phrase it measures, such as "trade" or "the regional budget"; empty when
the rules are unsure). Years alone, dates, times, ordinals and decree
numbers are not figures.

QUERY is a search query (see 'rostrum search --help'): its words and
person: or speaker: filters pick the turns, the other filters the
documents; a query of document filters alone (lang:en from:2022) reads
every turn of the documents it matches. --doc lists one document's
figures instead.

--conflicts groups the figures (of the whole archive, or of QUERY's
turns) that share a subject, a unit and a period, and prints the groups
whose values cannot all be true. Bounds count: "US$25.6 billion" and
"exceeded US$21 billion" agree; "US$25.6 billion" and "US$21 billion" do
not. An exact figure allows for its rounding (25.6 is 25.55 to 25.65)
and an approximate one for 10% either side.

--json prints JSON Lines: one figure a line (doc_id, turn, speaker,
person, text, value, unit, bound, period, subject, permalink, and
sentence, paragraph, start and end), or with --conflicts one group a
line (subject, unit, period, figures, relation).

Example:

	rostrum figures trade
	rostrum figures 'person:"Vladimir Putin" budget from:2021'
	rostrum figures --doc kremlin.ru/67763 --json
	rostrum figures --conflicts
	rostrum figures --conflicts --json lang:ru
`,
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
