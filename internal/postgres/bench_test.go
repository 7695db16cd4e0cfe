package postgres_test

import (
	"testing"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// BenchmarkPut stores new documents of a realistic size, one Put per
// document (see storetest.BenchPut).
func BenchmarkPut(b *testing.B) { storetest.BenchPut(b, mustOpen(b)) }

// BenchmarkPutBatch stores them in batches of 64, one transaction per
// batch, as rostrum ingest does.
func BenchmarkPutBatch(b *testing.B) { storetest.BenchPutBatch(b, mustOpen(b)) }

// BenchmarkSearch searches an archive of 2,000 synthetic documents
// (60,000 turns) for a word, a phrase, a filter and the empty query,
// with facets, the first page as the web site asks for it.
func BenchmarkSearch(b *testing.B) {
	s := mustOpen(b)
	ctx := b.Context()
	const docs, batch = 2000, 100
	for i := 0; i < docs; i += batch {
		var ds []*transcript.Document
		var raws []transcript.Raw
		for j := i; j < i+batch; j++ {
			d := storetest.Synthetic(j)
			ds, raws = append(ds, d), append(raws, transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)})
		}
		if _, errs := s.PutBatch(ctx, ds, raws); firstErr(errs) != nil {
			b.Fatal(firstErr(errs))
		}
	}
	if err := s.Optimize(ctx); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"energy", `"security region"`, "energy -economy", "person:putin energy", "lang:ru", ""} {
		for _, sortBy := range []string{transcript.SortRelevance, transcript.SortNewest} {
			parsed := &transcript.Query{}
			if q != "" {
				var err error
				if parsed, err = search.ParseQuery(q); err != nil {
					b.Fatal(err)
				}
			}
			b.Run(q+"/"+sortBy, func(b *testing.B) {
				for b.Loop() {
					if _, err := s.Search(ctx, &transcript.SearchRequest{Query: parsed, Sort: sortBy, Facets: true}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
