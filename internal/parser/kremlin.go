package parser

import (
	"crypto/sha256"
	"encoding/hex"
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
