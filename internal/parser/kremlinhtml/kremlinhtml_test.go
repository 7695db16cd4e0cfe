package kremlinhtml_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
	"github.com/rostrum/rostrum/internal/transcript"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

func fixtures(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no fixtures in testdata: %v", err)
	}
	return files
}

func mustParseFile(tb testing.TB, name string) *transcript.Document {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := kremlinhtml.Parse(bytes.NewReader(b), name)
	if err != nil {
		tb.Fatalf("Parse(%q): %v", name, err)
	}
	return doc
}

func TestGolden(t *testing.T) {
	for _, name := range fixtures(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			doc := mustParseFile(t, name)
			if err := doc.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			got, err := json.MarshalIndent(doc, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(name, ".html") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", name, diff)
			}
		})
	}
}

// TestTranscript checks the fixture's label patterns one by one, so that a
// golden rewrite cannot quietly change them.
func TestTranscript(t *testing.T) {
	doc := mustParseFile(t, filepath.Join("testdata", "transcript.html"))
	var speakers []string
	for _, tr := range doc.Turns {
		speakers = append(speakers, tr.Speaker)
	}
	want := []string{
		"",
		"President of\u00a0Russia Vladimir Putin",
		"President of\u00a0Guinea Alpha Conde(retranslated)",
		"Vladimir Putin",
		"Secretary-General of the Organisation (Oecd) JOSE ANGEL GURRIA (retranslated)",
		// "Commander of the 2<sup>nd</sup> Guards Army … Muradov:" joins to "2nd".
		"Commander of the 2nd Guards Army Major General Rustam Muradov",
		"Question",
		"",
	}
	if diff := cmp.Diff(want, speakers); diff != "" {
		t.Errorf("speakers mismatch (-want +got):\n%s", diff)
	}
	all := ""
	for _, tr := range doc.Turns {
		all += strings.Join(tr.Paragraphs, "\n") + "\n"
	}
	for _, s := range []string{"Conde Alpha", "* * *", "grew by 20 percent.\nOur trade", "During the talks"} {
		if strings.Contains(all, s) {
			t.Errorf("turn text contains %q, which is not speech", s)
		}
	}
	for _, s := range []string{"Welcome to Moscow.\nIt is a pleasure", "Entry from 10.00 am to 11.00 am: the press pool.",
		"Megyn KellyVladimir Putin could not order it.", "Vladimir Putin. Thank you."} {
		if !strings.Contains(all, s) {
			t.Errorf("turn text lacks %q", s)
		}
	}
	if got, want := doc.Media[1], (transcript.Media{Kind: "photo", Position: 2, Count: 3,
		Caption: "Russian-Guinean talks.", Credit: "Sergei Guneev, RIA Novosti"}); got != want {
		t.Errorf("slide 2 got %+v, want %+v", got, want)
	}
	if got, want := doc.Related[0].Date, "2016-09-27"; got != want {
		t.Errorf("related date got %v, want %v", got, want)
	}
	if got, want := doc.Related[0].URL, "http://en.kremlin.ru/events/president/news/90000"; got != want {
		t.Errorf("related url got %v, want %v", got, want)
	}
}

func TestIDs(t *testing.T) {
	for _, c := range []struct{ file, id, url, lang string }{
		{"transcript.html", "en.kremlin.ru/90001", "http://en.kremlin.ru/events/president/news/90001", "en"},
		{"announcement.html", "en.kremlin.ru/90002", "http://en.kremlin.ru/events/president/news/90002", "en"},
		{"russian.html", "kremlin.ru/90003", "http://kremlin.ru/events/president/news/90003", "ru"},
	} {
		doc := mustParseFile(t, filepath.Join("testdata", c.file))
		if doc.ID != c.id || doc.URL != c.url || doc.Language != c.lang {
			t.Errorf("%s: got id %q url %q language %q, want %q %q %q", c.file, doc.ID, doc.URL, doc.Language, c.id, c.url, c.lang)
		}
	}
	// A page without a number: the English host, a hash, no url; the same
	// id as the text parser gives (parser.KremlinID).
	doc := mustParseFile(t, filepath.Join("testdata", "special.html"))
	if !strings.HasPrefix(doc.ID, "en.kremlin.ru/h-") || len(doc.ID) != len("en.kremlin.ru/h-")+12 || doc.URL != "" {
		t.Errorf("special.html: got id %q url %q, want an en.kremlin.ru/h- hash and no url", doc.ID, doc.URL)
	}
}

