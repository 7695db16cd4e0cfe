package textout

import (
	"fmt"
	"io"

	"github.com/rostrum/rostrum/internal/figures"
)

// FiguresSummary says how many figures are shown of how many.
func FiguresSummary(shown, total int) string {
	if shown < total {
		return fmt.Sprintf("showing %s of %s figures; raise --limit for more", Thousands(shown), Thousands(total))
	}
	return Plural(total, "figure", "figures")
}

// Figure prints one figure on one line: its normalised value,
// period and subject, then who said it where, and the words as written.
func Figure(w io.Writer, f *figures.Figure, indent string) {
	period, subject, who := f.Period, f.Subject, f.Speaker
	if period == "" {
		period = "-"
	}
	if subject == "" {
		subject = "-"
	}
	if who == "" {
		who = "(text)"
	}
	fmt.Fprintf(w, "%s%-32s %-5s %-28s %s · %s · %q\n", indent, figures.Describe(f), period, Escape(subject), Escape(who),
		Escape(f.Permalink), Escape(f.Text))
}

// Conflicts prints each group: its subject, unit and period, then
// its figures.
func Conflicts(w io.Writer, groups []figures.Group, n int) {
	fmt.Fprintf(w, "%s among %s\n", Plural(len(groups), "conflict", "conflicts"), Plural(n, "figure", "figures"))
	for _, g := range groups {
		fmt.Fprintf(w, "\n%s · %s · %s: %s\n", Escape(g.Subject), g.Unit, g.Period, g.Relation)
		for i := range g.Figures {
			Figure(w, &g.Figures[i], "  ")
		}
	}
}
