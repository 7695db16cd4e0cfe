package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/rostrum/rostrum/internal/transcript"
)

// termKind is a kind of taxonomy term with pages of its own.
type termKind struct {
	Kind     string // transcript.TermTopic, …
	Field    string // the query language's filter
	Plural   string // page heading
	Singular string
	Path     string // prefix of a term's page
	Nav      string
}

var (
	kindTopic   = termKind{transcript.TermTopic, "topic", "Topics", "Topic", "/topic/", "topics"}
	kindCountry = termKind{transcript.TermGeography, "geography", "Countries and regions", "Country or region", "/country/", "countries"}
	kindSection = termKind{transcript.TermSection, "section", "Sections", "Section", "/section/", "sections"}
)

// summaryCache keeps slow archive-wide summaries (statistics, the
// persons list) while the archive stays as it was: the home page and the
// index pages show them on every visit. It forgets them when the
// archive's generation moves, read as the search cache reads it (at most
// once per genCheck), so a summary is never staler than a cached page.
// It is safe for concurrent use.
type summaryCache struct {
	mu  sync.Mutex
	gen int64
	m   map[string]any
}

func cached[T any](ctx context.Context, s *Server, key string, load func() (T, error)) (T, error) {
	gen, err := s.searches.generation(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	c := &s.summaries
	c.mu.Lock()
	if v, ok := c.m[key]; ok && c.gen == gen {
		c.mu.Unlock()
		return v.(T), nil
	}
	c.mu.Unlock()
	v, err := load()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if c.m == nil || c.gen != gen {
		// v may be newer than gen (a change landed during load): it
		// is kept under gen, and reloaded once gen is seen to move.
		c.gen, c.m = gen, map[string]any{}
	}
	c.m[key] = v
	c.mu.Unlock()
	return v, nil
}

// statsCached summarises the archive, counting persons as the person
// registry does (one per person, whatever the spellings).
func (s *Server) statsCached(ctx context.Context) (transcript.Stats, error) {
	return cached(ctx, s, "stats", func() (transcript.Stats, error) {
		st, err := s.archive.Stats(ctx)
		if err != nil {
			return st, err
		}
		ps, err := s.personsCached(ctx)
		st.Persons = len(ps)
		return st, err
	})
}

// Home.

type homePageData struct {
	page
	Stats   transcript.Stats
	Latest  []transcript.DocumentHit
	Topics  []transcript.FacetCount
	Places  []transcript.FacetCount
	Persons []transcript.Person
	Years   []transcript.Count
}

func (s *Server) homePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st, err := s.statsCached(ctx)
	if err != nil {
		return err
	}
	latest, err := s.searches.search(ctx, &transcript.SearchRequest{Query: &transcript.Query{}, Sort: transcript.SortNewest, Limit: 8, TurnsPerDoc: 1})
	if err != nil {
		return err
	}
	d := &homePageData{page: page{Title: "Rostrum", Description: tr(reqLang(r), "home.description"), FeedURL: "/feed"},
		Stats: st, Latest: latest.Hits}
	if d.Topics, err = s.archive.Terms(ctx, transcript.TermTopic); err != nil {
		return err
	}
	if d.Places, err = s.archive.Terms(ctx, transcript.TermGeography); err != nil {
		return err
	}
	persons, err := s.personsCached(ctx)
	if err != nil {
		return err
	}
	d.Topics, d.Places, d.Persons = d.Topics[:min(12, len(d.Topics))], d.Places[:min(12, len(d.Places))], persons[:min(12, len(persons))]
	for i := len(st.ByYear) - 1; i >= 0; i-- {
		if y := st.ByYear[i]; y.Key != "unknown" {
			d.Years = append(d.Years, y)
		}
	}
	return s.render(w, r, http.StatusOK, "home", d)
}

// Persons.

type personsPageData struct {
	page
	Persons []transcript.Person
	Total   int
	Pager   pager
}

type pager struct {
	Page, Pages int
	Prev, Next  string
}

const personsPerPage = 200

// pageParam reads ?page=N, 1-based, and refuses numbers past the last.
func pageParam(r *http.Request, total, per int) (int, pager, error) {
	pages := max(1, (total+per-1)/per)
	n := 1
	if v := r.URL.Query().Get("page"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, pager{}, errorf(http.StatusBadRequest, "page must be a whole number from 1, not %q", truncate(v, 40))
		}
		if n > pages {
			return 0, pager{}, errorT(http.StatusNotFound, "err.lastpage", n, pages)
		}
	}
	p := pager{Page: n, Pages: pages}
	if n > 1 {
		p.Prev = r.URL.Path + "?page=" + strconv.Itoa(n-1)
	}
	if n < pages {
		p.Next = r.URL.Path + "?page=" + strconv.Itoa(n+1)
	}
	return n, p, nil
}

