package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// searchParams are the parameters shared by the search page, the API's
// search, the feeds and the exports.
type searchParams struct {
	Q      string // the query as typed, trimmed
	Query  *transcript.Query
	Sort   string
	Cursor string
	Limit  int
	Turns  int
}

// parseSearch reads q, sort, cursor, limit and turns. An empty q is
// allowed only when emptyOK; it leaves Query nil.
func parseSearch(r *http.Request, emptyOK bool) (*searchParams, error) {
	v := r.URL.Query()
	for _, k := range []string{"q", "sort", "cursor", "limit", "turns", "facets"} {
		if n := len(v[k]); n > 1 {
			return nil, errorT(http.StatusBadRequest, "err.twice", k, n)
		}
	}
	p := &searchParams{Q: strings.TrimSpace(v.Get("q")), Sort: v.Get("sort"), Cursor: v.Get("cursor")}
	if n := len(p.Q); n > MaxQueryBytes {
		return nil, errorT(http.StatusBadRequest, "err.toolong", n, MaxQueryBytes).withHint("err.toolonghint")
	}
	switch p.Sort {
	case "", transcript.SortRelevance, transcript.SortNewest, transcript.SortOldest:
	default:
		return nil, errorT(http.StatusBadRequest, "err.sort", p.Sort)
	}
	var err error
	if p.Limit, err = intParam(v.Get("limit"), "limit", 1, transcript.MaxSearchLimit); err != nil {
		return nil, err
	}
	if p.Turns, err = intParam(v.Get("turns"), "turns", 1, transcript.MaxTurnsPerDoc); err != nil {
		return nil, err
	}
	if len(p.Cursor) > 512 {
		return nil, errorf(http.StatusBadRequest, "the cursor is not one this archive gave out")
	}
	if p.Q == "" {
		if !emptyOK {
			return nil, errorT(http.StatusBadRequest, "err.emptyquery", "person:putin+energy")
		}
		return p, nil
	}
	if p.Query, err = search.ParseQuery(p.Q); err != nil {
		return nil, err
	}
	if err := costOf(p.Query).check(); err != nil {
		return nil, err
	}
	return p, nil
}

// intParam reads an optional integer parameter in [lo, hi]; "" is 0.
func intParam(s, name string, lo, hi int) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, errorT(http.StatusBadRequest, "err.intparam", name, lo, hi, truncate(s, 40))
	}
	return n, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

func (p *searchParams) request(facets bool) *transcript.SearchRequest {
	q := p.Query
	if q == nil {
		q = &transcript.Query{}
	}
	return &transcript.SearchRequest{Query: q, Sort: p.Sort, Limit: p.Limit, TurnsPerDoc: p.Turns, Cursor: p.Cursor, Facets: facets}
}

var reDateFilter = regexp.MustCompile(`(^|\s)(?i:from|to):\S+`)

// refine adds a clause to a query; withDates replaces its date bounds.
func refine(q, clause string) string {
	if strings.HasPrefix(clause, "from:") {
		q = reDateFilter.ReplaceAllString(q, "")
	}
	q = strings.TrimSpace(q)
	if q == "" {
		return clause
	}
	return q + " " + clause
}

// without removes the text between byte offsets [pos, end) of q.
func without(q string, pos, end int) string {
	if pos < 0 || end > len(q) || pos > end {
		return q
	}
	return strings.Join(strings.Fields(q[:pos]+" "+q[end:]), " ")
}

// encode is url.Values.Encode with spaces written %20 rather than +,
// which reads better in a link and means the same in a query string.
func encode(v url.Values) string { return strings.ReplaceAll(v.Encode(), "+", "%20") }
