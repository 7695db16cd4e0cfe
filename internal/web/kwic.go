package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/kwic"
	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// The concordance's bounds on the web.
const (
	kwicPageLines = 100  // lines per page of /kwic
	kwicAPILimit  = 1000 // the most lines one API page returns
	kwicWebWidth  = 50   // default context on the page, the API and the CSV
)

// kwicParams are the parameters of the concordance's page, API and CSV.
type kwicParams struct {
	Q      string
	Query  *transcript.Query
	Sort   string
	Width  int
	Offset int
	Limit  int
}

// parseKWIC reads q, sort and width; the callers read their paging.
// An empty q is allowed only when emptyOK (the page's empty form).
func parseKWIC(r *http.Request, emptyOK bool) (*kwicParams, error) {
	v := r.URL.Query()
	for _, k := range []string{"q", "sort", "width", "page", "offset", "limit", "excel"} {
		if n := len(v[k]); n > 1 {
			return nil, errorT(http.StatusBadRequest, "err.twice", k, n)
		}
	}
	p := &kwicParams{Q: strings.TrimSpace(v.Get("q")), Sort: v.Get("sort"), Width: kwicWebWidth}
	if n := len(p.Q); n > MaxQueryBytes {
		return nil, errorT(http.StatusBadRequest, "err.toolong", n, MaxQueryBytes)
	}
	if p.Sort != "" && !slices.Contains(kwic.Sorts, p.Sort) {
		return nil, errorf(http.StatusBadRequest, "unknown sort %q: use %s", truncate(p.Sort, 40), strings.Join(kwic.Sorts, ", "))
	}
	if w := v.Get("width"); w != "" {
		n, err := strconv.Atoi(w)
		if err != nil || n < 1 || n > kwic.MaxWidth {
			return nil, errorf(http.StatusBadRequest, "width must be a whole number of characters from 1 to %d, not %q", kwic.MaxWidth, truncate(w, 40))
		}
		p.Width = n
	}
	if p.Q == "" {
		if !emptyOK {
			return nil, errorT(http.StatusBadRequest, "err.emptyquery", "sanctions")
		}
		return p, nil
	}
	var err error
	if p.Query, err = search.ParseQuery(p.Q); err != nil {
		return nil, err
	}
	if err := costOf(p.Query).check(); err != nil {
		return nil, err
	}
	if kwic.NewFinder(p.Query).Empty() {
		return nil, errorT(http.StatusBadRequest, "err.nowords").withHint("err.nowordshint")
	}
	return p, nil
}

// kwicSource is what a concordance reads: the gated search and the
// archive's documents.
type kwicSource struct {
	transcript.Searcher
	archive Archive
}

func (k kwicSource) Document(ctx context.Context, id string) (*transcript.Document, error) {
	return k.archive.Document(ctx, id)
}

// Occurrences lets a concordance or a trend count with the archive's
// index when it can (transcript.OccurrenceCounter), instead of reading
// every matching turn; ok is false for an archive that cannot.
func (k kwicSource) Occurrences(ctx context.Context, q *transcript.Query, byPerson bool) ([]transcript.OccurrenceCount, bool, error) {
	if oc, ok := k.archive.(transcript.OccurrenceCounter); ok {
		return oc.Occurrences(ctx, q, byPerson)
	}
	return nil, false, nil
}

// concordance runs p's concordance.
func (s *Server) concordance(ctx context.Context, p *kwicParams) (*kwic.Result, error) {
	q := p.Query
	return kwic.Run(ctx, kwicSource{s.searcher, s.archive}, &kwic.Request{Query: q, Width: p.Width, Sort: p.Sort, Offset: p.Offset, Limit: p.Limit,
		Vocab: func(ctx context.Context) ([]transcript.Person, *persons.Overrides, error) {
			return s.exportVocab(ctx, q)
		}})
}

// kwicURL is path with p's query, sort and width, and extra pairs.
func kwicURL(path string, p *kwicParams, kv ...string) string {
	v := url.Values{"q": {p.Q}}
	if p.Sort != "" {
		v.Set("sort", p.Sort)
	}
	if p.Width != kwicWebWidth {
		v.Set("width", strconv.Itoa(p.Width))
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
		} else {
			v.Del(kv[i])
		}
	}
	return path + "?" + encode(v)
}

type kwicPageData struct {
	page
	Result    *kwic.Result
	Took      string
	Sort      string
	Width     int
	Widths    []int
	Sorts     []link
	First     int // the 1-based number of the page's first line
	Last      int
	PrevURL   string
	NextURL   string
	FirstURL  string
	CSVURL    string
	SearchURL string
	APIURL    string
	Cut       bool // more occurred than the CSV and the pages reach
}

