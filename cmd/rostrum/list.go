package main

import (
	"context"
	"encoding/json"
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
var listSorts = []string{transcript.SortNewest, transcript.SortOldest, "title"}

// listedDocument is a line of rostrum list --json: null where the
// document has no value.
type listedDocument struct {
	ID       string  `json:"id"`
	Date     *string `json:"date"`
	Time     *string `json:"time"`
	Title    *string `json:"title"`
	Section  *string `json:"section"`
	Language *string `json:"language"`
	Place    *string `json:"place"`
	URL      *string `json:"url"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func listCmd() *command {
	var (
		sortBy string
		limit  int
		asJSON bool
	)
	return &command{
		Name:    "list",
		Summary: "list the archive's documents, all or those a query selects",
		Usage: `
Usage: rostrum list [--db FILE] [--sort newest|oldest|title] [--limit N] [--json] [QUERY...]

List prints one line per document: its date, id and title, newest first
by default. Without a query it lists every document; a query in the
search language (see 'rostrum search --help') selects the documents it
matches: filters such as topic:energy lang:ru from:2020 to:2021, person:
(documents where the person speaks), or words (documents where they are
said). --sort title orders by title (case aside), then newest first.
--limit N stops after N documents (0, the default, lists all). The count
is printed to standard error.

--json prints JSON Lines instead, one object per document: id, date,
time, title, section, language, place and url, null where the document
has no value.

Example:

	rostrum list --db archive.db
	rostrum list --db archive.db --sort oldest 'topic:"Foreign policy" from:2021'
	rostrum list --db archive.db --json 'person:Tokayev' > tokayev.jsonl
`,
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
			order := sortBy
			if order == "title" {
				order = transcript.SortNewest
			}
			var hits []transcript.DocumentHit
			req := &transcript.SearchRequest{Query: q, Sort: order, Limit: transcript.MaxSearchLimit, TurnsPerDoc: 1}
			for {
				if err := ctx.Err(); err != nil {
					return err
				}
				res, err := store.Search(ctx, req)
				if err != nil {
					if errors.Is(err, transcript.ErrInvalid) {
						return usagef("list: %s", transcript.Message(err, transcript.ErrInvalid))
					}
					return fmt.Errorf("list: %w", err)
				}
				hits = append(hits, res.Hits...)
				// A title order needs every document before the first
				// line; the others stop at the limit.
				if res.Next == "" || sortBy != "title" && limit > 0 && len(hits) >= limit {
					break
				}
				req.Cursor = res.Next
			}
			if sortBy == "title" {
				archive.SortByTitle(hits)
			}
			if limit > 0 && len(hits) > limit {
				hits = hits[:limit]
			}
			enc := json.NewEncoder(e.stdout)
			enc.SetEscapeHTML(false)
			for _, h := range hits {
				if asJSON {
					if err := enc.Encode(listedDocument{ID: h.ID, Date: nullable(h.Date), Time: nullable(h.Time), Title: nullable(h.Title),
						Section: nullable(h.Section), Language: nullable(h.Language), Place: nullable(h.Place), URL: nullable(h.URL)}); err != nil {
						return err
					}
					continue
				}
				date := h.Date
				if date == "" {
					date = "undated   "
				}
				if _, err := fmt.Fprintf(e.stdout, "%s  %s  %s\n", date, textout.Escape(h.ID), textout.Escape(strings.Join(strings.Fields(h.Title), " "))); err != nil {
					return err
				}
			}
			fmt.Fprintf(e.stderr, "%s\n", textout.Plural(len(hits), "document", "documents"))
			return nil
		},
	}
}
