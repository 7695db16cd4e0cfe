// Package searchtest is the conformance suite of transcript.Searcher and
// transcript.Catalog: the executable form of the search contract (SPEC §5
// and the query language of package search) and of the catalog's lists,
// that every archive engine runs.
//
// An engine's test calls Run with a function that opens a fresh, empty
// archive for each subtest; Run stores Fixtures in it, then searches and
// lists.
//
// Beyond the interface's comments, the suite fixes these behaviours:
//   - Words match every form with the same stem (Snowball English or
//     Russian, ё folded to е); a phrase matches its words in order.
//   - Words match within one unit: a turn, or a document's title and lead.
//     An exclusion (-word) removes the units that contain it.
//   - Filters of the same field are alternatives; different fields must
//     all hold. person: matches a word of a name or label; speaker: also
//     matches labels without a person (Question).
//   - A query of filters only lists documents (their headers), or with
//     person:/speaker: their turns; its default order is newest first.
//     The empty query (a Query with no Text nor Filters) is the same as
//     lang:en lang:ru, in every respect but its cursors.
//   - Relevance ranks a title match above a body match.
//   - Facets count turns per person and documents per term and year;
//     Months counts matching units.
package searchtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Archive is what the suite needs of an engine.
type Archive interface {
	transcript.Store
	transcript.Searcher
	transcript.Catalog
}

// Run runs the suite. newArchive must return a new, empty archive and
// arrange for it to be closed when the test ends.
func Run(t *testing.T, newArchive func(t *testing.T) Archive) {
	tests := []struct {
		name string
		fn   func(t *testing.T, a Archive)
	}{
		{"Stemming", testStemming},
		{"Phrases", testPhrases},
		{"Operators", testOperators},
		{"Speakers", testSpeakers},
		{"Exchanges", testExchanges},
		{"Filters", testFilters},
		{"FilterOnly", testFilterOnly},
		{"EmptyQuery", testEmptyQuery},
		{"EmptyQueryBounds", testEmptyQueryBounds},
		{"Ranking", testRanking},
		{"DateSorts", testDateSorts},
		{"Pagination", testPagination},
		{"Facets", testFacets},
		{"Snippets", testSnippets},
		{"Update", testUpdate},
		{"Invalid", testInvalid},
		{"EmptyLists", testEmptyLists},
		{"Catalog", testCatalog},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := newArchive(t)
			for _, d := range Fixtures() {
				if _, err := a.Put(t.Context(), d, transcript.Raw{Origin: d.ID, Format: "json", Bytes: []byte(d.ID)}); err != nil {
					t.Fatalf("Put %s: %v", d.ID, err)
				}
			}
			tt.fn(t, a)
		})
	}
}

// run parses q and searches with req's other fields.
func run(t *testing.T, a Archive, q string, req transcript.SearchRequest) (*transcript.SearchResult, error) {
	t.Helper()
	parsed, err := search.ParseQuery(q)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", q, err)
	}
	req.Query = parsed
	res, err := a.Search(t.Context(), &req)
	if err == nil {
		checkResult(t, q, res)
	}
	return res, err
}

func mustSearch(t *testing.T, a Archive, q string, req transcript.SearchRequest) *transcript.SearchResult {
	t.Helper()
	res, err := run(t, a, q, req)
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	return res
}

// checkResult verifies what holds of every result.
func checkResult(t *testing.T, q string, res *transcript.SearchResult) {
	t.Helper()
	if len(res.Hits) > res.Documents || res.Documents > res.Total {
		t.Errorf("Search(%q): %d hits, %d documents, %d total", q, len(res.Hits), res.Documents, res.Total)
	}
	for _, h := range res.Hits {
		if h.Matches < len(h.Turns) {
			t.Errorf("Search(%q): %s lists %d turns of %d matches", q, h.ID, len(h.Turns), h.Matches)
		}
		for _, turn := range h.Turns {
			if want := (&transcript.Document{ID: h.ID}).Permalink(turn.Index); turn.Permalink != want {
				t.Errorf("Search(%q): permalink %q, want %q", q, turn.Permalink, want)
			}
			checkMarks(t, q, turn.Snippet)
		}
		if h.Header != nil {
			checkMarks(t, q, *h.Header)
		}
	}
}

