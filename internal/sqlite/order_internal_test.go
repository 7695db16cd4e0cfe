package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/rostrum/rostrum/internal/storetest"
)

// TestPutBatchOrder: of two concurrent PutBatch calls, the later one writes
// last even when it is ready first.
func TestPutBatchOrder(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "order.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.PutBatchOrder(t, s, &s.order.Hook)
}
