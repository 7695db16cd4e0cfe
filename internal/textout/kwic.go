package textout

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/kwic"
)

// KWICSummary says how many lines were shown of how many occurrences.
func KWICSummary(res *kwic.Result, took time.Duration) string {
	where := fmt.Sprintf("in %s of %s (%s)", Plural(res.Turns, "turn", "turns"), Plural(res.Documents, "document", "documents"),
		took.Round(time.Millisecond))
	if len(res.Lines) < res.Occurrences {
		return fmt.Sprintf("showing %s of %s occurrences %s; raise --limit for more", Thousands(len(res.Lines)), Thousands(res.Occurrences), where)
	}
	if res.Occurrences == 1 {
		return "1 occurrence " + where
	}
	return fmt.Sprintf("%s occurrences %s", Thousands(res.Occurrences), where)
}

// KWIC prints the lines in aligned columns: the left context
// right-aligned, the match (bold on a terminal, else between ** marks),
// the right context, then who said it, when and the permalink.
func KWIC(w io.Writer, res *kwic.Result, width int, took time.Duration, tty bool) {
	on, off := "**", "**"
	if tty {
		on, off = "\x1b[1m", "\x1b[0m"
	}
	fmt.Fprintln(w, KWICSummary(res, took))
	if res.Disagreed > 0 {
		fmt.Fprintf(w, "(%s had more matching turns than could be selected; only the best %d of each were read)\n",
			Plural(res.Disagreed, "document", "documents"), kwic.TurnsPerDoc)
	}
	for _, l := range res.Lines {
		left, right := Escape(l.Left), Escape(l.Right)
		who := Escape(l.Speaker)
		if who == "" {
			who = "(text)"
		}
		fmt.Fprintf(w, "%s%s%s%s%s%s  %s · %s · %s\n", strings.Repeat(" ", max(0, width+1-utf8.RuneCountInString(left))), left,
			on, Escape(l.Match), off, right+strings.Repeat(" ", max(0, width+1-utf8.RuneCountInString(right))), who, l.Date, Escape(l.Permalink))
	}
}
