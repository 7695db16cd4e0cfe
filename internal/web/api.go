package web

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

//go:embed openapi.json
var openAPIDoc []byte

// writeJSON answers with v as indented JSON, in which a missing value
// is null (see nullEmpty).
func writeJSON(w http.ResponseWriter, v any) error {
	w.Header().Set("Content-Type", "application/json")
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(nullEmpty(buf.Bytes()))
	return err
}

// emptyIsValue are the keys whose "" is a value, not a missing one: a
// concordance line's context before or after an occurrence at the edge
// of its turn is empty, and there.
var emptyIsValue = map[string]bool{"left": true, "right": true}

// nullEmpty rewrites the JSON b so that an empty string value is null:
// in the API a missing value is null, never "", whichever package's type
// the answer encodes (transcript's hits, kwic's lines, diff's fields all
// write "" for what they lack). Keys in emptyIsValue keep their "".
// Strings are told apart from the structure by their quotes and
// escapes; b is valid JSON from encoding/json.
func nullEmpty(b []byte) []byte {
	out := make([]byte, 0, len(b))
	key := "" // the last object key read
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '"' {
			out = append(out, c)
			continue
		}
		// A string: find its end.
		j := i + 1
		for j < len(b) && b[j] != '"' {
			if b[j] == '\\' {
				j++
			}
			j++
		}
		str := b[i : j+1]
		k := j + 1
		for k < len(b) && (b[k] == ' ' || b[k] == '\n' || b[k] == '\t' || b[k] == '\r') {
			k++
		}
		switch {
		case k < len(b) && b[k] == ':':
			key = string(str[1 : len(str)-1])
			out = append(out, str...)
		case len(str) == 2 && !emptyIsValue[key]:
			out = append(out, "null"...)
		default:
			out = append(out, str...)
		}
		i = j
	}
	return out
}

// allowParams refuses parameters a route does not know, so that a typo
// (toipc=…) is an error rather than a silently wider result.
func allowParams(r *http.Request, known ...string) error {
	for k, vs := range r.URL.Query() {
		if !slices.Contains(known, k) {
			if len(known) == 0 {
				return errorf(http.StatusBadRequest, "unknown parameter %q; this route takes no parameters", truncate(k, 40))
			}
			return errorf(http.StatusBadRequest, "unknown parameter %q; this route takes %s", truncate(k, 40), strings.Join(known, ", "))
		}
		if len(vs) > 1 && !slices.Contains(documentFilters, k) {
			return errorf(http.StatusBadRequest, "parameter %s is given %d times; give it once", k, len(vs))
		}
	}
	return nil
}

func (s *Server) apiIndex(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r); err != nil {
		return err
	}
	return writeJSON(w, map[string]any{
		"name":        "Rostrum API",
		"version":     "1",
		"description": "/api/v1/openapi.json describes every route",
		"routes": []string{"/api/v1/search", "/api/v1/kwic", "/api/v1/trend", "/api/v1/verify", "/api/v1/figures", "/api/v1/documents", "/api/v1/documents/{id}", "/api/v1/documents/{id}/versions", "/api/v1/documents/{id}/diff", "/api/v1/documents/{id}/cite", "/api/v1/documents/{id}/qa", "/api/v1/documents/{id}/editions", "/api/v1/documents/{id}/figures", "/api/v1/persons",
			"/api/v1/persons/{name}", "/api/v1/topics", "/api/v1/geography", "/api/v1/sections", "/api/v1/stats", "/api/v1/openapi.json"},
	})
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(openAPIDoc)
	return err
}

type apiStatsBody struct {
	Documents       int                     `json:"documents"`
	Versions        int                     `json:"versions"`
	Turns           int                     `json:"turns"`
	Paragraphs      int                     `json:"paragraphs"`
	Persons         int                     `json:"persons"`
	UnresolvedTurns int                     `json:"unresolved_turns"`
	RawBytes        int64                   `json:"raw_bytes"`
	ByYear          []transcript.FacetCount `json:"by_year"`
	BySection       []transcript.FacetCount `json:"by_section"`
	ByLanguage      []transcript.FacetCount `json:"by_language"`
}

func counts(cs []transcript.Count) []transcript.FacetCount {
	out := make([]transcript.FacetCount, len(cs))
	for i, c := range cs {
		out[i] = transcript.FacetCount{Value: c.Key, Count: c.N}
	}
	return out
}

func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r); err != nil {
		return err
	}
	st, err := s.statsCached(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, apiStatsBody{Documents: st.Documents, Versions: st.Versions, Turns: st.Turns, Paragraphs: st.Paragraphs,
		Persons: st.Persons, UnresolvedTurns: st.UnresolvedTurns, RawBytes: st.RawBytes,
		ByYear: counts(st.ByYear), BySection: counts(st.BySection), ByLanguage: counts(st.ByLanguage)})
}

