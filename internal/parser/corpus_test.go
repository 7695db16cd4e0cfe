package parser_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/transcript"
)

func speakers(d *transcript.Document) []string {
	var out []string
	for _, t := range d.Turns {
		if t.Speaker != "" {
			// The references leave a label's notes out ("(retranslated)").
			name, _ := parser.SplitNote(t.Speaker)
			out = append(out, parser.Fold(name))
		}
	}
	return out
}

func parseFile(t *testing.T, parse func(*os.File, string) (*transcript.Document, error), path string) *transcript.Document {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := parse(f, path)
	if err != nil {
		t.Errorf("Parse(%s): %v", path, err)
		return nil
	}
	if err := doc.Validate(); err != nil {
		t.Errorf("Parse(%s): invalid document: %v", path, err)
	}
	return doc
}

func textParse(f *os.File, src string) (*transcript.Document, error) {
	return kremlintext.Parse(f, src)
}
func htmlParse(f *os.File, src string) (*transcript.Document, error) {
	return kremlinhtml.Parse(f, src)
}

// formats are the two kremlin page formats of the corpus.
var formats = []struct {
	name  string
	path  func(dir, id string) string
	parse func(*os.File, string) (*transcript.Document, error)
}{
	{"text", corpus.TextPath, textParse},
	{"html", corpus.HTMLPath, htmlParse},
}

// corpusIDs returns the shared corpus folder and its page ids, and skips
// the test when the corpus is not beside the project.
func corpusIDs(t *testing.T) (string, []string) {
	t.Helper()
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("shared/corpus not found beside the project (set ROSTRUM_CORPUS): corpus test skipped")
	}
	ids, err := corpus.IDs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, ids
}

// TestCorpusSpeakers parses the 200 real text renderings and the 30 raw
// HTML pages of shared/corpus and compares each page's speaker-label
// sequence with the bold labels recorded from its HTML (corpus.Labels). It
// prints the exact-match rate per format and fails when fewer than 98% of
// all parses match. It also requires the text and HTML parse of the same
// page to give the same speaker sequence.
func TestCorpusSpeakers(t *testing.T) {
	dir, ids := corpusIDs(t)
	allTotal, allExact := 0, 0
	parsed := map[string]map[string][]string{}           // format → id → speakers
	docs := map[string]map[string]*transcript.Document{} // format → id → document
	for _, format := range formats {
		total, exact := 0, 0
		var misses []string
		parsed[format.name] = map[string][]string{}
		docs[format.name] = map[string]*transcript.Document{}
		for _, id := range ids {
			path := format.path(dir, id)
			if _, err := os.Stat(path); err != nil {
				continue
			}
			rec, err := corpus.Load(dir, id)
			if err != nil {
				t.Fatal(err)
			}
			total++
			doc := parseFile(t, format.parse, path)
			if doc == nil {
				continue
			}
			want, got := rec.Labels(), speakers(doc)
			parsed[format.name][id] = got
			docs[format.name][id] = doc
			if cmp.Equal(want, got) {
				exact++
			} else {
				misses = append(misses, fmt.Sprintf("%s: %s", id, cmp.Diff(want, got)))
			}
		}
		t.Logf("%s: speaker sequences exactly matching the reference: %d of %d (%.1f%%)",
			format.name, exact, total, 100*float64(exact)/float64(max(total, 1)))
		if len(misses) > 0 {
			t.Logf("%s mismatches (-reference +parsed):\n%s", format.name, strings.Join(misses, "\n"))
		}
		allTotal += total
		allExact += exact
	}
	rate := float64(allExact) / float64(max(allTotal, 1))
	t.Logf("all formats: %d of %d (%.1f%%)", allExact, allTotal, 100*rate)
	if rate < 0.98 {
		t.Errorf("exact-match rate %.1f%%, want at least 98%%", 100*rate)
	}
	agree := 0
	for id, html := range parsed["html"] {
		if diff := cmp.Diff(parsed["text"][id], html); diff != "" {
			t.Errorf("page %s: text and HTML parses differ (-text +html):\n%s", id, diff)
		} else {
			agree++
		}
	}
	t.Logf("text and HTML parse agree on %d of %d pages", agree, len(parsed["html"]))

	// Beyond the speakers, the two formats of a page should give the same
	// document, apart from what only the HTML holds (every slide of the
	// photo carousel, the related items' links). Known differences: a
	// pull-quote without quotation marks, and some inline photo captions,
	// stay in a text dump's speech.
	same := 0
	var differ []string
	for id, html := range docs["html"] {
		text := *docs["text"][id]
		h := *html
		text.Media, text.Related, h.Media, h.Related = nil, nil, nil, nil
		if cmp.Equal(&text, &h) {
			same++
		} else {
			differ = append(differ, id)
		}
	}
	t.Logf("text and HTML give the same document (media and related aside) on %d of %d pages; differ: %v",
		same, len(docs["html"]), differ)
	if same < 24 {
		t.Errorf("text and HTML agree on %d pages, fewer than the 24 of 30 they agreed on before", same)
	}
}

var reMore = regexp.MustCompile(`^\d+ more$`)

