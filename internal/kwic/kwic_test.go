package kwic_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/kwic"
	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/searchtest"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
)

// mustCorpus returns an archive of the shared corpus: its text dumps and
// HTML pages.
func mustCorpus(t *testing.T) *sqlite.Store {
	t.Helper()
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("shared/corpus not found beside the project (set ROSTRUM_CORPUS)")
	}
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "kwic.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	paths := []string{filepath.Join(dir, "kremlin-en", "text")}
	html, _ := filepath.Glob(filepath.Join(dir, "kremlin-html", "*.html"))
	paths = append(paths, html...)
	formats := ingest.Formats{
		ingest.FormatKremlinText: ingest.Single(kremlintext.Parse),
		ingest.FormatKremlinHTML: ingest.Single(kremlinhtml.Parse),
	}
	res, err := ingest.Run(ctx, st, paths, ingest.Config{Formats: formats})
	if err != nil || res.Failed > 0 {
		t.Fatalf("ingest: %v %v", err, res.Failures)
	}
	return st
}

// bruteForce counts, over every turn of every document that keep
// accepts, the runs of consecutive terms equal to want.
func bruteForce(t *testing.T, st transcript.Store, want []string, keep func(*transcript.Document, *transcript.Turn) bool) int {
	t.Helper()
	tok := search.NewTokenizer()
	n := 0
	for doc, err := range st.Documents(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		for i := range doc.Turns {
			turn := &doc.Turns[i]
			if !keep(doc, turn) {
				continue
			}
			terms := tok.Terms(strings.Join(turn.Paragraphs, "\n\n"), true)
			for j := 0; j+len(want) <= len(terms); j++ {
				if strings.Join(terms[j:j+len(want)], " ") == strings.Join(want, " ") {
					n++
					j += len(want) - 1
				}
			}
		}
	}
	return n
}

func TestCorpusCounts(t *testing.T) {
	st := mustCorpus(t)
	all := func(*transcript.Document, *transcript.Turn) bool { return true }
	tests := []struct {
		query string
		terms []string // what the brute-force scan looks for
		keep  func(*transcript.Document, *transcript.Turn) bool
	}{
		{"cooperation", []string{"cooper"}, all},
		{"talks", []string{"talk"}, all},
		{`"United States"`, []string{"unit", "state"}, all},
		{"Russia lang:en", []string{"russia"}, func(d *transcript.Document, _ *transcript.Turn) bool { return d.Language == "en" }},
		{`economy person:"Vladimir Putin"`, []string{"economi"}, func(_ *transcript.Document, tr *transcript.Turn) bool {
			return tr.Person == "Vladimir Putin"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := search.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			res, err := kwic.Run(t.Context(), st, &kwic.Request{Query: q, Width: 40, Limit: kwic.MaxLines,
				Vocab: func(ctx context.Context) ([]transcript.Person, *persons.Overrides, error) {
					ps, err := st.Persons(ctx)
					return ps, nil, err
				}})
			if err != nil {
				t.Fatal(err)
			}
			want := bruteForce(t, st, tt.terms, tt.keep)
			if want == 0 {
				t.Fatalf("the corpus has no %q: a useless test", tt.query)
			}
			if res.Occurrences != want || len(res.Lines) != want {
				t.Errorf("kwic %q: %d occurrences (%d lines), the brute-force scan finds %d", tt.query, res.Occurrences, len(res.Lines), want)
			}
			if res.Disagreed != 0 {
				t.Errorf("kwic %q: %d documents disagreed with the engine", tt.query, res.Disagreed)
			}
			checkLines(t, st, res.Lines)
		})
	}
}

// checkLines checks that each line's offsets point at its match and that
// the lines are newest first.
func checkLines(t *testing.T, st transcript.Store, lines []kwic.Line) {
	t.Helper()
	docs := map[string]*transcript.Document{}
	for i, l := range lines {
		if i > 0 && lines[i-1].Date < l.Date {
			t.Fatalf("line %d (%s) is newer than line %d (%s)", i, l.Date, i-1, lines[i-1].Date)
		}
		d := docs[l.DocID]
		if d == nil {
			var err error
			if d, err = st.Document(t.Context(), l.DocID); err != nil {
				t.Fatal(err)
			}
			docs[l.DocID] = d
		}
		p := d.Turns[l.Turn-1].Paragraphs[l.Paragraph]
		if l.End > len(p) || p[l.Start:l.End] != l.Match {
			t.Fatalf("line %+v: its offsets do not point at its match", l)
		}
		if l.Permalink != d.Permalink(l.Turn) {
			t.Errorf("line %+v: permalink, want %s", l, d.Permalink(l.Turn))
		}
	}
}

