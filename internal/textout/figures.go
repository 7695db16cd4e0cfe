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

// Figures prints figs, shown of total: a summary line, then a figure a
// line; with asJSON, a figure a JSON line, and the summary on stderr.
func Figures(stdout, stderr io.Writer, figs []figures.Figure, total int, asJSON bool) error {
	if asJSON {
		if err := JSONLines(stdout, figs); err != nil {
			return err
		}
		_, err := fmt.Fprintln(stderr, FiguresSummary(len(figs), total))
		return err
	}
	fmt.Fprintln(stdout, FiguresSummary(len(figs), total))
	for i := range figs {
		Figure(stdout, &figs[i], "")
	}
	return nil
}

// ConflictList prints the conflicting groups found among n figures: as
// Conflicts does, or with asJSON a group a JSON line and the count on
// stderr.
func ConflictList(stdout, stderr io.Writer, groups []figures.Group, n int, asJSON bool) error {
	if !asJSON {
		Conflicts(stdout, groups, n)
		return nil
	}
	if err := JSONLines(stdout, groups); err != nil {
		return err
	}
	_, err := fmt.Fprintf(stderr, "%s among %s\n", Plural(len(groups), "conflict", "conflicts"), Plural(n, "figure", "figures"))
	return err
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
