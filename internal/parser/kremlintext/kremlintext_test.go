package kremlintext_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/transcript"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the parser's output")

// TestGolden parses every testdata/*.txt and compares the canonical JSON
// with testdata/<case>.golden.json.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(name, func(t *testing.T) {
			doc := mustParse(t, file)
			got, err := json.MarshalIndent(doc, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(file, ".txt") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(bytes.TrimSpace(want)), string(got)); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", file, diff)
			}
		})
	}
}

func mustParse(t testing.TB, file string) *transcript.Document {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := kremlintext.Parse(f, file)
	if err != nil {
		t.Fatalf("Parse(%q): %v", file, err)
	}
	if err := doc.Validate(); err != nil {
		t.Fatalf("Parse(%q) gave an invalid document: %v", file, err)
	}
	return doc
}

// TestSample checks the parse of the real sample page against every field
// and turn listed in shared/samples/kremlin-text/*.expected.json.
func TestSample(t *testing.T) {
	doc := mustParse(t, "testdata/sample.txt")
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "shared", "samples", "kremlin-text",
		"2022-02-10-press-statements-russia-kazakhstan.expected.json"))
	if err != nil {
		t.Skipf("shared/samples not found beside the project: %v", err)
	}
	var want struct {
		Source, Language, Section, Title, Lead, Date, Time, Place string
		PublishedIn                                               []string `json:"published_in"`
		PublishedAt                                               string   `json:"published_at"`
		Geography, Topics, Persons                                []string
		Media                                                     []struct {
			Kind            string
			Position, Count int
			Caption, Credit string
		}
		Related []struct{ Relation, Title, Date string }
		Turns   []struct {
			Speaker              string
			Person, Role         *string
			Paragraphs           int
			StartsWith, EndsWith string
		}
		MustNot []string `json:"must_not_appear_in_any_turn"`
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	// the expected file names its keys in snake case
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(b, &raw)
	var turns []map[string]any
	_ = json.Unmarshal(raw["turns"], &turns)

	for _, c := range []struct{ field, got, want string }{
		{"source", doc.Source, want.Source}, {"language", doc.Language, want.Language},
		{"section", doc.Section, want.Section}, {"title", doc.Title, want.Title}, {"lead", doc.Lead, want.Lead},
		{"date", doc.Date, want.Date}, {"time", doc.Time, want.Time}, {"place", doc.Place, want.Place},
		{"published_at", doc.PublishedAt, want.PublishedAt},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.field, c.got, c.want)
		}
	}
	for _, c := range []struct {
		field     string
		got, want []string
	}{
		{"published_in", doc.PublishedIn, want.PublishedIn}, {"geography", doc.Geography, want.Geography},
		{"topics", doc.Topics, want.Topics}, {"persons", doc.Persons, want.Persons},
	} {
		if diff := cmp.Diff(c.want, c.got); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", c.field, diff)
		}
	}
	if len(doc.Media) != len(want.Media) {
		t.Fatalf("media: got %d, want %d", len(doc.Media), len(want.Media))
	}
	for i, m := range want.Media {
		got := doc.Media[i]
		if got.Kind != m.Kind || got.Position != m.Position || got.Count != m.Count || got.Caption != m.Caption || got.Credit != m.Credit {
			t.Errorf("media %d: got %+v, want %+v", i, got, m)
		}
	}
	if len(doc.Related) != len(want.Related) {
		t.Fatalf("related: got %d, want %d", len(doc.Related), len(want.Related))
	}
	for i, r := range want.Related {
		got := doc.Related[i]
		if got.Relation != r.Relation || got.Title != r.Title || got.Date != r.Date {
			t.Errorf("related %d: got %+v, want %+v", i, got, r)
		}
	}
	if len(doc.Turns) != len(turns) {
		t.Fatalf("turns: got %d, want %d", len(doc.Turns), len(turns))
	}
	for i, w := range turns {
		got := doc.Turns[i]
		str := func(k string) string { s, _ := w[k].(string); return s }
		if got.Speaker != str("speaker") || got.Person != str("person") || got.Role != str("role") {
			t.Errorf("turn %d: got speaker/person/role %q/%q/%q, want %q/%q/%q", i+1, got.Speaker, got.Person, got.Role,
				str("speaker"), str("person"), str("role"))
		}
		if n := int(w["paragraphs"].(float64)); len(got.Paragraphs) != n {
			t.Errorf("turn %d: got %d paragraphs, want %d", i+1, len(got.Paragraphs), n)
			continue
		}
		if !strings.HasPrefix(got.Paragraphs[0], str("starts_with")) {
			t.Errorf("turn %d starts %q, want prefix %q", i+1, got.Paragraphs[0], str("starts_with"))
		}
		if !strings.HasSuffix(got.Paragraphs[len(got.Paragraphs)-1], str("ends_with")) {
			t.Errorf("turn %d ends %q, want suffix %q", i+1, got.Paragraphs[len(got.Paragraphs)-1], str("ends_with"))
		}
	}
	for _, t0 := range doc.Turns {
		all := t0.Speaker + "\n" + strings.Join(t0.Paragraphs, "\n")
		for _, bad := range want.MustNot {
			for _, p := range append([]string{t0.Speaker}, t0.Paragraphs...) {
				if p == bad {
					t.Errorf("turn %d holds %q, which is page furniture", t0.Index, bad)
				}
			}
		}
		_ = all
	}
}

