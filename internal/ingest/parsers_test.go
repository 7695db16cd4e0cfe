package ingest_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TestParsers: the registry reads a kremlin text page as kremlintext
// does, and one without a date line with the date given, saying so.
func TestParsers(t *testing.T) {
	page, err := os.ReadFile("../../cmd/rostrum/sample/2022-02-10-press-statements-russia-kazakhstan.txt")
	if err != nil {
		t.Fatal(err)
	}
	want, err := kremlintext.Parse(bytes.NewReader(page), "p.txt")
	if err != nil {
		t.Fatal(err)
	}
	var warned []parser.Warning
	reg := ingest.Parsers(parser.Options{}, func(ws []parser.Warning) { warned = append(warned, ws...) })
	for _, name := range []string{ingest.FormatKremlinText, ingest.FormatKremlinHTML, ingest.FormatJSON} {
		if err := reg.Check(name); err != nil {
			t.Errorf("Parsers lacks %s: %v", name, err)
		}
	}
	var got []*transcript.Document
	decode := func(reg ingest.Formats, data []byte) {
		t.Helper()
		got = nil
		if _, err := reg.Decode(ingest.Auto, data, "p.txt", func(doc *transcript.Document, line int, raw []byte) error {
			got = append(got, doc)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	decode(reg, page)
	if len(got) != 1 || !cmp.Equal(want, got[0]) || len(warned) != 0 {
		t.Errorf("the sample: %d documents, equal %v, warnings %v", len(got), len(got) == 1 && cmp.Equal(want, got[0]), warned)
	}

	// The same page without its date line.
	var lines []string
	for l := range strings.SplitSeq(string(page), "\n") {
		if !strings.Contains(l, want.Date[:4]) || strings.Contains(l, " ") && len(l) > 40 {
			lines = append(lines, l)
		}
	}
	undated := []byte(strings.Join(lines, "\n"))
	decode(ingest.Parsers(parser.Options{Date: "2022-02-10"}, func(ws []parser.Warning) { warned = append(warned, ws...) }), undated)
	if len(got) != 1 || got[0].Date != "2022-02-10" {
		t.Fatalf("an undated page with the date given: %+v", got)
	}
	warned = nil
	decode(ingest.Parsers(parser.Options{}, func(ws []parser.Warning) { warned = append(warned, ws...) }), undated)
	if len(got) != 1 || got[0].Date != "" || len(warned) == 0 {
		t.Errorf("an undated page without a date: date %q, warnings %v; want none and a warning", got[0].Date, warned)
	}
}