func checkMarks(t *testing.T, q string, s transcript.Snippet) {
	t.Helper()
	last := 0
	for _, m := range s.Marks {
		if m[0] < last || m[1] <= m[0] || m[1] > len(s.Text) {
			t.Errorf("Search(%q): bad mark %v in %q", q, m, s.Text)
			return
		}
		last = m[1]
	}
}

// ids returns the document ids of a result page, in order.
func ids(res *transcript.SearchResult) []string {
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

// sortedIDs returns the ids of a page, sorted.
func sortedIDs(res *transcript.SearchResult) []string {
	out := ids(res)
	slices.Sort(out)
	return out
}

// expectDocs checks that q finds exactly the documents want.
func expectDocs(t *testing.T, a Archive, q string, want ...string) *transcript.SearchResult {
	t.Helper()
	res := mustSearch(t, a, q, transcript.SearchRequest{Limit: transcript.MaxSearchLimit})
	slices.Sort(want)
	if want == nil {
		want = []string{}
	}
	if diff := cmp.Diff(want, sortedIDs(res)); diff != "" {
		t.Errorf("Search(%q) documents mismatch (-want +got):\n%s", q, diff)
	}
	if res.Documents != len(want) {
		t.Errorf("Search(%q).Documents = %d, want %d", q, res.Documents, len(want))
	}
	return res
}

func testStemming(t *testing.T, a Archive) {
	expectDocs(t, a, "talks", "t/1", "t/2", "t/5")
	expectDocs(t, a, "TALK", "t/1", "t/2", "t/5")
	expectDocs(t, a, "переговоры", "r/1", "r/2")
	expectDocs(t, a, "переговоров", "r/1", "r/2")
	expectDocs(t, a, "провёл", "r/1", "r/2")
	expectDocs(t, a, "провел", "r/1", "r/2")
	expectDocs(t, a, "Токаев")
}

func testPhrases(t *testing.T, a Archive) {
	expectDocs(t, a, `"strategic partnership"`, "t/1")
	expectDocs(t, a, `strategic partnership`, "t/1", "t/2")
	expectDocs(t, a, `"partnership strategic"`)
	expectDocs(t, a, `«тёплый приём»`, "r/1")
}

func testOperators(t *testing.T, a Archive) {
	expectDocs(t, a, "gas OR sanctions", "t/3", "t/4", "t/5")
	expectDocs(t, a, "prices -oil", "t/5")
	expectDocs(t, a, "prices NOT oil", "t/5")
	expectDocs(t, a, "partner*", "t/1", "t/2")
	expectDocs(t, a, "(gas OR credit) prices", "t/3", "t/5")
	expectDocs(t, a, "economy -(sanctions OR adapting)")
}

func testSpeakers(t *testing.T, a Archive) {
	res := expectDocs(t, a, "person:Tokayev CSTO", "t/1")
	if h := res.Hits[0]; h.Matches != 1 || len(h.Turns) != 1 || h.Turns[0].Permalink != "t/1#t2" ||
		h.Turns[0].Person != tokayev || h.Turns[0].Speaker != "President of Kazakhstan Kassym-Jomart Tokayev" {
		t.Errorf("person:Tokayev CSTO: hit %+v, want the one turn t/1#t2 by %s", h, tokayev)
	}
	expectDocs(t, a, `person:"Kassym-Jomart Tokayev"`, "t/1", "r/1")
	expectDocs(t, a, `person:"President of Kazakhstan Kassym-Jomart Tokayev"`, "t/1", "r/1")
	expectDocs(t, a, `person:putin CSTO`)
	res = expectDocs(t, a, "speaker:Question", "t/1")
	if got := res.Hits[0].Turns; len(got) != 1 || got[0].Index != 3 || got[0].Person != "" {
		t.Errorf("speaker:Question turns = %+v, want turn 3 without a person", got)
	}
	expectDocs(t, a, "person:lavrov person:tokayev", "t/1", "t/2", "r/1")
	_, err := run(t, a, "person:putn", transcript.SearchRequest{})
	if !errors.Is(err, transcript.ErrInvalid) || !strings.Contains(err.Error(), `"putn"`) ||
		!strings.Contains(err.Error(), "did you mean Vladimir Putin") {
		t.Errorf("person:putn: err = %v, want ErrInvalid naming putn and suggesting Vladimir Putin", err)
	}
	_, err = run(t, a, "topic:energetics", transcript.SearchRequest{})
	if !errors.Is(err, transcript.ErrInvalid) || !strings.Contains(err.Error(), "energetics") {
		t.Errorf("topic:energetics: err = %v, want ErrInvalid naming the value", err)
	}
}

// testExchanges checks qa: on a press conference whose questions are
// labelled or asked after a moderator gives the floor: qa:question
// matches the questions, qa:answer the turns that answer them, and both
// combine with words, persons and exclusions.
func testExchanges(t *testing.T, a Archive) {
	press := doc("t/9", "en", "2022-12-20", "Annual news conference",
		"The President answered questions from journalists.",
		transcripts, nil, nil,
		[4]string{"Vladimir Putin", putin, "", "Good afternoon. Let us begin."},
		[4]string{"Dmitry Peskov", "Dmitry Peskov", "", "Please go ahead."},
		[4]string{"Anna Volkova", "Anna Volkova", "", "What will happen to the budget next year?"},
		[4]string{"Vladimir Putin", putin, "", "The budget will stay balanced."},
		[4]string{"Dmitry Peskov", "Dmitry Peskov", "", "Please."},
		[4]string{"Question", "", "", "Are the sanctions working?"},
		[4]string{"Vladimir Putin", putin, "", "The sanctions hurt those who imposed them, and the budget copes."},
		[4]string{"Sergei Lavrov", lavrov, "", "I agree about the sanctions."},
	)
	if _, err := a.Put(t.Context(), press, transcript.Raw{Origin: press.ID, Format: "json", Bytes: []byte(press.ID)}); err != nil {
		t.Fatal(err)
	}
	turns := func(q string) []int {
		t.Helper()
		res := mustSearch(t, a, q, transcript.SearchRequest{TurnsPerDoc: transcript.MaxTurnsPerDoc})
		var out []int
		for _, h := range res.Hits {
			if h.ID != "t/9" {
				t.Errorf("%s: matched %s; only t/9 has exchanges with answers", q, h.ID)
				continue
			}
			for _, tu := range h.Turns {
				out = append(out, tu.Index)
			}
		}
		slices.Sort(out)
		return out
	}
	for q, want := range map[string][]int{
		"qa:answer":                         {4, 7, 8},
		"qa:answer sanctions":               {7, 8},
		`qa:answer person:"Vladimir Putin"`: {4, 7},
		`qa:answer person:putin sanctions`:  {7},
		"qa:answer -sanctions":              {4},
		"qa:answer budget":                  {4, 7},
		"qa:question budget":                {3},
		"qa:answer qa:question budget":      {3, 4, 7},
		"-qa:answer -qa:question budget":    nil,
		"budget -qa:question":               {4, 7},
	} {
		if got := turns(q); !slices.Equal(got, want) {
			t.Errorf("%s: turns %v, want %v", q, got, want)
		}
	}
	// The fixtures' own questions (t/1 turn 3, r/2's Вопрос) have no
	// answer, but are questions.
	expectDocs(t, a, "qa:question", "t/9", "t/1", "r/2")
	expectDocs(t, a, "qa:вопрос переговоры", "r/2")
	if _, err := search.ParseQuery("qa:maybe"); err == nil || !strings.Contains(err.Error(), "question or answer") {
		t.Errorf("qa:maybe: err = %v, want one saying question or answer", err)
	}
}

func testFilters(t *testing.T, a Archive) {
	expectDocs(t, a, "lang:ru переговоры", "r/1", "r/2")
	expectDocs(t, a, "lang:en talks", "t/1", "t/2", "t/5")
	expectDocs(t, a, "lang:ru talks")
	expectDocs(t, a, "type:news gas", "t/3")
	expectDocs(t, a, "type:transcript economy", "t/4")
	expectDocs(t, a, "type:news type:transcript economy", "t/4")
	expectDocs(t, a, "geography:kazakhstan", "t/1")
	expectDocs(t, a, "geo:Казахстан", "r/1")
	expectDocs(t, a, "section:стенограммы", "r/1", "r/2")
	expectDocs(t, a, `topic:"foreign policy" talks`, "t/1", "t/2")
	expectDocs(t, a, "-topic:energy meeting", "t/2", "t/4", "t/5")
	expectDocs(t, a, "from:2022 to:2022-03-01 sanctions", "t/4")
	expectDocs(t, a, "from:2022-03 to:2022-03 sanctions", "t/4", "t/5")
	expectDocs(t, a, "to:2021 gas", "t/3")
	expectDocs(t, a, "from:2025 talks")
}

func testFilterOnly(t *testing.T, a Archive) {
	res := mustSearch(t, a, `person:"Vladimir Putin" from:2022`, transcript.SearchRequest{Limit: 10})
	if diff := cmp.Diff([]string{"r/1", "t/2", "t/5", "t/4", "t/1"}, ids(res)); diff != "" {
		t.Errorf("person:Putin from:2022 (newest first by default) mismatch (-want +got):\n%s", diff)
	}
	for _, h := range res.Hits {
		if h.Matches == 0 {
			t.Errorf("person:Putin: %s has no matching turn", h.ID)
		}
		for _, turn := range h.Turns {
			if turn.Person != putin {
				t.Errorf("person:Putin: turn %s by %q", turn.Permalink, turn.Person)
			}
		}
	}
	res = mustSearch(t, a, `topic:"foreign policy"`, transcript.SearchRequest{})
	if diff := cmp.Diff([]string{"t/2", "t/1"}, ids(res)); diff != "" {
		t.Errorf("topic:foreign policy mismatch (-want +got):\n%s", diff)
	}
	for _, h := range res.Hits {
		if h.Matches != 0 || len(h.Turns) != 0 {
			t.Errorf("topic: filter alone: %s lists turns %+v, want the document only", h.ID, h.Turns)
		}
	}
	res = mustSearch(t, a, "from:2024", transcript.SearchRequest{})
	if diff := cmp.Diff([]string{"r/1"}, ids(res)); diff != "" {
		t.Errorf("from:2024 mismatch (-want +got):\n%s", diff)
	}
}

// searchQuery searches for q, a Query built by hand, with req's other
// fields.
func searchQuery(t *testing.T, a Archive, q *transcript.Query, req transcript.SearchRequest) *transcript.SearchResult {
	t.Helper()
	req.Query = q
	res, err := a.Search(t.Context(), &req)
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	checkResult(t, q.String(), res)
	return res
}

func mustParse(t *testing.T, q string) *transcript.Query {
	t.Helper()
	parsed, err := search.ParseQuery(q)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", q, err)
	}
	return parsed
}

