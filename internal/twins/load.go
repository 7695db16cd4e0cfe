package twins

import (
	"context"
	"errors"
	"iter"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Documents is what Load and All read of an archive.
type Documents interface {
	Document(ctx context.Context, id string) (*transcript.Document, error)
	Documents(ctx context.Context) iter.Seq2[*transcript.Document, error]
}

// Load returns both editions of the event of document id, English first.
// The other edition is nil when the archive lacks it (or id names no page
// number, as a content hash does); only an unknown id is an error,
// transcript.ErrNotFound.
func Load(ctx context.Context, src Documents, id string) (en, ru *transcript.Document, err error) {
	doc, err := src.Document(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	var other *transcript.Document
	if twin, ok := TwinID(id); ok {
		if other, err = src.Document(ctx, twin); errors.Is(err, transcript.ErrNotFound) {
			other = nil
		} else if err != nil {
			return nil, nil, err
		}
	}
	if doc.Language == "ru" {
		return other, doc, nil
	}
	return doc, other, nil
}

// All yields every event the archive holds both editions of, English
// edition first, in the archive's document order.
func All(ctx context.Context, src Documents) iter.Seq2[[2]*transcript.Document, error] {
	return func(yield func([2]*transcript.Document, error) bool) {
		for doc, err := range src.Documents(ctx) {
			if err != nil {
				yield([2]*transcript.Document{}, err)
				return
			}
			twin, ok := TwinID(doc.ID)
			if !ok || doc.Language != "en" {
				continue
			}
			ru, err := src.Document(ctx, twin)
			if errors.Is(err, transcript.ErrNotFound) {
				continue
			}
			if !yield([2]*transcript.Document{doc, ru}, err) || err != nil {
				return
			}
		}
	}
}
