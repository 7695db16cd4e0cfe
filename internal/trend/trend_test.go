package trend_test

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
	"github.com/rostrum/rostrum/internal/trend"
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
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "trend.db"))
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

// vocab reads the persons that person: filters need.
func vocab(st *sqlite.Store) func(context.Context) ([]transcript.Person, *persons.Overrides, error) {
	return func(ctx context.Context) ([]transcript.Person, *persons.Overrides, error) {
		ps, err := st.Persons(ctx)
		return ps, nil, err
	}
}

func mustQuery(t *testing.T, s string) trend.Query {
	t.Helper()
	q, err := search.ParseQuery(s)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", s, err)
	}
	return trend.Query{Text: s, Parsed: q}
}

// scan is a brute-force trend: every turn of every dated document keep
// accepts, tokenized here, its words and the occurrences of the word
// stem counted by period.
func scan(t *testing.T, st transcript.Store, stem, by string, keep func(*transcript.Document, *transcript.Turn) bool) map[string][2]int64 {
	t.Helper()
	tok := search.NewTokenizer()
	out := map[string][2]int64{}
	for doc, err := range st.Documents(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Date) < 7 {
			continue
		}
		period := doc.Date[:4]
		if by == trend.ByMonth {
			period = doc.Date[:7]
		}
		for i := range doc.Turns {
			tr := &doc.Turns[i]
			if !keep(doc, tr) {
				continue
			}
			c := out[period]
			for _, p := range tr.Paragraphs {
				for _, term := range tok.Terms(p, true) {
					c[1]++
					if term == stem {
						c[0]++
					}
				}
			}
			out[period] = c
		}
	}
	for p, c := range out {
		if c[1] == 0 {
			delete(out, p)
		}
	}
	return out
}

// points turns a series into the brute force's form, checking each
// rate on the way.
func points(t *testing.T, s trend.Series) map[string][2]int64 {
	t.Helper()
	out := map[string][2]int64{}
	var hits, words int64
	for _, p := range s.Points {
		out[p.Period] = [2]int64{p.Hits, p.Words}
		if p.PerMillion == nil || *p.PerMillion != float64(p.Hits)*1e6/float64(p.Words) {
			t.Errorf("%s %s: per_million %v for %d hits in %d words", s.Query, p.Period, p.PerMillion, p.Hits, p.Words)
		}
		hits, words = hits+p.Hits, words+p.Words
	}
	if s.Hits != hits || s.Words != words {
		t.Errorf("%s: totals %d hits in %d words, the points sum to %d in %d", s.Query, s.Hits, s.Words, hits, words)
	}
	return out
}

// TestCorpus checks trends of the shared corpus against a brute-force
// scan of its turns, and each period's hits against the concordance of
// the same query bounded to that period.
func TestCorpus(t *testing.T) {
	st := mustCorpus(t)
	putin := func(_ *transcript.Document, tr *transcript.Turn) bool { return tr.Person == "Vladimir Putin" }
	all := func(*transcript.Document, *transcript.Turn) bool { return true }
	tests := []struct {
		query, stem, by string
		keep            func(*transcript.Document, *transcript.Turn) bool
	}{
		{"sanctions", "sanction", trend.ByYear, all},
		{"energy", "energi", trend.ByMonth, all},
		{"Ukraine", "ukrain", trend.ByYear, all},
		{`energy person:"Vladimir Putin"`, "energi", trend.ByYear, putin},
		{"economy from:2013-01-01 to:2017-06-30", "economi", trend.ByMonth, func(d *transcript.Document, _ *transcript.Turn) bool {
			return d.Date >= "2013-01-01" && d.Date <= "2017-06-30"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := trend.Run(t.Context(), st, &trend.Request{Queries: []trend.Query{mustQuery(t, tt.query)}, By: tt.by, Vocab: vocab(st)})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Series) != 1 {
				t.Fatalf("%d series, want 1", len(res.Series))
			}
			got := points(t, res.Series[0])
			want := scan(t, st, tt.stem, tt.by, func(d *transcript.Document, tr *transcript.Turn) bool {
				return tt.keep(d, tr)
			})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("trend %q by %s mismatch with a scan of the turns (-want +got):\n%s", tt.query, tt.by, diff)
			}
			if res.Series[0].Hits == 0 {
				t.Errorf("trend %q: no hits", tt.query)
			}

			// Each period's hits are the lines of a concordance of the
			// same query bounded to the period.
			for _, p := range res.Series[0].Points {
				if p.Hits == 0 {
					continue
				}
				q := mustQuery(t, tt.query)
				q.Parsed.From, q.Parsed.To = p.Period+"-01-01", p.Period+"-12-31"
				if tt.by == trend.ByMonth {
					q.Parsed.From, q.Parsed.To = p.Period+"-01", p.Period+"-31"
				}
				k, err := kwic.Run(t.Context(), st, &kwic.Request{Query: q.Parsed, Width: 10, Limit: kwic.MaxLines, Vocab: vocab(st)})
				if err != nil {
					t.Fatal(err)
				}
				if int64(len(k.Lines)) != p.Hits {
					t.Errorf("trend %q %s: %d hits, kwic %q shows %d lines", tt.query, p.Period, p.Hits, q.Parsed, len(k.Lines))
				}
			}
		})
	}
}