// sameResult compares results but for their cursors, which name the query.
var sameResult = cmpopts.IgnoreFields(transcript.SearchResult{}, "Next")

// byDate are the ids of Fixtures, newest first.
var byDate = []string{"r/1", "t/2", "t/5", "t/4", "t/1", "t/3", "r/2"}

func testEmptyQuery(t *testing.T, a Archive) {
	empty, langs := &transcript.Query{}, mustParse(t, "lang:en lang:ru")
	for _, sortBy := range []string{"", transcript.SortRelevance, transcript.SortNewest, transcript.SortOldest} {
		for _, facets := range []bool{false, true} {
			req := transcript.SearchRequest{Sort: sortBy, Limit: transcript.MaxSearchLimit, Facets: facets}
			want, got := searchQuery(t, a, langs, req), searchQuery(t, a, empty, req)
			if diff := cmp.Diff(want, got, sameResult); diff != "" {
				t.Errorf("sort %q, facets %v: the empty query differs from lang:en lang:ru (-want +got):\n%s", sortBy, facets, diff)
			}
		}
	}

	res := searchQuery(t, a, empty, transcript.SearchRequest{Facets: true})
	if res.Total != len(byDate) || res.Documents != len(byDate) {
		t.Errorf("empty query: total %d in %d documents, want %d in %d", res.Total, res.Documents, len(byDate), len(byDate))
	}
	if diff := cmp.Diff(byDate, ids(res)); diff != "" {
		t.Errorf("empty query (newest first by default) mismatch (-want +got):\n%s", diff)
	}
	for _, h := range res.Hits {
		if h.Matches != 0 || len(h.Turns) != 0 || h.Header != nil {
			t.Errorf("empty query: %s has matches %d, turns %+v, header %+v; want the document only", h.ID, h.Matches, h.Turns, h.Header)
		}
	}
	wantYears := []transcript.FacetCount{{Value: "2019", Count: 1}, {Value: "2021", Count: 1}, {Value: "2022", Count: 3},
		{Value: "2023", Count: 1}, {Value: "2024", Count: 1}}
	if diff := cmp.Diff(wantYears, res.Facets.Years); diff != "" {
		t.Errorf("empty query: years mismatch (-want +got):\n%s", diff)
	}
	res = searchQuery(t, a, empty, transcript.SearchRequest{Sort: transcript.SortOldest})
	oldest := slices.Clone(byDate)
	slices.Reverse(oldest)
	if diff := cmp.Diff(oldest, ids(res)); diff != "" {
		t.Errorf("empty query, oldest first mismatch (-want +got):\n%s", diff)
	}

	// Pages of two, side by side with those of lang:en lang:ru.
	for _, sortBy := range []string{transcript.SortNewest, transcript.SortOldest, transcript.SortRelevance} {
		all := searchQuery(t, a, empty, transcript.SearchRequest{Sort: sortBy, Limit: transcript.MaxSearchLimit})
		var got []string
		cursor, langsCursor := "", ""
		for page := 0; ; page++ {
			if page > len(byDate) {
				t.Fatalf("empty query %s: more than %d pages of 2", sortBy, len(byDate))
			}
			res := searchQuery(t, a, empty, transcript.SearchRequest{Sort: sortBy, Limit: 2, Cursor: cursor})
			want := searchQuery(t, a, langs, transcript.SearchRequest{Sort: sortBy, Limit: 2, Cursor: langsCursor})
			if diff := cmp.Diff(want, res, sameResult); diff != "" {
				t.Errorf("empty query %s, page %d: differs from lang:en lang:ru (-want +got):\n%s", sortBy, page, diff)
			}
			if res.Total != all.Total || res.Documents != all.Documents {
				t.Errorf("empty query %s, page %d: total %d in %d documents, want %d in %d", sortBy, page,
					res.Total, res.Documents, all.Total, all.Documents)
			}
			got = append(got, ids(res)...)
			if (res.Next == "") != (want.Next == "") {
				t.Fatalf("empty query %s, page %d: next %q, lang:en lang:ru's %q", sortBy, page, res.Next, want.Next)
			}
			if cursor, langsCursor = res.Next, want.Next; cursor == "" {
				break
			}
		}
		if diff := cmp.Diff(ids(all), got); diff != "" {
			t.Errorf("empty query %s: pages of 2 differ from one page (-want +got):\n%s", sortBy, diff)
		}
	}
}

