package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/cite"
	"github.com/rostrum/rostrum/internal/transcript"
)

// citeRequest is a request for a citation, read from the query: turn
// (0 for the whole document), style (default Chicago) and version
// (default the current).
type citeRequest struct {
	work    cite.Work
	style   string
	current int // the document's current version
}

// citeWork reads a citation request for document id and resolves it to
// a cite.Work: the version, its permalink here, the accessed date (the
// fetch that stored the version, else when it was stored) and the
// speaker's name as the person registry shows it. Bad parameters are a
// 400; a missing document, version or turn a 404.
func (s *Server) citeWork(r *http.Request, id string) (*citeRequest, error) {
	ctx := r.Context()
	q := r.URL.Query()
	style := strings.ToLower(q.Get("style"))
	if !q.Has("style") {
		style = cite.Chicago
	}
	if !cite.ValidStyle(style) {
		return nil, &httpError{Status: http.StatusBadRequest, Msg: fmt.Sprintf("unknown citation style %q", truncate(q.Get("style"), 40)),
			Hint: "The styles are " + strings.Join(cite.Styles, ", ") + "."}
	}
	turn, err := intParam(q.Get("turn"), "turn", 1, 1<<30)
	if err != nil {
		return nil, err
	}
	version, err := intParam(q.Get("version"), "version", 1, 1<<30)
	if err != nil {
		return nil, err
	}
	versions, err := s.documentVersions(ctx, id)
	if err != nil {
		return nil, err
	}
	if version == 0 {
		version = len(versions)
	}
	if version > len(versions) {
		return nil, errorf(http.StatusNotFound, "the archive has no version %d of document %q; it has %d", version, truncate(id, 200), len(versions))
	}
	doc, err := s.documentVersion(ctx, id, version)
	if err != nil {
		return nil, err
	}
	if turn > 0 && turnAt(doc, turn).Index != turn {
		return nil, errorf(http.StatusNotFound, "version %d of document %q has no turn %d; it has %d", version, truncate(id, 200), turn, len(doc.Turns))
	}
	w := cite.Work{Doc: doc, Turn: turn, Version: version, Permalink: cite.Permalink(s.baseURL(r), doc.ID, turn, version)}
	if w.Accessed, w.AccessedFrom, err = s.accessed(ctx, doc, versions[version-1]); err != nil {
		return nil, err
	}
	if t := turnAt(doc, turn); turn > 0 && t.Person != "" {
		pr, err := s.registry(ctx)
		if err != nil {
			return nil, err
		}
		w.Author = pr.reg.Canonical(t.Person)
	}
	return &citeRequest{work: w, style: style, current: len(versions)}, nil
}

// accessed is when version v of doc was read from the source (see
// cite.Accessed).
func (s *Server) accessed(ctx context.Context, doc *transcript.Document, v transcript.Version) (time.Time, string, error) {
	return cite.Accessed(ctx, s.archive, doc, v)
}

// citeURL is the page that cites document id (turn n, 0 for the whole
// document) of version v in style.
func citeURL(id string, n, v int, style string) string {
	q := url.Values{}
	if n > 0 {
		q.Set("turn", strconv.Itoa(n))
	}
	q.Set("version", strconv.Itoa(v))
	q.Set("style", style)
	return docURL(id) + "/cite?" + q.Encode()
}

// styleLinks are the links of a style chooser: one per style, to the
// cite page of document id (turn n) of version v.
func styleLinks(id string, n, v int) []nameLink {
	var out []nameLink
	for _, st := range cite.Styles {
		out = append(out, nameLink{Name: cite.StyleNames[st], URL: citeURL(id, n, v, st)})
	}
	return out
}

type citePageData struct {
	page
	Doc          *transcript.Document
	Turn         int
	Speaker      string
	Style        string // the style's name for people
	Styles       []styleLink
	Text         string
	Permalink    string
	Version      int
	Old          bool // the version cited is not the current one
	Accessed     string
	AccessedFrom string
	Back         string // the document (at the turn) here
	APIURL       string
}

type styleLink struct {
	Name    string
	URL     string
	Current bool
}

// citePage shows a citation of a document or a turn in one style, with
// links to the other styles: the Cite control's style chooser, which
// needs no JavaScript.
func (s *Server) citePage(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r, "turn", "style", "version"); err != nil {
		return err
	}
	id := r.PathValue("id")
	c, err := s.citeWork(r, id)
	if err != nil {
		return err
	}
	text, err := cite.Format(c.style, c.work)
	if err != nil {
		return err
	}
	doc := c.work.Doc
	d := &citePageData{Doc: doc, Turn: c.work.Turn, Style: cite.StyleNames[c.style], Text: text, Permalink: c.work.Permalink,
		Version: c.work.Version, Old: c.work.Version != c.current, AccessedFrom: c.work.AccessedFrom, Back: versionURL(doc.ID, c.work.Version, c.current)}
	d.Title = tr(reqLang(r), "cite.title", doc.Title)
	if c.work.Turn > 0 {
		d.Title = tr(reqLang(r), "cite.titleturn", c.work.Turn, doc.Title)
		d.Speaker = turnAt(doc, c.work.Turn).Speaker
		d.Back += fmt.Sprintf("#t%d", c.work.Turn)
	}
	if !c.work.Accessed.IsZero() {
		d.Accessed = stamp(reqLang(r), c.work.Accessed)
	}
	for _, l := range styleLinks(doc.ID, c.work.Turn, c.work.Version) {
		d.Styles = append(d.Styles, styleLink{Name: l.Name, URL: l.URL, Current: l.Name == d.Style})
	}
	api := "/api/v1/documents/" + strings.TrimPrefix(citeURL(doc.ID, c.work.Turn, c.work.Version, c.style), "/d/")
	d.APIURL = api
	return s.render(w, r, http.StatusOK, "cite", d)
}

// apiCiteBody is a citation in the API.
type apiCiteBody struct {
	Style     string `json:"style"`
	Text      string `json:"text"`
	ID        string `json:"id"`
	Turn      int    `json:"turn,omitempty"`
	Version   int    `json:"version"`
	Permalink string `json:"permalink"`
	// Accessed is the accessed date the citation gives (RFC 3339, UTC);
	// AccessedFrom says what it is: "fetch" (the fetch that stored the
	// version) or "stored" (when the version was stored).
	Accessed     string `json:"accessed,omitempty"`
	AccessedFrom string `json:"accessed_from,omitempty"`
}

func (s *Server) apiCite(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r, "turn", "style", "version"); err != nil {
		return err
	}
	c, err := s.citeWork(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	text, err := cite.Format(c.style, c.work)
	if err != nil {
		return err
	}
	body := apiCiteBody{Style: c.style, Text: text, ID: c.work.Doc.ID, Turn: c.work.Turn, Version: c.work.Version,
		Permalink: c.work.Permalink, AccessedFrom: c.work.AccessedFrom}
	if !c.work.Accessed.IsZero() {
		body.Accessed = c.work.Accessed.UTC().Format(time.RFC3339)
	}
	return writeJSON(w, body)
}
