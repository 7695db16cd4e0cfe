package postgres

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// A turn's text is kept once, in its document's version (the canonical
// JSON, which versions.json holds as it was written). A search page shows
// a few turns of each of its documents, and the documents a rare word
// finds are often the longest (up to a megabyte of JSON): decoding a
// whole transcript for each of them made such a page ten times slower
// than reading the turns' text from units. So each turn's unit records
// where its object lies in the version's JSON (units.text_at and
// text_len, in bytes), and a snippet decodes that object only.

// span locates a turn's object in a version's JSON: its first byte and
// length.
type span struct{ at, n int32 }

// turnSpans finds the object of each turn of js, a document's canonical
// JSON (the array "turns" of its top-level object), in order.
func turnSpans(js []byte) ([]span, error) {
	dec := json.NewDecoder(bytes.NewReader(js))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("turn spans: not a JSON object (%v)", err)
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("turn spans: %w", err)
		}
		if key != "turns" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, fmt.Errorf("turn spans: %w", err)
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return nil, fmt.Errorf("turn spans: turns is not an array (%v)", err)
		}
		var spans []span
		for dec.More() {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, fmt.Errorf("turn spans: %w", err)
			}
			end := dec.InputOffset()
			if end > 1<<31-1 {
				return nil, errors.New("turn spans: the document's JSON is over 2 GB")
			}
			spans = append(spans, span{at: int32(end) - int32(len(raw)), n: int32(len(raw))})
		}
		if t, err := dec.Token(); err != nil || t != json.Delim(']') {
			return nil, fmt.Errorf("turn spans: turns is not a whole array (%v)", err)
		}
		return spans, nil
	}
	return nil, nil
}

// spanText reads the text of turn u from its object at sp in a version's
// JSON: its paragraphs joined by a blank line, as archive.TurnTexts
// reads them. A span that is not inside js, or not turn u's object, is
// an error.
func spanText(js []byte, sp span, u int) (string, error) {
	if sp.at < 0 || sp.n <= 0 || int64(sp.at)+int64(sp.n) > int64(len(js)) {
		return "", fmt.Errorf("turn %d: its span (%d, %d bytes) is outside the current version (%d bytes)", u, sp.at, sp.n, len(js))
	}
	var t struct {
		Index      *int     `json:"index"`
		Paragraphs []string `json:"paragraphs"`
	}
	if err := json.Unmarshal(js[sp.at:sp.at+sp.n], &t); err != nil || t.Index == nil || *t.Index != u {
		return "", fmt.Errorf("turn %d: its span (%d, %d bytes) does not hold it in the current version", u, sp.at, sp.n)
	}
	return strings.Join(t.Paragraphs, "\n\n"), nil
}
