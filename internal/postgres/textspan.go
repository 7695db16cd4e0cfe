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
// text_len, in bytes): the server sends a snippet that object only, and
// the snippet decodes nothing else.

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

// spanText reads the text of turn u from obj, the bytes of a version's
// JSON at sp (as SQL's substring cuts them, so shorter than sp says when
// sp runs past the end): its paragraphs joined by a blank line, as
// archive.TurnTexts reads them. Bytes that are not turn u's object are an
// error.
func spanText(obj []byte, sp span, u int) (string, error) {
	if sp.at < 0 || sp.n <= 0 || len(obj) != int(sp.n) {
		return "", fmt.Errorf("turn %d: its span (%d, %d bytes) is outside the current version", u, sp.at, sp.n)
	}
	var t struct {
		Index      *int     `json:"index"`
		Paragraphs []string `json:"paragraphs"`
	}
	if err := json.Unmarshal(obj, &t); err != nil || t.Index == nil || *t.Index != u {
		return "", fmt.Errorf("turn %d: its span (%d, %d bytes) does not hold it in the current version", u, sp.at, sp.n)
	}
	return strings.Join(t.Paragraphs, "\n\n"), nil
}
