package transcript

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"iter"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Fetch outcomes, for Fetch.Outcome: what one request of the crawler did.
const (
	FetchNew         = "new"          // the body gave a document the archive lacked
	FetchChanged     = "changed"      // the body gave a new version of a document
	FetchUnchanged   = "unchanged"    // the body gave the current version again
	FetchNotModified = "not-modified" // a 304 answer to a conditional GET
	FetchGone        = "gone"         // 404 or 410 for a page the archive holds
	FetchMissing     = "missing"      // 404 or 410 for a page it never held
	FetchFailed      = "failed"       // network error, 5xx after retries, a body that did not parse
	FetchRobots      = "robots"       // not requested: robots.txt disallows it
	FetchFeed        = "feed"         // a feed, listing page or robots.txt, read for links or rules
)

// Fetch is one request the crawler made (or decided not to make), kept as
// provenance: what was asked, what came back and when.
type Fetch struct {
	URL          string
	Status       int       // HTTP status; 0 when no answer came
	ETag         string    // the answer's ETag header, for the next conditional GET
	LastModified string    // the answer's Last-Modified header, as sent
	ContentType  string    // the answer's Content-Type header
	FetchedAt    time.Time // when the answer (or the error) came
	Bytes        []byte    // the body as received; nil for none (304, errors)
	Hash         string    // hex SHA-256 of Bytes; the engine fills it when empty and Bytes is not nil
	DocumentID   string    // the document the body gave or the URL is known to hold, or ""
	Version      int       // that document's version after the fetch, or 0
	Outcome      string    // one of the Fetch* constants
	Error        string    // what went wrong, for FetchFailed
	// FeedTime is the time an Atom feed gave for the entry that led here,
	// as the feed wrote it (kremlin.ru's offsets are wrong, so it is kept
	// verbatim rather than trusted), or "".
	FeedTime string
}

// Provenance tells where a document came from and how it has been kept.
type Provenance struct {
	ID          string
	URL         string    // the source URL, or "" for documents not from the web
	Language    string    // "en" or "ru"
	Edition     string    // "main" or "special" (the accessible version of the site)
	FirstSeen   time.Time // when its first version was stored
	LastChanged time.Time // when its current version was stored
	LastChecked time.Time // the last fetch recorded for it (by Fetch.DocumentID), whatever its outcome; zero if never fetched
	Versions    int
	Fetches     int       // fetches recorded for it (by Fetch.DocumentID)
	Gone        bool      // its URL answered 404 or 410 at the last check; the archive keeps it
	GoneSince   time.Time // the first 404/410 of the current run of them, or zero
}

// CrawlLog is the crawler's memory in the archive: every fetch, with its
// raw bytes (stored compressed, each distinct body once), and small named
// values that let an interrupted crawl continue where it stopped. Engines
// that implement Store implement it too.
type CrawlLog interface {
	// RecordFetch appends one fetch. A fetch with outcome FetchGone marks
	// its DocumentID gone; a later fetch for the same DocumentID that
	// answers 200 or 304 clears the mark. Fetch URLs are the URLs asked
	// for (a mirror's, with --base), which may differ from the document's
	// canonical URL, so provenance joins fetches on DocumentID.
	RecordFetch(ctx context.Context, f Fetch) error
	// LastFetch returns the latest recorded fetch of url whose status was
	// 200 (with its Bytes), for a conditional GET, or ErrNotFound.
	LastFetch(ctx context.Context, url string) (Fetch, error)
	// Fetches lists the fetches of url, oldest first, without Bytes.
	Fetches(ctx context.Context, url string) ([]Fetch, error)
	// AllFetches yields every recorded fetch, in the order recorded
	// (oldest first, whatever their FetchedAt say), each with its Bytes,
	// so that a log can be copied whole. It reads the log a page at a
	// time, never all of it at once; a fetch recorded while it runs may
	// or may not be yielded. An error ends the sequence.
	AllFetches(ctx context.Context) iter.Seq2[Fetch, error]
	// CrawlState returns the value stored under key, or "" and no error
	// when there is none.
	CrawlState(ctx context.Context, key string) (string, error)
	// SetCrawlState stores value under key, replacing any earlier value;
	// an empty value deletes the key.
	SetCrawlState(ctx context.Context, key, value string) error
	// CrawlStates returns every stored key and its value; an archive
	// without any gives an empty map.
	CrawlStates(ctx context.Context) (map[string]string, error)
	// Provenance returns a document's provenance, or ErrNotFound.
	Provenance(ctx context.Context, id string) (Provenance, error)
}

// fetchOutcomes are the values of Fetch.Outcome.
var fetchOutcomes = []string{
	FetchNew, FetchChanged, FetchUnchanged, FetchNotModified,
	FetchGone, FetchMissing, FetchFailed, FetchRobots, FetchFeed,
}

// Check validates a fetch before an engine records it, and fills its
// Hash from its Bytes: a fetch needs a URL and a known outcome, no
// negative status or version, and a Hash, when given with Bytes, that
// matches them. Its errors are ErrInvalid.
func (f *Fetch) Check() error {
	switch {
	case f.URL == "":
		return fmt.Errorf("%w: fetch without a URL", ErrInvalid)
	case !slices.Contains(fetchOutcomes, f.Outcome):
		return fmt.Errorf("%w: unknown fetch outcome %q", ErrInvalid, f.Outcome)
	case f.Status < 0 || f.Version < 0:
		return fmt.Errorf("%w: negative status or version", ErrInvalid)
	}
	if f.Bytes != nil {
		b := sha256.Sum256(f.Bytes)
		sum := hex.EncodeToString(b[:])
		if f.Hash != "" && f.Hash != sum {
			return fmt.Errorf("%w: hash %s does not match the body's %s", ErrInvalid, f.Hash, sum)
		}
		f.Hash = sum
	}
	return nil
}

// Edition tells the site a document was first stored from, for
// Provenance: "special" when the origin of its first version (or else
// its URL) is on the accessible site (special.kremlin.ru,
// en.special.kremlin.ru), else "main". An origin that is a file path
// says nothing.
func Edition(origin, docURL string) string {
	for _, s := range []string{origin, docURL} {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			continue
		}
		if slices.Contains(strings.Split(strings.ToLower(u.Hostname()), "."), "special") {
			return "special"
		}
		return "main"
	}
	return "main"
}
