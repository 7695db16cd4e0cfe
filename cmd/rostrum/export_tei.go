package main

import (
	"context"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/tei"
	"github.com/rostrum/rostrum/internal/transcript"
)

// exportTEI writes the archive as one teiCorpus, its persons under the
// archive's person registry.
func exportTEI(ctx context.Context, store transcript.Store, w io.Writer) error {
	var reg *persons.Registry
	if ps, ok := store.(archive.PersonSource); ok {
		people, err := archive.LoadPeople(ctx, ps)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		reg = people.Registry
	}
	h := tei.Header{Title: "Rostrum archive of kremlin.ru transcripts", Date: time.Now().UTC().Format(time.DateOnly)}
	err := tei.WriteCorpus(w, h, reg, func() iter.Seq2[*transcript.Document, error] { return store.Documents(ctx) })
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
