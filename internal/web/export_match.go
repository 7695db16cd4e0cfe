package web

import (
	"context"

	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// exportVocab loads what search.NewTurnMatcher needs for q's person: and
// speaker: filters.
func (s *Server) exportVocab(ctx context.Context, q *transcript.Query) ([]transcript.Person, *persons.Overrides, error) {
	if !search.NeedsVocab(q) {
		return nil, nil, nil
	}
	pr, err := s.registry(ctx)
	if err != nil {
		return nil, nil, err
	}
	return pr.Stored, pr.Overrides, nil
}
