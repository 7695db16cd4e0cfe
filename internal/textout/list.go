package textout

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/rostrum/rostrum/internal/transcript"
)

// listedDocument is a line of Documents with asJSON: null where the
// document has no value.
type listedDocument struct {
	ID       string  `json:"id"`
	Date     *string `json:"date"`
	Time     *string `json:"time"`
	Title    *string `json:"title"`
	Section  *string `json:"section"`
	Language *string `json:"language"`
	Place    *string `json:"place"`
	URL      *string `json:"url"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Documents prints one line per document: its date, id and title; with
// asJSON one JSON object per line (id, date, time, title, section,
// language, place and url).
func Documents(w io.Writer, hits []transcript.DocumentHit, asJSON bool) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, h := range hits {
		if asJSON {
			if err := enc.Encode(listedDocument{ID: h.ID, Date: nullable(h.Date), Time: nullable(h.Time), Title: nullable(h.Title),
				Section: nullable(h.Section), Language: nullable(h.Language), Place: nullable(h.Place), URL: nullable(h.URL)}); err != nil {
				return err
			}
			continue
		}
		date := h.Date
		if date == "" {
			date = "undated   "
		}
		if _, err := fmt.Fprintf(w, "%s  %s  %s\n", date, Escape(h.ID), Escape(strings.Join(strings.Fields(h.Title), " "))); err != nil {
			return err
		}
	}
	return nil
}
