package sqlite_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/bench"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
)

// BenchmarkMix runs each query of rostrum bench's mix as a sub-benchmark
// on the archive named by ROSTRUM_BENCH_DB (made by rostrum bench --db):
// the way to profile a search at scale,
//
//	ROSTRUM_BENCH_DB=/tmp/b100k.db go test -run '^$' -bench Mix -cpuprofile cpu.out ./internal/sqlite/
//
// ROSTRUM_BENCH_CLASS keeps the queries of one class only.
func BenchmarkMix(b *testing.B) {
	path := os.Getenv("ROSTRUM_BENCH_DB")
	if path == "" {
		b.Skip("ROSTRUM_BENCH_DB names no archive")
	}
	s, err := sqlite.Open(b.Context(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	persons, err := s.Persons(b.Context())
	if err != nil || len(persons) < 5 {
		b.Fatalf("persons: %v (%d)", err, len(persons))
	}
	names := strings.NewReplacer("{P1}", persons[0].Name, "{P2}", persons[4].Name)
	class := os.Getenv("ROSTRUM_BENCH_CLASS")
	// A faceted search starts loading the doc values in the background;
	// give them time, so that the loop measures searches, not the load.
	if _, err := s.Search(b.Context(), &transcript.SearchRequest{Query: &transcript.Query{Text: transcript.Word{Text: "russia"}}, Facets: true}); err != nil {
		b.Fatal(err)
	}
	time.Sleep(5 * time.Second)
	for _, q := range bench.Mix {
		if class != "" && q.Class != class {
			continue
		}
		parsed, err := search.ParseQuery(names.Replace(q.Text))
		if err != nil {
			b.Fatal(err)
		}
		req := &transcript.SearchRequest{Query: parsed, Facets: q.Facets}
		name := q.Text
		if q.Facets {
			name += " (facets)"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Search(b.Context(), req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
