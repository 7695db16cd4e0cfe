package parser

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/rostrum/rostrum/internal/transcript"
)

// KremlinID returns the id and canonical URL of a kremlin.ru page. The
// page's own number gives "kremlin.ru/N" for the Russian edition and
// "en.kremlin.ru/N" for the English one, so the two editions of an event
// never collide; a page that shows no number gets "HOST/h-" and a hash of
// its language, date and title, which an edit of its text leaves alone,
// and no URL. Every kremlin format uses it, so a page gets the same id
// whatever form it came in.
func KremlinID(language, number, date, title string) (id, url string) {
	host := "en.kremlin.ru"
	if language == "ru" {
		host = "kremlin.ru"
	}
	if number != "" {
		return host + "/" + number, "http://" + host + "/events/president/news/" + number
	}
	sum := sha256.Sum256([]byte(language + "|" + date + "|" + title))
	return host + "/h-" + hex.EncodeToString(sum[:6]), ""
}

// KremlinContentID returns the id of a kremlin.ru page that shows neither
// its number, nor a date, nor a title (a body copied from the page):
// "HOST/b-" and a hash of its language and the text of its turns, so that
// two such pages differ by what they say.
func KremlinContentID(doc *transcript.Document) string {
	host := "en.kremlin.ru"
	if doc.Language == "ru" {
		host = "kremlin.ru"
	}
	h := sha256.New()
	h.Write([]byte(doc.Language + "|"))
	for _, t := range doc.Turns {
		h.Write([]byte(t.Speaker + "\n"))
		for _, p := range t.Paragraphs {
			h.Write([]byte(p + "\n"))
		}
	}
	return host + "/b-" + hex.EncodeToString(h.Sum(nil)[:6])
}

// SiteName reports whether s names the site rather than a page: "Official
// website of the President of Russia", "Президент России — официальный
// сайт", "President of Russia - official website". Chrome and <title>
// elements print it; it is never a page's title.
func SiteName(s string) bool {
	if len(s) > 160 {
		return false
	}
	l := strings.ToLower(Fold(s))
	for _, w := range []string{"official website", "official site", "официальный сайт"} {
		if strings.HasPrefix(l, w) || strings.HasSuffix(l, w) {
			return true
		}
	}
	return false
}
