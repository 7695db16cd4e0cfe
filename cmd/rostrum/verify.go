package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/verify"
)

// maxQuoteFile bounds what verify reads of --file: far more than a
// quote may hold, so that an oversized one is told its size.
const maxQuoteFile = 1 << 20

func verifyCmd() *command {
	var (
		asJSON bool
		file   string
		within string
	)
	return &command{
		Name:    "verify",
		Summary: "find where a quote comes from, and whether it is exact, close or altered",
		Usage: `
Usage: rostrum verify [--db FILE] [--in FILTERS] [--json] "QUOTE"
       rostrum verify [--db FILE] [--in FILTERS] [--json] --file FILE

Verify finds the turn of the archive that a quote comes from, even when
it was trimmed, re-punctuated, lightly reworded, or changed, and says
how faithful it is:

	exact      the source's words, in its order (case and punctuation aside)
	close      small differences of wording, none in a figure, a name or
	           a negation
	altered    a figure, a name (a capitalised word) or a negation (not,
	           no, never, не, нет, ни, никогда…) differs
	not_found  no turn holds enough of the quote

It is not a search for the quote as a whole: it looks for turns that
hold several of the quote's rarest words, aligns the quote with each
word by word (every form of a word matching, as in a search), and keeps
the best. It prints the verdict, the source turn (permalink, speaker,
date, version), a word-level diff from the source to the quote
([-the source's words-] {+the quote's words+}, with the kind of each
difference that alters it), whether the source was edited since (the
quote matching an older version, or the matched text reading differently
in another version), the same turn in the event's other edition (English
or Russian) when the archive has it, and other turns that hold the quote.
An ellipsis (… or ...) in the quote says that words were left out there.
Nothing is translated: a quote translated back from another language is
found only in the words it shares with an edition.

The quote is the arguments, or --file (- for standard input); it may
have up to 4096 bytes, and needs 3 words. --in narrows where it is looked
for with the search's filters (person:, topic:, lang:, from:, to: …; see
'rostrum search --help'). --json prints {"verdict", "match": {...},
"diff": [...], "alternatives": [...], ...}. The exit status is 0 when a
verdict was given, not_found included, and 2 for a bad quote.

Example:

	rostrum verify "We already have regions that have no oil or gas but show GDP growth of more than 10% per annum"
	rostrum verify --in 'person:putin from:2020' --json --file quote.txt
	pbpaste | rostrum verify --file -
`,
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.StringVar(&file, "file", "", "read the quote from this `file` (- for standard input)")
			fs.StringVar(&within, "in", "", "look only where these search `filters` allow (person:, topic:, lang:, from:, to:)")
			fs.BoolVar(&asJSON, "json", false, "print JSON instead of text")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			quote := strings.Join(args, " ")
			switch {
			case file != "" && len(args) > 0:
				return usagef("verify: give the quote as arguments or --file, not both")
			case file != "":
				var err error
				if quote, err = readQuote(e, file); err != nil {
					return err
				}
			case len(args) == 0:
				return usagef("verify: no quote (run 'rostrum verify --help')")
			}
			req := verify.Request{Quote: quote}
			if strings.TrimSpace(within) != "" {
				q, err := search.ParseQuery(within)
				if err != nil {
					return queryError("verify --in", err)
				}
				req.Within = q
			}
			if err := req.Validate(); err != nil {
				return usagef("verify: %s", transcript.Message(err, transcript.ErrInvalid))
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			start := time.Now()
			res, err := verify.Run(ctx, store, &req)
			if err != nil {
				if errors.Is(err, transcript.ErrInvalid) {
					return usagef("verify: %s", transcript.Message(err, transcript.ErrInvalid))
				}
				return fmt.Errorf("verify: %w", err)
			}
			if asJSON {
				return textout.JSON(e.stdout, res)
			}
			textout.Verify(e.stdout, res, time.Since(start), isTerminal(e.stdout))
			return nil
		},
	}
}

// readQuote reads --file.
func readQuote(e *env, file string) (string, error) {
	var r io.Reader = e.stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return "", usagef("verify: %v", err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxQuoteFile+1))
	if err != nil {
		return "", fmt.Errorf("verify: read %s: %w", file, err)
	}
	if len(b) > maxQuoteFile {
		return "", usagef("verify: %s has more than %d bytes; a quote may have %d", file, maxQuoteFile, verify.MaxQuoteBytes)
	}
	return string(b), nil
}
