package sqlite_test

import (
	"testing"

	"github.com/rostrum/rostrum/internal/storetest"
)

// BenchmarkPut stores new documents of a realistic size, one Put per
// document (see storetest.BenchPut).
func BenchmarkPut(b *testing.B) { storetest.BenchPut(b, mustOpen(b)) }

// BenchmarkPutBatch stores them in batches of 64, one transaction per
// batch, as rostrum ingest does.
func BenchmarkPutBatch(b *testing.B) { storetest.BenchPutBatch(b, mustOpen(b)) }