// TestPer checks the breakdowns: the series of each person or language
// add up to the trend without one.
func TestPer(t *testing.T) {
	st := mustCorpus(t)
	whole, err := trend.Run(t.Context(), st, &trend.Request{Queries: []trend.Query{mustQuery(t, "security")}})
	if err != nil {
		t.Fatal(err)
	}
	for _, per := range []string{trend.PerPerson, trend.PerLang} {
		res, err := trend.Run(t.Context(), st, &trend.Request{Queries: []trend.Query{mustQuery(t, "security")}, Per: per, Vocab: vocab(st)})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Series) == 0 {
			t.Fatalf("per %s: no series", per)
		}
		hits := map[string]int64{}
		for i, s := range res.Series {
			if (per == trend.PerPerson) != (s.Person != nil) || (per == trend.PerLang) != (s.Lang != nil) {
				t.Errorf("per %s: series %q names person %v, lang %v", per, s.Label(), s.Person, s.Lang)
			}
			if i > 0 && s.Hits > res.Series[i-1].Hits {
				t.Errorf("per %s: series not in order of hits: %d after %d", per, s.Hits, res.Series[i-1].Hits)
			}
			points(t, s)
			for _, p := range s.Points {
				hits[p.Period] += p.Hits
			}
		}
		for _, p := range whole.Series[0].Points {
			if hits[p.Period] != p.Hits {
				t.Errorf("per %s %s: the series' hits add up to %d, want %d", per, p.Period, hits[p.Period], p.Hits)
			}
		}
	}
	// Putin's own words are the denominator of his series.
	res, err := trend.Run(t.Context(), st, &trend.Request{Queries: []trend.Query{mustQuery(t, "security")}, Per: trend.PerPerson})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Series {
		if s.Person == nil || *s.Person != "Vladimir Putin" {
			continue
		}
		want := scan(t, st, "secur", trend.ByYear, func(_ *transcript.Document, tr *transcript.Turn) bool { return tr.Person == "Vladimir Putin" })
		if diff := cmp.Diff(want, points(t, s)); diff != "" {
			t.Errorf("per person: Putin's series mismatch with a scan (-want +got):\n%s", diff)
		}
		return
	}
	t.Error("per person: no series for Vladimir Putin")
}

func mustFixtures(t *testing.T) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "fixtures.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, d := range searchtest.Fixtures() {
		if _, err := st.Put(t.Context(), d, transcript.Raw{}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func TestRussianFixtures(t *testing.T) {
	st := mustFixtures(t)
	res, err := trend.Run(t.Context(), st, &trend.Request{Queries: []trend.Query{mustQuery(t, "переговоры")}, By: trend.ByMonth, Per: trend.PerLang})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Series) != 1 || res.Series[0].Lang == nil || *res.Series[0].Lang != "ru" {
		t.Fatalf("переговоры per lang: %+v; want one Russian series", res.Series)
	}
	want := scan(t, st, search.NewTokenizer().Terms("переговоры", true)[0], trend.ByMonth,
		func(d *transcript.Document, _ *transcript.Turn) bool { return d.Language == "ru" })
	if diff := cmp.Diff(want, points(t, res.Series[0])); diff != "" {
		t.Errorf("переговоры mismatch with a scan (-want +got):\n%s", diff)
	}
	if res.Series[0].Hits != 2 {
		t.Errorf("переговоры: %d hits, want the 2 a concordance shows", res.Series[0].Hits)
	}
}

