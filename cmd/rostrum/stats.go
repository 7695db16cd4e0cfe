package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

func statsCmd() *command {
	var asJSON bool
	return &command{
		name:    "stats",
		summary: "summarise the archive",
		usage: `
Usage: rostrum stats [--db FILE] [--json]

Stats summarises the archive: documents, stored versions, turns,
paragraphs, persons (one per person, as rostrum persons lists them), labelled turns whose speaker is not
resolved to a person (neither a person nor an anonymous Question or
Remark: worth a look), the documents by year, by section and by
language, and the raw input kept. --json prints the same as one JSON
object.

Example:

	rostrum stats --db archive.db
	rostrum stats --db archive.db --json | jq .by_year
`,
		flags: func(fs *flag.FlagSet, e *env) {
			fs.BoolVar(&asJSON, "json", false, "print JSON instead of a table")
		},
		run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("stats: unexpected argument %q (run 'rostrum stats --help')", args[0])
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			st, err := store.Stats(ctx)
			if err != nil {
				return fmt.Errorf("stats: %w", err)
			}
			// Persons as the person registry counts them: one per person,
			// whatever the spellings (rostrum persons).
			people, err := archive.LoadPeople(ctx, store)
			if err != nil {
				return fmt.Errorf("stats: %w", err)
			}
			st.Persons = len(people.Persons)
			if asJSON {
				return writeStatsJSON(e.stdout, st)
			}
			return writeStats(e.stdout, st)
		},
	}
}

// statsJSON is the --json form of transcript.Stats.
type statsJSON struct {
	Documents       int         `json:"documents"`
	Versions        int         `json:"versions"`
	Turns           int         `json:"turns"`
	Paragraphs      int         `json:"paragraphs"`
	Persons         int         `json:"persons"`
	UnresolvedTurns int         `json:"unresolved_speaker_turns"`
	ByYear          []countJSON `json:"by_year"`
	BySection       []countJSON `json:"by_section"`
	ByLanguage      []countJSON `json:"by_language"`
	RawBytes        int64       `json:"raw_bytes"`
}

type countJSON struct {
	Key string `json:"key"`
	N   int    `json:"n"`
}

func counts(cs []transcript.Count) []countJSON {
	out := []countJSON{}
	for _, c := range cs {
		out = append(out, countJSON{c.Key, c.N})
	}
	return out
}

func writeStatsJSON(w io.Writer, st transcript.Stats) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(statsJSON{
		Documents: st.Documents, Versions: st.Versions, Turns: st.Turns, Paragraphs: st.Paragraphs,
		Persons: st.Persons, UnresolvedTurns: st.UnresolvedTurns, ByYear: counts(st.ByYear),
		BySection: counts(st.BySection), ByLanguage: counts(st.ByLanguage), RawBytes: st.RawBytes,
	})
}

func writeStats(w io.Writer, st transcript.Stats) error {
	type row struct {
		name string
		n    any // nil for a group heading
	}
	rows := []row{
		{"documents", st.Documents}, {"versions", st.Versions}, {"turns", st.Turns},
		{"paragraphs", st.Paragraphs}, {"persons", st.Persons},
		{"unresolved speaker turns", st.UnresolvedTurns}, {"raw bytes", st.RawBytes},
	}
	for _, g := range []struct {
		name string
		cs   []transcript.Count
	}{{"by year", st.ByYear}, {"by section", st.BySection}, {"by language", st.ByLanguage}} {
		rows = append(rows, row{g.name, nil})
		for _, c := range g.cs {
			rows = append(rows, row{"  " + c.Key, c.N})
		}
	}
	// Numbers line up in one column; a name longer than 40 characters (a
	// long section name) keeps its number two spaces after it instead of
	// pushing the column out.
	width := 0
	for _, r := range rows {
		if n := utf8.RuneCountInString(r.name); n <= 40 {
			width = max(width, n)
		}
	}
	var b strings.Builder
	for _, r := range rows {
		if r.n == nil {
			fmt.Fprintln(&b, r.name)
			continue
		}
		pad := max(0, width-utf8.RuneCountInString(r.name))
		fmt.Fprintf(&b, "%s%s  %v\n", r.name, strings.Repeat(" ", pad), r.n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
