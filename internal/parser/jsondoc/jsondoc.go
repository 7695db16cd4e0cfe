// Package jsondoc reads Rostrum's own JSON: the canonical Document JSON
// written by transcript.Document.MarshalJSON, either as one object (possibly
// pretty-printed over many lines) or as JSON Lines (one object per line, the
// form of `rostrum export`). It is what lets an archive be exported from one
// database and ingested into another without loss.
package jsondoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
)

var bom = []byte("\ufeff")

// Decode reads every document of r and calls fn for each, in input order,
// with the 1-based line on which the document's object starts and the
// object's bytes as they appear in the input. Blank lines are skipped.
//
// Each document must decode without unknown fields and pass Validate. The
// first failure stops decoding and is returned as a *parser.ParseError
// naming source and the line at fault: the line of a syntax error, or the
// first line of an object that is not a valid document. An error returned
// by fn stops decoding and is returned as it is.
func Decode(r io.Reader, source string, fn func(doc *transcript.Document, line int, raw []byte) error) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return &parser.ParseError{Source: source, Err: fmt.Errorf("read: %w", err)}
	}
	data = bytes.TrimPrefix(data, bom)
	if len(bytes.TrimSpace(data)) == 0 {
		return parser.Errorf(source, 1, "no JSON document")
	}
	if isLines(data) {
		return decodeLines(data, source, fn)
	}
	return decodeStream(data, source, fn)
}

// Parse reads an input that holds exactly one document.
func Parse(r io.Reader, source string) (*transcript.Document, error) {
	var doc *transcript.Document
	err := Decode(r, source, func(d *transcript.Document, line int, _ []byte) error {
		if doc != nil {
			return parser.Errorf(source, line, "more than one document (use JSON Lines with rostrum ingest)")
		}
		doc = d
		return nil
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// isLines reports whether data is JSON Lines: its first non-blank line is a
// complete JSON value by itself. A pretty-printed object's first line ("{")
// is not, so it is read as one multi-line value instead.
func isLines(data []byte) bool {
	for len(data) > 0 {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		if t := bytes.TrimSpace(line); len(t) > 0 {
			return json.Valid(t)
		}
		data = rest
	}
	return false
}

func decodeLines(data []byte, source string, fn func(*transcript.Document, int, []byte) error) error {
	for n := 1; len(data) > 0; n++ {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		data = rest
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if !json.Valid(line) {
			var v any
			err := json.Unmarshal(line, &v)
			return parser.Errorf(source, n, "%v", describe(err))
		}
		if err := emit(line, n, source, fn); err != nil {
			return err
		}
	}
	return nil
}

func decodeStream(data []byte, source string, fn func(*transcript.Document, int, []byte) error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		start := int(dec.InputOffset())
		for start < len(data) && isSpace(data[start]) {
			start++
		}
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			line := lineAt(data, start)
			var se *json.SyntaxError
			if errors.As(err, &se) {
				line = lineAt(data, int(se.Offset)-1)
			} else if errors.Is(err, io.ErrUnexpectedEOF) {
				line = lineAt(data, len(data)-1)
			}
			return parser.Errorf(source, line, "%v", describe(err))
		}
		if err := emit(raw, lineAt(data, start), source, fn); err != nil {
			return err
		}
	}
}

// emit decodes and validates one object and passes it on.
func emit(raw []byte, line int, source string, fn func(*transcript.Document, int, []byte) error) error {
	if raw[0] != '{' {
		return parser.Errorf(source, line, "not a JSON object")
	}
	doc := new(transcript.Document)
	if err := json.Unmarshal(raw, doc); err != nil {
		return parser.Errorf(source, line, "%v", describe(err))
	}
	dropControls(doc)
	if err := doc.Validate(); err != nil {
		return &parser.ParseError{Source: source, Line: line, Err: err}
	}
	return fn(doc, line, raw)
}

// dropControls drops the control characters (ESC, BEL, C1: see
// parser.IsControl) from every text of doc, as the other parsers do: a
// terminal or a spreadsheet would obey them. The raw input keeps them.
func dropControls(doc *transcript.Document) {
	for _, p := range []*string{&doc.ID, &doc.Source, &doc.URL, &doc.Section, &doc.Title, &doc.Lead, &doc.Place} {
		*p = parser.DropControls(*p)
	}
	for _, l := range [][]string{doc.PublishedIn, doc.Geography, doc.Topics, doc.Persons} {
		for i := range l {
			l[i] = parser.DropControls(l[i])
		}
	}
	for i := range doc.Media {
		m := &doc.Media[i]
		m.Caption, m.Credit = parser.DropControls(m.Caption), parser.DropControls(m.Credit)
	}
	for i := range doc.Related {
		r := &doc.Related[i]
		r.Title, r.URL = parser.DropControls(r.Title), parser.DropControls(r.URL)
	}
	for i := range doc.Turns {
		t := &doc.Turns[i]
		t.Speaker, t.Person, t.Role = parser.DropControls(t.Speaker), parser.DropControls(t.Person), parser.DropControls(t.Role)
		for _, l := range [][]string{t.Paragraphs, t.Notes} {
			for j := range l {
				l[j] = parser.DropControls(l[j])
			}
		}
	}
}

// describe shortens encoding/json's messages for people reading FILE:LINE
// reports.
func describe(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return fmt.Sprintf("field %q: JSON %s where %s is expected", te.Field, te.Value, te.Type)
		}
		return fmt.Sprintf("JSON %s where %s is expected", te.Value, te.Type)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected end of JSON input"
	}
	return err.Error()
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// lineAt returns the 1-based line of byte offset off in data.
func lineAt(data []byte, off int) int {
	off = max(0, min(off, len(data)))
	return 1 + bytes.Count(data[:off], []byte("\n"))
}
