package web

import (
	"encoding/json"
	"fmt"
	"github.com/rostrum/rostrum/internal/qa"
	"github.com/rostrum/rostrum/internal/turncsv"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// exportRow is one matching turn of an export. Turn 0 stands for a
// document matched by its title and lead (or by filters alone), whose
// Text is then the lead.
type exportRow struct {
	DocID     string `json:"doc_id"`
	Date      string `json:"date"`
	Title     string `json:"title"`
	Speaker   string `json:"speaker"`
	Person    string `json:"person"`
	Role      string `json:"role"`
	Turn      int    `json:"turn"`
	QA        string `json:"qa"` // the exchange the turn asks or answers in (package qa)
	Text      string `json:"text"`
	Permalink string `json:"permalink"` // DOCID#tN, or DOCID for a document row
	URL       string `json:"url"`       // the turn or document on this site
}

// exportCSV writes the CSV export: the text as stored, byte for byte, or
// with excel=1 (the page's "CSV for Excel" link) the spreadsheet variant:
// a UTF-8 byte order mark, which Excel needs to read UTF-8, and every
// cell that a spreadsheet would take for a formula neutralised (see
// excelCell).
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request) error {
	excel := r.URL.Query().Get("excel") != ""
	var cw *turncsv.Writer
	fail := func(out io.Writer, msg string) error {
		if cw == nil {
			cw = turncsv.NewWriter(out, excel)
		}
		if err := cw.WriteRecord([]string{exportCutShort + msg}); err != nil {
			return err
		}
		return cw.Flush()
	}
	return s.export(w, r, "text/csv; charset=utf-8", "csv", fail, func(out io.Writer, row *exportRow) error {
		if cw == nil {
			cw = turncsv.NewWriter(out, excel)
		}
		if row == nil {
			return cw.Flush()
		}
		return cw.Write(&turncsv.Row{DocID: row.DocID, Date: row.Date, Title: row.Title, Turn: row.Turn, Speaker: row.Speaker,
			Person: row.Person, Role: row.Role, QA: row.QA, Text: row.Text, Permalink: row.Permalink, URL: row.URL})
	})
}

// excelCell neutralises a cell that a spreadsheet would run as a formula
// (see turncsv.ExcelCell), for the site's other CSVs.
func excelCell(s string) string { return turncsv.ExcelCell(s) }

func (s *Server) exportJSONL(w http.ResponseWriter, r *http.Request) error {
	var enc *json.Encoder
	fail := func(out io.Writer, msg string) error {
		return json.NewEncoder(out).Encode(map[string]string{"error": exportCutShort + msg})
	}
	return s.export(w, r, "application/x-ndjson; charset=utf-8", "jsonl", fail, func(out io.Writer, row *exportRow) error {
		if enc == nil {
			enc = json.NewEncoder(out)
		}
		if row == nil {
			return nil
		}
		plain := *row
		for _, f := range []*string{&plain.Title, &plain.Speaker, &plain.Person, &plain.Role, &plain.Text} {
			*f = transcript.PlainSpaces(*f)
		}
		return enc.Encode(&plain)
	})
}

// export streams every matching turn of a search (up to MaxExportDocs
// documents, in the search's order) through emit; emit(nil) ends it.
// The full text of each turn comes from its document, and so do the
// matching turns beyond the MaxTurnsPerDoc a search returns (see
// search.TurnMatcher).
//
// An export that fails once rows are sent (its time is up, the archive
// went away) cannot change its status any more: it ends with a last row
// that says so (fail, "EXPORT CUT SHORT: …") and the connection is cut,
// and the X-Rostrum-Complete trailer, "true" on a whole export, is never
// sent; a truncated file is never mistaken for a complete one.
func (s *Server) export(w http.ResponseWriter, r *http.Request, contentType, ext string, fail func(io.Writer, string) error,
	emit func(io.Writer, *exportRow) error) (err error) {
	p, err := parseSearch(r, false)
	if err != nil {
		return err
	}
	ctx := r.Context()
	req := p.request(false)
	req.Limit, req.TurnsPerDoc, req.Cursor = transcript.MaxSearchLimit, transcript.MaxTurnsPerDoc, ""
	res, err := s.searcher.Search(ctx, req)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="rostrum-search.`+ext+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Rostrum-Documents", strconv.Itoa(res.Documents))
	if res.Documents > MaxExportDocs {
		h.Set("X-Rostrum-Export-Limit", strconv.Itoa(MaxExportDocs))
	}
	h.Set("Trailer", "X-Rostrum-Complete")
	x := &exporter{s: s, r: r, base: s.baseURL(r), query: req.Query, out: stream(w), emit: emit}
	docs := 0
	defer func() {
		if err != nil {
			msg := fmt.Sprintf("after %d documents: %v", docs, err)
			if ctx.Err() != nil {
				msg = fmt.Sprintf("after %d documents: the export ran out of time (%s); narrow the search, or use rostrum export", docs, exportTimeout)
			}
			fail(x.out, msg)
			flush(x.out)
			return
		}
		w.Header().Set("X-Rostrum-Complete", "true")
	}()
	for {
		for i := range res.Hits {
			if docs == MaxExportDocs {
				return emit(x.out, nil)
			}
			docs++
			if err := x.hit(&res.Hits[i]); err != nil {
				return err
			}
		}
		flush(x.out)
		if res.Next == "" {
			return emit(x.out, nil)
		}
		req.Cursor = res.Next
		if res, err = s.searcher.Search(ctx, req); err != nil {
			return err
		}
	}
}