func TestBadInput(t *testing.T) {
	valid, err := os.ReadFile(filepath.Join("testdata", "transcript.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		in       []byte
		wantErr  bool
		wantLine int
	}{
		{name: "empty", in: nil, wantErr: true, wantLine: 1},
		{name: "blank", in: []byte(" \n\t\n"), wantErr: true, wantLine: 1},
		{name: "binary", in: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), wantErr: true, wantLine: 3},
		{name: "invalid UTF-8", in: []byte("<html><body>\n<p>caf\xe9</p>"), wantErr: true, wantLine: 2},
		{name: "plain text", in: []byte("Vladimir Putin: Good afternoon."), wantErr: true, wantLine: 1},
		{name: "no article", in: []byte("<html><head></head>\n<body>\n<div></div></body></html>"), wantErr: true, wantLine: 2},
		{name: "truncated", in: valid[:len(valid)*2/3]},
		{name: "truncated in a tag", in: []byte("<html><body><article id=\"event-1\"><h1 class=\"entry-title\">T</h1><p><b>Vladimir Putin:</b> Hello<b")},
		{name: "deep nesting", in: []byte(strings.Repeat("<div>", 100000) + "<p>text</p>"), wantErr: true, wantLine: 1},
		{name: "deep inline nesting", in: []byte("<h1>T</h1><p>" + strings.Repeat("<span>", 100000) + "text")},
		{name: "unclosed comment", in: []byte("<html><!-- <body><p>text</p>")},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, err := kremlinhtml.Parse(bytes.NewReader(c.in), "in.html")
			if c.wantErr {
				var pe *parser.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("Parse: got error %v, want a *parser.ParseError", err)
				}
				if !errors.Is(err, transcript.ErrInvalid) {
					t.Errorf("Parse: error %v does not wrap ErrInvalid", err)
				}
				if pe.Line != c.wantLine || pe.Source != "in.html" {
					t.Errorf("Parse: error at %s:%d, want in.html:%d (%v)", pe.Source, pe.Line, c.wantLine, err)
				}
				return
			}
			if err != nil {
				if errors.As(err, new(*parser.ParseError)) {
					return // a clean rejection is acceptable
				}
				t.Fatalf("Parse: error %v is not a *parser.ParseError", err)
			}
			if err := doc.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

// TestHugePage parses a well-formed page of about 50 MB, of long turns.
func TestHugePage(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB page in -short mode")
	}
	var b bytes.Buffer
	b.WriteString(`<html lang="en"><body><article id="event-7"><h1 class="entry-title">Long</h1>` +
		`<div class="read__internal_content">`)
	para := "<p><b>Vladimir Putin:</b> " + strings.Repeat("All this allows Crimea to develop at a desired pace. ", 200) + "</p>\n"
	for b.Len() < 50<<20 {
		b.WriteString(para)
	}
	b.WriteString("</div></article></body></html>")
	start := time.Now()
	doc, err := kremlinhtml.Parse(&b, "huge.html")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(doc.Turns) < 4000 {
		t.Errorf("got %d turns, want one per paragraph", len(doc.Turns))
	}
	t.Logf("50 MB page: %d turns in %v", len(doc.Turns), time.Since(start))
}

// TestTooManyTurns: a page of more turns than a document may have
// (transcript.MaxTurns) is refused as soon as the parser passes the
// limit, with a message that says why; the hardening issue's hostile
// file of 16 MiB of short labels took minutes of CPU before it was
// refused when stored.
func TestTooManyTurns(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`<html lang="en"><body><article id="event-7"><h1 class="entry-title">Many</h1>` +
		`<div class="read__internal_content">`)
	name := func(i int) string { // Bcd, Bce … : a name without digits
		w := []byte("Bcdf")
		for k := 3; k > 0; k, i = k-1, i/20 {
			w[k] = "bcdfghjklmnpqrstvwxz"[i%20]
		}
		return string(w)
	}
	for i := 0; b.Len() < 16<<20; i++ {
		fmt.Fprintf(&b, "<p><b>Governor of the Region %s %sov:</b> Thank you.</p>\n", name(i), name(i/7))
	}
	b.WriteString("</div></article></body></html>")
	_, err := kremlinhtml.Parse(&b, "many.html")
	var pe *parser.ParseError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "more than 16383 speaker turns") {
		t.Errorf("Parse of 16 MiB of labels: %v, want a parse error naming the turn limit", err)
	}
}

