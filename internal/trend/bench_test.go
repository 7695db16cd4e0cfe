package trend_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/trend"
)

// TestArchiveTimes times a trend's two parts, the word counts and the
// whole run, on the archive $ROSTRUM_TREND_DB (a copy: opening it may
// migrate it); it skips without one. For BENCHMARKS.md.
func TestArchiveTimes(t *testing.T) {
	path := os.Getenv("ROSTRUM_TREND_DB")
	if path == "" {
		t.Skip("set ROSTRUM_TREND_DB to an archive to time")
	}
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, q := range []string{"xyzzyq", "xyzzyq lang:ru", "xyzzyq from:2015-01-01 to:2016-12-31", "economy", "переговоры"} {
		parsed, err := search.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		for _, byPerson := range []bool{false, true} {
			start := time.Now()
			wc, err := st.WordCounts(t.Context(), parsed, byPerson)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(os.Stderr, "WordCounts(%q, byPerson %v): %d rows in %v\n", q, byPerson, len(wc), time.Since(start).Round(time.Millisecond))
		}
		for _, per := range []string{"", trend.PerLang} {
			start := time.Now()
			res, err := trend.Run(t.Context(), st, &trend.Request{Queries: []trend.Query{{Text: q, Parsed: parsed}}, Per: per})
			hits := int64(0)
			if res != nil {
				for _, s := range res.Series {
					hits += s.Hits
				}
			}
			fmt.Fprintf(os.Stderr, "trend %q per %q: %d hits in %v (%v)\n", q, per, hits, time.Since(start).Round(time.Millisecond), err)
		}
	}
}
