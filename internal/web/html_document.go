package web

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/rostrum/rostrum/internal/qa"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/cite"
	"github.com/rostrum/rostrum/internal/transcript"
)

type documentPageData struct {
	page
	Doc       *transcript.Document
	Permalink string     // the document's absolute address here
	Citation  string     // in Chicago style
	CiteLinks []nameLink // the citation in each style
	Credit    string     // the message id of the source's licence line, if it has one
	Turns     []turnView
	Related   []relatedView
	Persons   []nameLink
	TextURL   string
	JSONURL   string
	TEIURL    string // the document as TEI XML (tei.go)
	APIURL    string
	Versions  int
	// Version is the version shown; Old, whether it is an earlier one
	// than the current.
	Version     int
	Old         bool
	CurrentURL  string
	StoredAt    string // when the version shown was stored
	Edits       int    // versions that record an edit at the source
	DiffURL     string // the latest edit, or the changes since the version shown
	VersionList []versionLink
	Provenance  *provenanceView
	Edition     *nameLink // the same event in the other language, when archived
	EditionLang string
	EditionsURL string       // both editions side by side
	Exchanges   []qaItem     // the questions of the event, for the side panel
	Gone        *goneNote    // a cited turn that is no longer there
	Changed     *changedNote // a cited turn whose text changed since
	// PublishedAt is the publication time written out: 10 February
	// 2022, 18:15.
	PublishedAt string
	// The side panel.
	Speakers []speakerView
	Jumps    []int // turn numbers to jump to in a long document
	// CiteTurn is the one cite control for a turn (see turnView.CiteURL).
	CiteTurn citeTurnView
	// Match is the query the page was opened with (/d/ID?q=QUERY) and
	// the turns it matches; nil without one.
	Match *matchView
	// TitleHTML and LeadHTML are the title and lead with the query's
	// words marked.
	TitleHTML, LeadHTML template.HTML
	// Transcript is the turns as HTML (see transcriptHTML).
	Transcript template.HTML
}

// speakerView is a speaker in the side panel: a person, or an unnamed
// label (Question), with the number of turns and the first.
type speakerView struct {
	Name  string
	First string // the first turn's anchor
	Turns int
}

// citeTurnView fills the page's one turn cite control: {n} in each
// pattern stands for the turn's number.
type citeTurnView struct {
	Permalink string // absolute, pinned to the version shown
	API       string // the citation in Chicago style, as JSON
	Styles    []nameLink
}

// matchView is the match bar of a document page opened from a search.
type matchView struct {
	Q         string
	Turns     []int  // the matching turns, in document order
	Header    bool   // the title or lead matches
	First     string // the first match's anchor
	SearchURL string // the search the reader came from
	ClearURL  string // the page without highlighting
}

type turnView struct {
	Index      int
	Anchor     string // t7
	Speaker    string
	Person     string
	Role       string
	PersonURL  string
	Paragraphs []paragraphView
	// CiteURL is the turn's cite page: the Cite link's target without
	// JavaScript; with it, site.js opens the page's one cite control
	// (CiteTurn) in the turn instead.
	CiteURL string
	// Match is the turn's place among the matches of the query the page
	// was opened with (1 for the first), 0 when it does not match; Prev
	// and Next are the anchors of the matches around it ("" at the ends).
	Match      int
	Prev, Next string
	// Exchange says the turn's part in a press exchange (package qa):
	// "Question q4, answered in turns 5–6" or "Answers the question in
	// turn 4"; "" for a turn outside any.
	Exchange, ExchangeAnchor string
}

type paragraphView struct {
	Anchor    string // t7p3
	HTML      template.HTML
	Direction bool // the whole paragraph is a stage direction
}

type relatedView struct {
	transcript.Related
	Label string // See also, Additional
	Local string // the document's page here, when the archive has it
}

type nameLink struct {
	Name string
	URL  string
}

