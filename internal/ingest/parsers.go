package ingest

import (
	"io"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/parser/jsondoc"
	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Parsers is the registry of the formats Rostrum reads: kremlin.ru text
// dumps and HTML pages, and JSON documents. The kremlin formats complete
// a page from page (the date or title it does not print) and pass what
// it lacks to warn, unless warn is nil; warn is called from the workers
// at once.
func Parsers(page parser.Options, warn func([]parser.Warning)) Formats {
	with := func(parse func(io.Reader, string, parser.Options) (*transcript.Document, []parser.Warning, error)) DecodeFunc {
		return Single(func(r io.Reader, source string) (*transcript.Document, error) {
			doc, ws, err := parse(r, source, page)
			if err == nil && warn != nil {
				warn(ws)
			}
			return doc, err
		})
	}
	return Formats{
		FormatKremlinText: with(kremlintext.ParseWith),
		FormatKremlinHTML: with(kremlinhtml.ParseWith),
		FormatJSON:        jsondoc.Decode,
	}
}