func testEmptyQueryBounds(t *testing.T, a Archive) {
	for _, tt := range []struct {
		from, to string
		want     []string // newest first
	}{
		{"2022-01-01", "2022-12-31", []string{"t/5", "t/4", "t/1"}},
		{"2022-03-01", "2022-03-01", []string{"t/4"}},
		{"2023-01-01", "", []string{"r/1", "t/2"}},
		{"", "2021-12-31", []string{"t/3", "r/2"}},
		{"2025-01-01", "", []string{}},
	} {
		q := &transcript.Query{From: tt.from, To: tt.to}
		langs := &transcript.Query{Filters: mustParse(t, "lang:en lang:ru").Filters, From: tt.from, To: tt.to}
		for _, sortBy := range []string{transcript.SortNewest, transcript.SortOldest} {
			req := transcript.SearchRequest{Sort: sortBy, Facets: true}
			res := searchQuery(t, a, q, req)
			want := slices.Clone(tt.want)
			if sortBy == transcript.SortOldest {
				slices.Reverse(want)
			}
			if diff := cmp.Diff(want, ids(res)); diff != "" {
				t.Errorf("Search(%q) %s mismatch (-want +got):\n%s", q, sortBy, diff)
			}
			if res.Total != len(want) || res.Documents != len(want) {
				t.Errorf("Search(%q): total %d in %d documents, want %d in %d", q, res.Total, res.Documents, len(want), len(want))
			}
			if diff := cmp.Diff(searchQuery(t, a, langs, req), res, sameResult); diff != "" {
				t.Errorf("Search(%q) %s differs from lang:en lang:ru with the same bounds (-want +got):\n%s", q, sortBy, diff)
			}
		}
	}
	// The bounded list in pages, the last one short.
	q := &transcript.Query{From: "2022-01-01", To: "2022-12-31"}
	first := searchQuery(t, a, q, transcript.SearchRequest{Limit: 2})
	if diff := cmp.Diff([]string{"t/5", "t/4"}, ids(first)); diff != "" || first.Next == "" {
		t.Fatalf("Search(%q) limit 2: first page mismatch (-want +got):\n%s(next %q)", q, diff, first.Next)
	}
	second := searchQuery(t, a, q, transcript.SearchRequest{Limit: 2, Cursor: first.Next})
	if diff := cmp.Diff([]string{"t/1"}, ids(second)); diff != "" || second.Next != "" {
		t.Errorf("Search(%q) limit 2: second page mismatch (-want +got):\n%s(next %q)", q, diff, second.Next)
	}
}