type apiSearchBody struct {
	Query string `json:"query"`
	*transcript.SearchResult
	NextURL string `json:"next_url,omitempty"`
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r, "q", "sort", "limit", "turns", "cursor", "facets"); err != nil {
		return err
	}
	p, err := parseSearch(r, false)
	if err != nil {
		return err
	}
	facets, err := boolParam(r, "facets")
	if err != nil {
		return err
	}
	res, err := s.searches.search(r.Context(), p.request(facets))
	if err != nil {
		return err
	}
	body := apiSearchBody{Query: p.Q, SearchResult: webHits(res)}
	if res.Next != "" {
		v := r.URL.Query()
		v.Set("cursor", res.Next)
		body.NextURL = "/api/v1/search?" + encode(v)
	}
	return writeJSON(w, body)
}

func boolParam(r *http.Request, name string) (bool, error) {
	switch v := r.URL.Query().Get(name); v {
	case "", "false", "0", "no":
		return false, nil
	case "true", "1", "yes":
		return true, nil
	default:
		return false, errorf(http.StatusBadRequest, "%s must be true or false, not %q", name, truncate(v, 40))
	}
}

// documentFilters are the parameters of /api/v1/documents that become
// filters of the query language (each may repeat: alternatives).
var documentFilters = []string{"person", "speaker", "topic", "geography", "section", "lang", "type"}

type apiDocumentsBody struct {
	Total     int          `json:"total"`
	Documents []apiSummary `json:"documents"`
	Next      string       `json:"next"`
	NextURL   string       `json:"next_url,omitempty"`
}

// apiSummary is a document in a list.
type apiSummary struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Lead     string `json:"lead"`
	Date     string `json:"date"`
	Time     string `json:"time"`
	Section  string `json:"section"`
	Language string `json:"language"`
	Place    string `json:"place"`
	URL      string `json:"url"`
	Href     string `json:"href"` // this document in the API
}

func (s *Server) apiDocuments(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r, append(documentFilters, "from", "to", "sort", "limit", "cursor")...); err != nil {
		return err
	}
	v := r.URL.Query()
	var clauses []string
	for _, f := range documentFilters {
		for _, val := range v[f] {
			if strings.TrimSpace(val) == "" {
				return errorf(http.StatusBadRequest, "%s is empty", f)
			}
			clauses = append(clauses, f+":"+quoteValue(val))
		}
	}
	for _, f := range []string{"from", "to"} {
		if val := v.Get(f); val != "" {
			clauses = append(clauses, f+":"+quoteValue(val))
		}
	}
	q := &transcript.Query{}
	if len(clauses) > 0 {
		parsed, err := search.ParseQuery(strings.Join(clauses, " "))
		if err != nil {
			var qe *search.QueryError
			if errors.As(err, &qe) {
				return errorf(http.StatusBadRequest, "%s", qe.Msg)
			}
			return err
		}
		q = parsed
	}
	sortBy := v.Get("sort")
	if sortBy != "" && sortBy != transcript.SortNewest && sortBy != transcript.SortOldest {
		return errorf(http.StatusBadRequest, "unknown sort %q: documents are listed newest or oldest first", truncate(sortBy, 40))
	}
	if sortBy == "" {
		sortBy = transcript.SortNewest
	}
	limit, err := intParam(v.Get("limit"), "limit", 1, transcript.MaxSearchLimit)
	if err != nil {
		return err
	}
	res, err := s.searches.search(r.Context(), &transcript.SearchRequest{Query: q, Sort: sortBy, Limit: limit, TurnsPerDoc: 1, Cursor: v.Get("cursor")})
	if err != nil {
		return err
	}
	body := apiDocumentsBody{Total: res.Documents, Documents: []apiSummary{}, Next: res.Next}
	for _, h := range res.Hits {
		body.Documents = append(body.Documents, summary(h))
	}
	if res.Next != "" {
		v.Set("cursor", res.Next)
		body.NextURL = "/api/v1/documents?" + encode(v)
	}
	return writeJSON(w, body)
}

func summary(h transcript.DocumentHit) apiSummary {
	return apiSummary{ID: h.ID, Title: h.Title, Lead: h.Lead, Date: h.Date, Time: h.Time, Section: h.Section,
		Language: h.Language, Place: h.Place, URL: webURL(h.URL), Href: "/api/v1/documents/" + strings.TrimPrefix(docURL(h.ID), "/d/")}
}

