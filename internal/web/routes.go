package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// routes registers every page, API route, feed and asset. HTML, JSON and
// Atom have routes of their own; nothing depends on the Accept header.
func (s *Server) routes() {
	m := s.mux
	// Pages.
	m.Handle("GET /{$}", s.handle(s.homePage))
	m.Handle("GET /search", s.handle(s.searchPage))
	// A document id holds slashes, so the routes under a document are
	// told apart by the end of the path (see suffixMux).
	doc := newSuffixMux(s.handle(s.documentPage))
	doc.Handle("GET /d/{id...}/diff", s.handle(s.diffPage))
	doc.Handle("GET /d/{id...}/t/{n}", s.handle(s.turnPermalink))
	// Citations: the Cite control's style chooser, and the API's.
	doc.Handle("GET /d/{id...}/cite", s.handle(s.citePage))
	doc.Handle("GET /d/{id...}/editions", s.handle(s.editionsPage))
	m.Handle("GET /d/{id...}", doc)
	m.Handle("GET /persons", s.handle(s.personsPage))
	m.Handle("GET /person/{name}", s.handle(s.personPage))
	m.Handle("GET /topics", s.handle(s.termsPage(kindTopic)))
	m.Handle("GET /topic/{term}", s.handle(s.termPage(kindTopic)))
	m.Handle("GET /countries", s.handle(s.termsPage(kindCountry)))
	m.Handle("GET /country/{term}", s.handle(s.termPage(kindCountry)))
	m.Handle("GET /sections", s.handle(s.termsPage(kindSection)))
	m.Handle("GET /section/{term}", s.handle(s.termPage(kindSection)))
	m.Handle("GET /years", s.handle(s.yearsPage))
	m.Handle("GET /year/{year}", s.handle(s.yearPage))
	m.Handle("GET /help", s.handle(s.helpPage))
	// The concordance: its page, CSV and API.
	m.Handle("GET /documents", s.handle(s.documentsPage))
	m.Handle("GET /kwic", s.handle(s.kwicPage))
	m.Handle("GET /kwic.csv", s.handle(s.kwicCSV))
	m.Handle("GET /api/v1/kwic", s.handle(s.apiKWIC))
	// Term trends: their page, CSV and API.
	m.Handle("GET /trend", s.handle(s.trendPage))
	m.Handle("GET /trend.csv", s.handle(s.trendCSV))
	m.Handle("GET /api/v1/trend", s.handle(s.apiTrend))
	// Quote verification: its form and page, and the API, by GET or POST.
	m.Handle("GET /verify", s.handle(s.verifyPage))
	m.Handle("POST /verify", s.handle(s.verifyPage))
	m.Handle("GET /api/v1/verify", s.handle(s.apiVerify))
	m.Handle("POST /api/v1/verify", s.handle(s.apiVerify))
	// Figures: their page, CSV and API.
	m.Handle("GET /figures", s.handle(s.figuresPage))
	m.Handle("GET /figures.csv", s.handle(s.figuresCSV))
	m.Handle("GET /api/v1/figures", s.handle(s.apiFigures))
	// Feeds and exports.
	m.Handle("GET /feed", s.handle(s.feed))
	m.Handle("GET /feed/changes", s.handle(s.feedChanges))
	m.Handle("GET /export.csv", s.handle(s.exportCSV))
	m.Handle("GET /export.jsonl", s.handle(s.exportJSONL))
	// The API.
	m.Handle("GET /api/v1/{$}", s.handle(s.apiIndex))
	m.Handle("GET /api/v1/openapi.json", s.handle(s.apiOpenAPI))
	m.Handle("GET /api/v1/stats", s.handle(s.apiStats))
	m.Handle("GET /api/v1/search", s.handle(s.apiSearch))
	m.Handle("GET /api/v1/documents", s.handle(s.apiDocuments))
	apiDoc := newSuffixMux(s.handle(s.apiDocument))
	apiDoc.Handle("GET /api/v1/documents/{id...}/versions", s.handle(s.apiVersions))
	apiDoc.Handle("GET /api/v1/documents/{id...}/diff", s.handle(s.apiDiff))
	apiDoc.Handle("GET /api/v1/documents/{id...}/cite", s.handle(s.apiCite))
	apiDoc.Handle("GET /api/v1/documents/{id...}/qa", s.handle(s.apiQA))
	apiDoc.Handle("GET /api/v1/documents/{id...}/editions", s.handle(s.apiEditions))
	apiDoc.Handle("GET /api/v1/documents/{id...}/figures", s.handle(s.apiDocumentFigures))
	m.Handle("GET /api/v1/documents/{id...}", apiDoc)
	m.Handle("GET /api/v1/persons", s.handle(s.apiPersons))
	m.Handle("GET /api/v1/persons/{name}", s.handle(s.apiPerson))
	m.Handle("GET /api/v1/topics", s.handle(s.apiTerms(kindTopic)))
	m.Handle("GET /api/v1/geography", s.handle(s.apiTerms(kindCountry)))
	m.Handle("GET /api/v1/sections", s.handle(s.apiTerms(kindSection)))
	m.Handle("/api/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if err := readOnly(w, r); err != nil {
			return err
		}
		return errorT(http.StatusNotFound, "err.noroute", r.Method, r.URL.Path)
	}))
	// Assets and health.
	m.Handle("GET /static/", s.static())
	m.Handle("GET /favicon.ico", http.RedirectHandler("/static/favicon.svg", http.StatusMovedPermanently))
	m.Handle("GET /robots.txt", s.handle(s.robots))
	m.Handle("GET /sitemap.xml", s.handle(s.sitemap))
	m.HandleFunc("GET /healthz", s.healthz)
	m.Handle("/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if err := readOnly(w, r); err != nil {
			return err
		}
		return errorT(http.StatusNotFound, "err.nopage", r.URL.Path)
	}))
}