func testRanking(t *testing.T, a Archive) {
	res := mustSearch(t, a, "sanctions", transcript.SearchRequest{})
	if diff := cmp.Diff([]string{"t/4", "t/5"}, ids(res)); diff != "" {
		t.Errorf("sanctions: the title match must rank first (-want +got):\n%s", diff)
	}
	if h := res.Hits[0]; h.Header == nil || len(h.Header.Marks) != 1 || h.Header.Text[h.Header.Marks[0][0]:h.Header.Marks[0][1]] != "Sanctions" {
		t.Errorf("sanctions: header of %s = %+v, want the title with Sanctions marked", h.ID, h.Header)
	}
}

func testDateSorts(t *testing.T, a Archive) {
	for _, sortBy := range []string{transcript.SortNewest, transcript.SortOldest} {
		res := mustSearch(t, a, "meeting OR talks OR переговоры", transcript.SearchRequest{Sort: sortBy, Limit: 100})
		if len(res.Hits) < 5 {
			t.Fatalf("%s: %d hits, want at least 5", sortBy, len(res.Hits))
		}
		dates := []string{}
		for _, h := range res.Hits {
			dates = append(dates, h.Date)
		}
		want := slices.Sorted(slices.Values(dates))
		if sortBy == transcript.SortNewest {
			slices.Reverse(want)
		}
		if diff := cmp.Diff(want, dates); diff != "" {
			t.Errorf("sort %s: dates out of order (-want +got):\n%s", sortBy, diff)
		}
	}
}

