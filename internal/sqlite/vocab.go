package sqlite

import (
	"context"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/sqlstore"
)

type querier = sqlstore.Querier

// generation reads the archive's change counter.
func generation(ctx context.Context, q querier) (int64, error) { return dialect.ReadGen(ctx, q) }

// loadVocab reads the archive's vocabulary (see archive.Vocab).
func loadVocab(ctx context.Context, q querier) (*search.Vocab, error) {
	return dialect.LoadVocab(ctx, q)
}
