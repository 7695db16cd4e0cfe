package textout

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/ingest"
)

// Reparse prints the changed documents (with list), the counts, the
// reasons and the time taken.
func Reparse(w io.Writer, res ingest.ReparseResult, list bool) {
	if list {
		for _, c := range res.Changes {
			v := ""
			if c.Version > 0 {
				v = fmt.Sprintf(" (version %d)", c.Version)
			}
			fmt.Fprintf(w, "%s%s: %s\n", c.ID, v, strings.Join(c.Fields, ", "))
		}
	}
	fmt.Fprintln(w, res.Summary())
	if why := res.Why(); why != "" {
		fmt.Fprintln(w, why)
	}
	rate := ingest.ReparseStatus{Done: res.Checked, Elapsed: res.Elapsed}.Rate()
	fmt.Fprintf(w, "%s, %.1f docs/s\n", res.Elapsed.Round(time.Millisecond), rate)
}
