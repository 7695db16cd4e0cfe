package bench_test

import (
	"path/filepath"
	"testing"

	"github.com/rostrum/rostrum/internal/bench"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
)

// TestRun runs the whole harness on a small corpus: every query of the
// mix must run without error and every class must be measured.
func TestRun(t *testing.T) {
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("shared corpus not found (../shared/corpus)")
	}
	tmp := t.TempDir()
	cfg := bench.Config{
		Docs: 300, Seed: 7, Russian: 0.2, Rounds: 2, Grep: true,
		Learn:   filepath.Join(dir, "kremlin-en"),
		Dir:     filepath.Join(tmp, "corpus"),
		DB:      filepath.Join(tmp, "bench.db"),
		Formats: ingest.Formats{ingest.FormatKremlinText: ingest.Single(kremlintext.Parse)},
	}
	rep, err := bench.Run(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Failures) > 0 {
		t.Errorf("failed queries: %v", rep.Failures)
	}
	if rep.Docs != 300 || rep.IngestRate <= 0 || rep.ArchiveBytes <= 0 || rep.CorpusBytes <= 0 {
		t.Errorf("report %+v: want 300 documents ingested, sizes measured", rep)
	}
	for _, l := range rep.Latencies {
		if l.Runs == 0 || l.Errors > 0 || l.P50 <= 0 || l.P50 > l.P99 {
			t.Errorf("class %s: %+v", l.Class, l)
		}
	}
	if rep.All.Runs != 2*len(bench.Mix) {
		t.Errorf("%d runs, want %d", rep.All.Runs, 2*len(bench.Mix))
	}
	if rep.GrepMedian <= 0 || rep.SearchMedian <= 0 {
		t.Errorf("grep %v, search %v: want both timed", rep.GrepMedian, rep.SearchMedian)
	}
	// A second run reuses the corpus.
	rep2, err := bench.Run(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rep2.GenTime != 0 || rep2.CorpusBytes != rep.CorpusBytes {
		t.Errorf("second run regenerated the corpus (gen %v, %d bytes vs %d)", rep2.GenTime, rep2.CorpusBytes, rep.CorpusBytes)
	}
}
