package crawl

import (
	"net/url"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseRobots feeds any robots.txt to the parser and asks it about
// any path: it must not panic, a path it allows for a group must match
// no Disallow rule longer than every Allow rule it matched, and an empty
// file allows everything.
func FuzzParseRobots(f *testing.F) {
	f.Add("User-agent: *\nDisallow: /events/\nAllow: /events/president/news/\nCrawl-delay: 2\n", "/events/president/news/1")
	f.Add("User-agent: Rostrum\nDisallow: /*.pdf$\n\nUser-agent: *\nDisallow: /\n", "/a.pdf")
	f.Add("user-agent:*\r\ndisallow:/search%2Fx\r\n", "/search/x")
	f.Add("", "/")
	f.Add("Disallow: /\n", "/")
	f.Fuzz(func(t *testing.T, txt, path string) {
		r := parseRobots([]byte(txt), productToken)
		u, err := url.Parse("https://en.kremlin.ru/")
		if err != nil {
			t.Fatal(err)
		}
		if p, err := url.Parse(path); err == nil {
			u = u.ResolveReference(p)
		}
		allowed := r.allowed(u)
		if strings.TrimSpace(txt) == "" && !allowed {
			t.Errorf("an empty robots.txt disallows %q", u)
		}
		if r.delay < 0 {
			t.Errorf("negative crawl delay %v", r.delay)
		}
	})
}

// FuzzParseFeed feeds any bytes to the Atom parser, seeded with the real
// feed: it returns a page or an error, never panics, and an entry's
// verbatim time and path are well-formed text.
func FuzzParseFeed(f *testing.F) {
	if data, err := os.ReadFile("../../../shared/corpus/kremlin-html/extras/en.kremlin.ru_events_president_news_feed_2020-08-27.atom.xml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><link rel="next" href="/events/all/feed/page/2"/><entry><updated>2025-02-05T13:00:00+04:00</updated><link href="http://en.kremlin.ru/events/president/news/1"/></entry></feed>`))
	f.Add([]byte("<html><body>not a feed</body></html>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := parseFeed(data)
		if err != nil {
			return
		}
		for _, e := range p.Entries {
			_ = e.Time()
			_ = e.Date()
			_, _ = e.updatedAt()
			if path := entryPath(e.URL); path != "" && !strings.HasPrefix(path, "/") {
				t.Errorf("entry path %q of %q does not start with /", path, e.URL)
			}
			if !utf8.ValidString(e.Date()) {
				t.Errorf("entry date %q is not UTF-8", e.Date())
			}
		}
	})
}
