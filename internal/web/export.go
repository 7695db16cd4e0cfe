package web

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"

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
	Text      string `json:"text"`
	Permalink string `json:"permalink"`
}

var exportColumns = []string{"doc_id", "date", "title", "speaker", "person", "role", "turn", "text", "permalink"}

func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request) error {
	var cw *csv.Writer
	return s.export(w, r, "text/csv; charset=utf-8", "csv", func(out io.Writer, row *exportRow) error {
		if cw == nil {
			cw = csv.NewWriter(out)
			if err := cw.Write(exportColumns); err != nil {
				return err
			}
		}
		if row == nil {
			cw.Flush()
			return cw.Error()
		}
		return cw.Write([]string{row.DocID, row.Date, row.Title, row.Speaker, row.Person, row.Role, strconv.Itoa(row.Turn), row.Text, row.Permalink})
	})
}

func (s *Server) exportJSONL(w http.ResponseWriter, r *http.Request) error {
	var enc *json.Encoder
	return s.export(w, r, "application/x-ndjson; charset=utf-8", "jsonl", func(out io.Writer, row *exportRow) error {
		if enc == nil {
			enc = json.NewEncoder(out)
		}
		if row == nil {
			return nil
		}
		return enc.Encode(row)
	})
}

// export streams every matching turn of a search (up to MaxExportDocs
// documents, in the search's order) through emit; emit(nil) ends it.
// The full text of each turn comes from its document.
func (s *Server) export(w http.ResponseWriter, r *http.Request, contentType, ext string, emit func(io.Writer, *exportRow) error) error {
	p, err := parseSearch(r, false)
	if err != nil {
		return err
	}
	ctx := r.Context()
	req := p.request(false)
	req.Limit, req.TurnsPerDoc, req.Cursor = transcript.MaxSearchLimit, transcript.MaxTurnsPerDoc, ""
	res, err := s.archive.Search(ctx, req)
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
	base := s.baseURL(r)
	out := stream(w)
	docs := 0
	for {
		for _, hit := range res.Hits {
			if docs == MaxExportDocs {
				return emit(out, nil)
			}
			docs++
			if err := s.exportHit(r, base, hit, out, emit); err != nil {
				return err
			}
		}
		flush(out)
		if res.Next == "" {
			return emit(out, nil)
		}
		req.Cursor = res.Next
		if res, err = s.archive.Search(ctx, req); err != nil {
			return err
		}
	}
}

func (s *Server) exportHit(r *http.Request, base string, hit transcript.DocumentHit, out io.Writer, emit func(io.Writer, *exportRow) error) error {
	row := exportRow{DocID: hit.ID, Date: hit.Date, Title: hit.Title}
	if len(hit.Turns) == 0 || hit.Header != nil {
		row.Text, row.Permalink = hit.Lead, base+docURL(hit.ID)
		if err := emit(out, &row); err != nil {
			return err
		}
	}
	if len(hit.Turns) == 0 {
		return nil
	}
	doc, err := s.archive.Document(r.Context(), hit.ID)
	if err != nil {
		return err
	}
	for _, t := range hit.Turns {
		if t.Index < 1 || t.Index > len(doc.Turns) {
			continue
		}
		dt := doc.Turns[t.Index-1]
		row := exportRow{DocID: hit.ID, Date: hit.Date, Title: hit.Title, Speaker: dt.Speaker, Person: dt.Person, Role: dt.Role,
			Turn: dt.Index, Text: strings.Join(dt.Paragraphs, "\n\n"), Permalink: base + turnURL(hit.ID, dt.Index)}
		if err := emit(out, &row); err != nil {
			return err
		}
	}
	return nil
}
