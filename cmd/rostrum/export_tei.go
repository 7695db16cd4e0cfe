package main

import (
	"context"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/tei"
	"github.com/rostrum/rostrum/internal/transcript"
)

// exportTEI writes the archive as one teiCorpus, its persons under the
// archive's person registry.
func exportTEI(ctx context.Context, store transcript.Archive, w io.Writer) error {
	people, err := archive.LoadPeople(ctx, store)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	h := tei.Header{Title: "Rostrum archive of kremlin.ru transcripts", Date: time.Now().UTC().Format(time.DateOnly)}
	err = tei.WriteCorpus(w, h, people.Registry, func() iter.Seq2[*transcript.Document, error] { return store.Documents(ctx) })
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
