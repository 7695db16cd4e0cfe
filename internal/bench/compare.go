package bench

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/engine"
)

// Compare runs the benchmark once per archive in dsns (SQLite files and
// PostgreSQL URLs), on one generated corpus, one after the other, and
// returns their reports in the same order. With cfg.Reuse each archive
// is queried as it is.
func Compare(ctx context.Context, cfg Config, dsns []string) ([]*Report, error) {
	var reps []*Report
	cfg = cfg.withDefaults() // one corpus, beside the first archive
	for _, dsn := range dsns {
		c := cfg
		c.DB = dsn
		rep, err := Run(ctx, c)
		if err != nil {
			return reps, fmt.Errorf("%s: %w", engine.Display(dsn), err)
		}
		reps = append(reps, rep)
	}
	return reps, nil
}

// WriteReports prints the reports of Compare: each under a "== ENGINE"
// heading, then "== side by side", their comparison.
func WriteReports(w io.Writer, reps []*Report) {
	for _, rep := range reps {
		fmt.Fprintf(w, "== %s\n", rep.Engine)
		rep.Write(w)
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "== side by side")
	WriteComparison(w, reps)
}

// WriteComparison prints reports side by side, one column per archive,
// and the ratio of each to the first.
func WriteComparison(w io.Writer, reps []*Report) {
	if len(reps) == 0 {
		return
	}
	mb := func(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }
	ratio := func(a, b time.Duration) string {
		if b <= 0 {
			return "—"
		}
		return fmt.Sprintf("%.2f×", float64(a)/float64(b))
	}
	first := reps[0]
	fmt.Fprintf(w, "corpus: %d documents, %s of text dumps\n\n", first.Docs, mb(first.CorpusBytes))

	header := []string{"", first.Engine}
	for _, r := range reps[1:] {
		header = append(header, r.Engine, r.Engine+"/"+first.Engine)
	}
	rows := [][]string{header}
	row := func(name string, val func(*Report) string, rat func(r, f *Report) string) {
		cells := []string{name, val(first)}
		for _, r := range reps[1:] {
			cells = append(cells, val(r), rat(r, first))
		}
		rows = append(rows, cells)
	}
	if first.IngestTime > 0 {
		row("ingest docs/s", func(r *Report) string { return fmt.Sprintf("%.0f", r.IngestRate) },
			func(r, f *Report) string { return fmt.Sprintf("%.2f×", r.IngestRate/max(f.IngestRate, 1e-9)) })
		row("ingest time", func(r *Report) string { return r.IngestTime.Round(time.Second).String() },
			func(r, f *Report) string { return ratio(r.IngestTime, f.IngestTime) })
		row("optimize time", func(r *Report) string { return r.OptimizeTime.Round(time.Second).String() },
			func(r, f *Report) string { return ratio(r.OptimizeTime, f.OptimizeTime) })
	}
	row("size on disk", func(r *Report) string { return mb(r.ArchiveBytes) },
		func(r, f *Report) string {
			return fmt.Sprintf("%.2f×", float64(r.ArchiveBytes)/max(float64(f.ArchiveBytes), 1))
		})
	latencyRows := func(class string, get func(*Report) Latency) {
		for _, p := range []struct {
			name string
			at   func(Latency) time.Duration
		}{{"p50", func(l Latency) time.Duration { return l.P50 }}, {"p95", func(l Latency) time.Duration { return l.P95 }}, {"p99", func(l Latency) time.Duration { return l.P99 }}} {
			row(class+" "+p.name+" ms", func(r *Report) string { return ms(p.at(get(r))) },
				func(r, f *Report) string { return ratio(p.at(get(r)), p.at(get(f))) })
		}
	}
	for i, l := range first.Latencies {
		latencyRows(l.Class, func(r *Report) Latency {
			if i < len(r.Latencies) {
				return r.Latencies[i]
			}
			return Latency{}
		})
	}
	latencyRows("whole mix", func(r *Report) Latency { return r.All })
	row("errors", func(r *Report) string { return fmt.Sprint(errorsOf(r)) },
		func(r, f *Report) string { return "" })
	row("peak RSS (bench process)", func(r *Report) string { return mb(r.PeakRSS) },
		func(r, f *Report) string { return "" })

	widths := make([]int, len(header))
	for _, cells := range rows {
		for i, c := range cells {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	for _, cells := range rows {
		var b strings.Builder
		for i, c := range cells {
			pad := widths[i] - len([]rune(c))
			if i == 0 {
				b.WriteString(c + strings.Repeat(" ", pad))
			} else {
				b.WriteString("  " + strings.Repeat(" ", pad) + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	for _, r := range reps {
		for _, f := range r.Failures {
			fmt.Fprintf(w, "failed (%s): %s\n", r.Engine, f)
		}
	}
}

func errorsOf(r *Report) int {
	n := 0
	for _, l := range r.Latencies {
		n += l.Errors
	}
	return n
}
