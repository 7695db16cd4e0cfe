package ingest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/parser/jsondoc"
	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
)

// corpusSet writes n real pages into dir: the files of shared/corpus that
// match patterns, copied round-robin under new numeric ids, so every copy
// is a distinct document. It returns the bytes written.
func corpusSet(tb testing.TB, dir string, n int, patterns ...string) int64 {
	tb.Helper()
	src := corpus.Dir()
	if src == "" {
		tb.Skip("shared/corpus not found beside the project (set ROSTRUM_CORPUS)")
	}
	var files []string
	for _, pattern := range patterns {
		m, err := filepath.Glob(filepath.Join(src, pattern))
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, m...)
	}
	var total int64
	for i := range n {
		f := files[i%len(files)]
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		id := 1_000_000 + i // a text dump takes its id from its file name
		if strings.HasSuffix(f, ".html") {
			// an HTML page names its id inside: give the copy its own
			old := strings.TrimSuffix(filepath.Base(f), ".html")
			data = []byte(strings.ReplaceAll(string(data), "event-"+old, fmt.Sprint("event-", id)))
			data = []byte(strings.ReplaceAll(string(data), "/d/"+old, fmt.Sprint("/d/", id)))
			data = []byte(strings.ReplaceAll(string(data), "news/"+old, fmt.Sprint("news/", id)))
		}
		name := filepath.Join(dir, fmt.Sprint(i%100), fmt.Sprint(id)+filepath.Ext(f))
		mustWrite(tb, name, string(data))
		total += int64(len(data))
	}
	return total
}

// BenchmarkIngest10k ingests 10,000 real pages into a new SQLite archive,
// with the parsers and settings of rostrum ingest, and reports documents
// per second and the process's peak resident memory. The pages are the
// shared corpus replicated under new ids: "text" uses its 200 text dumps,
// "mixed" adds its 30 HTML pages (13% of the set, 60 KB each).
//
//	go test -run '^$' -bench Ingest10k -benchtime 1x ./internal/ingest/
func BenchmarkIngest10k(b *testing.B) {
	for _, set := range []struct {
		name     string
		patterns []string
	}{
		{"text", []string{"kremlin-en/text/*.txt"}},
		{"mixed", []string{"kremlin-en/text/*.txt", "kremlin-html/*.html"}},
	} {
		b.Run(set.name, func(b *testing.B) { benchIngest(b, set.patterns) })
	}
}

func benchIngest(b *testing.B, patterns []string) {
	const n = 10_000
	dir := b.TempDir()
	size := corpusSet(b, dir, n, patterns...)
	formats := ingest.Formats{
		ingest.FormatKremlinText: ingest.Single(kremlintext.Parse),
		ingest.FormatKremlinHTML: ingest.Single(kremlinhtml.Parse),
		ingest.FormatJSON:        jsondoc.Decode,
	}
	b.SetBytes(size)
	docs := 0
	for b.Loop() {
		b.StopTimer()
		store := newStore(b)
		b.StartTimer()
		// As rostrum ingest does: a bulk load, then the index merged.
		if err := store.StartBulk(b.Context()); err != nil {
			b.Fatal(err)
		}
		res, err := ingest.Run(b.Context(), store, []string{dir}, ingest.Config{Formats: formats})
		if err != nil || res.Inserted != n || res.Failed != 0 {
			b.Fatalf("got %s, %v; want %d ingested; first failures %v", res.Summary(), err, n, res.Failures[:min(3, len(res.Failures))])
		}
		if err := store.EndBulk(b.Context(), true); err != nil {
			b.Fatal(err)
		}
		docs += n
	}
	b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB")
	}
}
