package storetest

import (
	"os"
	"testing"

	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/transcript"
)

// ParseTexts reads and parses text dumps of kremlin.ru pages (the shared
// corpus's kremlin-en/text files), with each one's raw input; a file
// that does not parse fails the test.
func ParseTexts(t testing.TB, paths []string) ([]*transcript.Document, []transcript.Raw) {
	t.Helper()
	var docs []*transcript.Document
	var raws []transcript.Raw
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		d, err := kremlintext.Parse(f, p)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		docs, raws = append(docs, d), append(raws, transcript.Raw{Origin: p, Format: "kremlin-text", Bytes: b})
	}
	return docs, raws
}
