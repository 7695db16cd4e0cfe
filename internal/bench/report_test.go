package bench_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/bench"
)

// TestWriteReports checks what bench --compare prints: each engine's
// report under its heading, in order, then the side-by-side table.
func TestWriteReports(t *testing.T) {
	reps := []*bench.Report{
		{Engine: "SQLite", Docs: 10, IngestTime: time.Second, IngestRate: 10, ArchiveBytes: 1 << 20},
		{Engine: "PostgreSQL", Docs: 10, IngestTime: 2 * time.Second, IngestRate: 5, ArchiveBytes: 3 << 20},
	}
	var b strings.Builder
	bench.WriteReports(&b, reps)
	out := b.String()
	last := -1
	for _, want := range []string{"== SQLite\ncorpus:  10 documents", "== PostgreSQL\ncorpus:  10 documents", "== side by side\n", "PostgreSQL/SQLite", "size on disk"} {
		i := strings.Index(out, want)
		if i < 0 || i < last {
			t.Fatalf("WriteReports: %q missing or out of order in\n%s", want, out)
		}
		last = i
	}
}
