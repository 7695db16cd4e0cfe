package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/atom"
	"github.com/rostrum/rostrum/internal/transcript"
)

// feedSize is the number of documents in a feed.
const feedSize = 30

// moscow is the zone of kremlin.ru's dates and times.
var moscow = time.FixedZone("MSK", 3*60*60)

// feed answers /feed (the newest documents) and /feed?q=QUERY (the
// newest documents matching a query, each with its matching turns): a
// researcher's alert for a person, a topic, a country or any search.
func (s *Server) feed(w http.ResponseWriter, r *http.Request) error {
	p, err := parseSearch(r, true)
	if err != nil {
		return err
	}
	req := p.request(false)
	req.Sort, req.Cursor, req.Limit, req.TurnsPerDoc = transcript.SortNewest, "", feedSize, 3
	res, err := s.searches.search(r.Context(), req)
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	self := base + "/feed"
	alt := base + "/"
	title := "Rostrum: the newest documents"
	if p.Q != "" {
		self += "?" + encode(url.Values{"q": {p.Q}})
		alt = base + searchURL(p.Q, "sort", transcript.SortNewest)
		title = "Rostrum: " + p.Q
	}
	f := &atom.Feed{
		ID:       self,
		Title:    title,
		Subtitle: feedSubtitle(p, res),
		Links:    []atom.Link{{Href: self, Rel: "self", Type: "application/atom+xml"}, {Href: alt, Rel: "alternate", Type: "text/html"}},
		Author:   &atom.Person{Name: "Rostrum", URI: base + "/"},
		Gen:      &atom.Gen{Name: "Rostrum", URI: base + "/"},
	}
	var newest time.Time
	for _, h := range res.Hits {
		// An entry is updated when the source last changed the document
		// (its first version or an edit), not when another rendering or
		// parse of it was stored: a reader sees an edited document again.
		// Published is the event's date.
		versions, err := s.archive.Versions(r.Context(), h.ID)
		if err != nil {
			return err
		}
		when := lastSourceChange(versions)
		event := hitTime(h)
		if when.IsZero() {
			when = event
		}
		if when.IsZero() {
			when = s.cfg.Now()
		}
		if when.After(newest) {
			newest = when
		}
		page := base + docURL(h.ID)
		e := atom.Entry{
			ID:      page,
			Title:   h.Title,
			Updated: atom.Time(when),
			Links:   []atom.Link{{Href: page, Rel: "alternate", Type: "text/html"}},
			Content: &atom.Text{Type: "html", Body: entryHTML(base, h)},
		}
		if !event.IsZero() {
			e.Published = atom.Time(event)
		}
		if n := lastEdit(versions); n > 1 {
			// The latest edit's comparison.
			e.Links = append(e.Links, atom.Link{Href: base + diffURL(h.ID, n-1, n), Rel: "related", Type: "text/html"})
		}
		if transcript.IsWebURL(h.URL) { // checked at ingest; again here, for older archives
			e.Links = append(e.Links, atom.Link{Href: h.URL, Rel: "via", Type: "text/html"})
		}
		if h.Section != "" {
			e.Categories = append(e.Categories, atom.Category{Term: h.Section})
		}
		if h.Lead != "" {
			e.Summary = &atom.Text{Type: "text", Body: h.Lead}
		}
		if strings.Contains(h.ID, "kremlin.ru/") {
			e.Rights = "President of Russia website, CC BY 4.0"
		}
		f.Entries = append(f.Entries, e)
	}
	if newest.IsZero() {
		newest = s.cfg.Now()
	}
	f.Updated = atom.Time(newest)
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	return f.Write(w)
}

// hitTime is a document's date and time as Moscow wall-clock time; zero
// for an undated document.
func hitTime(h transcript.DocumentHit) time.Time {
	if h.Date == "" {
		return time.Time{}
	}
	hm := h.Time
	if hm == "" {
		hm = "00:00"
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", h.Date+" "+hm, moscow)
	if err != nil {
		return time.Time{}
	}
	return t
}

// entryHTML is an entry's content: the lead, then each matching turn's
// speaker and snippet with a link to the turn.
func entryHTML(base string, h transcript.DocumentHit) string {
	var b strings.Builder
	if h.Header != nil {
		fmt.Fprintf(&b, "<p>%s</p>", snippetHTML(*h.Header))
	}
	for _, t := range h.Turns {
		// Narrative (a turn without a label) is quoted without a speaker:
		// no one is made up for it.
		who := ""
		if t.Speaker != "" {
			who = "<strong>" + template.HTMLEscapeString(t.Speaker) + "</strong>: "
		}
		fmt.Fprintf(&b, `<p>%s%s <a href="%s">#t%d</a></p>`,
			who, snippetHTML(t.Snippet), template.HTMLEscapeString(base+turnURL(h.ID, t.Index)), t.Index)
	}
	if b.Len() == 0 && h.Lead != "" {
		fmt.Fprintf(&b, "<p>%s</p>", template.HTMLEscapeString(h.Lead))
	}
	return b.String()
}

// writeFeedError answers a feed's request that failed with a feed whose one
// entry says why, with the request's status: a subscriber sees the message
// in the reader (an HTML error page is dropped by most), with a link to
// the search page to mend the query.
func (s *Server) writeFeedError(w http.ResponseWriter, r *http.Request, status int, e *httpError) {
	base := s.baseURL(r)
	fix := base + "/search"
	if q := r.URL.Query().Get("q"); q != "" && len(q) <= MaxQueryBytes && utf8.ValidString(q) {
		fix = base + searchURL(q)
	}
	now := atom.Time(s.cfg.Now())
	msg := e.Msg
	if e.Hint != "" {
		msg += " " + e.Hint
	}
	f := &atom.Feed{
		ID:      base + "/feed#error",
		Title:   "Rostrum: this feed has an error",
		Updated: now,
		Links:   []atom.Link{{Href: fix, Rel: "alternate", Type: "text/html"}},
		Author:  &atom.Person{Name: "Rostrum", URI: base + "/"},
		Entries: []atom.Entry{{
			ID:      base + "/feed#error-" + strconv.Itoa(status),
			Title:   http.StatusText(status) + ": " + e.Msg,
			Updated: now,
			Links:   []atom.Link{{Href: fix, Rel: "alternate", Type: "text/html"}},
			Content: &atom.Text{Type: "text", Body: msg + " Open the search to mend the query: " + fix},
		}},
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.WriteHeader(status)
	if err := f.Write(w); err != nil {
		s.log.Error("feed error failed", "err", err)
	}
}

// feedSubtitle says what a feed's counts count, as the search page's
// headline does (matchUnit): matches or turns in so many documents, or
// documents alone for filters that select documents.
func feedSubtitle(p *searchParams, res *transcript.SearchResult) string {
	unit := "documents"
	if p.Query != nil {
		unit = matchUnit(p.Query)
	}
	if unit == "documents" {
		return trn(langEN, "n.documents", res.Documents) + ", newest first"
	}
	return trn(langEN, "n."+unit, res.Total) + " in " + trn(langEN, "n.documents", res.Documents) + ", newest first"
}
