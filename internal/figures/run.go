package figures

import (
	"context"
	"fmt"
	"slices"

	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// MaxFigures is the most figures one request collects.
const MaxFigures = 100000

// Source is what Run reads: an engine's search and its documents.
type Source interface {
	transcript.Searcher
	Document(ctx context.Context, id string) (*transcript.Document, error)
}

// Request asks for the figures of the turns a query matches.
type Request struct {
	// Query selects the turns, as a search does: its words and person:
	// or speaker: filters pick the turns, its other filters the
	// documents. A query of document filters alone (lang:, topic:,
	// from: …) or the empty query takes every turn of the documents.
	Query *transcript.Query
	Limit int // the most figures to return: 1 to MaxFigures; 0 is MaxFigures
	// Vocab loads what person: and speaker: filters need (see
	// kwic.Request.Vocab); nil reads none.
	Vocab func(context.Context) ([]transcript.Person, *persons.Overrides, error)
}

// Result is the figures of a query's turns: newest document first, then
// in document order.
type Result struct {
	Figures   []Figure `json:"figures"`
	Turns     int      `json:"turns"`     // turns read
	Documents int      `json:"documents"` // matching documents
	Total     int      `json:"total"`     // figures found, Figures holding the first Limit
}

// Run collects the figures of the turns req.Query matches in src.
func Run(ctx context.Context, src Source, req *Request) (*Result, error) {
	if req.Query == nil {
		req.Query = &transcript.Query{}
	}
	limit := req.Limit
	if limit < 0 || limit > MaxFigures {
		return nil, fmt.Errorf("%w: the limit must be from 1 to %d, not %d", transcript.ErrInvalid, MaxFigures, limit)
	}
	if limit == 0 {
		limit = MaxFigures
	}
	q := req.Query
	var (
		ps   []transcript.Person
		over *persons.Overrides
	)
	if search.NeedsVocab(q) && req.Vocab != nil {
		var err error
		if ps, over, err = req.Vocab(ctx); err != nil {
			return nil, err
		}
	}
	everyTurn := q.Text == nil && !slices.ContainsFunc(q.Filters, func(f transcript.Filter) bool {
		return !f.Negated && (f.Field == "person" || f.Field == "speaker")
	})
	sreq := &transcript.SearchRequest{Query: q, Sort: transcript.SortNewest, Limit: transcript.MaxSearchLimit, TurnsPerDoc: 5}
	res := &Result{Figures: []Figure{}}
	var x Extractor
	var matcher *search.TurnMatcher
	for {
		page, err := src.Search(ctx, sreq)
		if err != nil {
			return nil, err
		}
		res.Documents = page.Documents
		for h := range page.Hits {
			hit := &page.Hits[h]
			if !everyTurn && len(hit.Turns) == 0 {
				continue
			}
			doc, err := src.Document(ctx, hit.ID)
			if err != nil {
				return nil, fmt.Errorf("figures: document %s: %w", hit.ID, err)
			}
			var idx []int
			if everyTurn {
				for _, t := range doc.Turns {
					idx = append(idx, t.Index)
				}
			} else {
				m := matcher
				if search.NeedsVocab(q) {
					m = search.NewTurnMatcher(q, ps, over, search.UnnamedLabels(doc))
				} else if m == nil {
					m = search.NewTurnMatcher(q, nil, nil, nil)
					matcher = m
				}
				idx, _ = search.AllMatchingTurns(m, hit, doc)
				slices.Sort(idx)
			}
			for _, i := range idx {
				if i < 1 || i > len(doc.Turns) {
					continue
				}
				res.Turns++
				n := len(res.Figures)
				res.Figures = x.Turn(res.Figures, doc, &doc.Turns[i-1])
				res.Total += len(res.Figures) - n
				if len(res.Figures) > limit {
					res.Figures = res.Figures[:limit]
				}
			}
		}
		if page.Next == "" {
			return res, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sreq.Cursor = page.Next
	}
}

// ForDocument returns the figures of the document id in src: an empty
// list for a document without figures, transcript.ErrNotFound for an
// unknown id.
func ForDocument(ctx context.Context, src interface {
	Document(ctx context.Context, id string) (*transcript.Document, error)
}, id string) ([]Figure, error) {
	doc, err := src.Document(ctx, id)
	if err != nil {
		return nil, err
	}
	figs := Document(doc)
	if figs == nil {
		figs = []Figure{}
	}
	return figs, nil
}
