package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/rostrum/rostrum/internal/editions"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/twins"
)

// editionSide is one edition's turn in a row of /d/ID/editions; nil when
// the edition lacks it.
type editionSide struct {
	Turn       int      `json:"turn"`
	Speaker    string   `json:"speaker"`
	Person     string   `json:"person"`
	Paragraphs []string `json:"paragraphs"`
	URL        string   `json:"url"`
}

type editionRow struct {
	EN *editionSide `json:"en"`
	RU *editionSide `json:"ru"`
	// Figures, set when both turns quote figures and one has a value the
	// other lacks: those figures as written.
	Figures []string `json:"figures,omitempty"`
}

type editionsPageData struct {
	page
	EN, RU  *transcript.Document
	Only    *transcript.Document // the document, when the archive lacks its other edition
	Rows    []editionRow
	Missing int // rows one edition lacks
	Numbers int // rows whose figures differ
	Back    string
	APIURL  string
}

// editionsOf loads both editions of id's event and lines them up. A
// document whose other edition the archive lacks gives no rows (and EN or
// RU nil); only an unknown id is an error.
func (s *Server) editionsOf(r *http.Request, id string) (*editionsPageData, error) {
	doc, err := s.archive.Document(r.Context(), id)
	if errors.Is(err, transcript.ErrNotFound) {
		return nil, errorf(http.StatusNotFound, "the archive has no document %q", truncate(id, 200))
	} else if err != nil {
		return nil, err
	}
	var other *transcript.Document
	if twin, ok := twins.TwinID(id); ok {
		if other, err = s.archive.Document(r.Context(), twin); errors.Is(err, transcript.ErrNotFound) {
			other = nil
		} else if err != nil {
			return nil, err
		}
	}
	en, ru := doc, other
	if doc.Language == "ru" {
		en, ru = other, doc
	}
	if en == nil || ru == nil {
		return &editionsPageData{page: page{Title: tr(reqLang(r), "editions.title", doc.Title)}, EN: en, RU: ru, Only: doc, Back: docURL(id),
			APIURL: "/api/v1/documents/" + strings.TrimPrefix(docURL(id), "/d/") + "/editions", Rows: []editionRow{}}, nil
	}
	d := &editionsPageData{page: page{Title: tr(reqLang(r), "editions.title", en.Title)}, EN: en, RU: ru, Back: docURL(id),
		APIURL: "/api/v1/documents/" + strings.TrimPrefix(docURL(id), "/d/") + "/editions"}
	side := func(doc *transcript.Document, t *transcript.Turn) *editionSide {
		if t == nil {
			return nil
		}
		return &editionSide{Turn: t.Index, Speaker: t.Speaker, Person: t.Person, Paragraphs: t.Paragraphs, URL: turnURL(doc.ID, t.Index)}
	}
	number := map[[2]int][]string{}
	for _, dv := range editions.Divergent("", en, ru) {
		if dv.Kind == editions.Number {
			number[[2]int{dv.EN.Turn, dv.RU.Turn}] = dv.Figures
		}
	}
	for _, p := range editions.Align(en, ru) {
		row := editionRow{EN: side(en, p.EN), RU: side(ru, p.RU)}
		if p.EN == nil || p.RU == nil {
			d.Missing++
		} else if f := number[[2]int{p.EN.Index, p.RU.Index}]; f != nil {
			row.Figures = f
			d.Numbers++
		}
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}

// editionsPage shows the two editions of an event side by side:
// /d/ID/editions.
func (s *Server) editionsPage(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r); err != nil {
		return err
	}
	d, err := s.editionsOf(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "editions", d)
}

// apiEditions answers the same as JSON:
// /api/v1/documents/{id}/editions.
func (s *Server) apiEditions(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r); err != nil {
		return err
	}
	d, err := s.editionsOf(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	id := func(doc *transcript.Document) *string {
		if doc == nil {
			return nil
		}
		return &doc.ID
	}
	return writeJSON(w, struct {
		EN      *string      `json:"en"`
		RU      *string      `json:"ru"`
		Missing int          `json:"missing_turns"`
		Numbers int          `json:"figures_differ"`
		Turns   []editionRow `json:"turns"`
	}{id(d.EN), id(d.RU), d.Missing, d.Numbers, d.Rows})
}