func testPagination(t *testing.T, a Archive) {
	for _, q := range []string{"the OR и OR talks", "person:putin", "lang:en"} {
		for _, sortBy := range []string{transcript.SortRelevance, transcript.SortNewest, transcript.SortOldest} {
			all := mustSearch(t, a, q, transcript.SearchRequest{Sort: sortBy, Limit: 100})
			for _, limit := range []int{1, 2, 3} {
				var got []string
				cursor := ""
				for page := 0; ; page++ {
					if page > 20 {
						t.Fatalf("%q %s limit %d: more than 20 pages", q, sortBy, limit)
					}
					res := mustSearch(t, a, q, transcript.SearchRequest{Sort: sortBy, Limit: limit, Cursor: cursor})
					if len(res.Hits) > limit || res.Documents != all.Documents {
						t.Fatalf("%q %s limit %d: page of %d, documents %d (want %d)", q, sortBy, limit, len(res.Hits), res.Documents, all.Documents)
					}
					got = append(got, ids(res)...)
					if cursor = res.Next; cursor == "" {
						break
					}
				}
				if diff := cmp.Diff(ids(all), got); diff != "" {
					t.Errorf("%q %s: pages of %d differ from one page (-want +got):\n%s", q, sortBy, limit, diff)
				}
			}
		}
	}
}

