package textout

import (
	"strings"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/cite"
)

func TestCitation(t *testing.T) {
	w := cite.Work{Turn: 4, Version: 2, Permalink: "https://x.org/d/kremlin.ru/1?v=2#t4",
		Accessed: time.Date(2024, 3, 1, 12, 0, 0, 0, time.FixedZone("MSK", 3*3600)), AccessedFrom: "fetch"}
	var b strings.Builder
	if err := Citation(&b, cite.APA, "Putin & Tokayev\n", "kremlin.ru/1", w, false); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "Putin & Tokayev\n"; got != want {
		t.Errorf("Citation text: got %q, want %q", got, want)
	}
	b.Reset()
	if err := Citation(&b, cite.APA, "Putin & Tokayev\n", "kremlin.ru/1", w, true); err != nil {
		t.Fatal(err)
	}
	want := `{
  "style": "apa",
  "text": "Putin \u0026 Tokayev\n",
  "id": "kremlin.ru/1",
  "turn": 4,
  "version": 2,
  "permalink": "https://x.org/d/kremlin.ru/1?v=2#t4",
  "accessed": "2024-03-01T09:00:00Z",
  "accessed_from": "fetch"
}
`
	if got := b.String(); got != want {
		t.Errorf("Citation JSON: got\n%s\nwant\n%s", got, want)
	}
}
