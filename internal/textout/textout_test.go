package textout

import (
	"strings"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/crawl"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/verify"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain, «quoted» text\n\ttabbed": "plain, «quoted» text\n\ttabbed",
		"\x1b]0;pwned\x07":               `\x1b]0;pwned\x07`,
		"a\u202eb":                       `a\u202eb`,
		"bad \xff byte":                  `bad \xff byte`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
	var b strings.Builder
	if n, err := (Printable{W: &b}).Write([]byte("x\x1by")); err != nil || n != 3 || b.String() != `x\x1by` {
		t.Errorf("Printable.Write = %d, %v, %q", n, err, b.String())
	}
}

func TestWords(t *testing.T) {
	if got := Plural(1, "turn", "turns") + ", " + Plural(0, "turn", "turns") + ", " + Plural(2, "turn", "turns"); got != "1 turn, 0 turns, 2 turns" {
		t.Errorf("Plural: %q", got)
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	if got := OneLine("one  two\nthree four five six", 14); got != "one two three …" {
		t.Errorf("OneLine = %q", got)
	}
	if got := Meter(1, 2); got != "["+strings.Repeat("=", 15)+strings.Repeat(" ", 15)+"]" {
		t.Errorf("Meter(1, 2) = %q", got)
	}
	var b strings.Builder
	l := &Line{W: &b}
	l.Draw("long line")
	l.Draw("short")
	l.Clear()
	if want := "\rlong line\rshort    \r     \r"; b.String() != want {
		t.Errorf("Line: %q, want %q", b.String(), want)
	}
	if !l.Due(true) || l.Due(false) {
		t.Error("Due: want true for the last step, false again at once")
	}
}

func TestSearchResult(t *testing.T) {
	res := &transcript.SearchResult{Total: 3, Documents: 1, Next: "abc", Hits: []transcript.DocumentHit{{
		ID: "kremlin.ru/1", Title: "Talks", Date: "2022-02-10", Place: "Moscow", Matches: 3,
		Turns: []transcript.TurnHit{{Speaker: "V.Putin", Permalink: "kremlin.ru/1#t2",
			Snippet: transcript.Snippet{Text: "we discussed \x1b[2Jtrade", Marks: [][2]int{{13, 22}}}}},
	}}, Facets: &transcript.Facets{Persons: []transcript.FacetCount{{Value: "Vladimir Putin", Count: 3}}}}
	var b strings.Builder
	SearchResult(&b, res, 1500*time.Microsecond, false)
	want := `3 matches in 1 document (1.5ms)

1. Talks
   2022-02-10 · Moscow · kremlin.ru/1
   V.Putin — kremlin.ru/1#t2
     we discussed **\x1b[2Jtrade**
   + 2 more matching turns

Speakers:  Vladimir Putin (3)

More: --cursor abc
`
	if b.String() != want {
		t.Errorf("SearchResult:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	SearchResult(&b, res, 0, true)
	if !strings.Contains(b.String(), "\x1b[1m\\x1b[2Jtrade\x1b[0m") {
		t.Errorf("SearchResult on a terminal does not mark in bold:\n%q", b.String())
	}
}

func TestDiffLine(t *testing.T) {
	ops := []verify.Op{{Op: verify.OpEqual, Text: "grew by"}, {Op: verify.OpDelete, Text: "25", Kind: "figure"},
		{Op: verify.OpInsert, Text: "27", Kind: "figure"}, {Op: verify.OpEqual, Text: "percent"}, {Op: verify.OpEqual, Text: "."}}
	if got, want := diffLine(ops, false), "grew by [-25-]{+27+}(figure) percent."; got != want {
		t.Errorf("diffLine = %q, want %q", got, want)
	}
	if got := diffLine(ops[1:3], true); got != "\x1b[31m[-25-]\x1b[0m\x1b[32m{+27+}\x1b[0m(figure)" {
		t.Errorf("diffLine on a terminal = %q", got)
	}
}

func TestStats(t *testing.T) {
	var b strings.Builder
	st := transcript.Stats{Documents: 2, Versions: 3, ByYear: []transcript.Count{{Key: "2022", N: 2}},
		BySection: []transcript.Count{{Key: strings.Repeat("s", 45), N: 1}}}
	if err := Stats(&b, st); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	if lines[0] != "documents                 2" || !strings.Contains(b.String(), "\nby year\n  2022                    2\n") ||
		!strings.Contains(b.String(), "  "+strings.Repeat("s", 45)+"  1\n") {
		t.Errorf("Stats:\n%s", b.String())
	}
}

func TestBars(t *testing.T) {
	var b strings.Builder
	ib := &IngestBar{Line: Line{W: &b}}
	ib.Progress(ingest.Status{Done: 2, Total: 2, Documents: 5, Elapsed: time.Second})
	if want := "\r" + Meter(2, 2) + " 2/2 files  5 docs  5.0 docs/s"; b.String() != want {
		t.Errorf("IngestBar: %q, want %q", b.String(), want)
	}
	b.Reset()
	cb := &CopyBar{Line: Line{W: &b}, Total: 10, Start: time.Now()}
	cb.Draw(4, 2)
	if !strings.HasPrefix(b.String(), "\r"+Meter(4, 10)+" 4/10 versions  ") {
		t.Errorf("CopyBar: %q", b.String())
	}
	b.Reset()
	crb := &CrawlBar{Line: Line{W: &b}}
	crb.Progress(crawl.Progress{Stats: crawl.Stats{Feeds: 3}, Phase: "feed", URL: "http://en.kremlin.ru/" + strings.Repeat("x", 60) + "/67763"})
	if got := b.String(); !strings.HasPrefix(got, "\rreading the feed: 3 pages  …") || !strings.HasSuffix(got, "/67763") {
		t.Errorf("CrawlBar: %q", got)
	}
}

func TestJSON(t *testing.T) {
	var b strings.Builder
	if err := JSON(&b, map[string]string{"q": "a<b & c"}); err != nil || b.String() != "{\n  \"q\": \"a<b & c\"\n}\n" {
		t.Errorf("JSON: %q, %v", b.String(), err)
	}
	b.Reset()
	if err := JSONLines(&b, []int{1, 2}); err != nil || b.String() != "1\n2\n" {
		t.Errorf("JSONLines: %q, %v", b.String(), err)
	}
}
