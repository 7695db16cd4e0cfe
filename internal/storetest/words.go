package storetest

import (
	"cmp"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// testWordCounts checks an engine's word counts (the denominator of term
// trends) against a count of the fixtures' words made here, for filters
// that select documents and turns, with and without a breakdown by
// person, and after an update replaces a document's turns.
func testWordCounts(t *testing.T, s transcript.Store) {
	wc, ok := s.(transcript.WordCounter)
	if !ok {
		t.Skip("the engine keeps no word counts")
	}
	putAll(t, s, fixtures()...)
	docs := fixtures()

	tests := []struct {
		name  string
		query string
		keep  func(d *transcript.Document, tr *transcript.Turn) bool
	}{
		{"All", "", func(*transcript.Document, *transcript.Turn) bool { return true }},
		{"Language", "lang:ru", func(d *transcript.Document, _ *transcript.Turn) bool { return d.Language == "ru" }},
		{"Dates", "from:2019-01-01 to:2022-12-31", func(d *transcript.Document, _ *transcript.Turn) bool {
			return d.Date >= "2019-01-01" && d.Date <= "2022-12-31"
		}},
		{"Topic", `topic:"Foreign policy"`, func(d *transcript.Document, _ *transcript.Turn) bool {
			return slices.Contains(d.Topics, "Foreign policy")
		}},
		{"Person", `person:"Dmitry Medvedev"`, func(_ *transcript.Document, tr *transcript.Turn) bool {
			return tr.Person == "Dmitry Medvedev"
		}},
		{"PersonAndYear", `person:"Vladimir Putin" from:2022-01-01`, func(d *transcript.Document, tr *transcript.Turn) bool {
			// The registry knows Владимир Путин as Vladimir Putin.
			return (tr.Person == "Vladimir Putin" || tr.Person == "Владимир Путин") && d.Date >= "2022-01-01"
		}},
		{"NotLanguage", "-lang:ru from:1900-01-01", func(d *transcript.Document, _ *transcript.Turn) bool {
			return d.Language != "ru" && d.Date != ""
		}},
	}
	for _, tt := range tests {
		q := &transcript.Query{}
		if tt.query != "" {
			var err error
			if q, err = search.ParseQuery(tt.query); err != nil {
				t.Fatalf("ParseQuery(%q): %v", tt.query, err)
			}
		}
		for _, byPerson := range []bool{false, true} {
			want := countWords(docs, tt.keep, byPerson)
			got, err := wc.WordCounts(t.Context(), q, byPerson)
			if err != nil {
				t.Fatalf("WordCounts(%q, %v): %v", tt.query, byPerson, err)
			}
			if diff := gocmp.Diff(want, normalWordCounts(got)); diff != "" {
				t.Errorf("%s: WordCounts(%q, byPerson %v) mismatch (-want +got):\n%s", tt.name, tt.query, byPerson, diff)
			}
		}
	}

	// An update replaces the document's counts.
	d := talks()
	d.Turns = d.Turns[:1]
	d.Turns[0].Paragraphs = []string{"One two three."}
	mustPut(t, s, d, rawOf(d), transcript.Updated)
	q, _ := search.ParseQuery("from:2022-02-10 to:2022-02-10")
	got, err := wc.WordCounts(t.Context(), q, true)
	if err != nil {
		t.Fatalf("WordCounts after update: %v", err)
	}
	want := []transcript.WordCount{{Month: "2022-02", Language: "en", Person: "Vladimir Putin", Words: 3}}
	if diff := gocmp.Diff(want, normalWordCounts(got)); diff != "" {
		t.Errorf("WordCounts after update mismatch (-want +got):\n%s", diff)
	}
}

// countWords counts the words of the kept turns of docs the way the
// engines must: the tokens of search.Tokenizer.
func countWords(docs []*transcript.Document, keep func(*transcript.Document, *transcript.Turn) bool, byPerson bool) []transcript.WordCount {
	tok := search.NewTokenizer()
	sums := map[transcript.WordCount]int64{}
	for _, d := range docs {
		for i := range d.Turns {
			tr := &d.Turns[i]
			if !keep(d, tr) {
				continue
			}
			k := transcript.WordCount{Language: d.Language}
			if d.Date != "" {
				k.Month = d.Date[:7]
			}
			if byPerson {
				k.Person = tr.Person
			}
			for _, p := range tr.Paragraphs {
				sums[k] += int64(len(tok.Terms(p, false)))
			}
		}
	}
	return sortedWordCounts(sums)
}

// normalWordCounts merges rows of the same key and drops empty ones, so
// that engines may split or omit them.
func normalWordCounts(wc []transcript.WordCount) []transcript.WordCount {
	sums := map[transcript.WordCount]int64{}
	for _, c := range wc {
		n := c.Words
		c.Words = 0
		sums[c] += n
	}
	return sortedWordCounts(sums)
}

func sortedWordCounts(sums map[transcript.WordCount]int64) []transcript.WordCount {
	var out []transcript.WordCount
	for k, n := range sums {
		if n == 0 {
			continue
		}
		k.Words = n
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b transcript.WordCount) int {
		return cmp.Or(cmp.Compare(a.Month, b.Month), cmp.Compare(a.Language, b.Language), cmp.Compare(a.Person, b.Person))
	})
	return out
}