func (s *Server) documentPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	doc, format, err := s.lookupDocument(ctx, id)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	version, err := intParam(q.Get("version"), "version", 1, 1<<30)
	if err != nil {
		return err
	}
	versions, err := s.archive.Versions(ctx, doc.ID)
	if err != nil {
		return err
	}
	current := len(versions)
	if version > 0 && version != current {
		if doc, err = s.documentVersion(ctx, doc.ID, version); err != nil {
			return err
		}
	}
	if version == 0 {
		version = current
	}
	switch format {
	case "txt":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		return doc.WriteText(w)
	case "json":
		w.Header().Set("Content-Type", "application/json")
		b, err := json.MarshalIndent(webDocument(doc), "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	case "tei.xml":
		return s.documentTEI(w, r, doc)
	}
	base := s.baseURL(r)
	d := &documentPageData{
		page:      page{Title: doc.Title, Description: doc.Lead},
		Doc:       doc,
		Permalink: base + docURL(doc.ID),
		TextURL:   docURL(doc.ID) + ".txt",
		JSONURL:   docURL(doc.ID) + ".json",
		TEIURL:    docURL(doc.ID) + ".tei.xml",
		APIURL:    "/api/v1/documents/" + strings.TrimPrefix(docURL(doc.ID), "/d/"),
		Versions:  current,
		Credit:    credit(doc),
		Version:   version,
		Old:       version != current,
		Edits:     transcript.Edits(versions),
	}
	d.Canonical = d.Permalink
	if err := s.historyViews(ctx, r, d, versions); err != nil {
		return err
	}
	if date, hm, ok := strings.Cut(doc.PublishedAt, "T"); ok {
		d.PublishedAt = dateIn(docLang(doc.Language), date) + ", " + hm
	}
	pr, err := s.registry(r.Context())
	if err != nil {
		return err
	}
	// The citations name the version shown, and its accessed date (see
	// cite.Accessed).
	work := cite.Work{Doc: doc, Version: version, Permalink: cite.Permalink(base, doc.ID, 0, version)}
	if work.Accessed, work.AccessedFrom, err = s.accessed(ctx, doc, versions[version-1]); err != nil {
		return err
	}
	if d.Citation, err = cite.Format(cite.Chicago, work); err != nil {
		return err
	}
	d.CiteLinks = styleLinks(doc.ID, 0, version)
	d.CiteTurn = citeTurnView{Permalink: base + turnPermalinkURL(doc.ID, 0, version), Styles: styleLinks(doc.ID, 0, version)}
	d.CiteTurn.API = "/api/v1/documents/" + strings.TrimPrefix(citeURL(doc.ID, 0, version, cite.Chicago), "/d/")
	// The patterns: turn 0 written as {n}.
	d.CiteTurn.Permalink = strings.Replace(d.CiteTurn.Permalink, "/t/0?", "/t/{n}?", 1)
	d.CiteTurn.API = strings.Replace(d.CiteTurn.API, "/cite?", "/cite?turn={n}&", 1)
	for i := range d.CiteTurn.Styles {
		d.CiteTurn.Styles[i].URL = strings.Replace(d.CiteTurn.Styles[i].URL, "/cite?", "/cite?turn={n}&", 1)
	}
	hl, err := s.documentMatches(ctx, r, doc)
	if err != nil {
		return err
	}
	defer hl.release()
	if hl != nil {
		d.Match, d.Q = hl.view, hl.view.Q
		d.TitleHTML, d.LeadHTML = hl.mark(doc.Title, nil), hl.mark(doc.Lead, nil)
	}
	citeBase := docURL(doc.ID) + "/cite?version=" + strconv.Itoa(version) + "&turn="
	d.Turns = make([]turnView, 0, len(doc.Turns))
	xs := qa.Pairs(doc, false)
	l := reqLang(r)
	exchange := exchangeNotes(xs, l)
	d.Exchanges = sideExchanges(xs)
	for _, t := range doc.Turns {
		tv := turnView{Index: t.Index, Anchor: "t" + strconv.Itoa(t.Index), Speaker: t.Speaker, Person: t.Person, Role: t.Role,
			CiteURL: citeBase + strconv.Itoa(t.Index)}
		if t.Person != "" {
			tv.PersonURL = personURL(pr.reg.Canonical(t.Person))
		}
		if x, ok := exchange[t.Index]; ok {
			tv.Exchange, tv.ExchangeAnchor = x[0], x[1]
		}
		var marked bool
		if hl != nil {
			tv.Match, tv.Prev, tv.Next = hl.place(t.Index)
			marked = tv.Match > 0
		}
		tv.Paragraphs = make([]paragraphView, len(t.Paragraphs))
		for i, p := range t.Paragraphs {
			var html template.HTML
			var whole bool
			if marked {
				html, whole = hl.mark(p, t.Notes), directionOnly(p, t.Notes)
			} else {
				html, whole = paragraphHTML(p, t.Notes)
			}
			tv.Paragraphs[i] = paragraphView{Anchor: tv.Anchor + "p" + strconv.Itoa(i+1), HTML: html, Direction: whole}
		}
		d.Turns = append(d.Turns, tv)
	}
	matches := 0
	if d.Match != nil {
		matches = len(d.Match.Turns)
	}
	d.Transcript = transcriptHTML(d.Turns, matches, l)
	d.Speakers = speakerViews(doc, pr.reg.Canonical)
	d.Jumps = jumps(len(doc.Turns))
	if err := s.relatedViews(r.Context(), d); err != nil {
		return err
	}
	for _, name := range doc.Persons {
		d.Persons = append(d.Persons, nameLink{Name: name, URL: taxonomyPersonURL(name, pr.taxonomyPerson(name, doc))})
	}
	return s.render(w, r, http.StatusOK, "document", d)
}

