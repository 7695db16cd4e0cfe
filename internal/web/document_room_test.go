package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/web"
)

// longServer serves an archive of longDoc(n) alone.
func longServer(t *testing.T, n int) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(web.NewServer(longArchive(t, n), web.Config{RateLimit: -1}))
	t.Cleanup(ts.Close)
	return ts
}

var (
	reSpeakerItem = regexp.MustCompile(`<li><a href="#(t\d+)">([^<]*)</a> <span class="n">(\d+)</span></li>`)
	reTurnSection = regexp.MustCompile(`<section class="turn[^"]*" id="(t\d+)"`)
	reMatchNav    = regexp.MustCompile(`<p class="match-nav" lang="en">Match (\d+) of (\d+)((?: · <a href="#t\d+" rel="(?:prev|next)">[^<]+</a>)*)</p>`)
)

// section returns the part of page from the element that starts with
// open to the next occurrence of end.
func section(t *testing.T, page, open, end string) string {
	t.Helper()
	i := strings.Index(page, open)
	if i < 0 {
		t.Fatalf("the page lacks %q", open)
	}
	j := strings.Index(page[i:], end)
	if j < 0 {
		t.Fatalf("the page has %q without %q after it", open, end)
	}
	return page[i : i+j]
}

// TestDocumentSidePanel: the side panel of a 300-turn event lists its
// speakers in order of appearance with their turns and first turn, offers
// turn numbers to jump to, shows the source and versions once; every
// turn has a visible number linking to it; the cite control for the turns
// is on the page once, not once per turn.
func TestDocumentSidePanel(t *testing.T) {
	const n = 300
	ts := longServer(t, n)
	r := fetch(t, ts.URL+"/d/"+longDocID)
	if r.status != http.StatusOK {
		t.Fatalf("GET the long document = %d", r.status)
	}
	doc := longDoc(n)
	type speaker struct {
		First, Name string
		Turns       int
	}
	var want []speaker
	at := map[string]int{}
	for _, tr := range doc.Turns {
		name := tr.Speaker
		if tr.Person != "" {
			name = tr.Person
		}
		if i, ok := at[name]; ok {
			want[i].Turns++
			continue
		}
		at[name] = len(want)
		want = append(want, speaker{First: "t" + strconv.Itoa(tr.Index), Name: name, Turns: 1})
	}
	var got []speaker
	for _, m := range reSpeakerItem.FindAllStringSubmatch(section(t, r.body, `<section class="side-part speakers">`, "</section>"), -1) {
		c, _ := strconv.Atoi(m[3])
		got = append(got, speaker{First: m[1], Name: html.UnescapeString(m[2]), Turns: c})
	}
	if !slices.Equal(got, want) {
		t.Errorf("the side panel's speakers:\n got %+v\nwant %+v", got, want)
	}
	jumps := section(t, r.body, `<nav class="side-part jumps"`, "</nav>")
	for _, j := range []int{1, 25, 150, 300} {
		if !strings.Contains(jumps, fmt.Sprintf(`<a href="#t%d">%d</a>`, j, j)) {
			t.Errorf("the side panel offers no jump to turn %d:\n%s", j, jumps)
		}
	}
	turns := reTurnSection.FindAllStringSubmatch(r.body, -1)
	if len(turns) != n {
		t.Fatalf("%d turns on the page, want %d", len(turns), n)
	}
	for i, m := range turns {
		a := "t" + strconv.Itoa(i+1)
		if m[1] != a || !strings.Contains(r.body, fmt.Sprintf(`<a class="tn" href="#%s" title="Link to turn %d" lang="en">%d</a>`, a, i+1, i+1)) {
			t.Fatalf("turn %d: id %s, or no visible number linking to it", i+1, m[1])
		}
	}
	for s, c := range map[string]int{
		`<textarea`:                  2, // the document's citation and the turns' one control
		`id="cite-turn"`:             1,
		`class="cite-link"`:          n,
		`href="` + doc.URL + `"`:     1, // the source, shown once
		`<dt>Versions</dt>`:          1,
		`<aside class="doc-side"`:    1,
		`Turns each, linked to the`:  1,
		`class="match-bar"`:          0,
		`<section class="turn match`: 0,
	} {
		if got := strings.Count(r.body, s); got != c {
			t.Errorf("%q appears %d times on the page, want %d", s, got, c)
		}
	}
	// The page's weight beyond the text itself: the markup of a turn.
	text := 0
	for _, tr := range doc.Turns {
		text += len(tr.Speaker)
		for _, p := range tr.Paragraphs {
			text += len(html.EscapeString(p))
		}
	}
	perTurn := (len(r.body) - text) / n
	t.Logf("a %d-turn page: %d bytes, %d of them text; %d bytes of markup a turn", n, len(r.body), text, perTurn)
	if perTurn > 1000 {
		t.Errorf("%d bytes of markup a turn, want at most 1000 (the cite control is once a page)", perTurn)
	}
	// Without JavaScript a turn's Cite link opens its cite page.
	if c := fetch(t, ts.URL+"/d/"+longDocID+"/cite?version=1&turn=150"); c.status != 200 || !strings.Contains(c.body, "Cite turn 150") {
		t.Errorf("turn 150's cite page = %d", c.status)
	}
}

