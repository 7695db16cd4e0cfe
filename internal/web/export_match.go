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
	ps, err := s.archive.Persons(ctx)
	if err != nil {
		return nil, nil, err
	}
	o, err := s.overrides(ctx)
	return ps, o, err
}