func TestBadRequests(t *testing.T) {
	st := mustFixtures(t)
	many := make([]trend.Query, trend.MaxQueries+1)
	for i := range many {
		many[i] = mustQuery(t, "talks")
	}
	tests := []struct {
		name string
		req  trend.Request
		want string
	}{
		{"NoQuery", trend.Request{}, "at least one query"},
		{"TooMany", trend.Request{Queries: many}, "at most 10 queries"},
		{"Period", trend.Request{Queries: []trend.Query{mustQuery(t, "talks")}, By: "week"}, `unknown period "week"`},
		{"Per", trend.Request{Queries: []trend.Query{mustQuery(t, "talks")}, Per: "topic"}, `unknown breakdown "topic"`},
		{"FiltersOnly", trend.Request{Queries: []trend.Query{mustQuery(t, "lang:en")}}, "no words to count"},
		{"NilQuery", trend.Request{Queries: []trend.Query{{Text: "x"}}}, "no words to count"},
		{"NoPeriods", trend.Request{Queries: []trend.Query{mustQuery(t, "talks from:1950-01-01 to:1951-01-01")}}, "no periods to show"},
		{"NoPeriodsPer", trend.Request{Queries: []trend.Query{mustQuery(t, "talks from:1950-01-01 to:1951-01-01")}, Per: trend.PerPerson}, "no periods to show"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := trend.Run(t.Context(), st, &tt.req)
			if !errors.Is(err, transcript.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Run = %v; want ErrInvalid with %q", err, tt.want)
			}
		})
	}
}

// FuzzRequest: whatever the query, period and breakdown, Run answers or
// says the request is invalid; it never panics.
func FuzzRequest(f *testing.F) {
	f.Add("talks", "year", "")
	f.Add("переговоры from:2020-01", "month", "lang")
	f.Add(`"strategic partnership" person:putin`, "", "person")
	f.Add("lang:en", "week", "topic")
	st, err := sqlite.Open(f.Context(), filepath.Join(f.TempDir(), "fixtures.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	for _, d := range searchtest.Fixtures() {
		if _, err := st.Put(f.Context(), d, transcript.Raw{}); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, query, by, per string) {
		q, err := search.ParseQuery(query)
		if err != nil {
			return
		}
		_, err = trend.Run(t.Context(), st, &trend.Request{Queries: []trend.Query{{Text: query, Parsed: q}}, By: by, Per: per})
		if err != nil && !errors.Is(err, transcript.ErrInvalid) {
			t.Errorf("Run(%q, %q, %q) = %v; want an answer or ErrInvalid", query, by, per, err)
		}
	})
}

// TestPerWithoutHits: a breakdown of a word nobody said has no series,
// and is no error: the scope has words.
func TestPerWithoutHits(t *testing.T) {
	st := mustFixtures(t)
	for _, per := range []string{trend.PerPerson, trend.PerLang} {
		res, err := trend.Run(t.Context(), st, &trend.Request{Queries: []trend.Query{mustQuery(t, "xyzzyq")}, Per: per})
		if err != nil || len(res.Series) != 0 {
			t.Errorf("per %s of a word nobody said: %v, %v; want no series and no error", per, res, err)
		}
	}
	res, err := trend.Run(t.Context(), st, &trend.Request{Queries: []trend.Query{mustQuery(t, "xyzzyq")}})
	if err != nil || len(res.Series) != 1 || res.Series[0].Hits != 0 || len(res.Series[0].Points) == 0 {
		t.Errorf("trend of a word nobody said: %+v, %v; want one series of zeros", res, err)
	}
}

// readingSource is an archive without transcript.OccurrenceCounter, so
// that a trend reads the matching turns as a concordance does.
type readingSource struct{ trend.Source }

// TestOccurrencesAgree wants the trend the index counts
// (transcript.OccurrenceCounter) to equal the one a concordance of the
// turns counts, with every breakdown, and the index to count the
// queries it says it can.
func TestOccurrencesAgree(t *testing.T) {
	st := mustCorpus(t)
	for _, tt := range []struct {
		query string
		per   string
		index bool // the index counts it
	}{
		{"sanctions", "", true},
		{"energy", trend.PerPerson, true},
		{"security", trend.PerLang, true},
		{`"United States"`, trend.PerPerson, true},
		{`cooperation person:"Vladimir Putin" from:2014`, "", true},
		{"economy -topic:Economy", "", true},
		{"economy -sanctions", "", false}, // a NOT of words: read the turns
		{"econom*", "", false},
		{"russia china", "", false},
	} {
		q := mustQuery(t, tt.query)
		_, ok, err := st.Occurrences(t.Context(), q.Parsed, tt.per == trend.PerPerson)
		if err != nil || ok != tt.index {
			t.Errorf("Occurrences(%q): ok %v, %v; want ok %v", tt.query, ok, err, tt.index)
		}
		for _, by := range []string{trend.ByYear, trend.ByMonth} {
			req := &trend.Request{Queries: []trend.Query{q}, By: by, Per: tt.per, Vocab: vocab(st)}
			fast, err := trend.Run(t.Context(), st, req)
			if err != nil {
				t.Fatal(err)
			}
			slow, err := trend.Run(t.Context(), readingSource{st}, req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(slow, fast); diff != "" {
				t.Errorf("trend %q by %s per %q: the index's differs from the concordance's (-concordance +index):\n%s", tt.query, by, tt.per, diff)
			}
		}
	}
}
