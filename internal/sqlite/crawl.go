package sqlite

import "github.com/rostrum/rostrum/internal/transcript"

// The crawl log is sqlstore's: RecordFetch writes on the single writer
// connection, its reads use the read pool.
var _ transcript.CrawlLog = (*Store)(nil)
