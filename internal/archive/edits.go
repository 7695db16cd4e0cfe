package archive

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/transcript"
)

// EditRow is a version as an engine's edit log reads it: a version whose
// stored cause is "edit", or one whose cause was stored as NULL (before
// the cause was recorded) and must be decided from the documents.
type EditRow struct {
	ID        string
	Number    int
	StoredAt  time.Time
	Undecided bool
}

// Edits is the engine-neutral half of transcript.EditLog: the rows an
// engine read (every version with cause "edit" or NULL), the versions of
// the documents with undecided rows read in full (their causes are
// computed from the stored documents, as Versions does), sorted newest
// first and cut to limit (0: all).
func Edits(ctx context.Context, rows []EditRow, versions func(ctx context.Context, id string) ([]transcript.Version, error), limit int) ([]transcript.Edit, error) {
	undecided := map[string]bool{}
	for _, r := range rows {
		if r.Undecided {
			undecided[r.ID] = true
		}
	}
	var out []transcript.Edit
	for _, r := range rows {
		if !undecided[r.ID] {
			out = append(out, transcript.Edit{ID: r.ID, Number: r.Number, StoredAt: r.StoredAt})
		}
	}
	// A document with an undecided version: all its edits from Versions.
	for _, id := range slices.Sorted(maps.Keys(undecided)) {
		vs, err := versions(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			if v.Edit() {
				out = append(out, transcript.Edit{ID: id, Number: v.Number, StoredAt: v.StoredAt})
			}
		}
	}
	slices.SortFunc(out, func(a, b transcript.Edit) int {
		return cmp.Or(b.StoredAt.Compare(a.StoredAt), strings.Compare(a.ID, b.ID), a.Number-b.Number)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
