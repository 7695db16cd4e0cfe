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
