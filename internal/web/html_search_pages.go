package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/rostrum/rostrum/internal/transcript"
)

// maxNumberedPage is the last page of a search reached by its number.
//
// The archive pages a search by cursor, not by offset: a cursor stays
// right while an ingest adds documents, and costs the same deep in a
// result as at its start. The search page numbers its first pages all
// the same, by walking the cursors from the first page (each page a
// search the cache usually holds, since the reader came through the
// pages before it), and beyond them follows cursors (page=N&cursor=C),
// with Next and a link back to the first page: a reader that deep
// refines the query rather than pages back.
const maxNumberedPage = 10

// searchPageParam reads the search page's page parameter: 1 when absent. A
// page beyond maxNumberedPage needs the cursor that Next gave.
func searchPageParam(r *http.Request, p *searchParams) (int, error) {
	v := r.URL.Query()
	if n := len(v["page"]); n > 1 {
		return 0, errorf(http.StatusBadRequest, "parameter page is given %d times; give it once", n)
	}
	n, err := intParam(v.Get("page"), "page", 1, 1<<20)
	if err != nil {
		return 0, err
	}
	if n == 0 {
		n = 1
		if p.Cursor != "" {
			n = 0 // a cursor from elsewhere (the API): the page is not known
		}
	}
	if n > maxNumberedPage && p.Cursor == "" {
		return 0, errorT(http.StatusBadRequest, "err.pastpages", n, maxNumberedPage).withHint("err.pastpageshint", maxNumberedPage)
	}
	return n, nil
}

// searchAt answers page n of a search (0: the page of p's cursor). A
// numbered page without a cursor is reached by walking the cursors from
// the first page; every page carries the first page's facets, which
// count the whole result.
func (s *Server) searchAt(ctx context.Context, p *searchParams, n int) (*transcript.SearchResult, error) {
	if p.Cursor != "" {
		return s.searches.search(ctx, p.request(false))
	}
	first := p.request(true)
	res, err := s.searches.search(ctx, first)
	if err != nil {
		return nil, err
	}
	facets := res.Facets
	for i := 2; i <= n; i++ {
		if res.Next == "" {
			return nil, errorTN(http.StatusNotFound, "err.nopageof", i-1, n)
		}
		req := p.request(false)
		req.Cursor = res.Next
		if res, err = s.searches.search(ctx, req); err != nil {
			return nil, err
		}
	}
	if n > 1 {
		// The cache may hold res: a copy gets the facets.
		cp := *res
		cp.Facets = facets
		res = &cp
	}
	return res, nil
}

// newPager lays out the pager of page n (0: unknown) of a result.
func newPager(p *searchParams, n int, res *transcript.SearchResult) *pagerView {
	per := p.Limit
	if per == 0 {
		per = transcript.DefaultSearchLimit
	}
	last := (res.Documents + per - 1) / per
	pg := &pagerView{Page: n, Last: last, PageCount: per}
	at := func(i int) string {
		if i == 1 {
			return searchURL(p.Q, "sort", p.Sort, "limit", intOrEmpty(p.Limit))
		}
		return searchURL(p.Q, "sort", p.Sort, "limit", intOrEmpty(p.Limit), "page", strconv.Itoa(i))
	}
	for i := 1; i <= min(last, maxNumberedPage); i++ {
		pg.Pages = append(pg.Pages, link{Label: strconv.Itoa(i), URL: at(i), Current: i == n})
		pg.Numbered = pg.Numbered || i == n
	}
	if n > 1 && n-1 <= maxNumberedPage {
		pg.PrevURL = at(n - 1)
	}
	if n == 0 || n > maxNumberedPage+1 {
		pg.FirstURL = at(1)
	}
	if res.Next != "" {
		if n > 0 && n+1 <= maxNumberedPage {
			pg.NextURL = at(n + 1)
		} else {
			next := ""
			if n > 0 {
				next = strconv.Itoa(n + 1)
			}
			pg.NextURL = searchURL(p.Q, "sort", p.Sort, "limit", intOrEmpty(p.Limit), "page", next, "cursor", res.Next)
		}
	}
	if len(pg.Pages) < 2 && pg.PrevURL == "" && pg.NextURL == "" && pg.FirstURL == "" {
		return nil
	}
	return pg
}

func intOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// hitMoreURL is the link of a hit's "N matching turns in this document":
// the document with the search's matches highlighted, when the hit is
// one of the search page's (hitView); else the document.
func hitMoreURL(h any) string {
	switch h := h.(type) {
	case hitView:
		return docMatchURL(h.ID, h.Q, 0)
	case transcript.DocumentHit:
		return docURL(h.ID)
	}
	return ""
}

// hitTurnURL is the link of a hit's turn n: on the search page, the
// document with the search's matches highlighted, at the turn.
func hitTurnURL(h any, n int) string {
	switch h := h.(type) {
	case hitView:
		return docMatchURL(h.ID, h.Q, n)
	case transcript.DocumentHit:
		return turnURL(h.ID, n)
	}
	return ""
}
