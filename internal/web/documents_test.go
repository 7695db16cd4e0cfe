package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/web"
)

// TestDocumentsPage lists the archive's documents in each order, filtered,
// page by page, and refuses bad parameters.
func TestDocumentsPage(t *testing.T) {
	ts := newServer(t, web.Config{})
	all := allDocuments(t)
	row := regexp.MustCompile(`<td class="date">(?:<time datetime="([0-9-]+)">[0-9-]+</time>|undated)</td>\s*<td><a href="([^"]+)">`)
	walk := func(path string) (dates, hrefs []string) {
		t.Helper()
		for pages := 0; path != ""; pages++ {
			if pages > 100 {
				t.Fatal("more than 100 pages")
			}
			resp, body := get(t, ts, path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d: %s", path, resp.StatusCode, body)
			}
			for _, m := range row.FindAllStringSubmatch(string(body), -1) {
				dates, hrefs = append(dates, m[1]), append(hrefs, m[2])
			}
			next := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(string(body))
			path = ""
			if next != nil {
				path = strings.ReplaceAll(next[1], "&amp;", "&")
			}
		}
		return dates, hrefs
	}
	dates, hrefs := walk("/documents")
	if len(hrefs) != len(all) {
		t.Fatalf("/documents lists %d documents over its pages, the archive has %d", len(hrefs), len(all))
	}
	if !slices.IsSortedFunc(dates, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Error("/documents is not newest first")
	}
	if d, _ := walk("/documents?sort=oldest"); !slices.IsSorted(d) || len(d) != len(all) {
		t.Error("/documents?sort=oldest is not oldest first, or not whole")
	}
	_, byTitle := walk("/documents?sort=title")
	if len(byTitle) != len(all) {
		t.Errorf("by title: %d documents, want %d", len(byTitle), len(all))
	}
	if slices.Equal(byTitle, hrefs) {
		t.Error("by title gives the same order as newest first")
	}
	_, kz := walk("/documents?" + url.Values{"q": {"geography:Kazakhstan"}}.Encode())
	if len(kz) == 0 || len(kz) >= len(all) || !slices.Contains(kz, "/d/"+sampleID) {
		t.Errorf("geography:Kazakhstan lists %d of %d documents, want some, the sample among them", len(kz), len(all))
	}
	resp, body := get(t, ts, "/documents")
	for _, want := range []string{"<h1>Documents</h1>", `<select id="ds" name="sort">`, `aria-current="page">Documents</a>`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/documents lacks %q", want)
		}
	}
	_ = resp
	for path, status := range map[string]int{
		"/documents?sort=relevance":             http.StatusBadRequest,
		"/documents?q=" + url.QueryEscape("(a"): http.StatusBadRequest,
		"/documents?sort=title&offset=999999":   http.StatusBadRequest,
		"/documents?sort=title&offset=1999":     http.StatusNotFound,
		"/documents?page=2":                     http.StatusBadRequest,
	} {
		if resp, body := get(t, ts, path); resp.StatusCode != status {
			t.Errorf("GET %s: %d, want %d: %.300s", path, resp.StatusCode, status, body)
		}
	}
}
