package verify_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/verify"
)

// BenchmarkVerify times verification on the archive named by
// $ROSTRUM_VERIFY_DB (skipped when unset), such as one made by
// 'rostrum bench --docs 100000': 30 quotes drawn from its turns, each
// verified as it is, with a figure changed (altered), reworded (a word
// in four replaced), and a sentence that is nowhere in it (not found).
// It reports the milliseconds per verification, median and 90th
// percentile.
func BenchmarkVerify(b *testing.B) {
	path := os.Getenv("ROSTRUM_VERIFY_DB")
	if path == "" {
		b.Skip("set ROSTRUM_VERIFY_DB to an archive to time verification on")
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	quotes := benchQuotes(b, st)
	var times []time.Duration
	byVerdict := map[string][]time.Duration{}
	for b.Loop() {
		for _, q := range quotes {
			start := time.Now()
			res, err := verify.Run(ctx, st, &verify.Request{Quote: q})
			if err != nil {
				b.Fatal(err)
			}
			d := time.Since(start)
			times = append(times, d)
			byVerdict[res.Verdict] = append(byVerdict[res.Verdict], d)
		}
	}
	for v, ts := range byVerdict {
		slices.Sort(ts)
		b.Logf("%-9s %3d quotes: median %v, 90th percentile %v", v, len(ts), ts[len(ts)/2].Round(time.Millisecond), ts[len(ts)*9/10].Round(time.Millisecond))
	}
	slices.Sort(times)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(times[len(times)/2]), "ms-p50")
	b.ReportMetric(ms(times[len(times)*9/10]), "ms-p90")
	b.ReportMetric(ms(times[len(times)-1]), "ms-max")
	b.ReportMetric(float64(len(quotes)), "quotes")
}

// benchQuotes draws sentences from the turns of documents a few common
// words find, and makes their variants.
func benchQuotes(b *testing.B, st *sqlite.Store) []string {
	var out []string
	for _, w := range []string{"energy", "cooperation", "budget", "region", "security", "economy", "people", "children", "international", "development"} {
		res, err := st.Search(context.Background(), &transcript.SearchRequest{Query: &transcript.Query{Text: transcript.Word{Text: w}}, Limit: 10, TurnsPerDoc: 1})
		if err != nil {
			b.Fatal(err)
		}
		for _, h := range res.Hits {
			if len(out) >= 30 || len(h.Turns) == 0 {
				continue
			}
			d, err := st.Document(context.Background(), h.ID)
			if err != nil {
				b.Fatal(err)
			}
		turns:
			for _, t := range d.Turns {
				for s := range strings.SplitSeq(strings.Join(t.Paragraphs, " "), ". ") {
					if n := len(strings.Fields(s)); n >= 12 && n <= 40 {
						out = append(out, s)
						break turns
					}
				}
			}
		}
	}
	if len(out) < 10 {
		b.Fatalf("found %d sentences", len(out))
	}
	var quotes []string
	for i, s := range out {
		ws := strings.Fields(s)
		altered := slices.Clone(ws)
		altered[len(altered)/2] = "1234"
		reworded := slices.Clone(ws)
		for j := 1; j < len(reworded); j += 4 {
			reworded[j] = "furthermore"
		}
		quotes = append(quotes, s, strings.Join(altered, " "), strings.Join(reworded, " "))
		if i%3 == 0 {
			quotes = append(quotes, "Our government will build three hundred new bridges across Siberia before the next parliamentary election.")
		}
	}
	return quotes
}
