package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

var (
	reHitDoc  = regexp.MustCompile(`<h3 class="hit-title"><a href="/d/([^"?#]+)"`)
	rePageNum = regexp.MustCompile(`<li>(?:<a href="([^"]+)">(\d+)</a>|<span aria-current="page">(\d+)</span>)</li>`)
	reBarN    = regexp.MustCompile(`<title>[^<]*: ([\d,]+) match(?:es)?</title>`)
	reCountT  = regexp.MustCompile(`<text class="tick count"[^>]*>([\d,]+)</text>`)
)

// archivePage is page n of q's documents, as the archive gives them by
// following its cursors.
func archivePage(t *testing.T, q string, n int) []string {
	t.Helper()
	query, err := search.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	cursor := ""
	for i := 1; ; i++ {
		res, err := archive.Search(t.Context(), &transcript.SearchRequest{Query: query, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		if i == n {
			var ids []string
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			return ids
		}
		cursor = res.Next
	}
}

// TestSearchPages: the search page numbers its pages, each the archive's
// page of that number, with previous and next; its timeline has a count
// axis whose highest value is the highest bar's.
func TestSearchPages(t *testing.T) {
	needCorpus(t)
	ts := newServer(t, web.Config{})
	const q = "talks"
	res := archiveSearch(t, q)
	last := (res.Documents + 19) / 20
	if last < 3 {
		t.Fatalf("%q matches %d documents: too few pages to test", q, res.Documents)
	}
	for n := 1; n <= 3; n++ {
		t.Run(fmt.Sprintf("page %d", n), func(t *testing.T) {
			path := "/search?" + url.Values{"q": {q}}.Encode()
			if n > 1 {
				path += "&page=" + strconv.Itoa(n)
			}
			r := fetch(t, ts.URL+path)
			if r.status != http.StatusOK {
				t.Fatalf("GET %s = %d", path, r.status)
			}
			var ids []string
			for _, m := range reHitDoc.FindAllStringSubmatch(r.body, -1) {
				ids = append(ids, m[1])
			}
			if want := archivePage(t, q, n); !slices.Equal(ids, want) {
				t.Errorf("page %d lists %q, want the archive's %q", n, ids, want)
			}
			pager := section(t, r.body, `<nav class="pager numbered"`, "</nav>")
			var nums []int
			current := 0
			for _, m := range rePageNum.FindAllStringSubmatch(pager, -1) {
				k, _ := strconv.Atoi(m[2] + m[3])
				nums = append(nums, k)
				if m[3] != "" {
					current = k
				}
			}
			if len(nums) != min(last, 10) || current != n {
				t.Errorf("the pager numbers %v with %d current, want 1 to %d with %d current", nums, current, min(last, 10), n)
			}
			if !strings.Contains(pager, fmt.Sprintf("Page %d of %d", n, last)) {
				t.Errorf("the pager lacks \"Page %d of %d\": %s", n, last, pager)
			}
			prev := strings.Contains(pager, `rel="prev"`)
			if prev != (n > 1) || !strings.Contains(pager, `rel="next"`) {
				t.Errorf("page %d: previous link %v, next link %v", n, prev, strings.Contains(pager, `rel="next"`))
			}
			if n > 2 && !regexp.MustCompile(fmt.Sprintf(`href="/search\?page=%d&amp;q=[^"]+" rel="prev"`, n-1)).MatchString(pager) {
				t.Errorf("page %d's previous link is not page %d: %s", n, n-1, pager)
			}
			// Every page has the facets and the timeline of the whole result.
			for _, s := range []string{`<details class="refine">`, "Matching turns of each", "Matching documents in each", `<svg class="chart"`} {
				if !strings.Contains(r.body, s) {
					t.Errorf("page %d lacks %q", n, s)
				}
			}
			maxBar := 0
			for _, m := range reBarN.FindAllStringSubmatch(r.body, -1) {
				v, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
				maxBar = max(maxBar, v)
			}
			var ticks []string
			for _, m := range reCountT.FindAllStringSubmatch(r.body, -1) {
				ticks = append(ticks, m[1])
			}
			if maxBar == 0 || len(ticks) < 2 || ticks[0] != "0" || ticks[len(ticks)-1] != strconv.Itoa(maxBar) {
				t.Errorf("the count axis reads %q; want 0 to the highest bar, %d", ticks, maxBar)
			}
			if !strings.Contains(r.body, "Matches (turns, or a document's title and lead) per ") {
				t.Error("the timeline does not say what it counts")
			}
		})
	}
	for _, tt := range []struct {
		name, query string
		status      int
		want        string
	}{
		{"past the last page", "&page=" + strconv.Itoa(last+1), http.StatusNotFound, fmt.Sprintf("this search has %d pages", last)},
		{"past the numbered pages", "&page=11", http.StatusBadRequest, "reached with Next"},
		{"page 0", "&page=0", http.StatusBadRequest, "page must be a whole number"},
		{"not a number", "&page=two", http.StatusBadRequest, "page must be a whole number"},
		{"given twice", "&page=1&page=2", http.StatusBadRequest, "given 2 times"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := fetch(t, ts.URL+"/search?q="+q+tt.query)
			if r.status != tt.status || !strings.Contains(r.body, tt.want) {
				t.Errorf("GET ?q=%s%s = %d, want %d saying %q", q, tt.query, r.status, tt.status, tt.want)
			}
		})
	}
}

// TestSearchHitLinks: a hit's "N matching turns in this document" opens
// the document with the search's matches highlighted.
func TestSearchHitLinks(t *testing.T) {
	needCorpus(t)
	ts := newServer(t, web.Config{})
	const q = "talks"
	r := fetch(t, ts.URL+"/search?q="+q)
	m := regexp.MustCompile(`<p class="more"><a href="([^"]+)">([\d,]+) matching turns in this document</a>`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("no hit has more matching turns than it shows")
	}
	href := strings.ReplaceAll(m[1], "&amp;", "&")
	if !strings.HasSuffix(href, "?q="+q) {
		t.Fatalf("the link is %q, want the document with ?q=%s", href, q)
	}
	d := fetch(t, ts.URL+href)
	n, _ := strconv.Atoi(strings.ReplaceAll(m[2], ",", ""))
	if got := strings.Count(d.body, `<section class="turn match`); got != n {
		t.Errorf("the document marks %d matching turns; the hit counts %d", got, n)
	}
}
