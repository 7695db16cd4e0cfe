package textout

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/transcript"
)

// JSONStats is the --json form of transcript.Stats.
type JSONStats struct {
	Documents       int         `json:"documents"`
	Versions        int         `json:"versions"`
	Turns           int         `json:"turns"`
	Paragraphs      int         `json:"paragraphs"`
	Persons         int         `json:"persons"`
	UnresolvedTurns int         `json:"unresolved_speaker_turns"`
	ByYear          []JSONCount `json:"by_year"`
	BySection       []JSONCount `json:"by_section"`
	ByLanguage      []JSONCount `json:"by_language"`
	RawBytes        int64       `json:"raw_bytes"`
}

type JSONCount struct {
	Key string `json:"key"`
	N   int    `json:"n"`
}

func counts(cs []transcript.Count) []JSONCount {
	out := []JSONCount{}
	for _, c := range cs {
		out = append(out, JSONCount{c.Key, c.N})
	}
	return out
}

// StatsJSON writes st as an indented JSONStats.
func StatsJSON(w io.Writer, st transcript.Stats) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(JSONStats{
		Documents: st.Documents, Versions: st.Versions, Turns: st.Turns, Paragraphs: st.Paragraphs,
		Persons: st.Persons, UnresolvedTurns: st.UnresolvedTurns, ByYear: counts(st.ByYear),
		BySection: counts(st.BySection), ByLanguage: counts(st.ByLanguage), RawBytes: st.RawBytes,
	})
}

// Stats writes st as a table, its numbers in one column.
func Stats(w io.Writer, st transcript.Stats) error {
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