func testFacets(t *testing.T, a Archive) {
	res := mustSearch(t, a, "talks", transcript.SearchRequest{Facets: true})
	if res.Total != 5 || res.Documents != 3 {
		t.Errorf("talks: total %d in %d documents, want 5 in 3", res.Total, res.Documents)
	}
	fc := func(pairs ...any) []transcript.FacetCount {
		out := []transcript.FacetCount{}
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, transcript.FacetCount{Value: pairs[i].(string), Count: pairs[i+1].(int)})
		}
		return out
	}
	want := &transcript.Facets{
		Persons:   fc(putin, 2, lavrov, 1),
		Topics:    fc("Foreign policy", 2, "Economy and finance", 1),
		Geography: fc("China", 1, "Kazakhstan", 1),
		Sections:  fc("News", 3, "Transcripts", 2),
		Years:     fc("2022", 2, "2023", 1),
		Months:    fc("2022-02", 3, "2022-03", 1, "2023-06", 1),
	}
	empty := func(l []transcript.FacetCount) []transcript.FacetCount {
		if l == nil {
			return []transcript.FacetCount{}
		}
		return l
	}
	if res.Facets == nil {
		t.Fatal("talks: no facets")
	}
	got := *res.Facets
	for _, l := range []*[]transcript.FacetCount{&got.Persons, &got.Topics, &got.Geography, &got.Sections, &got.Years, &got.Months} {
		*l = empty(*l)
	}
	if diff := cmp.Diff(want, &got); diff != "" {
		t.Errorf("talks facets mismatch (-want +got):\n%s", diff)
	}
	if res := mustSearch(t, a, "talks", transcript.SearchRequest{}); res.Facets != nil {
		t.Errorf("facets computed without being asked for")
	}
}

func testSnippets(t *testing.T, a Archive) {
	tok := search.NewTokenizer()
	res := mustSearch(t, a, `partnership "strategic partnership" переговоры`, transcript.SearchRequest{})
	res2 := mustSearch(t, a, "partnership OR переговоры", transcript.SearchRequest{})
	for _, r := range []*transcript.SearchResult{res, res2} {
		for _, h := range r.Hits {
			for _, turn := range h.Turns {
				if len(turn.Snippet.Marks) == 0 {
					t.Errorf("%s: snippet %q has no mark", turn.Permalink, turn.Snippet.Text)
				}
				for _, m := range turn.Snippet.Marks {
					words := tok.Terms(turn.Snippet.Text[m[0]:m[1]], true)
					for _, w := range words {
						if w != "partnership" && w != "strateg" && w != "переговор" {
							t.Errorf("%s: marked %q in %q", turn.Permalink, turn.Snippet.Text[m[0]:m[1]], turn.Snippet.Text)
						}
					}
				}
			}
		}
	}
}

