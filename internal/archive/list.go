package archive

import (
	"context"

	"github.com/rostrum/rostrum/internal/transcript"
)

// SortTitle is the title order of List, beside transcript.SortNewest and
// transcript.SortOldest.
const SortTitle = "title"

// List returns the documents that q selects (every document for an empty
// query), one hit each, in the order sort names (transcript.SortNewest,
// transcript.SortOldest or SortTitle: by title, case aside, then newest
// first), at most limit of them (0: all). It pages through s's search;
// a title order reads every document before it sorts.
func List(ctx context.Context, s transcript.Searcher, q *transcript.Query, sort string, limit int) ([]transcript.DocumentHit, error) {
	order := sort
	if order == SortTitle {
		order = transcript.SortNewest
	}
	var hits []transcript.DocumentHit
	req := &transcript.SearchRequest{Query: q, Sort: order, Limit: transcript.MaxSearchLimit, TurnsPerDoc: 1}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		res, err := s.Search(ctx, req)
		if err != nil {
			return nil, err
		}
		hits = append(hits, res.Hits...)
		// A title order needs every document before the first line; the
		// others stop at the limit.
		if res.Next == "" || sort != SortTitle && limit > 0 && len(hits) >= limit {
			break
		}
		req.Cursor = res.Next
	}
	if sort == SortTitle {
		SortByTitle(hits)
	}
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}
