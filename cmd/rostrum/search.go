package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

func searchCmd() *command {
	var (
		asJSON, facets bool
		req            transcript.SearchRequest
	)
	return &command{
		name:    "search",
		summary: "find who said what, when",
		usage: `
Usage: rostrum search [--db FILE] [--sort relevance|newest|oldest] [--limit N]
                      [--turns N] [--facets] [--json] [--cursor C] QUERY...

Search finds the turns (and titles and leads) that match QUERY, grouped by
document, best first: each matching turn with its speaker, a snippet with
the matching words marked, and its permalink DOCID#tN. The words of QUERY
may be given as several arguments.

The query language:

	talks                    words match every form (talk, talks, talked;
	                         переговоры finds переговоров; ё is е)
	sanctions energy         all words must match, in one turn
	"strategic partnership"  a phrase
	sanctions OR embargo     either word; -oil or NOT oil excludes
	(gas OR oil) price*      grouping; price* matches price, prices, pricing
	person:putin             turns by a person: any word of a name or label
	speaker:Question         turns under a printed label
	topic:energy geography:kazakhstan section:transcripts type:news
	qa:answer qa:question    turns that answer a question of the press, or
	                         the questions (see 'rostrum qa --help')
	lang:ru from:2019 to:2020-06
	                         filters: the same field twice means either,
	                         different fields must all hold; -topic:x
	                         excludes; dates take YYYY, YYYY-MM or YYYY-MM-DD

A query of filters only lists documents (or, with person: or speaker:,
turns) newest first. A filter value the archive does not know is an
error that names the nearest known value.

--facets adds counts over the whole result: speakers, topics,
geography, sections, years and hits per month. --json prints the result
as JSON (the same fields), for scripts. Each page ends with the cursor
of the next one: pass it to --cursor.

Example:

	rostrum search 'person:Tokayev CSTO'
	rostrum search --sort newest 'person:"Vladimir Putin" from:2019'
	rostrum search --facets --json '"comprehensive strategic partnership"'
`,
		flags: func(fs *flag.FlagSet, e *env) {
			fs.StringVar(&req.Sort, "sort", "", "order: relevance, newest or oldest (default relevance, or newest for filters alone)")
			fs.IntVar(&req.Limit, "limit", 10, fmt.Sprintf("documents per page (1–%d)", transcript.MaxSearchLimit))
			fs.IntVar(&req.TurnsPerDoc, "turns", transcript.DefaultTurnsPerDoc, "matching turns shown per document")
			fs.StringVar(&req.Cursor, "cursor", "", "continue after a previous page (its next cursor)")
			fs.BoolVar(&facets, "facets", false, "count speakers, topics, geography, sections, years and months")
			fs.BoolVar(&asJSON, "json", false, "print JSON instead of text")
		},
		run: func(ctx context.Context, e *env, args []string) error {
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
				enc := json.NewEncoder(e.stdout)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			writeResult(e.stdout, res, took, isTerminal(e.stdout))
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

// writeResult prints a result for reading. Marked words are bold on a
// terminal and **starred** otherwise.
func writeResult(w io.Writer, res *transcript.SearchResult, took time.Duration, tty bool) {
	on, off := "**", "**"
	if tty {
		on, off = "\x1b[1m", "\x1b[0m"
	}
	// The archive's text is escaped (see escape) before the marks, which
	// are the only escape sequences written, are put around it.
	mark := func(s transcript.Snippet) string {
		var b strings.Builder
		last := 0
		for _, m := range s.Marks {
			b.WriteString(escape(s.Text[last:m[0]]))
			b.WriteString(on + escape(s.Text[m[0]:m[1]]) + off)
			last = m[1]
		}
		b.WriteString(escape(s.Text[last:]))
		return b.String()
	}
	fmt.Fprintf(w, "%s in %s (%s)\n", plural(res.Total, "match", "matches"), plural(res.Documents, "document", "documents"),
		took.Round(100*time.Microsecond))
	if res.RankedNewest > 0 {
		fmt.Fprintf(w, "Ranked: the newest %d matches (use --sort newest or a filter for all of them)\n", res.RankedNewest)
	}
	for i, h := range res.Hits {
		title := escape(h.Title)
		if h.Header != nil && h.Header.Text == h.Title {
			title = mark(*h.Header)
		}
		if title == "" {
			title = "(untitled)"
		}
		fmt.Fprintf(w, "\n%d. %s\n", i+1, title)
		meta := []string{}
		for _, s := range []string{h.Date, h.Section, h.Place, h.ID} {
			if s != "" {
				meta = append(meta, escape(s))
			}
		}
		fmt.Fprintf(w, "   %s\n", strings.Join(meta, " · "))
		if h.Header != nil && h.Header.Text != h.Title {
			fmt.Fprintf(w, "   %s\n", mark(*h.Header))
		}
		for _, t := range h.Turns {
			who := escape(t.Speaker)
			if who == "" {
				who = "(text)"
			}
			fmt.Fprintf(w, "   %s — %s\n     %s\n", who, escape(t.Permalink), mark(t.Snippet))
		}
		if more := h.Matches - len(h.Turns); more > 0 {
			fmt.Fprintf(w, "   + %s\n", plural(more, "more matching turn", "more matching turns"))
		}
	}
	if f := res.Facets; f != nil {
		facet := func(name string, counts []transcript.FacetCount) {
			if len(counts) == 0 {
				return
			}
			parts := make([]string, len(counts))
			for i, c := range counts {
				parts[i] = fmt.Sprintf("%s (%d)", escape(c.Value), c.Count)
			}
			fmt.Fprintf(w, "%-10s %s\n", name+":", strings.Join(parts, ", "))
		}
		fmt.Fprintln(w)
		if f.Sampled > 0 {
			fmt.Fprintf(w, "(speakers, topics, geography and sections count the newest %d matches)\n", f.Sampled)
		}
		facet("Speakers", f.Persons)
		facet("Topics", f.Topics)
		facet("Geography", f.Geography)
		facet("Sections", f.Sections)
		facet("Years", f.Years)
		facet("Months", f.Months)
	}
	if res.Next != "" {
		fmt.Fprintf(w, "\nMore: --cursor %s\n", res.Next)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