func testUpdate(t *testing.T, a Archive) {
	before := mustSearch(t, a, "exports OR meeting", transcript.SearchRequest{Facets: true})
	d := Fixtures()[2]
	d.Title = "Coal supplies to Europe"
	d.Lead = "A working meeting on coal and oil exports."
	d.Turns[0].Paragraphs = []string{"Coal prices rose in October.", "Oil exports were stable."}
	if res, err := a.Put(t.Context(), d, transcript.Raw{Origin: "v2", Format: "json", Bytes: []byte("v2")}); err != nil || res.Status != transcript.Updated {
		t.Fatalf("Put v2 = %+v, %v", res, err)
	}
	expectDocs(t, a, "gas")
	expectDocs(t, a, "coal", "t/3")
	after := mustSearch(t, a, "exports OR meeting", transcript.SearchRequest{Facets: true})
	if after.Total != before.Total || after.Documents != before.Documents {
		t.Errorf("after an update: %d units in %d documents, before %d in %d: versions indexed twice?",
			after.Total, after.Documents, before.Total, before.Documents)
	}
}

func testInvalid(t *testing.T, a Archive) {
	first := mustSearch(t, a, "talks", transcript.SearchRequest{Limit: 1})
	for name, req := range map[string]transcript.SearchRequest{
		"unknown sort":       {Sort: "alphabetical"},
		"limit too large":    {Limit: transcript.MaxSearchLimit + 1},
		"negative limit":     {Limit: -1},
		"garbage cursor":     {Cursor: "not a cursor"},
		"other sort":         {Cursor: first.Next, Sort: transcript.SortNewest, Limit: 1},
		"turns per document": {TurnsPerDoc: transcript.MaxTurnsPerDoc + 1},
	} {
		_, err := run(t, a, "talks", req)
		if !errors.Is(err, transcript.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
	if first.Next == "" {
		t.Fatal("talks with limit 1: no next cursor")
	}
	if _, err := run(t, a, "meeting", transcript.SearchRequest{Cursor: first.Next, Limit: 1}); !errors.Is(err, transcript.ErrInvalid) {
		t.Errorf("cursor of another query: err = %v, want ErrInvalid", err)
	}
	if _, err := a.Search(t.Context(), &transcript.SearchRequest{}); !errors.Is(err, transcript.ErrInvalid) {
		t.Errorf("no query: err = %v, want ErrInvalid", err)
	}
}

// testEmptyLists: the JSON form of a result has [] for an empty list,
// never null, so that clients need no special case.
func testEmptyLists(t *testing.T, a Archive) {
	for _, q := range []string{"zzyzxnothing", "lang:en", "person:putin"} {
		res, err := a.Search(t.Context(), &transcript.SearchRequest{Query: mustParse(t, q), Facets: true})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		b, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		if path := nullList(v, ""); path != "" {
			t.Errorf("Search(%q) as JSON has null for the list %s: %s", q, path, b)
		}
	}
}

// nullList returns the path of the first list-valued field that is null
// in a decoded result, or "".
func nullList(v any, path string) string {
	lists := map[string]bool{"hits": true, "turns": true, "marks": true, "persons": true, "topics": true,
		"geography": true, "sections": true, "years": true, "months": true}
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if x == nil && lists[k] {
				return path + "." + k
			}
			if p := nullList(x, path+"."+k); p != "" {
				return p
			}
		}
	case []any:
		for i, x := range v {
			if p := nullList(x, fmt.Sprintf("%s[%d]", path, i)); p != "" {
				return p
			}
		}
	}
	return ""
}
