package parser

import (
	"bytes"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/transcript"
)

// ParseError reports why an input could not be parsed, and where.
type ParseError struct {
	Source string // file name, URL or "-"
	Line   int    // 1-based; 0 when the input as a whole is at fault
	Err    error
}

func (e *ParseError) Error() string {
	src := e.Source
	if src == "" {
		src = "-"
	}
	line := e.Line
	if line < 1 {
		line = 1
	}
	return fmt.Sprintf("%s:%d: %v", src, line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Errorf returns a *ParseError wrapping transcript.ErrInvalid.
func Errorf(source string, line int, format string, args ...any) error {
	return &ParseError{Source: source, Line: line, Err: fmt.Errorf("%w: "+format, append([]any{transcript.ErrInvalid}, args...)...)}
}

// Warning reports something a parser did not find on a page that it
// parsed all the same: a missing title, date or footer. What is missing is
// left empty in the document, never guessed.
type Warning struct {
	Source string // file name, URL or "-"
	Msg    string
}

// String formats the warning as "FILE: warning: message".
func (w Warning) String() string {
	src := w.Source
	if src == "" {
		src = "-"
	}
	return src + ": warning: " + w.Msg
}

// Options are what a caller knows about a page that the page itself may
// not show, such as a body copied without its header. A parser uses them
// only where the page is silent: what the page prints wins.
type Options struct {
	Date  string // YYYY-MM-DD
	Title string
}

// Check reports whether the options are well formed.
func (o Options) Check() error {
	if o.Date != "" {
		if d, rest, ok := ParseDate(o.Date); !ok || rest != "" || d != o.Date {
			return fmt.Errorf("date %q: want YYYY-MM-DD", o.Date)
		}
	}
	return nil
}

// Complete fills what doc lacks from the options and returns warnings for
// the title and date that are still missing. It is called before the id is
// derived, since a page without a number takes its id from its date and
// title.
func (o Options) Complete(doc *transcript.Document, source string) []Warning {
	if doc.Title == "" {
		doc.Title = CleanSpace(o.Title)
	}
	if doc.Date == "" {
		doc.Date = o.Date
	}
	var ws []Warning
	if doc.Title == "" {
		ws = append(ws, Warning{source, "no title found: title left empty (give one with --title)"})
	}
	if doc.Date == "" {
		ws = append(ws, Warning{source, "no date found under the title: date left empty (give one with --date)"})
	}
	return ws
}

// LineOf returns the line of data that err, a document's validation
// error, is about: the first line holding a value the error quotes (as
// printed, or HTML-escaped), so that "url \"javascript:alert(4)\" is not
// an http(s) URL" points at the line of that link. It returns 1 when no
// quoted value is found, as for a fault of the whole document.
func LineOf(data []byte, err error) int {
	for _, v := range Quoted(err) {
		for _, form := range []string{v, html.EscapeString(v)} {
			if at := bytes.Index(data, []byte(form)); at >= 0 {
				return 1 + bytes.Count(data[:at], []byte{'\n'})
			}
		}
	}
	return 1
}

// Quoted returns the values a validation error quotes, the document's id
// aside, that are long enough to place in an input (four bytes or more).
func Quoted(err error) []string {
	msg := err.Error()
	// Validate names the document first: its id is not the fault.
	if _, after, ok := strings.Cut(msg, `document "`); ok {
		if _, rest, ok := strings.Cut(after, `": `); ok {
			msg = rest
		}
	}
	var out []string
	for {
		i := strings.IndexByte(msg, '"')
		if i < 0 {
			return out
		}
		q, qerr := strconv.QuotedPrefix(msg[i:])
		if qerr != nil {
			msg = msg[i+1:]
			continue
		}
		msg = msg[i+len(q):]
		if v, uerr := strconv.Unquote(q); uerr == nil && len(v) >= 4 {
			out = append(out, v)
		}
	}
}
