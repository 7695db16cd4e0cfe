package ingest

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Format names, as used by --format and stored in transcript.Raw.Format.
const (
	FormatKremlinText = "kremlin-text"
	FormatKremlinHTML = "kremlin-html"
	FormatJSON        = "json"
	// Auto asks Detect to choose the format from each input's content.
	Auto = "auto"
)

// DecodeFunc parses one input that may hold several documents and calls fn
// for each, in order, with the 1-based line where it starts and the bytes
// it was parsed from. It returns a *parser.ParseError for bad input.
type DecodeFunc func(r io.Reader, source string, fn func(doc *transcript.Document, line int, raw []byte) error) error

// ParseFunc parses one input that holds exactly one document, the form of
// the source-page parsers.
type ParseFunc func(r io.Reader, source string) (*transcript.Document, error)

// Single adapts a ParseFunc to a DecodeFunc: the one document starts on
// line 1 and its raw bytes are the whole input.
func Single(parse ParseFunc) DecodeFunc {
	return func(r io.Reader, source string, fn func(*transcript.Document, int, []byte) error) error {
		b, err := io.ReadAll(r)
		if err != nil {
			return &parser.ParseError{Source: source, Err: fmt.Errorf("read: %w", err)}
		}
		doc, err := parse(bytes.NewReader(b), source)
		if err != nil {
			return err
		}
		return fn(doc, 1, b)
	}
}

// Formats is the registry of input formats: format name → decoder. The
// command line builds it explicitly, so the set of formats is visible in
// one place and tests can supply their own.
type Formats map[string]DecodeFunc

// Names returns the registered format names, sorted.
func (f Formats) Names() []string {
	names := make([]string, 0, len(f))
	for n := range f {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Check reports an error unless name is Auto, empty or a registered format.
func (f Formats) Check(name string) error {
	if name == "" || name == Auto || f[name] != nil {
		return nil
	}
	return fmt.Errorf("unknown format %q (want %s or %s)", name, Auto, strings.Join(f.Names(), ", "))
}

// Decode parses data, read from source, in the named format (Auto or ""
// detects it) and calls fn for each document. It returns the format used.
func (f Formats) Decode(name string, data []byte, source string, fn func(doc *transcript.Document, line int, raw []byte) error) (string, error) {
	if name == "" || name == Auto {
		name = Detect(data)
	}
	decode := f[name]
	if decode == nil {
		return name, &parser.ParseError{Source: source, Err: fmt.Errorf("no parser for format %q", name)}
	}
	return name, decode(bytes.NewReader(data), source, fn)
}

// htmlTags are the elements an HTML page or fragment may start with.
var htmlTags = map[string]bool{
	"html": true, "head": true, "body": true, "article": true, "div": true, "meta": true, "title": true,
	"link": true, "script": true, "style": true, "section": true, "main": true, "header": true, "nav": true,
	"p": true, "span": true, "table": true, "ul": true, "ol": true, "a": true, "img": true, "br": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "form": true, "footer": true,
}

// Detect names the format of an input from its first bytes: "kremlin-html"
// when, after a byte-order mark, whitespace, XML declarations and
// comments, it opens with a doctype or an HTML element; "json" when it
// opens with "{"; otherwise "kremlin-text" (which also receives other
// markup, such as an Atom feed, and rejects it).
func Detect(head []byte) string {
	s, ok := parser.AfterPrologue(head)
	if !ok {
		return FormatKremlinHTML // a page cut short inside its prologue
	}
	switch {
	case len(s) == 0:
		return FormatKremlinText
	case s[0] == '{':
		return FormatJSON
	case s[0] != '<':
		return FormatKremlinText
	}
	s = s[1:]
	if len(s) >= 8 && strings.EqualFold(string(s[:8]), "!doctype") {
		return FormatKremlinHTML
	}
	end := bytes.IndexFunc(s, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') })
	if end < 0 {
		end = len(s)
	}
	if htmlTags[strings.ToLower(string(s[:end]))] {
		return FormatKremlinHTML
	}
	return FormatKremlinText
}
