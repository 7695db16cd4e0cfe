package postgres_test

import (
	"encoding/json"
	"testing"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// BenchmarkPut stores new documents of a realistic size (30 turns, about
// 8 KB of text, with their JSON as the raw input), one Put per document,
// as the SQLite engine's benchmark of the same name does.
func BenchmarkPut(b *testing.B) {
	s := mustOpen(b)
	ctx := b.Context()
	n := 0
	for b.Loop() {
		b.StopTimer()
		doc := storetest.Synthetic(n)
		raw, err := json.Marshal(doc)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := s.Put(ctx, doc, transcript.Raw{Origin: doc.ID, Format: "rostrum-json", Bytes: raw})
		if err != nil || res.Status != transcript.Inserted {
			b.Fatalf("Put(%s) = %v, %v", doc.ID, res.Status, err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkPutBatch stores the same documents in batches of 64, one
// transaction per batch, as rostrum ingest does.
func BenchmarkPutBatch(b *testing.B) {
	s := mustOpen(b)
	ctx := b.Context()
	const batch = 64
	n := 0
	for b.Loop() {
		b.StopTimer()
		docs := make([]*transcript.Document, batch)
		raws := make([]transcript.Raw, batch)
		for i := range docs {
			docs[i] = storetest.Synthetic(n)
			raw, err := json.Marshal(docs[i])
			if err != nil {
				b.Fatal(err)
			}
			raws[i] = transcript.Raw{Origin: docs[i].ID, Format: "rostrum-json", Bytes: raw}
			n++
		}
		b.StartTimer()
		results, errs := s.PutBatch(ctx, docs, raws)
		for i := range docs {
			if errs[i] != nil || results[i].Status != transcript.Inserted {
				b.Fatalf("PutBatch: document %d: %v, %v", i, results[i].Status, errs[i])
			}
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "docs/s")
}

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
