package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/rostrum/rostrum/internal/kwic"
	"github.com/rostrum/rostrum/internal/transcript"
)

type searchPageData struct {
	page
	Sort      string
	Result    *transcript.SearchResult
	Took      string
	Active    []activeFilter
	Facets    []facetGroup
	Histogram template.HTML
	// HistogramYears reports whether the histogram's bars are years,
	// not months.
	HistogramYears bool
	Unit           string // what the histogram counts: matches, turns or documents
	Sorts          []link
	Hits           []hitView
	Pager          *pagerView
	CSVURL         string
	JSONLURL       string
	APIURL         string
	KWICURL        string // the concordance of the same query; "" for filters alone
	TrendURL       string // the term trend of the same query; "" for filters alone
}

// hitView is a search hit on the search page, which knows the query: its
// links open the document with the query's matches highlighted.
type hitView struct {
	transcript.DocumentHit
	Q string
}

// pagerView is the search page's pager: numbered pages up to
// maxNumberedPage, previous and next.
type pagerView struct {
	Page      int    // the page shown, from 1
	Last      int    // the last page, from the count of documents
	Pages     []link // numbered pages
	PrevURL   string // "" on the first page
	NextURL   string // "" on the last page
	FirstURL  string // set beyond the numbered pages
	Numbered  bool   // the page shown is one of Pages
	PageCount int    // documents per page
}

type link struct {
	Label   string
	URL     string
	Current bool
}

type activeFilter struct {
	Label     string // as written in the query
	RemoveURL string
}

type facetGroup struct {
	Title   string
	Unit    string // what its counts count: "turns" or "documents"
	Sampled int    // see transcript.Facets.Sampled
	Values  []facetValue
}

type facetValue struct {
	Value  string
	Count  int
	URL    string
	Active bool
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	p, err := parseSearch(r, true)
	if err != nil {
		return err
	}
	l := reqLang(r)
	d := &searchPageData{page: page{Title: tr(l, "layout.search"), Q: p.Q, Nav: "search"}, Sort: p.Sort}
	if p.Query == nil {
		d.Description = tr(l, "layout.searchlabel")
		return s.render(w, r, http.StatusOK, "search", d)
	}
	pageN, err := searchPageParam(r, p)
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := s.searchAt(r.Context(), p, pageN)
	if err != nil {
		return err
	}
	d.Took = fmt.Sprintf("%.0f ms", float64(time.Since(start).Microseconds())/1000)
	d.Result = res
	d.Title = p.Q
	d.FeedURL = "/feed?" + encode(url.Values{"q": {p.Q}})
	d.CSVURL = "/export.csv?" + encode(url.Values{"q": {p.Q}})
	d.JSONLURL = "/export.jsonl?" + encode(url.Values{"q": {p.Q}})
	d.APIURL = "/api/v1/search?" + encode(url.Values{"q": {p.Q}, "facets": {"true"}})
	if !kwic.NewFinder(p.Query).Empty() {
		d.KWICURL = "/kwic?" + encode(url.Values{"q": {p.Q}})
		d.TrendURL = "/trend?" + encode(url.Values{"q": {p.Q}})
	}
	sortNow := p.Sort
	if sortNow == "" {
		sortNow = transcript.SortRelevance
		if p.Query.Text == nil {
			sortNow = transcript.SortNewest
		}
	}
	for _, so := range []string{transcript.SortRelevance, transcript.SortNewest, transcript.SortOldest} {
		if so == transcript.SortRelevance && p.Query.Text == nil {
			continue
		}
		d.Sorts = append(d.Sorts, link{Label: tr(l, "sort."+so), URL: searchURL(p.Q, "sort", so), Current: so == sortNow})
	}
	d.Pager = newPager(p, pageN, res)
	for _, h := range res.Hits {
		d.Hits = append(d.Hits, hitView{DocumentHit: h, Q: p.Q})
	}
	for _, f := range p.Query.Filters {
		d.Active = append(d.Active, activeFilter{Label: p.Q[f.Pos:f.End], RemoveURL: removeURL(p, f.Pos, f.End)})
	}
	d.Unit = matchUnit(p.Query)
	if f := res.Facets; f != nil {
		d.Facets = facetGroups(p, f, l)
		d.Histogram = histogram(f.Months, p.Q, l, d.Unit)
		d.HistogramYears = histogramYearly(f.Months)
	}
	return s.render(w, r, http.StatusOK, "search", d)
}

// matchUnit names what the matches of q are, and so what a result's
// Total counts: "documents" for filters alone (their headers match),
// "turns" for a person, speaker or qa filter without words, else
// "matches" (turns, or a document's title and lead).
func matchUnit(q *transcript.Query) string {
	if q.Text != nil {
		return "matches"
	}
	for _, f := range q.Filters {
		if !f.Negated && (f.Field == "person" || f.Field == "speaker" || f.Field == "qa") {
			return "turns"
		}
	}
	return "documents"
}

func removeURL(p *searchParams, pos, end int) string {
	q := without(p.Q, pos, end)
	if q == "" {
		return "/search"
	}
	return searchURL(q, "sort", p.Sort)
}

// facetGroups lays out a result's facets, each value a link that adds it
// to the query as a filter.
func facetGroups(p *searchParams, f *transcript.Facets, l string) []facetGroup {
	active := map[string]bool{}
	for _, fl := range p.Query.Filters {
		if !fl.Negated {
			active[fl.Field+"\x00"+fl.Value] = true
		}
	}
	group := func(title, unit, field string, vals []transcript.FacetCount, sampled int) facetGroup {
		g := facetGroup{Title: title, Unit: unit, Sampled: sampled}
		for _, v := range vals {
			on := active[field+"\x00"+v.Value]
			fv := facetValue{Value: v.Value, Count: v.Count, Active: on}
			if !on {
				fv.URL = searchURL(refine(p.Q, field+":"+quoteValue(v.Value)), "sort", p.Sort)
			}
			g.Values = append(g.Values, fv)
		}
		return g
	}
	var gs []facetGroup
	for _, g := range []facetGroup{
		group(tr(l, "facet.speakers"), "turns", "person", f.Persons, f.Sampled),
		group(tr(l, "nav.topics"), "documents", "topic", f.Topics, f.Sampled),
		group(tr(l, "home.countries"), "documents", "geography", f.Geography, f.Sampled),
		group(tr(l, "nav.sections"), "documents", "section", f.Sections, f.Sampled),
	} {
		if len(g.Values) > 0 {
			gs = append(gs, g)
		}
	}
	if len(f.Years) > 0 {
		g := facetGroup{Title: tr(l, "nav.years"), Unit: "documents"}
		for i := len(f.Years) - 1; i >= 0; i-- {
			y := f.Years[i]
			g.Values = append(g.Values, facetValue{Value: y.Value, Count: y.Count,
				URL: searchURL(refine(p.Q, "from:"+y.Value+" to:"+y.Value), "sort", p.Sort)})
		}
		gs = append(gs, g)
	}
	return gs
}
