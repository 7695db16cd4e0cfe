package textout

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/cite"
)

// citationJSON is what cite --json prints: the API's answer.
type citationJSON struct {
	Style        string `json:"style"`
	Text         string `json:"text"`
	ID           string `json:"id"`
	Turn         int    `json:"turn,omitempty"`
	Version      int    `json:"version"`
	Permalink    string `json:"permalink,omitempty"`
	Accessed     string `json:"accessed,omitempty"`
	AccessedFrom string `json:"accessed_from,omitempty"`
}

// Citation prints text, the citation of document id's work w in style:
// as it is, or with asJSON as JSON with what it cites, its permalink and
// its accessed date and where that comes from.
func Citation(out io.Writer, style, text, id string, w cite.Work, asJSON bool) error {
	if !asJSON {
		_, err := fmt.Fprintln(out, Escape(strings.TrimSuffix(text, "\n")))
		return err
	}
	j := citationJSON{Style: style, Text: text, ID: id, Turn: w.Turn, Version: w.Version, Permalink: w.Permalink, AccessedFrom: w.AccessedFrom}
	if !w.Accessed.IsZero() {
		j.Accessed = w.Accessed.UTC().Format(time.RFC3339)
	}
	enc := json.NewEncoder(out) // escapes <, > and &, as cite --json always has
	enc.SetIndent("", "  ")
	return enc.Encode(j)
}