func (s *Server) kwicPage(w http.ResponseWriter, r *http.Request) error {
	p, err := parseKWIC(r, true)
	if err != nil {
		return err
	}
	n, err := intParam(r.URL.Query().Get("page"), "page", 1, kwic.MaxLines/kwicPageLines)
	if err != nil {
		return err
	}
	n = max(n, 1)
	p.Offset, p.Limit = (n-1)*kwicPageLines, kwicPageLines
	sortNow := cmpOr(p.Sort, kwic.SortDate)
	d := &kwicPageData{page: page{Title: tr(reqLang(r), "kwic.h1"), Q: p.Q, Nav: "search",
		Description: tr(reqLang(r), "kwic.description")}, Sort: sortNow, Width: p.Width,
		Widths: []int{30, 50, 80, 120}}
	if !slices.Contains(d.Widths, p.Width) {
		d.Widths = append(d.Widths, p.Width)
		slices.Sort(d.Widths)
	}
	if p.Query == nil {
		return s.render(w, r, http.StatusOK, "kwic", d)
	}
	start := time.Now()
	res, err := s.concordance(r.Context(), p)
	if err != nil {
		return err
	}
	d.Took = fmt.Sprintf("%.0f ms", float64(time.Since(start).Microseconds())/1000)
	d.Result = res
	d.Title = tr(reqLang(r), "kwic.title", p.Q)
	for _, so := range kwic.Sorts {
		d.Sorts = append(d.Sorts, link{Label: tr(reqLang(r), "kwic.sortnav."+so), URL: kwicURL("/kwic", p, "sort", so), Current: so == sortNow})
	}
	d.First, d.Last = p.Offset+1, p.Offset+len(res.Lines)
	if n > 1 {
		d.PrevURL = kwicURL("/kwic", p, "page", kwicPageParam(n-1))
		d.FirstURL = kwicURL("/kwic", p)
	}
	if d.Last < res.Occurrences && d.Last < kwic.MaxLines {
		d.NextURL = kwicURL("/kwic", p, "page", strconv.Itoa(n+1))
	}
	d.Cut = res.Occurrences > kwic.MaxLines
	d.CSVURL = kwicURL("/kwic.csv", p)
	d.SearchURL = searchURL(p.Q)
	d.APIURL = kwicURL("/api/v1/kwic", p)
	return s.render(w, r, http.StatusOK, "kwic", d)
}

// kwicPageParam is page n's parameter: none for the first.
func kwicPageParam(n int) string {
	if n <= 1 {
		return ""
	}
	return strconv.Itoa(n)
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// kwicCutShort opens the last row of a CSV that holds only the first
// kwic.MaxLines occurrences.
const kwicCutShort = "CONCORDANCE CUT SHORT: "

var kwicColumns = []string{"doc_id", "turn", "speaker", "person", "date", "left", "match", "right", "permalink", "url"}

// kwicCSV answers with the whole concordance (up to kwic.MaxLines
// lines) as CSV; excel=1 gives the spreadsheet variant, as the search
// export does (see exportCSV).
func (s *Server) kwicCSV(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r, "q", "sort", "width", "excel"); err != nil {
		return err
	}
	p, err := parseKWIC(r, false)
	if err != nil {
		return err
	}
	excel := r.URL.Query().Get("excel") != ""
	p.Limit = kwic.MaxLines
	res, err := s.concordance(r.Context(), p)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="rostrum-kwic.csv"`)
	h.Set("X-Rostrum-Occurrences", strconv.Itoa(res.Occurrences))
	if excel {
		if _, err := w.Write([]byte("\ufeff")); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.Write(kwicColumns)
	base := s.baseURL(r)
	for _, l := range res.Lines {
		rec := []string{l.DocID, strconv.Itoa(l.Turn), l.Speaker, l.Person, l.Date, l.Left, l.Match, l.Right, l.Permalink, base + turnURL(l.DocID, l.Turn)}
		if excel {
			for i := range rec {
				rec[i] = excelCell(rec[i])
			}
		}
		cw.Write(rec)
	}
	if len(res.Lines) < res.Occurrences {
		cw.Write([]string{fmt.Sprintf("%sthe first %d of %d occurrences; narrow the query", kwicCutShort, len(res.Lines), res.Occurrences)})
	}
	cw.Flush()
	return cw.Error()
}

// apiKWICBody is the API's concordance page.
type apiKWICBody struct {
	Query  string `json:"query"`
	Offset int    `json:"offset"`
	*kwic.Result
	NextURL string `json:"next_url,omitempty"`
}

func (s *Server) apiKWIC(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r, "q", "sort", "width", "offset", "limit"); err != nil {
		return err
	}
	p, err := parseKWIC(r, false)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	if p.Offset, err = intParam(v.Get("offset"), "offset", 0, kwic.MaxLines-1); err != nil {
		return err
	}
	if p.Limit, err = intParam(v.Get("limit"), "limit", 1, kwicAPILimit); err != nil {
		return err
	}
	if p.Limit == 0 {
		p.Limit = kwicPageLines
	}
	p.Limit = min(p.Limit, kwic.MaxLines-p.Offset)
	res, err := s.concordance(r.Context(), p)
	if err != nil {
		return err
	}
	body := apiKWICBody{Query: p.Q, Offset: p.Offset, Result: res}
	if next := p.Offset + len(res.Lines); len(res.Lines) > 0 && next < res.Occurrences && next < kwic.MaxLines {
		v.Set("offset", strconv.Itoa(next))
		body.NextURL = "/api/v1/kwic?" + encode(v)
	}
	return writeJSON(w, body)
}