// readOnly refuses every method but GET and HEAD: the server never
// writes to the archive.
func readOnly(w http.ResponseWriter, r *http.Request) error {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return nil
	}
	w.Header().Set("Allow", "GET, HEAD")
	return errorT(http.StatusMethodNotAllowed, "err.readonly", r.Method)
}

// handlerFunc is a handler that returns its error instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc: a returned error replaces whatever the
// handler buffered with an error page (or a JSON error under /api/).
func (s *Server) handle(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			if ctxErr := r.Context().Err(); ctxErr != nil {
				// Whatever the engine made of it (SQLite says
				// "interrupted"), the request ran out of time or its
				// client went away.
				err = fmt.Errorf("%w (%v)", ctxErr, err)
			}
			he, internal := classify(err)
			if internal {
				s.log.Error("request failed", "path", r.URL.Path, "err", err)
			}
			if bw, ok := w.(*bufWriter); ok && bw.streaming {
				// Too late for an error page: the client has the
				// headers. Cut the stream short so that it sees a
				// truncated body rather than a complete-looking one.
				s.log.Warn("stream cut short", "path", r.URL.Path, "err", err)
				panic(http.ErrAbortHandler)
			}
			if bw, ok := w.(*bufWriter); ok {
				bw.reset()
			}
			s.writeError(w, r, he)
		}
	})
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// writeError answers with an error page, or a JSON error under /api/.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, e *httpError) {
	status := e.Status
	if status == 499 {
		status = http.StatusBadRequest
	}
	w.Header().Set("Cache-Control", "no-store")
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(e.RetryAfter.Seconds()))))
	}
	if r.URL.Path == "/feed" || r.URL.Path == "/feed/changes" {
		// A feed reader shows entries, not error pages: the error is the
		// one entry of a feed, with a link to the search to mend it.
		s.writeFeedError(w, r, status, e)
		return
	}
	if isAPI(r) {
		body := apiError{Error: apiErrorBody{Status: status, Message: e.Msg, Hint: e.Hint}}
		if e.Query != nil {
			body.Error.Column = e.Query.Column()
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(body)
		return
	}
	l := reqLang(r)
	p := &errorPageData{Status: status, StatusText: http.StatusText(status), Msg: e.Msg, Hint: e.Hint}
	switch {
	case e.ID != "" && e.Counted:
		p.Msg = trn(l, e.ID, e.Args[0].(int), e.Args[1:]...)
	case e.ID != "":
		p.Msg = tr(l, e.ID, e.Args...)
	}
	if e.HintID != "" {
		p.Hint = tr(l, e.HintID, e.HintArgs...)
	}
	if q := r.URL.Query().Get("q"); len(q) <= MaxQueryBytes && utf8.ValidString(q) {
		p.Q = q // the search box keeps what was typed, to fix it
	}
	if e.Query != nil {
		p.Caret = e.Query.Caret()
		p.Query = e.Query.Query
		p.Q = e.Query.Query
	}
	p.Title = p.StatusText
	switch {
	case status == http.StatusNotFound:
		p.Title = tr(l, "error.notfound")
	case l != langEN:
		p.Title = tr(l, "error.kicker", status)
	}
	if before, value, link := suggestion(r, p.Msg); link != "" {
		p.Msg, p.Suggest, p.SuggestURL = before, value, link
	}
	if err := s.render(w, r, status, "error", p); err != nil {
		s.log.Error("error page failed", "err", err)
	}
}

type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Status  int    `json:"status"`
	Message string `json:"message"`
	Column  int    `json:"column,omitempty"` // for a malformed query: the 1-based column of the mistake
	Hint    string `json:"hint,omitempty"`
}