// sizeHint is a little over the size of the page's HTML: its transcript
// and what goes around it (head, side panel, figures), which grows with
// the number of turns.
func (d *documentPageData) sizeHint() int { return len(d.Transcript) + len(d.Transcript)/4 + 64<<10 }

// lookupDocument finds the document an address names: the id itself, or
// the id with a .txt, .json or .tei.xml suffix asking for that format.
func (s *Server) lookupDocument(ctx context.Context, id string) (*transcript.Document, string, error) {
	doc, err := s.archive.Document(ctx, id)
	if err == nil {
		return doc, "", nil
	}
	if !errors.Is(err, transcript.ErrNotFound) {
		return nil, "", err
	}
	for _, ext := range []string{"txt", "json", "tei.xml"} {
		if bare, ok := strings.CutSuffix(id, "."+ext); ok {
			if doc, err := s.archive.Document(ctx, bare); err == nil {
				return doc, ext, nil
			} else if !errors.Is(err, transcript.ErrNotFound) {
				return nil, "", err
			}
		}
	}
	return nil, "", errorT(http.StatusNotFound, "err.nodocument", truncate(id, 200)).withHint("err.nodocumenthint")
}

func (s *Server) relatedViews(ctx context.Context, d *documentPageData) error {
	var urls []string
	for _, rel := range d.Doc.Related {
		if rel.URL != "" {
			urls = append(urls, rel.URL)
		}
	}
	local := map[string]string{}
	if len(urls) > 0 {
		var err error
		if local, err = s.archive.DocumentsAt(ctx, urls); err != nil {
			return err
		}
	}
	l := ctxLang(ctx)
	for _, rel := range d.Doc.Related {
		v := relatedView{Related: rel, Label: tr(l, "related.see")}
		if rel.Relation == transcript.RelationAdditional {
			v.Label = tr(l, "related.additional")
		}
		if id, ok := local[rel.URL]; ok {
			v.Local = docURL(id)
		}
		d.Related = append(d.Related, v)
	}
	return nil
}

// taxonomyPersonURL links a name from a page's Persons list, which the
// site prints surname first ("Merkel Angela"), to the page of person, the
// person it names in the archive (see personRegistry.taxonomyPerson), or
// when none speaks in the archive to a search for the name as people
// write it ("Angela Merkel").
func taxonomyPersonURL(name, person string) string {
	if person != "" {
		return personURL(person)
	}
	f := strings.Fields(strings.ReplaceAll(name, `"`, ""))
	if len(f) > 1 {
		f = append(f[1:], f[0])
	}
	return searchURL(`"` + strings.Join(f, " ") + `"`)
}

// paragraphHTML escapes a paragraph and sets its stage directions apart;
// whole reports whether the paragraph is nothing but directions.
func paragraphHTML(p string, notes []string) (html template.HTML, whole bool) {
	var b strings.Builder
	rest := p
	found := false
	for rest != "" {
		at, n := -1, ""
		for _, note := range notes {
			if i := strings.Index(rest, note); i >= 0 && (at < 0 || i < at) {
				at, n = i, note
			}
		}
		if at < 0 {
			break
		}
		found = true
		b.WriteString(template.HTMLEscapeString(rest[:at]))
		b.WriteString(`<span class="direction">`)
		b.WriteString(template.HTMLEscapeString(n))
		b.WriteString(`</span>`)
		rest = rest[at+len(n):]
	}
	b.WriteString(template.HTMLEscapeString(rest))
	if found {
		stripped := p
		for _, n := range notes {
			stripped = strings.ReplaceAll(stripped, n, "")
		}
		whole = strings.TrimSpace(stripped) == ""
	}
	return template.HTML(b.String()), whole
}

// credit is the message id of the licence line a source requires under
// every reproduction.
func credit(doc *transcript.Document) string {
	if doc.Source == transcript.SourceKremlin {
		return "credit.kremlin"
	}
	return ""
}

// baseURL is the site's address for absolute links: Config.BaseURL, or
// the scheme and host the request came to.
func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimSuffix(s.cfg.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		host = "localhost"
	}
	return scheme + "://" + host
}