func TestSortsAndPages(t *testing.T) {
	st := mustCorpus(t)
	q, err := search.ParseQuery("talks")
	if err != nil {
		t.Fatal(err)
	}
	for _, by := range kwic.Sorts {
		full, err := kwic.Run(t.Context(), st, &kwic.Request{Query: q, Width: 30, Sort: by, Limit: kwic.MaxLines})
		if err != nil {
			t.Fatal(err)
		}
		// Four pages put together are the whole.
		var paged []kwic.Line
		size := full.Occurrences/4 + 1
		for off := 0; off < full.Occurrences; off += size {
			page, err := kwic.Run(t.Context(), st, &kwic.Request{Query: q, Width: 30, Sort: by, Offset: off, Limit: size})
			if err != nil {
				t.Fatal(err)
			}
			if page.Occurrences != full.Occurrences {
				t.Fatalf("sort %s: page at %d counts %d occurrences, want %d", by, off, page.Occurrences, full.Occurrences)
			}
			paged = append(paged, page.Lines...)
		}
		if len(paged) != len(full.Lines) {
			t.Fatalf("sort %s: pages hold %d lines, want %d", by, len(paged), len(full.Lines))
		}
		for i := range paged {
			if paged[i] != full.Lines[i] {
				t.Fatalf("sort %s: line %d of the pages is %+v, want %+v", by, i, paged[i], full.Lines[i])
			}
		}
		if by == kwic.SortRight {
			for i := 1; i < len(full.Lines); i++ {
				a, b := search.Fold(full.Lines[i-1].Match+" "+full.Lines[i-1].Right), search.Fold(full.Lines[i].Match+" "+full.Lines[i].Right)
				if a > b {
					t.Fatalf("sort right: %q before %q", a, b)
				}
			}
		}
	}
}

func TestBadRequests(t *testing.T) {
	q, err := search.ParseQuery("gas")
	if err != nil {
		t.Fatal(err)
	}
	filters, err := search.ParseQuery("lang:en")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		req  kwic.Request
		want string
	}{
		{"no query", kwic.Request{Width: 10, Limit: 1}, "no query"},
		{"width 0", kwic.Request{Query: q, Width: 0, Limit: 1}, "width must be from 1"},
		{"width too large", kwic.Request{Query: q, Width: kwic.MaxWidth + 1, Limit: 1}, "width must be from 1"},
		{"unknown sort", kwic.Request{Query: q, Width: 10, Limit: 1, Sort: "size"}, `unknown sort "size"`},
		{"limit 0", kwic.Request{Query: q, Width: 10}, "limit must be at least 1"},
		{"negative offset", kwic.Request{Query: q, Width: 10, Limit: 1, Offset: -1}, "offset must not be negative"},
		{"too deep", kwic.Request{Query: q, Width: 10, Limit: 10, Offset: kwic.MaxLines}, "first 100000 lines"},
		{"filters alone", kwic.Request{Query: filters, Width: 10, Limit: 1}, "no words to find"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := kwic.Run(t.Context(), nil, &tt.req)
			if !errors.Is(err, transcript.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Run: got %v, want ErrInvalid with %q", err, tt.want)
			}
		})
	}
}

func TestRussianFixtures(t *testing.T) {
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "fixtures.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, d := range searchtest.Fixtures() {
		if _, err := st.Put(t.Context(), d, transcript.Raw{}); err != nil {
			t.Fatal(err)
		}
	}
	q, err := search.ParseQuery("переговоры")
	if err != nil {
		t.Fatal(err)
	}
	res, err := kwic.Run(t.Context(), st, &kwic.Request{Query: q, Width: 20, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range res.Lines {
		got = append(got, l.Left+"["+l.Match+"]"+l.Right+" "+l.Permalink)
	}
	want := []string{"Итоги [переговоров] мы оцениваем высоко r/1#t1", "Какие [переговоры] запланированы на r/2#t1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("kwic переговоры mismatch (-want +got)\n%s", diff)
	}
}

// readingSource hides an archive's transcript.OccurrenceCounter, so that
// a concordance reads every matching document.
type readingSource struct{ kwic.Source }

// TestNewestAgrees wants a concordance in date order built from the
// index's counts, reading only the newest documents, to equal the one
// built by reading every matching document, page after page.
func TestNewestAgrees(t *testing.T) {
	st := mustCorpus(t)
	for _, q := range []string{"sanctions", "energy", `"United States"`, `cooperation person:"Vladimir Putin"`, "security lang:en from:2015"} {
		parsed, err := search.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		for _, page := range [][2]int{{0, 1}, {0, 7}, {5, 20}, {40, 30}, {0, 1000}} {
			req := &kwic.Request{Query: parsed, Width: 20, Offset: page[0], Limit: page[1],
				Vocab: func(ctx context.Context) ([]transcript.Person, *persons.Overrides, error) {
					ps, err := st.Persons(ctx)
					return ps, nil, err
				}}
			fast, err := kwic.Run(t.Context(), st, req)
			if err != nil {
				t.Fatal(err)
			}
			slow, err := kwic.Run(t.Context(), readingSource{st}, req)
			if err != nil {
				t.Fatal(err)
			}
			fast.Disagreed, slow.Disagreed = 0, 0 // counted among the documents read
			if diff := cmp.Diff(slow, fast); diff != "" {
				t.Errorf("kwic %q offset %d limit %d: the index's differs (-reading all +index):\n%s", q, page[0], page[1], diff)
			}
			if slow.Occurrences == 0 {
				t.Errorf("kwic %q: no occurrences", q)
			}
		}
	}
}
