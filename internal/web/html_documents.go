package web

import (
	"errors"
	"github.com/rostrum/rostrum/internal/archive"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

const (
	// documentsPage is how many documents /documents shows at a time.
	documentsPage = 50
	// titleSortMax is the most documents /documents sorts by title: the
	// order needs every matching document's title first, which costs a
	// search page per 100 documents, on every page of the list (the
	// search cache keeps the pages; nothing else is kept per filter).
	titleSortMax = 2000
)

// documentsSorts are the orders of /documents, as the select offers them.
var documentsSorts = []struct{ Value, Label string }{
	{transcript.SortNewest, "Newest first"}, {transcript.SortOldest, "Oldest first"}, {"title", "By title"},
}

type documentsPageData struct {
	page
	Filter    string // the query, as typed
	Sort      string
	Sorts     []struct{ Value, Label string }
	Total     int
	Documents []transcript.DocumentHit
	From      int // the position of the first document shown, from 1
	NextURL   string
	PrevURL   string
	FirstURL  string
	SearchURL string
}

// documentsPage lists the archive's documents, all or those a query
// selects, newest, oldest or by title: /documents?q=&sort=.
func (s *Server) documentsPage(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r, "q", "sort", "cursor", "offset"); err != nil {
		return err
	}
	v := r.URL.Query()
	d := &documentsPageData{page: page{Title: tr(reqLang(r), "nav.documents"), Nav: "documents"}, Filter: strings.TrimSpace(v.Get("q")),
		Sort: v.Get("sort"), Sorts: documentsSorts, From: 1}
	if d.Sort == "" {
		d.Sort = transcript.SortNewest
	}
	if !slices.ContainsFunc(documentsSorts, func(o struct{ Value, Label string }) bool { return o.Value == d.Sort }) {
		return errorf(http.StatusBadRequest, "unknown sort %q: documents are listed newest, oldest or by title", truncate(d.Sort, 40))
	}
	q := &transcript.Query{}
	if d.Filter != "" {
		parsed, err := search.ParseQuery(d.Filter)
		if err != nil {
			var qe *search.QueryError
			if errors.As(err, &qe) {
				return errorf(http.StatusBadRequest, "%s", qe.Msg)
			}
			return err
		}
		q = parsed
		d.SearchURL = searchURL(d.Filter, "sort", transcript.SortNewest)
	}
	link := func(kv ...string) string {
		u := url.Values{}
		if d.Filter != "" {
			u.Set("q", d.Filter)
		}
		if d.Sort != transcript.SortNewest {
			u.Set("sort", d.Sort)
		}
		for i := 0; i+1 < len(kv); i += 2 {
			u.Set(kv[i], kv[i+1])
		}
		if len(u) == 0 {
			return "/documents"
		}
		return "/documents?" + encode(u)
	}

	if d.Sort != "title" {
		cursor := v.Get("cursor")
		res, err := s.searches.search(r.Context(), &transcript.SearchRequest{Query: q, Sort: d.Sort, Limit: documentsPage, TurnsPerDoc: 1, Cursor: cursor})
		if err != nil {
			return err
		}
		d.Total, d.Documents = res.Documents, res.Hits
		if res.Next != "" {
			d.NextURL = link("cursor", res.Next)
		}
		if cursor != "" {
			d.FirstURL = link()
		}
		return s.render(w, r, http.StatusOK, "documents", d)
	}

	offset, err := intParam(v.Get("offset"), "offset", 0, titleSortMax)
	if err != nil {
		return err
	}
	all, err := func() ([]transcript.DocumentHit, error) {
		var hits []transcript.DocumentHit
		req := &transcript.SearchRequest{Query: q, Sort: transcript.SortNewest, Limit: transcript.MaxSearchLimit, TurnsPerDoc: 1}
		for {
			res, err := s.searches.search(r.Context(), req)
			if err != nil {
				return nil, err
			}
			if res.Documents > titleSortMax {
				return nil, &httpError{Status: http.StatusBadRequest,
					Msg:  "too many documents to sort by title: " + strconv.Itoa(res.Documents) + ", and the most is " + strconv.Itoa(titleSortMax),
					Hint: "Narrow the list with a filter (a topic, a person, a year: from:2020 to:2020), or list them by date."}
			}
			hits = append(hits, res.Hits...)
			if res.Next == "" {
				break
			}
			req.Cursor = res.Next
		}
		archive.SortByTitle(hits)
		return hits, nil
	}()
	if err != nil {
		return err
	}
	d.Total = len(all)
	if offset > len(all) {
		return errorf(http.StatusNotFound, "the list has %d documents; there is nothing from %d", len(all), offset+1)
	}
	end := min(len(all), offset+documentsPage)
	d.Documents, d.From = all[offset:end], offset+1
	if end < len(all) {
		d.NextURL = link("offset", strconv.Itoa(end))
	}
	if offset > 0 {
		d.FirstURL = link()
		d.PrevURL = link("offset", strconv.Itoa(max(0, offset-documentsPage)))
	}
	return s.render(w, r, http.StatusOK, "documents", d)
}