// TestDocumentMatches: /d/ID?q=QUERY marks the query's words in the turns
// it matches (the turns search.TurnMatcher selects, as the export does),
// says how many, and links each matching turn to the previous and next.
func TestDocumentMatches(t *testing.T) {
	const n = 300
	ts := longServer(t, n)
	doc := longDoc(n)
	tests := []struct {
		q    string
		mark string // a word marked in every matching turn; "" for none
	}{
		{"economy", "economy"},
		{`"inflation wages"`, "inflation wages"},
		{"person:Peskov", ""},
		{"sanctions -person:Putin", "sanctions"},
		{"zzzyyx", ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			query, err := search.ParseQuery(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			// person: filters resolve against the archive's persons.
			ps, err := longArchive(t, n).Persons(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			want := search.NewTurnMatcher(query, ps, nil, search.UnnamedLabels(doc)).Match(doc)
			if (tt.mark != "" || strings.HasPrefix(tt.q, "person:")) && len(want) == 0 {
				t.Fatalf("%q matches no turn of the generated document: the case tests nothing", tt.q)
			}
			r := fetch(t, ts.URL+"/d/"+longDocID+"?"+url.Values{"q": {tt.q}}.Encode())
			if r.status != http.StatusOK {
				t.Fatalf("status %d", r.status)
			}
			bar := section(t, r.body, `<nav class="match-bar"`, "</nav>")
			switch {
			case len(want) == 0 && !strings.Contains(bar, "No turn matches"):
				t.Errorf("the match bar %q does not say that no turn matches", bar)
			case len(want) == 1 && !strings.Contains(bar, "<strong>1 turn matches</strong>"),
				len(want) > 1 && !strings.Contains(bar, fmt.Sprintf("<strong>%d turns match</strong>", len(want))):
				t.Errorf("the match bar %q does not count %d turns", bar, len(want))
			}
			if len(want) > 0 && !strings.Contains(bar, fmt.Sprintf(`<a href="#t%d">First match ↓</a>`, want[0])) {
				t.Errorf("the match bar %q does not link to the first match, turn %d", bar, want[0])
			}
			var got []int
			for _, m := range reTurnSection.FindAllStringSubmatchIndex(r.body, -1) {
				if strings.Contains(r.body[m[0]:m[1]], "turn match") {
					k, _ := strconv.Atoi(r.body[m[2]+1 : m[3]])
					got = append(got, k)
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("the page marks turns %v, want %v", got, want)
			}
			navs := reMatchNav.FindAllStringSubmatch(r.body, -1)
			if len(navs) != len(want) {
				t.Fatalf("%d match navigation lines, want %d", len(navs), len(want))
			}
			for i, m := range navs {
				if m[1] != strconv.Itoa(i+1) || m[2] != strconv.Itoa(len(want)) {
					t.Errorf("match %d reads Match %s of %s", i+1, m[1], m[2])
				}
				if i > 0 && !strings.Contains(m[3], fmt.Sprintf(`href="#t%d" rel="prev"`, want[i-1])) {
					t.Errorf("match %d's previous link %q, want turn %d", i+1, m[3], want[i-1])
				}
				if i+1 < len(want) && !strings.Contains(m[3], fmt.Sprintf(`href="#t%d" rel="next"`, want[i+1])) {
					t.Errorf("match %d's next link %q, want turn %d", i+1, m[3], want[i+1])
				}
			}
			// Marks in the matching turns, and only there.
			parts := reTurnSection.Split(r.body, -1)[1:]
			for i, part := range parts {
				matching := slices.Contains(want, i+1)
				has := strings.Contains(part, "<mark>"+tt.mark) || strings.Contains(part, "<mark>"+strings.ToUpper(tt.mark[:min(1, len(tt.mark))])+tt.mark[min(1, len(tt.mark)):])
				if tt.mark != "" && matching && !has {
					t.Errorf("turn %d matches but has no <mark>%s", i+1, tt.mark)
				}
				if !matching && strings.Contains(part, "<mark>") {
					t.Errorf("turn %d does not match but has a <mark>", i+1)
				}
			}
		})
	}
}

// TestDocumentMatchesBadQuery: a bad q on a document page is a 400 that
// says why, as on the search page.
func TestDocumentMatchesBadQuery(t *testing.T) {
	ts := newServer(t, web.Config{})
	for _, tt := range []struct{ name, query, want string }{
		{"unclosed quote", "q=%22strategic", "quote"},
		{"given twice", "q=a&q=b", "parameter q is given 2 times"},
		{"too long", "q=" + strings.Repeat("a+", 1000), "the query is too long"},
		{"invalid UTF-8", "q=%ff", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := fetch(t, ts.URL+"/d/"+sampleID+"?"+tt.query)
			if r.status != http.StatusBadRequest || !strings.Contains(r.body, tt.want) {
				t.Errorf("GET ?%s = %d, want 400 saying %q:\n%.300s", tt.query, r.status, tt.want, r.body)
			}
		})
	}
}