func (s *Server) personsPage(w http.ResponseWriter, r *http.Request) error {
	persons, err := s.personsCached(r.Context())
	if err != nil {
		return err
	}
	n, pg, err := pageParam(r, len(persons), personsPerPage)
	if err != nil {
		return err
	}
	lo := (n - 1) * personsPerPage
	d := &personsPageData{page: page{Title: tr(reqLang(r), "nav.persons"), Nav: "persons"}, Total: len(persons), Pager: pg,
		Persons: persons[lo:min(lo+personsPerPage, len(persons))]}
	return s.render(w, r, http.StatusOK, "persons", d)
}

type personPageData struct {
	page
	Person  transcript.Person
	Chart   template.HTML
	PerYear []transcript.FacetCount
	Latest  *transcript.SearchResult
	SearchQ string
	AllURL  string
}

func (s *Server) personPage(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	pr, err := s.registry(r.Context())
	if err != nil {
		return err
	}
	p, shown, ok := pr.person(name)
	if !ok {
		return errorT(http.StatusNotFound, "err.noperson", truncate(name, 200)).withHint("err.nopersonhint")
	}
	if !shown {
		// Another spelling of the person (Kleimenov for Kleymenov,
		// В.Путин): the person's own page.
		http.Redirect(w, r, personURL(p.Name), http.StatusMovedPermanently)
		return nil
	}
	p.Labels = distinctLabels(p.Labels)
	filter := "person:" + quoteValue(p.Name)
	res, err := s.searches.search(r.Context(), &transcript.SearchRequest{
		Query: &transcript.Query{Filters: []transcript.Filter{{Field: "person", Value: p.Name}}},
		Sort:  transcript.SortNewest, Limit: 10, TurnsPerDoc: 2, Facets: true})
	if err != nil {
		return err
	}
	// The registry adds up its names' document counts; the search counts
	// each document once.
	p.Documents = res.Documents
	d := &personPageData{page: page{Title: p.Name, Nav: "persons", Description: "What " + p.Name + " said, in the archive",
		FeedURL: "/feed?" + encode(url.Values{"q": {filter}})},
		Person: p, Latest: res, SearchQ: filter + " ", AllURL: searchURL(filter, "sort", transcript.SortNewest)}
	d.PerYear = perYear(res.Facets.Months)
	d.Chart = yearBars(d.PerYear, func(y string) string { return searchURL(filter+" from:"+y+" to:"+y, "sort", transcript.SortNewest) }, reqLang(r), "turns")
	return s.render(w, r, http.StatusOK, "person", d)
}

// perYear sums monthly counts into every year from the first to the last.
func perYear(months []transcript.FacetCount) []transcript.FacetCount {
	var out []transcript.FacetCount
	for _, m := range months {
		y := m.Value[:min(4, len(m.Value))]
		if len(out) > 0 && out[len(out)-1].Value == y {
			out[len(out)-1].Count += m.Count
			continue
		}
		if len(out) > 0 {
			prev, _ := strconv.Atoi(out[len(out)-1].Value)
			cur, _ := strconv.Atoi(y)
			for gap := prev + 1; gap < cur; gap++ {
				out = append(out, transcript.FacetCount{Value: strconv.Itoa(gap)})
			}
		}
		out = append(out, transcript.FacetCount{Value: y, Count: m.Count})
	}
	return out
}

func yearBars(years []transcript.FacetCount, href func(string) string, l, unit string) template.HTML {
	bars := make([]bar, len(years))
	for i, y := range years {
		n, _ := strconv.Atoi(y.Value)
		bars[i] = bar{Label: y.Value, Key: y.Value, N: y.Count, Tick: i == 0 || i == len(years)-1 || n%5 == 0}
	}
	return drawBars(bars, func(b bar) string { return href(b.Key) }, l, unit)
}

// Topics, countries, sections.

type termsPageData struct {
	page
	Kind  termKind
	Terms []transcript.FacetCount
}

func (s *Server) termsPage(k termKind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		terms, err := s.archive.Terms(r.Context(), k.Kind)
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, "terms", &termsPageData{page: page{Title: tr(reqLang(r), "kind."+k.Nav), Nav: k.Nav}, Kind: k, Terms: terms})
	}
}

// listPageData is a page of documents, newest first: a term's or a year's.
type listPageData struct {
	page
	Heading  string
	Kicker   string // what kind of list: Topic, Year, …
	Result   *transcript.SearchResult
	Chart    template.HTML
	SearchQ  string // the search box scoped to this list
	AllURL   string // the same list on the search page, with facets
	NextURL  string
	FirstURL string
}

