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
)

func searchCmd() *command {
	var (
		asJSON, facets bool
		req            transcript.SearchRequest
	)
	return &command{
		Name:    "search",
		Summary: "find who said what, when",
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.StringVar(&req.Sort, "sort", "", "order: relevance, newest or oldest (default relevance, or newest for filters alone)")
			fs.IntVar(&req.Limit, "limit", 10, fmt.Sprintf("documents per page (1–%d)", transcript.MaxSearchLimit))
			fs.IntVar(&req.TurnsPerDoc, "turns", transcript.DefaultTurnsPerDoc, "matching turns shown per document")
			fs.StringVar(&req.Cursor, "cursor", "", "continue after a previous page (its next cursor)")
			fs.BoolVar(&facets, "facets", false, "count speakers, topics, geography, sections, years and months")
			fs.BoolVar(&asJSON, "json", false, "print JSON instead of text")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			q, err := queryArgs("search", args)
			if err != nil {
				return err
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			req.Query, req.Facets = q, facets
			start := time.Now()
			res, err := store.Search(ctx, &req)
			took := time.Since(start)
			if err != nil {
				if errors.Is(err, transcript.ErrInvalid) {
					return usagef("search: %s", transcript.Message(err, transcript.ErrInvalid))
				}
				return fmt.Errorf("search: %w", err)
			}
			if asJSON {
				return textout.JSON(e.stdout, res)
			}
			textout.SearchResult(e.stdout, res, took, isTerminal(e.stdout))
			return nil
		},
	}
}

// queryError shows a malformed query with a caret under the fault.
func queryError(cmd string, err error) error {
	var qe *search.QueryError
	if errors.As(err, &qe) {
		caret := strings.ReplaceAll(qe.Caret(), "\n", "\n  ")
		return usagef("%s: %s\n  %s", cmd, qe.Error(), caret)
	}
	return usagef("%s: %v", cmd, err)
}

// queryArgs reads a command's query from its arguments (several words
// are one query), as a usage error naming cmd when it is missing or does
// not parse.
func queryArgs(cmd string, args []string) (*transcript.Query, error) {
	text := strings.Join(args, " ")
	if strings.TrimSpace(text) == "" {
		return nil, usagef("%s: no query (run 'rostrum %s --help')", cmd, cmd)
	}
	q, err := search.ParseQuery(text)
	if err != nil {
		return nil, queryError(cmd, err)
	}
	return q, nil
}
