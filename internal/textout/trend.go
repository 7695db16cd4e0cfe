package textout

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/rostrum/rostrum/internal/trend"
)

// Trend prints each series as a table, with a bar for the rate
// scaled to the series' highest.
func Trend(w io.Writer, res *trend.Result) {
	for i, s := range res.Series {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s: %s in %s words, %s per million\n", Escape(s.Label()), Plural(int(s.Hits), "hit", "hits"),
			Thousands(int(s.Words)), rate(s.PerMillion))
		top := 0.0
		for _, p := range s.Points {
			if p.PerMillion != nil {
				top = max(top, *p.PerMillion)
			}
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "PERIOD\tHITS\tWORDS\tPER MILLION\t\t")
		for _, p := range s.Points {
			bar := ""
			if p.PerMillion != nil && top > 0 {
				bar = strings.Repeat("█", int(*p.PerMillion/top*30+0.5))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\t%s\n", p.Period, Thousands(int(p.Hits)), Thousands(int(p.Words)), rate(p.PerMillion), bar)
		}
		tw.Flush()
	}
}

// rate writes a rate per million words with two decimals; "–" when none.
func rate(r *float64) string {
	if r == nil {
		return "–"
	}
	return strconv.FormatFloat(*r, 'f', 2, 64)
}
