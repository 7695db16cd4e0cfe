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
