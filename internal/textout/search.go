package textout

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/transcript"
)

// SearchResult prints a result for reading. Marked words are bold on a
// terminal and **starred** otherwise.
func SearchResult(w io.Writer, res *transcript.SearchResult, took time.Duration, tty bool) {
	on, off := "**", "**"
	if tty {
		on, off = "\x1b[1m", "\x1b[0m"
	}
	// The archive's text is escaped (see Escape) before the marks, which
	// are the only escape sequences written, are put around it.
	mark := func(s transcript.Snippet) string {
		var b strings.Builder
		last := 0
		for _, m := range s.Marks {
			b.WriteString(Escape(s.Text[last:m[0]]))
			b.WriteString(on + Escape(s.Text[m[0]:m[1]]) + off)
			last = m[1]
		}
		b.WriteString(Escape(s.Text[last:]))
		return b.String()
	}
	fmt.Fprintf(w, "%s in %s (%s)\n", Plural(res.Total, "match", "matches"), Plural(res.Documents, "document", "documents"),
		took.Round(100*time.Microsecond))
	if res.RankedNewest > 0 {
		fmt.Fprintf(w, "Ranked: the newest %d matches (use --sort newest or a filter for all of them)\n", res.RankedNewest)
	}
	for i, h := range res.Hits {
		title := Escape(h.Title)
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
				meta = append(meta, Escape(s))
			}
		}
		fmt.Fprintf(w, "   %s\n", strings.Join(meta, " · "))
		if h.Header != nil && h.Header.Text != h.Title {
			fmt.Fprintf(w, "   %s\n", mark(*h.Header))
		}
		for _, t := range h.Turns {
			who := Escape(t.Speaker)
			if who == "" {
				who = "(text)"
			}
			fmt.Fprintf(w, "   %s — %s\n     %s\n", who, Escape(t.Permalink), mark(t.Snippet))
		}
		if more := h.Matches - len(h.Turns); more > 0 {
			fmt.Fprintf(w, "   + %s\n", Plural(more, "more matching turn", "more matching turns"))
		}
	}
	if f := res.Facets; f != nil {
		facet := func(name string, counts []transcript.FacetCount) {
			if len(counts) == 0 {
				return
			}
			parts := make([]string, len(counts))
			for i, c := range counts {
				parts[i] = fmt.Sprintf("%s (%d)", Escape(c.Value), c.Count)
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
