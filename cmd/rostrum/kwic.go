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
		Usage: `
Usage: rostrum kwic [--db FILE] [--width N] [--sort date|left|right|speaker]
                    [--limit N] [--json] QUERY...

Kwic prints a concordance: one line for every occurrence of the query's
words or phrases inside the turns it matches, with the words left and
right of it, the speaker, the date and the permalink DOCID#tN. A turn
that says the word twice gives two lines, and every form of a word
counts (talks finds talk and talked; переговоры finds переговоров).
QUERY is a search query (see 'rostrum search --help'): person:,
speaker:, topic:, lang:, from: and to: narrow the turns; what -word
excludes is never shown. Words of a document's title and lead are not
part of a concordance, which reads turns only.

--width is the context on each side, in characters, cut at a word
boundary. --sort orders the lines: date (the default: newest first,
then in document order), left (by the words before the match, nearest
first, which groups what precedes it), right (by the match, then the
words after it) or speaker (by label). --limit bounds the lines printed
(1000 by default, at most 100000); the first line says when more
occurred. --json prints one JSON object per line (doc_id, turn,
speaker, person, date, left, match, right, permalink, and paragraph,
start and end: the byte offsets of the match in the turn's paragraph),
and the count on standard error.

Example:

	rostrum kwic sanctions
	rostrum kwic --sort left --width 40 '"strategic partnership" from:2015'
	rostrum kwic --json 'person:putin price*' > prices.jsonl
`,
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
