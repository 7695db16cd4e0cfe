package kremlintext_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/transcript"
)

func speakers(d *transcript.Document) []string {
	var out []string
	for _, t := range d.Turns {
		if t.Speaker != "" {
			out = append(out, parser.Fold(t.Speaker))
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

var reMore = regexp.MustCompile(`^\d+ more$`)

// TestCorpusFields compares the header and footer fields of every text
// rendering with the structured record taken from the page's HTML.
func TestCorpusFields(t *testing.T) {
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("shared/corpus not found beside the project (set ROSTRUM_CORPUS): corpus test skipped")
	}
	ids, err := corpus.IDs(dir)
	if err != nil {
		t.Fatal(err)
	}
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
	fields := []string{"title", "lead", "date", "time", "place", "published_in", "geography", "topics", "persons"}
	bad := map[string][]string{}
	for _, id := range ids {
		rec, err := corpus.Load(dir, id)
		if err != nil {
			t.Fatal(err)
		}
		doc := parseFile(t, textParse, corpus.TextPath(dir, id))
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
		if rec.Date != nil {
			check("date", str(rec.Date), doc.Date)
		}
		check("time", str(rec.Time), doc.Time)
		check("place", str(rec.Place), parser.Fold(doc.Place))
		check("published_in", fold(rec.Status.PublishedIn), fold(doc.PublishedIn))
		check("geography", fold(rec.Tags["Geography"]), fold(doc.Geography))
		check("topics", fold(rec.Tags["Topics"]), fold(doc.Topics))
		check("persons", fold(rec.Tags["Persons"]), fold(doc.Persons))
	}
	for _, f := range fields {
		t.Logf("%-12s %d of %d match", f, len(ids)-len(bad[f]), len(ids))
		if len(bad[f]) > 0 {
			t.Errorf("%s differs on %d pages:\n%s", f, len(bad[f]), strings.Join(bad[f], "\n"))
		}
	}
}
