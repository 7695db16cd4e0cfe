package engine

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
)

// owedMerger is an archive that may owe a merge of its search index, left
// by a bulk load that was interrupted or killed (SQLite's).
type owedMerger interface {
	MergeOwed(ctx context.Context) (bool, error)
	OweMerge(ctx context.Context) error
	PayMerge(ctx context.Context) error
}

// EndBulk ends a bulk load of written documents into b. After a large one
// the search index is merged whole, which takes seconds, so it says so on
// w; so is a merge an earlier, killed load left owed. An interrupted load
// that wrote much leaves the merge owed to the next load or server
// (PayMerge), so that a user who stops an ingest does not wait for it,
// and a run resumed after a kill stores at once. It runs on a context of
// its own, since the load's may be cancelled.
func EndBulk(b transcript.BulkLoader, written int, interrupted bool, w io.Writer) error {
	ctx := context.Background()
	owed := false
	m, canOwe := b.(owedMerger)
	if canOwe {
		var err error
		if owed, err = m.MergeOwed(ctx); err != nil {
			return err
		}
	}
	large := written >= OptimizeThreshold
	switch {
	case interrupted && large && canOwe:
		if err := m.OweMerge(ctx); err != nil {
			return err
		}
		fmt.Fprintln(w, "the search index will be merged by the next ingest or rostrum serve")
		return nil
	case interrupted || !large && !owed:
		return b.EndBulk(ctx, false)
	}
	fmt.Fprint(w, "optimizing the search index… ")
	start := time.Now()
	if err := b.EndBulk(ctx, true); err != nil {
		fmt.Fprintln(w)
		return err
	}
	fmt.Fprintf(w, "%s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// PayMerge does the merge of its search index that a, if it keeps one,
// owes, while the caller goes on (a server serves: searches are slower
// until it is done, and none waits for it), logging to log; the channel
// closes when it is done or ctx ends.
func PayMerge(ctx context.Context, a transcript.Archive, log *slog.Logger) <-chan struct{} {
	done := make(chan struct{})
	m, ok := a.(owedMerger)
	if !ok {
		close(done)
		return done
	}
	go func() {
		defer close(done)
		owed, err := m.MergeOwed(ctx)
		if err != nil || !owed {
			return
		}
		log.Info("merging the search index that an interrupted ingest left in pieces")
		start := time.Now()
		if err := m.PayMerge(ctx); err != nil {
			if ctx.Err() == nil {
				log.Warn("merging the search index failed; the next ingest or serve tries again", "err", err)
			}
			return
		}
		log.Info("search index merged", "took", time.Since(start).Round(time.Millisecond))
	}()
	return done
}

// SQLite owes merges; a change to its methods must show here.
var _ owedMerger = (*sqlite.Store)(nil)
