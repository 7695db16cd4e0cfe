package cite

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Accessed returns when version v of doc was read from its source, and
// which time that is (AccessedFetch or AccessedStored): the time of the
// earliest recorded fetch of doc's URL that stored v (a new or changed
// outcome naming doc and v), or else v's StoredAt, for a version ingested
// from a file or fetched from a mirror under another URL. log may be
// nil, for an archive without a crawl log.
func Accessed(ctx context.Context, log transcript.CrawlLog, doc *transcript.Document, v transcript.Version) (time.Time, string, error) {
	if log != nil && doc.URL != "" {
		fs, err := log.Fetches(ctx, doc.URL)
		if err != nil {
			return time.Time{}, "", err
		}
		for _, f := range fs {
			if f.DocumentID == doc.ID && f.Version == v.Number && !f.FetchedAt.IsZero() &&
				(f.Outcome == transcript.FetchNew || f.Outcome == transcript.FetchChanged) {
				return f.FetchedAt, AccessedFetch, nil
			}
		}
	}
	return v.StoredAt, AccessedStored, nil
}

// Permalink is the address, on the site at base (https://rostrum.example.org),
// of version v of document id, /d/ID?version=V, or of its turn n,
// /d/ID/t/N?v=V, which the site follows to the same turn in a later
// version. An empty base gives "".
func Permalink(base, id string, n, v int) string {
	if base == "" {
		return ""
	}
	segs := strings.Split(id, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	p := strings.TrimSuffix(base, "/") + "/d/" + strings.Join(segs, "/")
	if n > 0 {
		return fmt.Sprintf("%s/t/%d?v=%d", p, n, v)
	}
	return fmt.Sprintf("%s?version=%d", p, v)
}