func (s *Server) apiDocument(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r, "version"); err != nil {
		return err
	}
	id := r.PathValue("id")
	version, err := intParam(r.URL.Query().Get("version"), "version", 1, 1<<30)
	if err != nil {
		return err
	}
	var doc *transcript.Document
	if version > 0 {
		doc, err = s.archive.DocumentVersion(r.Context(), id, version)
	} else {
		doc, err = s.archive.Document(r.Context(), id)
	}
	if err != nil {
		if errors.Is(err, transcript.ErrNotFound) {
			if version > 0 {
				return errorf(http.StatusNotFound, "the archive has no version %d of document %q", version, truncate(id, 200))
			}
			return errorf(http.StatusNotFound, "the archive has no document %q", truncate(id, 200))
		}
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	b, err := json.MarshalIndent(webDocument(doc), "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

type apiPersonsBody struct {
	Total   int         `json:"total"`
	Persons []apiPerson `json:"persons"`
	Next    string      `json:"next"`
	NextURL string      `json:"next_url,omitempty"`
}

type apiPerson struct {
	Name      string   `json:"name"`
	Variants  []string `json:"variants"`
	Labels    []string `json:"labels"`
	Roles     []string `json:"roles"`
	Turns     int      `json:"turns"`
	Documents int      `json:"documents"`
	First     string   `json:"first"`
	Last      string   `json:"last"`
	Href      string   `json:"href"`
}

func toAPIPerson(p transcript.Person) apiPerson {
	ap := apiPerson{Name: p.Name, Variants: p.Variants, Labels: p.Labels, Roles: p.Roles, Turns: p.Turns, Documents: p.Documents, First: p.First, Last: p.Last,
		Href: "/api/v1/persons/" + url.PathEscape(p.Name)}
	if ap.Labels == nil {
		ap.Labels = []string{}
	}
	if ap.Variants == nil {
		ap.Variants = []string{}
	}
	if ap.Roles == nil {
		ap.Roles = []string{}
	}
	return ap
}

func (s *Server) apiPersons(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r, "limit", "cursor"); err != nil {
		return err
	}
	v := r.URL.Query()
	limit, err := intParam(v.Get("limit"), "limit", 1, 1000)
	if err != nil {
		return err
	}
	if limit == 0 {
		limit = 100
	}
	persons, err := s.personsCached(r.Context())
	if err != nil {
		return err
	}
	offset := 0
	if c := v.Get("cursor"); c != "" {
		if offset, err = strconv.Atoi(c); err != nil || offset < 0 || offset > len(persons) {
			return errorf(http.StatusBadRequest, "the cursor is not one this archive gave out")
		}
	}
	body := apiPersonsBody{Total: len(persons), Persons: []apiPerson{}}
	end := min(offset+limit, len(persons))
	for _, p := range persons[offset:end] {
		body.Persons = append(body.Persons, toAPIPerson(p))
	}
	if end < len(persons) {
		body.Next = strconv.Itoa(end)
		v.Set("cursor", body.Next)
		body.NextURL = "/api/v1/persons?" + encode(v)
	}
	return writeJSON(w, body)
}

func (s *Server) apiPerson(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r); err != nil {
		return err
	}
	name := r.PathValue("name")
	pr, err := s.registry(r.Context())
	if err != nil {
		return err
	}
	// Any name of the person (another spelling, В.Путин) answers with
	// the person, under the name shown.
	p, _, ok := pr.person(name)
	if !ok {
		return errorf(http.StatusNotFound, "the archive has no person named %q", truncate(name, 200))
	}
	return writeJSON(w, toAPIPerson(p))
}

type apiTermsBody struct {
	Kind  string         `json:"kind"`
	Terms []apiTermCount `json:"terms"`
}

type apiTermCount struct {
	Term      string `json:"term"`
	Documents int    `json:"documents"`
}

func (s *Server) apiTerms(k termKind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := allowParams(r); err != nil {
			return err
		}
		terms, err := s.archive.Terms(r.Context(), k.Kind)
		if err != nil {
			return err
		}
		body := apiTermsBody{Kind: k.Kind, Terms: []apiTermCount{}}
		for _, t := range terms {
			body.Terms = append(body.Terms, apiTermCount{Term: t.Value, Documents: t.Count})
		}
		return writeJSON(w, body)
	}
}

// webURL is u when it is an http(s) URL, else "": ingest accepts no other
// (transcript.IsWebURL), and output checks again, for an archive filled
// before it did.
func webURL(u string) string {
	if u == "" || transcript.IsWebURL(u) {
		return u
	}
	return ""
}

// webDocument is doc with any URL that is not http(s) left out (webURL);
// doc itself when there is none.
func webDocument(doc *transcript.Document) *transcript.Document {
	bad := webURL(doc.URL) != doc.URL
	for _, r := range doc.Related {
		bad = bad || webURL(r.URL) != r.URL
	}
	if !bad {
		return doc
	}
	d := *doc
	d.URL = webURL(d.URL)
	d.Related = append([]transcript.Related(nil), doc.Related...)
	for i := range d.Related {
		d.Related[i].URL = webURL(d.Related[i].URL)
	}
	return &d
}

// webHits is res with any hit's URL that is not http(s) left out
// (webURL); res itself, which the cache shares, when there is none.
func webHits(res *transcript.SearchResult) *transcript.SearchResult {
	bad := false
	for _, h := range res.Hits {
		bad = bad || webURL(h.URL) != h.URL
	}
	if !bad {
		return res
	}
	r := *res
	r.Hits = append([]transcript.DocumentHit(nil), res.Hits...)
	for i := range r.Hits {
		r.Hits[i].URL = webURL(r.Hits[i].URL)
	}
	return &r
}
