package atom_test

import (
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/atom"
)

// TestWriteDropsScriptLinks reproduces "a JSON document's url
// javascript:alert(4) is written into Atom <link href>": whatever an
// archive holds, only web links are written.
func TestWriteDropsScriptLinks(t *testing.T) {
	f := atom.Feed{ID: "http://x/feed", Title: "t", Updated: "2025-01-01T00:00:00Z",
		Links: []atom.Link{{Href: "http://x/feed", Rel: "self"}, {Href: "data:text/html,x", Rel: "alternate"}},
		Entries: []atom.Entry{{ID: "http://x/1", Title: "one", Updated: "2025-01-01T00:00:00Z", Links: []atom.Link{
			{Href: "/documents/1", Rel: "alternate"},
			{Href: "https://kremlin.ru/events/president/news/1", Rel: "related"},
			{Href: "javascript:alert(4)", Rel: "via"},
			{Href: " JavaScript:alert(4)", Rel: "via"},
			{Href: "vbscript:x", Rel: "via"},
		}}}}
	var b strings.Builder
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"alert", "data:", "vbscript"} {
		if strings.Contains(strings.ToLower(out), bad) {
			t.Errorf("feed holds %q:\n%s", bad, out)
		}
	}
	for _, good := range []string{`href="http://x/feed"`, `href="/documents/1"`, `href="https://kremlin.ru/events/president/news/1"`} {
		if !strings.Contains(out, good) {
			t.Errorf("feed lacks %s:\n%s", good, out)
		}
	}
}
