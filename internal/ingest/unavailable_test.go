package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// goneStore stores the first batch and then fails every document as a
// server that went away would.
type goneStore struct {
	*store
	batches atomic.Int64
	gone    error
}

func (s *goneStore) PutBatch(ctx context.Context, docs []*transcript.Document, raws []transcript.Raw) ([]transcript.PutResult, []error) {
	if s.batches.Add(1) == 1 {
		return s.store.PutBatch(ctx, docs, raws)
	}
	errs := make([]error, len(docs))
	for i := range errs {
		errs[i] = s.gone
	}
	return make([]transcript.PutResult, len(docs)), errs
}

// TestRunStopsWhenUnavailable: a batch that fails for want of the server
// stops the run, whose error wraps the batch's; the first batch stays
// stored.
func TestRunStopsWhenUnavailable(t *testing.T) {
	dir := t.TempDir()
	const pages = 20 * ingest.BatchSize
	for i := range pages {
		mustWrite(t, filepath.Join(dir, fmt.Sprintf("p%04d.txt", i)), "page"+strconv.Itoa(i)+"\ntext\n")
	}
	gone := transcript.Errorf(transcript.ErrUnavailable, "the server is gone")
	s := &goneStore{store: newStore(t), gone: gone}
	res, err := ingest.Run(t.Context(), s, []string{dir}, ingest.Config{Formats: testFormats(), Workers: 2})
	if !errors.Is(err, transcript.ErrUnavailable) || errors.Unwrap(err) != gone {
		t.Fatalf("Run = %v, want a stop wrapping the batch's error", err)
	}
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted == 0 || res.Inserted != st.Documents || res.Failed == 0 || res.Inserted+res.Failed >= pages {
		t.Errorf("Run stored %d (the archive holds %d) and failed %d of %d pages; want the first batch stored and the run stopped early",
			res.Inserted, st.Documents, res.Failed, pages)
	}
}
