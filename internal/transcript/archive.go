package transcript

import "context"

// BulkLoader is an archive that loads faster when told that a bulk load
// (an ingest, a copy) is coming.
type BulkLoader interface {
	// StartBulk prepares for many writes.
	StartBulk(ctx context.Context) error
	// EndBulk ends a bulk load; with optimize, it merges the search index
	// whole, which takes seconds on a large archive.
	EndBulk(ctx context.Context, optimize bool) error
}

// Sizer reports an archive's size on disk.
type Sizer interface {
	// DiskSize is the bytes the archive takes: a SQLite file with its
	// write-ahead log, a PostgreSQL archive's tables with their indexes.
	DiskSize(ctx context.Context) (int64, error)
}

// Archive is an archive as the commands use it: what every engine offers.
// Open one with package engine.
type Archive interface {
	Store
	Searcher
	Catalog
	PersonEditor
	EditLog
	CrawlLog
	WordCounter
	BulkLoader
	Sizer
}

// Indexer is implemented by the archives whose search index is derived
// data they can rebuild from the stored documents and verify.
type Indexer interface {
	// RebuildIndex builds the search index again from the current
	// versions, in one transaction; progress, when not nil, is told the
	// documents done and the documents in all as it goes.
	RebuildIndex(ctx context.Context, progress func(done, total int)) error
	// IntegrityCheck verifies the archive, its index included, and
	// returns an error listing what is wrong.
	IntegrityCheck(ctx context.Context) error
}

// Warmer is implemented by the archives that can read ahead what their
// searches otherwise read on first use, for a server that is starting.
type Warmer interface {
	Warm(ctx context.Context) error
}
