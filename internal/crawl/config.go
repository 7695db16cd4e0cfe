package crawl

import (
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/ingest"
)

// Defaults of Config's zero values.
const (
	DefaultDelay         = time.Second
	DefaultTimeout       = 30 * time.Second
	DefaultMaxAttempts   = 4
	DefaultMaxBytes      = 10 << 20
	DefaultBackoffBase   = time.Second
	DefaultMaxBackoff    = 2 * time.Minute
	DefaultMaxRetryAfter = 10 * time.Minute
	DefaultBase          = "https://en.kremlin.ru"
	DefaultBaseRU        = "https://kremlin.ru"
	DefaultFeed          = "/events/all/feed"
	// HomePage is the URL the User-Agent names.
	HomePage = "https://github.com/rostrum/rostrum"
	// productToken is the name robots.txt groups are matched against.
	productToken = "rostrum"
)

// Feeds are the kremlin.ru Atom feeds that follow mode knows, by path.
var Feeds = []string{"/events/all/feed", "/events/president/news/feed", "/events/president/transcripts/feed"}

// Languages, for Config.Lang.
const (
	English = "en"
	Russian = "ru"
	Both    = "both"
)

// Config says how to crawl. Parse is required; the zero value of every
// other field has a sensible default.
type Config struct {
	// Parse parses a kremlin.ru HTML page (kremlinhtml.Parse).
	Parse ingest.ParseFunc
	Lang  string // English (default), Russian or Both
	// Base is the English site's base URL (default http://en.kremlin.ru),
	// BaseRU the Russian one's (http://kremlin.ru): a mirror, or a test
	// server.
	Base, BaseRU string
	// Delay is the pause between two requests to one host, after the
	// first has ended; 0 means DefaultDelay and a negative value none. A
	// robots.txt Crawl-delay that is longer wins.
	Delay   time.Duration
	Timeout time.Duration // of one attempt, body included; 0 means DefaultTimeout
	// MaxAttempts is how many times one URL is tried; 0 means
	// DefaultMaxAttempts.
	MaxAttempts int
	MaxBytes    int64 // the largest body accepted; 0 means DefaultMaxBytes
	// BackoffBase is the wait after a first failed attempt, doubled after
	// each further one up to MaxBackoff, with jitter; 0 means the defaults.
	BackoffBase, MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After honoured; a server asking
	// for more fails the fetch. 0 means DefaultMaxRetryAfter.
	MaxRetryAfter time.Duration
	// MaxPages bounds the feed pages one walk reads; 0 means no bound.
	MaxPages int
	// UserAgent is sent with every request; "" means UserAgent("").
	UserAgent string
	// Client's Transport is used (an *http.Transport is cloned, without
	// keep-alives: see newFetcher); nil means http.DefaultTransport.
	Client   *http.Client
	Progress func(Progress)   // told after each page; nil for none
	Now      func() time.Time // the clock of fetch times; nil means time.Now
}

// UserAgent returns Rostrum's User-Agent, "Rostrum/VERSION (+HOMEPAGE)",
// with contact (an e-mail address or URL) added when it is not empty.
func UserAgent(contact string) string {
	s := "Rostrum/" + version() + " (+" + HomePage
	if contact = strings.TrimSpace(contact); contact != "" {
		s += "; " + contact
	}
	return s + ")"
}

// version is the module version the binary was built from, or "dev".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "dev"
}

func (c *Config) delay() time.Duration {
	switch {
	case c.Delay < 0:
		return 0
	case c.Delay == 0:
		return DefaultDelay
	}
	return c.Delay
}

func (c *Config) timeout() time.Duration { return or(c.Timeout, DefaultTimeout) }

func (c *Config) maxAttempts() int {
	if c.MaxAttempts <= 0 {
		return DefaultMaxAttempts
	}
	return c.MaxAttempts
}

func (c *Config) maxBytes() int64 {
	if c.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return c.MaxBytes
}

func (c *Config) backoffBase() time.Duration   { return or(c.BackoffBase, DefaultBackoffBase) }
func (c *Config) maxBackoff() time.Duration    { return or(c.MaxBackoff, DefaultMaxBackoff) }
func (c *Config) maxRetryAfter() time.Duration { return or(c.MaxRetryAfter, DefaultMaxRetryAfter) }

func (c *Config) userAgent() string {
	if c.UserAgent == "" {
		return UserAgent("")
	}
	return c.UserAgent
}

func (c *Config) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

func or(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