// TestSyntheticMarker checks that only rostrum gen's exact marker, on
// line 1, makes a page synthetic: anything else is read as a kremlin.ru
// page, so real pages are never marked synthetic.
func TestSyntheticMarker(t *testing.T) {
	const marker = "Synthetic document (rostrum gen): fictional text, not from kremlin.ru — id "
	const page = "Events\nTitle\nMarch 3, 2019\nSome text.\nPublished in section: News\n"
	for _, c := range []struct {
		name, input, source, id string
	}{
		{"marker", marker + "en/42\n" + page, transcript.SourceSynthetic, "synthetic/en/42"},
		{"russian", marker + "ru/7\n" + page, transcript.SourceSynthetic, "synthetic/ru/7"},
		{"numeric file name", marker + "en/42\n" + page, transcript.SourceSynthetic, "synthetic/en/42"},
		{"no marker", page, transcript.SourceKremlin, "en.kremlin.ru/h-"},
		{"on line 2", "\n" + marker + "en/42\n" + page, transcript.SourceKremlin, "en.kremlin.ru/h-"},
		{"other wording", "Synthetic document: fictional text — id en/42\n" + page, transcript.SourceKremlin, "en.kremlin.ru/h-"},
		{"other language", marker + "de/42\n" + page, transcript.SourceKremlin, "en.kremlin.ru/h-"},
		{"text after the id", marker + "en/42 and more\n" + page, transcript.SourceKremlin, "en.kremlin.ru/h-"},
	} {
		t.Run(c.name, func(t *testing.T) {
			source := "in.txt"
			if c.name == "numeric file name" {
				source = "000042.txt"
			}
			doc, err := kremlintext.Parse(strings.NewReader(c.input), source)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if doc.Source != c.source || !strings.HasPrefix(doc.ID, c.id) {
				t.Errorf("got source %q, id %q; want %q and an id starting %q", doc.Source, doc.ID, c.source, c.id)
			}
			if c.source != transcript.SourceSynthetic {
				return // the line that is no marker is read as the title
			}
			if doc.URL != "" || doc.Title != "Title" {
				t.Errorf("got URL %q, title %q; want no URL and the title after the marker", doc.URL, doc.Title)
			}
		})
	}
	_, err := kremlintext.Parse(strings.NewReader(marker+"en/42\n"), "in.txt")
	var pe *parser.ParseError
	if !errors.As(err, &pe) || pe.Line != 1 {
		t.Errorf("marker alone: got %v, want a *parser.ParseError at line 1", err)
	}
}