func TestTooLarge(t *testing.T) {
	r := newRepeatReader('a', kremlinhtml.MaxSize+10)
	_, err := kremlinhtml.Parse(r, "big.html")
	if !errors.Is(err, transcript.ErrInvalid) {
		t.Errorf("Parse(%d bytes): got %v, want ErrInvalid", kremlinhtml.MaxSize+10, err)
	}
}

// repeatReader yields n copies of one byte without holding them.
type repeatReader struct {
	c byte
	n int
}

func newRepeatReader(c byte, n int) *repeatReader { return &repeatReader{c, n} }

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), r.n)
	for i := range p[:k] {
		p[i] = r.c
	}
	r.n -= k
	return k, nil
}

func FuzzParse(f *testing.F) {
	for _, name := range fixtures(f) {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("<p><b>A B</b> (x):</p>"))
	f.Add([]byte("<p><b>A b-C</b></p><p>: d</p><p><b>E</b> <i>(</i><i>f</i><i>)</i><b>:</b> G h</p>"))
	f.Fuzz(func(t *testing.T, in []byte) {
		doc, err := kremlinhtml.Parse(bytes.NewReader(in), "fuzz.html")
		if err != nil {
			if !errors.As(err, new(*parser.ParseError)) {
				t.Fatalf("error %v is not a *parser.ParseError", err)
			}
			return
		}
		if err := doc.Validate(); err != nil {
			t.Fatalf("Validate: %v", err)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	var files []string
	if dir := corpus.Dir(); dir != "" {
		files, _ = filepath.Glob(filepath.Join(dir, "kremlin-html", "*.html"))
	}
	if len(files) == 0 {
		files = fixtures(b)
	}
	var pages [][]byte
	var n int64
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, data)
		n += int64(len(data))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pages {
			if _, err := kremlinhtml.Parse(bytes.NewReader(p), "bench.html"); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestWarnings checks that pages without a title or a date are parsed,
// with warnings for what they lack, and that Options fill it.
func TestWarnings(t *testing.T) {
	for _, c := range []struct {
		file  string
		opt   parser.Options
		warns int
		title string
		date  string
	}{
		{file: "labels.html", warns: 0, title: "Meeting with religious leaders and\u00a0guests", date: "2019-11-04"},
		{file: "print.html", warns: 1, title: "Working meeting with Governor of\u00a0Tver Region Igor Rudenya"},
		{file: "print.html", opt: parser.Options{Date: "2020-08-20"}, title: "Working meeting with Governor of\u00a0Tver Region Igor Rudenya", date: "2020-08-20"},
		// The <title> is only the site's name: no title.
		{file: "ru_special.html", warns: 1, date: "2021-10-11"},
	} {
		name := filepath.Join("testdata", c.file)
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		doc, ws, err := kremlinhtml.ParseWith(bytes.NewReader(b), name, c.opt)
		if err != nil {
			t.Fatalf("ParseWith(%q): %v", name, err)
		}
		if len(ws) != c.warns || doc.Title != c.title || doc.Date != c.date {
			t.Errorf("ParseWith(%q, %+v): title %q, date %q, warnings %v; want %q, %q and %d warnings",
				name, c.opt, doc.Title, doc.Date, ws, c.title, c.date, c.warns)
		}
		for _, w := range ws {
			if !strings.HasPrefix(w.String(), name+": warning: ") {
				t.Errorf("warning %q, want it to start %q", w, name+": warning: ")
			}
		}
	}
}

// TestFeedIsNoPage: an Atom or RSS feed in a folder of pages is refused;
// the HTML parser took its entries' text for a page's body.
func TestFeedIsNoPage(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"atom", `<?xml version="1.0" encoding="UTF-8" ?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title><entry><title>Talks</title></entry></feed>`, "an Atom feed"},
		{"rss", "\ufeff<?xml version=\"1.0\"?>\n<!-- feed -->\n<rss version=\"2.0\"><channel><title>News</title></channel></rss>", "an RSS feed"},
	} {
		_, err := kremlinhtml.Parse(strings.NewReader(c.in), "feed.xml")
		var pe *parser.ParseError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Parse = %v, want a parse error saying %q", c.name, err, c.want)
		}
	}
}
