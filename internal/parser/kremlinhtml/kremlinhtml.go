// Package kremlinhtml parses kremlin.ru article pages saved as HTML, in
// English (en.kremlin.ru) and Russian (kremlin.ru), into a
// transcript.Document.
//
// The parser reads the article markup of the main site (article#event-N,
// h1.entry-title, div.read__lead, div.read__meta, div.read__internal_content,
// the slider, the "See also"/"Additional" cut boxes and the taxonomy footer).
// Print views carry the same markup. On other kremlin pages it takes what
// structure it finds: a title from h1, og:title or <title>, and the visible
// paragraphs of the article or page body.
//
// Speaker turns come from bold labels at the start of a paragraph
// ("<b>Vladimir Putin:</b>", "<b>Question</b> (retranslated):"), checked
// by parser.LabelOK. Text that repeats or frames the body (pull-quotes,
// photo captions, cut boxes, separators) never becomes part of a turn.
package kremlinhtml

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
)

// MaxSize is the largest input Parse accepts, in bytes. The longest real
// pages are well under 1 MB; the limit keeps a stray huge file from
// exhausting memory.
const MaxSize = 64 << 20

// Parse reads one HTML page. source names the input in errors, which are
// *parser.ParseError values wrapping transcript.ErrInvalid when the input
// is not a usable page (empty, binary, not HTML, no title and no body).
//
// Parse is safe for concurrent use.
func Parse(r io.Reader, source string) (*transcript.Document, error) {
	doc, _, err := ParseWith(r, source, parser.Options{})
	return doc, err
}

// ParseWith is Parse with what the caller knows of the page (opt fills a
// missing title or date), and it returns warnings for what the page lacks:
// a page without a title or a date (a print view, a body saved alone) is
// parsed all the same, with those fields empty.
func ParseWith(r io.Reader, source string, opt parser.Options) (*transcript.Document, []parser.Warning, error) {
	if err := opt.Check(); err != nil {
		return nil, nil, &parser.ParseError{Source: source, Err: err}
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, nil, &parser.ParseError{Source: source, Err: fmt.Errorf("kremlinhtml: read: %w", err)}
	}
	if err := checkInput(data, source); err != nil {
		return nil, nil, err
	}
	if kind := parser.FeedKind(data); kind != "" {
		return nil, nil, parser.Errorf(source, 1, "not a kremlin.ru page: an %s feed", kind)
	}
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, nil, parser.Errorf(source, 1, "kremlinhtml: %v", err)
	}
	p := newPage(root)
	doc := p.document()
	if p.tooMany {
		return nil, nil, parser.Errorf(source, p.line(data), "more than %d speaker turns: a document may have at most %d", transcript.MaxTurns, transcript.MaxTurns)
	}
	if doc.Title == "" && len(doc.Turns) == 0 {
		return nil, nil, parser.Errorf(source, p.line(data), "no kremlin article: no title and no body text")
	}
	warnings := opt.Complete(doc, source)
	num := p.number()
	parser.Finish(doc)
	switch {
	case num == "" && doc.Date == "" && doc.Title == "":
		doc.ID, doc.URL = parser.KremlinContentID(doc), ""
	case num == "":
		doc.ID, doc.URL = parser.KremlinID(doc.Language, num, doc.Date, doc.Title)
	}
	if err := doc.Validate(); err != nil {
		return nil, nil, &parser.ParseError{Source: source, Line: parser.LineOf(data, err), Err: err}
	}
	return doc, warnings, nil
}

// checkInput rejects inputs that are not text HTML before they reach the
// HTML parser, which would accept anything.
func checkInput(data []byte, source string) error {
	if len(data) > MaxSize {
		return parser.Errorf(source, 0, "input larger than %d bytes", MaxSize)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return parser.Errorf(source, 1, "empty input")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return parser.Errorf(source, lineAt(data, i), "binary data (NUL byte at offset %d)", i)
	}
	if !utf8.Valid(data) {
		i := firstInvalid(data)
		return parser.Errorf(source, lineAt(data, i), "invalid UTF-8 at offset %d", i)
	}
	if !hasTag(data) {
		return parser.Errorf(source, 1, "not HTML: no tags")
	}
	return nil
}

// hasTag reports whether data holds something that looks like an HTML tag,
// a comment or a doctype.
func hasTag(data []byte) bool {
	for {
		i := bytes.IndexByte(data, '<')
		if i < 0 || i+1 >= len(data) {
			return false
		}
		c := data[i+1]
		if c == '!' || c == '/' || (c|0x20 >= 'a' && c|0x20 <= 'z') {
			return true
		}
		data = data[i+1:]
	}
}

func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// lineAt returns the 1-based line of byte offset i.
func lineAt(data []byte, i int) int {
	if i > len(data) {
		i = len(data)
	}
	return bytes.Count(data[:i], []byte{'\n'}) + 1
}
