package web

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/figures"
	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// The figures' bounds on the web.
const (
	figuresPageRows = 100  // figures per page of /figures
	figuresAPILimit = 1000 // the most figures one API page returns
)

// figuresParams are the parameters of the figures' page, API and CSV.
type figuresParams struct {
	Q         string
	Query     *transcript.Query
	Conflicts bool
}

// parseFigures reads q and conflicts. An empty q is allowed only when
// emptyOK (the page's empty form) or for conflicts, which then read the
// whole archive.
func parseFigures(r *http.Request, emptyOK bool) (*figuresParams, error) {
	v := r.URL.Query()
	for _, k := range []string{"q", "conflicts", "page", "offset", "limit", "excel"} {
		if n := len(v[k]); n > 1 {
			return nil, errorT(http.StatusBadRequest, "err.twice", k, n)
		}
	}
	p := &figuresParams{Q: strings.TrimSpace(v.Get("q"))}
	switch c := v.Get("conflicts"); c {
	case "", "0":
	case "1", "true", "on":
		p.Conflicts = true
	default:
		return nil, errorf(http.StatusBadRequest, "conflicts must be 1 or 0, not %q", truncate(c, 40))
	}
	if n := len(p.Q); n > MaxQueryBytes {
		return nil, errorT(http.StatusBadRequest, "err.toolong", n, MaxQueryBytes)
	}
	if p.Q == "" {
		if !emptyOK && !p.Conflicts {
			return nil, errorT(http.StatusBadRequest, "err.emptyquery", "trade")
		}
		if p.Conflicts {
			p.Query = &transcript.Query{}
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
	return p, nil
}

// collectFigures runs p's query.
func (s *Server) collectFigures(ctx context.Context, p *figuresParams) (*figures.Result, error) {
	q := p.Query
	return figures.Run(ctx, kwicSource{s.searcher, s.archive}, &figures.Request{Query: q, Limit: figures.MaxFigures,
		Vocab: func(ctx context.Context) ([]transcript.Person, *persons.Overrides, error) {
			return s.exportVocab(ctx, q)
		}})
}

// figuresURL is path with p's query and conflicts, and extra pairs.
func figuresURL(path string, p *figuresParams, kv ...string) string {
	v := url.Values{}
	if p.Q != "" {
		v.Set("q", p.Q)
	}
	if p.Conflicts {
		v.Set("conflicts", "1")
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
		} else {
			v.Del(kv[i])
		}
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + encode(v)
}

type figuresPageData struct {
	page
	Conflicts bool
	Result    *figures.Result
	Figures   []figures.Figure // this page's
	Groups    []figures.Group  // with conflicts
	Took      string
	First     int
	Last      int
	PrevURL   string
	NextURL   string
	CSVURL    string
	APIURL    string
	ListURL   string // the figures, from the conflicts
	ConfURL   string // the conflicts, from the figures
	SearchURL string
}

func (s *Server) figuresPage(w http.ResponseWriter, r *http.Request) error {
	p, err := parseFigures(r, true)
	if err != nil {
		return err
	}
	n, err := intParam(r.URL.Query().Get("page"), "page", 1, figures.MaxFigures/figuresPageRows)
	if err != nil {
		return err
	}
	n = max(n, 1)
	d := &figuresPageData{page: page{Title: tr(reqLang(r), "figures.h1"), Q: p.Q, Nav: "search",
		Description: tr(reqLang(r), "figures.description")}, Conflicts: p.Conflicts}
	if p.Query == nil {
		return s.render(w, r, http.StatusOK, "figures", d)
	}
	start := time.Now()
	res, err := s.collectFigures(r.Context(), p)
	if err != nil {
		return err
	}
	d.Took = fmt.Sprintf("%.0f ms", float64(time.Since(start).Microseconds())/1000)
	d.Result = res
	if p.Q != "" {
		d.CSVURL = figuresURL("/figures.csv", &figuresParams{Q: p.Q})
	}
	d.APIURL = figuresURL("/api/v1/figures", p)
	d.ListURL = figuresURL("/figures", &figuresParams{Q: p.Q})
	d.ConfURL = figuresURL("/figures", &figuresParams{Q: p.Q, Conflicts: true})
	if p.Q != "" {
		d.SearchURL = searchURL(p.Q)
	}
	if p.Conflicts {
		d.Title = tr(reqLang(r), "figures.conflicting")
		if p.Q != "" {
			d.Title = tr(reqLang(r), "figures.conflictingin", p.Q)
		}
		d.Groups = figures.Conflicts(res.Figures)
		return s.render(w, r, http.StatusOK, "figures", d)
	}
	d.Title = tr(reqLang(r), "figures.in", p.Q)
	off := (n - 1) * figuresPageRows
	if off < len(res.Figures) {
		d.Figures = res.Figures[off:min(off+figuresPageRows, len(res.Figures))]
	}
	d.First, d.Last = off+1, off+len(d.Figures)
	if n > 1 {
		d.PrevURL = figuresURL("/figures", p, "page", kwicPageParam(n-1))
	}
	if d.Last < len(res.Figures) {
		d.NextURL = figuresURL("/figures", p, "page", strconv.Itoa(n+1))
	}
	return s.render(w, r, http.StatusOK, "figures", d)
}

var figuresColumns = []string{"doc_id", "date", "turn", "speaker", "person", "text", "value", "unit", "bound", "period", "subject", "sentence", "permalink", "url"}

// figuresCSV answers with every figure of the query (up to
// figures.MaxFigures) as CSV, one row a figure; excel=1 gives the
// spreadsheet variant, as the search export does.
func (s *Server) figuresCSV(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r, "q", "excel"); err != nil {
		return err
	}
	p, err := parseFigures(r, false)
	if err != nil {
		return err
	}
	excel := r.URL.Query().Get("excel") != ""
	res, err := s.collectFigures(r.Context(), p)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="rostrum-figures.csv"`)
	if excel {
		if _, err := w.Write([]byte("\ufeff")); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.Write(figuresColumns)
	base := s.baseURL(r)
	for _, f := range res.Figures {
		rec := []string{f.DocID, f.Date, strconv.Itoa(f.Turn), f.Speaker, f.Person, f.Text, strconv.FormatFloat(f.Value, 'f', -1, 64),
			f.Unit, f.Bound, f.Period, f.Subject, f.Sentence, f.Permalink, base + turnURL(f.DocID, f.Turn)}
		if excel {
			for i := range rec {
				rec[i] = excelCell(rec[i])
			}
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// apiFiguresBody is the API's page of figures, or its conflicts.
type apiFiguresBody struct {
	Query     string           `json:"query"`
	Total     int              `json:"total"`     // figures found
	Documents int              `json:"documents"` // matching documents
	Turns     int              `json:"turns"`     // turns read
	Offset    int              `json:"offset"`
	Figures   []figures.Figure `json:"figures,omitempty"`
	Conflicts *[]figures.Group `json:"conflicts,omitempty"` // with conflicts=1, instead of figures
	NextURL   string           `json:"next_url,omitempty"`
}

func (s *Server) apiFigures(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r, "q", "conflicts", "offset", "limit"); err != nil {
		return err
	}
	p, err := parseFigures(r, false)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	offset, err := intParam(v.Get("offset"), "offset", 0, figures.MaxFigures-1)
	if err != nil {
		return err
	}
	limit, err := intParam(v.Get("limit"), "limit", 1, figuresAPILimit)
	if err != nil {
		return err
	}
	if limit == 0 {
		limit = figuresPageRows
	}
	res, err := s.collectFigures(r.Context(), p)
	if err != nil {
		return err
	}
	body := apiFiguresBody{Query: p.Q, Total: res.Total, Offset: offset, Documents: res.Documents, Turns: res.Turns}
	if p.Conflicts {
		groups := figures.Conflicts(res.Figures)
		if groups == nil {
			groups = []figures.Group{}
		}
		body.Conflicts = &groups
		body.Offset = 0
		return writeJSON(w, body)
	}
	body.Figures = []figures.Figure{}
	if offset < len(res.Figures) {
		body.Figures = res.Figures[offset:min(offset+limit, len(res.Figures))]
	}
	if next := offset + len(body.Figures); len(body.Figures) > 0 && next < len(res.Figures) {
		v.Set("offset", strconv.Itoa(next))
		body.NextURL = "/api/v1/figures?" + encode(v)
	}
	return writeJSON(w, body)
}

// apiDocumentFigures answers with one document's figures: an empty
// list for a document without any, 404 for an unknown id.
func (s *Server) apiDocumentFigures(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	figs, err := figures.ForDocument(r.Context(), s.archive, id)
	if err != nil {
		if errors.Is(err, transcript.ErrNotFound) {
			return errorf(http.StatusNotFound, "the archive has no document %q", truncate(id, 200))
		}
		return err
	}
	return writeJSON(w, struct {
		ID      string           `json:"id"`
		Figures []figures.Figure `json:"figures"`
	}{id, figs})
}

// docFigures is a document's figures for its page (see
// templates/figures_parts.html).
func docFigures(doc *transcript.Document) []figures.Figure {
	if doc == nil {
		return nil
	}
	return figures.Document(doc)
}
