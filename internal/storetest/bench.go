package storetest

import (
	"encoding/json"
	"testing"

	"github.com/rostrum/rostrum/internal/transcript"
)

// BenchPut stores new documents of a realistic size (30 turns, about
// 8 KB of text, with their JSON as the raw input) into s, one Put per
// document as an ingest does.
func BenchPut(b *testing.B, s transcript.Store) {
	ctx := b.Context()
	text := 0
	for _, t := range Synthetic(0).Turns {
		for _, p := range t.Paragraphs {
			text += len(p)
		}
	}
	n := 0
	for b.Loop() {
		b.StopTimer()
		doc := Synthetic(n)
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
	b.ReportMetric(float64(text), "text-bytes/doc")
}

// BenchPutBatch stores the same documents as BenchPut in batches of 64,
// one transaction per batch, as rostrum ingest does.
func BenchPutBatch(b *testing.B, s transcript.Store) {
	ctx := b.Context()
	const batch = 64
	n := 0
	for b.Loop() {
		b.StopTimer()
		docs := make([]*transcript.Document, batch)
		raws := make([]transcript.Raw, batch)
		for i := range docs {
			docs[i] = Synthetic(n)
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