// TestBadInput checks that unusable input gives a *parser.ParseError
// naming the file and line, and never a panic.
func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		name, input string
		line        int
		reason      string
	}{
		{"empty", "", 1, "empty input"},
		{"blank", "\n \n\t\n", 1, "empty input"},
		{"binary", "Events\nTitle\n\x00\x01\x02", 3, "binary data"},
		{"invalid UTF-8", "Events\nTitle\nok\nbad \xff\xfe here\n", 4, "invalid UTF-8"},
		// A folder of pages holds other files: nothing of a page in them.
		{"markdown notes", "\n# Notes on the corpus\n\n" + strings.Repeat("Some words about the pages. ", 20) + "\n", 2, "a Markdown file"},
		{"a line", "just a line of text\n", 1, "only 19 characters of text"},
		// A feed named on its own goes to the text parser (ingest.Detect).
		{"atom feed", `<?xml version="1.0" encoding="UTF-8" ?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>` + "\n" + strings.Repeat("<entry><title>Talks with the President</title></entry>\n", 10), 1, "an Atom feed"},
		// The corpus's NOTES.md: its "Term: explanation" lines read as labels.
		{"markdown with colons", "# Notes\n\nPresident of Russia Vladimir Putin: the usual label.\nQuestion: another.\n", 1, "a Markdown file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := kremlintext.Parse(strings.NewReader(c.input), "in.txt")
			var pe *parser.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *parser.ParseError", err)
			}
			if pe.Line != c.line || pe.Source != "in.txt" || !strings.Contains(err.Error(), c.reason) {
				t.Errorf("got %q (line %d), want line %d and %q", err, pe.Line, c.line, c.reason)
			}
			if !errors.Is(err, transcript.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
		})
	}
}

// TestTruncatedAndHuge checks inputs that parse into something odd but valid.
func TestTruncatedAndHuge(t *testing.T) {
	sample, err := os.ReadFile("testdata/sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 10, 100, 1000, len(sample) / 2} {
		doc, err := kremlintext.Parse(bytes.NewReader(sample[:n]), "cut.txt")
		if err == nil {
			if verr := doc.Validate(); verr != nil {
				t.Errorf("truncated at %d: invalid document: %v", n, verr)
			}
		}
	}
	// one 5 MB paragraph is too long a line
	huge := "Events\nTitle\n" + strings.Repeat("word ", 1<<20) + "\n"
	_, err = kremlintext.Parse(strings.NewReader(huge), "huge.txt")
	if err == nil || !strings.Contains(err.Error(), "huge.txt:3:") {
		t.Errorf("huge line: got %v, want an error at huge.txt:3", err)
	}
}