// exportCutShort opens the last row of an export that failed midway.
const exportCutShort = "EXPORT CUT SHORT: "

// exporter writes the rows of one export.
type exporter struct {
	s     *Server
	r     *http.Request
	base  string
	query *transcript.Query
	out   io.Writer
	emit  func(io.Writer, *exportRow) error

	matcher   *search.TurnMatcher // for documents without person-less labels to add
	persons   []transcript.Person // loaded once, for person: and speaker: filters
	overrides *persons.Overrides  // the person registry's, with persons
	loaded    bool
}

// matcherFor returns the turn matcher for doc. The vocabulary of
// speaker: filters holds the labels of doc's turns without a person.
func (x *exporter) matcherFor(doc *transcript.Document) (*search.TurnMatcher, error) {
	if !search.NeedsVocab(x.query) {
		if x.matcher == nil {
			x.matcher = search.NewTurnMatcher(x.query, nil, nil, nil)
		}
		return x.matcher, nil
	}
	if !x.loaded {
		var err error
		if x.persons, x.overrides, err = x.s.exportVocab(x.r.Context(), x.query); err != nil {
			return nil, err
		}
		x.loaded = true
	}
	return search.NewTurnMatcher(x.query, x.persons, x.overrides, search.UnnamedLabels(doc)), nil
}

func (x *exporter) hit(hit *transcript.DocumentHit) error {
	row := exportRow{DocID: hit.ID, Date: hit.Date, Title: hit.Title}
	if len(hit.Turns) == 0 || hit.Header != nil {
		row.Text, row.Permalink, row.URL = hit.Lead, hit.ID, x.base+docURL(hit.ID)
		if err := x.emit(x.out, &row); err != nil {
			return err
		}
	}
	if len(hit.Turns) == 0 {
		return nil
	}
	doc, err := x.s.archive.Document(x.r.Context(), hit.ID)
	if err != nil {
		return err
	}
	turns := make([]int, len(hit.Turns))
	for i, t := range hit.Turns {
		turns[i] = t.Index
	}
	if hit.Matches > len(hit.Turns) {
		m, err := x.matcherFor(doc)
		if err != nil {
			return err
		}
		var agreed bool
		if turns, agreed = search.AllMatchingTurns(m, hit, doc); !agreed {
			x.s.log.Warn("export: the turns selected for a document disagree with the search engine; exporting the engine's",
				"id", hit.ID, "query", x.query.String(), "matches", hit.Matches, "exported", len(turns))
		}
	}
	exchanges := qa.IDs(doc)
	for _, i := range turns {
		if i < 1 || i > len(doc.Turns) {
			continue
		}
		dt := doc.Turns[i-1]
		row := exportRow{DocID: hit.ID, Date: hit.Date, Title: hit.Title, Speaker: dt.Speaker, Person: dt.Person, Role: dt.Role,
			Turn: dt.Index, QA: exchanges[dt.Index], Text: strings.Join(dt.Paragraphs, "\n\n"), Permalink: doc.Permalink(dt.Index),
			URL: x.base + turnURL(hit.ID, dt.Index)}
		if err := x.emit(x.out, &row); err != nil {
			return err
		}
	}
	return nil
}
