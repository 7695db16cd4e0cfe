package crawl

import (
	"net/url"
	"os"
	"testing"
	"time"
)

func TestParseRobots(t *testing.T) {
	const txt = `# comment
User-agent: Googlebot
Disallow: /

User-agent: *
Disallow: /events/president/news/copy/
Disallow: /*.pdf$
Allow: /events/president/news/copy/public
Crawl-delay: 5

User-agent: RostrumBot
User-agent: rostrum
Disallow: /private/
Allow: /private/open
Disallow: /search?*q=
Crawl-delay: 0.5
`
	tests := []struct {
		name, agent, path string
		want              bool
	}{
		{"own group: disallowed prefix", "rostrum", "/private/x", false},
		{"own group: longer allow wins", "rostrum", "/private/open/1", true},
		{"own group replaces star", "rostrum", "/events/president/news/copy/1", true},
		{"own group: query wildcard", "rostrum", "/search?page=2&q=putin", false},
		{"own group: query without q", "rostrum", "/search?page=2", true},
		{"star group: prefix", "otherbot", "/events/president/news/copy/1", false},
		{"star group: longer allow", "otherbot", "/events/president/news/copy/public", true},
		{"star group: anchored pattern", "otherbot", "/docs/a.pdf", false},
		{"star group: anchored pattern, longer path", "otherbot", "/docs/a.pdf?x", true},
		{"star group: no rule", "otherbot", "/events/president/news/1", true},
		{"robots.txt always allowed", "googlebot", "/robots.txt", true},
		{"named group disallows all", "googlebot", "/events", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := parseRobots([]byte(txt), tt.agent)
			u, err := url.Parse("http://h" + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.allowed(u); got != tt.want {
				t.Errorf("allowed(%q) for %s = %v, want %v", tt.path, tt.agent, got, tt.want)
			}
		})
	}
	if d := parseRobots([]byte(txt), "rostrum").delay; d != 500*time.Millisecond {
		t.Errorf("rostrum's Crawl-delay: got %v, want 500ms", d)
	}
	if d := parseRobots([]byte(txt), "otherbot").delay; d != 5*time.Second {
		t.Errorf("star Crawl-delay: got %v, want 5s", d)
	}
	empty := parseRobots(nil, "rostrum")
	if u, _ := url.Parse("http://h/any"); !empty.allowed(u) {
		t.Error("an empty robots.txt disallows")
	}
	if u, _ := url.Parse("http://h/any"); disallowAll.allowed(u) || !allowAll.allowed(u) {
		t.Error("disallowAll/allowAll do not do what they say")
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"/", "/anything", true},
		{"/a", "/abc", true},
		{"/a$", "/abc", false},
		{"/a$", "/a", true},
		{"/*/news", "/events/news", true},
		{"/*/news$", "/events/news/1", false},
		{"/x%2fy", "/x%2Fy", true},
		{"*", "/", true},
		{"/b", "/a", false},
	}
	for _, tt := range tests {
		if got := match(tt.pattern, tt.path); got != tt.want {
			t.Errorf("match(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

// TestParseRealFeed reads the real feed of en.kremlin.ru, whose offsets
// are wrong (+04:00 in 2020).
func TestParseRealFeed(t *testing.T) {
	data, err := os.ReadFile("../../../shared/corpus/kremlin-html/extras/en.kremlin.ru_events_president_news_feed_2020-08-27.atom.xml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := parseFeed(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Entries) != 20 { // SOURCE.md says 19; the file has 20 <entry> elements
		t.Fatalf("got %d entries, want 20", len(p.Entries))
	}
	if want := "http://en.kremlin.ru/events/president/news/feed/page/2"; p.Next != want {
		t.Errorf("next: got %q, want %q", p.Next, want)
	}
	e := p.Entries[0]
	if want := "http://en.kremlin.ru/events/president/news/63953"; e.URL != want {
		t.Errorf("first entry: got %q, want %q", e.URL, want)
	}
	if got, want := e.Time(), "2020-08-27T15:20:00+04:00"; got != want {
		t.Errorf("entry time: got %q, want %q (verbatim)", got, want)
	}
	if got := e.Date(); got != "2020-08-27" {
		t.Errorf("entry date: got %q", got)
	}
	at, ok := e.updatedAt()
	if want := time.Date(2020, 8, 27, 17, 9, 44, 0, time.UTC); !ok || !at.Equal(want) {
		t.Errorf("updated read as Moscow time: got %v, want %v", at, want)
	}
	if got := entryPath(e.URL); got != "/events/president/news/63953" {
		t.Errorf("entryPath: got %q", got)
	}
	for raw, want := range map[string]string{
		"events/president/news/1":      "/events/president/news/1", // relative: from the root
		"/events/president/news/1?x=1": "/events/president/news/1?x=1",
		"../../etc/passwd":             "/etc/passwd",
		"href":                         "/href", // found by FuzzParseFeed
		"":                             "",
	} {
		if got := entryPath(raw); got != want {
			t.Errorf("entryPath(%q) = %q, want %q", raw, got, want)
		}
	}
	if _, err := parseFeed([]byte("<html><body>not a feed</body></html>")); err == nil {
		t.Error("an HTML page parsed as a feed")
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 2, 5, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		v    string
		want time.Duration
	}{
		{"", 0},
		{"3", 3 * time.Second},
		{"-1", 0},
		{"Wed, 05 Feb 2025 12:00:30 GMT", 30 * time.Second},
		{"Wed, 05 Feb 2025 11:00:00 GMT", 0},
		{"soon", 0},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.v, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	f := newFetcher(&Config{BackoffBase: 100 * time.Millisecond, MaxBackoff: time.Second})
	for attempt, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond, 5: time.Second, 40: time.Second} {
		for range 20 {
			if d := f.backoff().Wait(attempt); d < want/2 || d > want {
				t.Errorf("backoff(%d) = %v, want within [%v, %v]", attempt, d, want/2, want)
			}
		}
	}
}