func FuzzParse(f *testing.F) {
	// Small seeds only: the fuzzer minimises every input that finds new
	// code, and minimising the 25 KB sample would take most of a run.
	files, _ := filepath.Glob("testdata/*.txt")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) <= 4096 {
			f.Add(b)
		}
	}
	f.Add([]byte("Events\nT\nJune 1, 2020\nA B:\n: c\n* * *\nSee also\nX\n"))
	f.Add([]byte("X\nY /\nJune 1, 2020, A\nA b (c)(d): e\n"))
	f.Add([]byte("A el-B: c\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, err := kremlintext.Parse(bytes.NewReader(b), "fuzz.txt")
		if err != nil {
			var pe *parser.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *parser.ParseError", err)
			}
			return
		}
		if err := doc.Validate(); err != nil {
			t.Fatalf("Parse gave an invalid document: %v", err)
		}
		if _, err := json.Marshal(doc); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkParse measures parse throughput on the sample page and, when
// present, the 200 real text renderings of shared/corpus.
func BenchmarkParse(b *testing.B) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "..", "..", "shared", "corpus", "kremlin-en", "text", "*.txt"))
	if len(paths) == 0 {
		paths = []string{"testdata/sample.txt"}
	}
	var inputs [][]byte
	var total int64
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		inputs = append(inputs, data)
		total += int64(len(data))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for i, data := range inputs {
			if _, err := kremlintext.Parse(bytes.NewReader(data), paths[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestRussianSingleSection reads the singular footer form of a page
// published in one section ("Опубликован в разделе: Новости").
func TestRussianSingleSection(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "russian.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, form := range []string{"Опубликован в разделе: Новости", "Опубликовано в разделе: Новости"} {
		text := strings.Replace(string(b), "Опубликован в разделах: Новости, Стенограммы", form, 1)
		doc, err := kremlintext.Parse(strings.NewReader(text), "russian.txt")
		if err != nil {
			t.Fatalf("%s: %v", form, err)
		}
		if len(doc.PublishedIn) != 1 || doc.PublishedIn[0] != "Новости" {
			t.Errorf("%s: published_in %q, want [Новости]", form, doc.PublishedIn)
		}
	}
}

// TestWarnings checks that dumps without a title or a date line are
// parsed, with warnings for what they lack, and that Options fill it.
func TestWarnings(t *testing.T) {
	for _, c := range []struct {
		file        string
		opt         parser.Options
		warns       int
		title, date string
	}{
		{file: "chrome.txt", title: "Meeting with Governor of Tver Region Igor Rudenya", date: "2020-08-20"},
		{file: "print.txt", title: "Meeting with Governor of Tver Region Igor Rudenya", date: "2020-08-20"},
		{file: "bodyonly.txt", warns: 2},
		{file: "bodyonly.txt", opt: parser.Options{Date: "2020-08-20", Title: "Harvest"}, title: "Harvest", date: "2020-08-20"},
		{file: "selectfont.txt", warns: 1, date: "2021-10-11"},
		// "Президент России — официальный сайт" is the site's name, no title.
		{file: "ru_special.txt", warns: 1, date: "2021-10-11"},
	} {
		name := filepath.Join("testdata", c.file)
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		doc, ws, err := kremlintext.ParseWith(f, name, c.opt)
		f.Close()
		if err != nil {
			t.Fatalf("ParseWith(%q): %v", name, err)
		}
		if len(ws) != c.warns || doc.Title != c.title || doc.Date != c.date {
			t.Errorf("ParseWith(%q, %+v): title %q, date %q, warnings %v; want %q, %q and %d warnings",
				name, c.opt, doc.Title, doc.Date, ws, c.title, c.date, c.warns)
		}
	}
}

// TestHeaderUnderBreadcrumb: between a breadcrumb and the date line stand
// the title and the lead, whatever they look like: a short title that
// could pass for chrome, a lead without a full stop, a lead longer than
// any title (found by the generator's round trip).
func TestHeaderUnderBreadcrumb(t *testing.T) {
	long := strings.Repeat("The President met the heads of the regions and discussed their plans. ", 8)
	for _, c := range []struct{ name, page, title, lead string }{
		{"short title, lead without a full stop",
			"Events\nMeeting with the Governor\nVladimir Putin met with the Governor of the Region\nAugust 18, 2008\n15:20\nSt Petersburg\nGood afternoon.\n",
			"Meeting with the Governor", "Vladimir Putin met with the Governor of the Region"},
		{"a lead over 400 characters",
			"Events\nMeeting with the Governor of the Tula Region Alexei Dyumin\n" + strings.TrimSpace(long) + "\nAugust 18, 2008\n15:20\nSt Petersburg\nGood afternoon.\n",
			"Meeting with the Governor of the Tula Region Alexei Dyumin", strings.TrimSpace(long)},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, err := kremlintext.Parse(strings.NewReader(c.page), "in.txt")
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != c.title || doc.Lead != c.lead || doc.Date != "2008-08-18" || doc.Place != "St Petersburg" {
				t.Errorf("title %q, lead %q, date %q, place %q", doc.Title, doc.Lead, doc.Date, doc.Place)
			}
		})
	}
}

// TestTooManyTurns: a dump of more turns than a document may have
// (transcript.MaxTurns) is refused at the line where it passes the limit,
// before the rest is read; the hardening issue's 16 MiB file of labels
// took minutes of CPU before it was refused when stored.
func TestTooManyTurns(t *testing.T) {
	var b strings.Builder
	b.WriteString("Events\nMeeting with governors\nThe President met the governors.\nApril 3, 2019\nThe Kremlin, Moscow\n")
	for i := 0; b.Len() < 16<<20; i++ {
		fmt.Fprintf(&b, "Governor of Region Number%d Namea%d Surnameb%d: Thank you, colleagues, we discussed item %d.\n", i, i, i, i)
	}
	_, err := kremlintext.Parse(strings.NewReader(b.String()), "many.txt")
	var pe *parser.ParseError
	if !errors.As(err, &pe) || pe.Line < transcript.MaxTurns || pe.Line > transcript.MaxTurns+10 ||
		!strings.Contains(err.Error(), "more than 16383 speaker turns") {
		t.Errorf("Parse of 16 MiB of labels: %v, want a parse error near line %d naming the turn limit", err, transcript.MaxTurns)
	}
}
