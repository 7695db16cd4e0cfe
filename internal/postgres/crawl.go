package postgres

import "github.com/rostrum/rostrum/internal/transcript"

// The crawl log is sqlstore's: it reads and writes the primary, so that
// a crawler sees what it wrote, tries its writes again while the server
// is unavailable (see RetryFor), and its reads (see ReadRetryFor);
// Provenance reads the replica when there is one.
var _ transcript.CrawlLog = (*Store)(nil)