func (s *Server) termPage(k termKind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		term := r.PathValue("term")
		filter := k.Field + ":" + quoteValue(term)
		q := &transcript.Query{Filters: []transcript.Filter{{Field: k.Field, Value: term}}}
		err := s.listPage(w, r, q, filter, k.Singular, term, k.Nav)
		var he *httpError
		if errors.Is(err, transcript.ErrInvalid) && !errors.As(err, &he) {
			// The archive has no such term (the archive's "no topic
			// matches …"): a page that does not exist.
			if msg := userMessage(err); strings.HasPrefix(msg, "no ") && strings.Contains(msg, " matches ") {
				return &httpError{Status: http.StatusNotFound, Msg: msg}
			}
		}
		return err
	}
}

func (s *Server) yearPage(w http.ResponseWriter, r *http.Request) error {
	y := r.PathValue("year")
	n, err := strconv.Atoi(y)
	if err != nil || len(y) != 4 || n < 1000 {
		return errorT(http.StatusNotFound, "err.noyear", truncate(y, 40))
	}
	q := &transcript.Query{From: y + "-01-01", To: y + "-12-31"}
	return s.listPage(w, r, q, "from:"+y+" to:"+y, "Year", y, "years")
}

func (s *Server) listPage(w http.ResponseWriter, r *http.Request, q *transcript.Query, filter, kicker, heading, nav string) error {
	cursor := r.URL.Query().Get("cursor")
	res, err := s.searches.search(r.Context(), &transcript.SearchRequest{Query: q, Sort: transcript.SortNewest, Limit: 20, TurnsPerDoc: 1,
		Cursor: cursor, Facets: cursor == ""})
	if err != nil {
		return err
	}
	d := &listPageData{page: page{Title: heading, Nav: nav, FeedURL: "/feed?" + encode(url.Values{"q": {filter}})},
		Heading: heading, Kicker: kicker, Result: res, SearchQ: filter + " ", AllURL: searchURL(filter, "sort", transcript.SortNewest)}
	if res.Next != "" {
		d.NextURL = r.URL.Path + "?" + encode(url.Values{"cursor": {res.Next}})
	}
	if cursor != "" {
		d.FirstURL = r.URL.Path
	}
	if f := res.Facets; f != nil {
		if kicker == "Year" {
			d.Chart = histogram(f.Months, filter, reqLang(r), "documents")
		} else {
			d.Chart = yearBars(fillYears(f.Years), func(y string) string { return searchURL(filter+" from:"+y+" to:"+y, "sort", transcript.SortNewest) }, reqLang(r), "documents")
		}
	}
	return s.render(w, r, http.StatusOK, "list", d)
}

// fillYears adds the years without a count between the first and last.
func fillYears(years []transcript.FacetCount) []transcript.FacetCount {
	var out []transcript.FacetCount
	for _, y := range years {
		if len(out) > 0 {
			prev, _ := strconv.Atoi(out[len(out)-1].Value)
			cur, _ := strconv.Atoi(y.Value)
			for gap := prev + 1; gap < cur; gap++ {
				out = append(out, transcript.FacetCount{Value: strconv.Itoa(gap)})
			}
		}
		out = append(out, y)
	}
	return out
}

type yearsPageData struct {
	page
	Years []transcript.FacetCount // newest first
	Chart template.HTML
}

func (s *Server) yearsPage(w http.ResponseWriter, r *http.Request) error {
	st, err := s.statsCached(r.Context())
	if err != nil {
		return err
	}
	var asc []transcript.FacetCount
	for _, y := range st.ByYear {
		if y.Key != "unknown" {
			asc = append(asc, transcript.FacetCount{Value: y.Key, Count: y.N})
		}
	}
	d := &yearsPageData{page: page{Title: tr(reqLang(r), "nav.years"), Nav: "years"}}
	for i := len(asc) - 1; i >= 0; i-- {
		d.Years = append(d.Years, asc[i])
	}
	d.Chart = yearBars(fillYears(asc), func(y string) string { return "/year/" + y }, "document", "documents")
	return s.render(w, r, http.StatusOK, "years", d)
}

type helpPageData struct{ page }

func (s *Server) helpPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "help", &helpPageData{page{Title: tr(reqLang(r), "nav.help"), Nav: "help"}})
}

type errorPageData struct {
	page
	Status     int
	StatusText string
	Msg        string
	Suggest    string // a value the reader may have meant, linked to SuggestURL
	SuggestURL string
	Hint       string
	Query      string
	Caret      string
}

// distinctLabels drops labels that differ from an earlier one only in
// their spaces (a no-break space after "of", a doubled space), keeping
// the first, most used, spelling.
func distinctLabels(labels []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range labels {
		key := strings.Join(strings.Fields(strings.ReplaceAll(l, "\u00a0", " ")), " ")
		if !seen[key] {
			seen[key] = true
			out = append(out, key)
		}
	}
	return out
}