// TestCorpusFields compares the header and footer fields of every text
// rendering and HTML page with the structured record taken from the
// page's HTML.
func TestCorpusFields(t *testing.T) {
	dir, ids := corpusIDs(t)
	fields := []string{"id", "title", "lead", "date", "time", "place", "published_in", "geography", "topics", "persons"}
	for _, format := range formats {
		t.Run(format.name, func(t *testing.T) { corpusFields(t, dir, ids, fields, format.path, format.parse) })
	}
}

func corpusFields(t *testing.T, dir string, ids, fields []string, path func(dir, id string) string,
	parse func(*os.File, string) (*transcript.Document, error)) {
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return parser.Fold(*p)
	}
	// The records keep the footer's "N more" toggle and the empty items it
	// hides; neither is part of the taxonomy.
	fold := func(s []string) []string {
		var out []string
		for _, v := range s {
			if v = parser.Fold(v); v != "" && !reMore.MatchString(v) {
				out = append(out, v)
			}
		}
		return out
	}
	bad := map[string][]string{}
	n := 0
	for _, id := range ids {
		if _, err := os.Stat(path(dir, id)); err != nil {
			continue
		}
		n++
		rec, err := corpus.Load(dir, id)
		if err != nil {
			t.Fatal(err)
		}
		doc := parseFile(t, parse, path(dir, id))
		if doc == nil {
			continue
		}
		check := func(field string, want, got any) {
			if !cmp.Equal(want, got, cmpopts.EquateEmpty()) {
				bad[field] = append(bad[field], fmt.Sprintf("%s: %s", id, cmp.Diff(want, got, cmpopts.EquateEmpty())))
			}
		}
		check("title", parser.Fold(rec.Title), parser.Fold(doc.Title))
		check("lead", str(rec.Lead), parser.Fold(doc.Lead))
		// Both formats name the page by its number: the text dump through
		// its file name, the HTML through its markup.
		check("id", "en.kremlin.ru/"+id, doc.ID)
		wantDate := str(rec.Date)
		if wantDate == "" && rec.AnnounceDate != nil {
			// "Announcement, December 14, 2012"
			_, rest, _ := strings.Cut(*rec.AnnounceDate, ",")
			wantDate, _, _ = parser.ParseDate(rest)
		}
		check("date", wantDate, doc.Date)
		check("time", str(rec.Time), doc.Time)
		check("place", str(rec.Place), parser.Fold(doc.Place))
		check("published_in", fold(rec.Status.PublishedIn), fold(doc.PublishedIn))
		check("geography", fold(rec.Tags["Geography"]), fold(doc.Geography))
		check("topics", fold(rec.Tags["Topics"]), fold(doc.Topics))
		check("persons", fold(rec.Tags["Persons"]), fold(doc.Persons))
	}
	for _, f := range fields {
		t.Logf("%-12s %d of %d match", f, n-len(bad[f]), n)
		if len(bad[f]) > 0 {
			t.Errorf("%s differs on %d pages:\n%s", f, len(bad[f]), strings.Join(bad[f], "\n"))
		}
	}
}

// moreFloor is the exact-match rate below which TestCorpusMoreHTML fails.
const moreFloor = 0.99

// TestCorpusMoreHTML parses the 300 raw HTML pages of
// shared/corpus/kremlin-html-more, none of which the parser was written
// against, and compares each page's speaker sequence with the labels its
// index records. It prints the exact-match rate and the mismatches, and
// fails below moreFloor.
func TestCorpusMoreHTML(t *testing.T) {
	dir := corpus.MoreDir(corpus.Dir())
	if dir == "" {
		t.Skip("shared/corpus/kremlin-html-more not found beside the project (set ROSTRUM_CORPUS): corpus test skipped")
	}
	pages, err := corpus.LoadMore(dir)
	if err != nil {
		t.Fatal(err)
	}
	total, exact, withLabels, exactLabels := 0, 0, 0, 0
	var misses []string
	for _, pg := range pages {
		total++
		if len(pg.Labels) > 0 {
			withLabels++
		}
		doc := parseFile(t, htmlParse, filepath.Join(dir, pg.File))
		if doc == nil {
			misses = append(misses, pg.ID+": not parsed")
			continue
		}
		var want []string
		for _, l := range pg.Labels {
			want = append(want, parser.Fold(l))
		}
		got := speakers(doc)
		if cmp.Equal(want, got) {
			exact++
			if len(want) > 0 {
				exactLabels++
			}
		} else {
			misses = append(misses, fmt.Sprintf("%s: %s", pg.ID, cmp.Diff(want, got)))
		}
	}
	rate := float64(exact) / float64(max(total, 1))
	t.Logf("kremlin-html-more: speaker sequences exactly matching the index: %d of %d (%.1f%%); pages with labels: %d of %d (%.1f%%)",
		exact, total, 100*rate, exactLabels, withLabels, 100*float64(exactLabels)/float64(max(withLabels, 1)))
	if len(misses) > 0 {
		t.Logf("mismatches (-index +parsed):\n%s", strings.Join(misses, "\n"))
	}
	if rate < moreFloor {
		t.Errorf("exact-match rate %.1f%%, want at least %.1f%%", 100*rate, 100*moreFloor)
	}
}
