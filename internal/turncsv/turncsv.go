// Package turncsv writes turns as CSV in the one layout every CSV of
// turns Rostrum writes shares: rostrum export --format csv and the web
// site's /export.csv, so a researcher's script reads either.
//
// The columns, in order (Columns):
//
//	doc_id     the document id
//	date       YYYY-MM-DD, empty when undated
//	title      the document's title
//	turn       the turn's number (0 for a row of a document matched by its
//	           title and lead, whose text is then the lead)
//	speaker    the label as printed
//	person     the canonical person, empty for an anonymous speaker
//	role       the office printed in the label
//	qa         the exchange the turn belongs to (q4: the question in turn
//	           4 and the turns that answer it; see package qa), or empty
//	text       the turn's paragraphs, separated by a blank line
//	permalink  DOCID#tN (DOCID for a document row)
//	url        the turn on the web site, when the writer knows the site's
//	           address (the web always; the command line with --base-url)
//
// Every space variant (no-break, thin, figure spaces) is written as a
// plain space, so that a text search in pandas or a spreadsheet finds
// "in a plenary" however the source spaced it; the stored document keeps
// the original. With Excel set, the file starts with a UTF-8 byte order
// mark and a cell a spreadsheet would run as a formula is neutralised.
package turncsv

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Columns is the header row.
var Columns = []string{"doc_id", "date", "title", "turn", "speaker", "person", "role", "qa", "text", "permalink", "url"}

// Row is one row.
type Row struct {
	DocID, Date, Title        string
	Turn                      int
	Speaker, Person, Role, QA string
	Text, Permalink, URL      string
}

// Record returns the row's cells in the order of Columns, spaces plain.
func (r *Row) Record() []string {
	rec := []string{r.DocID, r.Date, r.Title, strconv.Itoa(r.Turn), r.Speaker, r.Person, r.Role, r.QA, r.Text, r.Permalink, r.URL}
	for i := range rec {
		rec[i] = transcript.PlainSpaces(rec[i])
	}
	return rec
}

// Writer writes rows after a header row.
type Writer struct {
	out     io.Writer
	cw      *csv.Writer
	excel   bool
	started bool
}

// NewWriter returns a Writer to out; excel selects the spreadsheet
// variant.
func NewWriter(out io.Writer, excel bool) *Writer {
	return &Writer{out: out, cw: csv.NewWriter(out), excel: excel}
}

func (w *Writer) start() error {
	if w.started {
		return nil
	}
	w.started = true
	if w.excel {
		if _, err := io.WriteString(w.out, "\ufeff"); err != nil {
			return err
		}
	}
	return w.cw.Write(Columns)
}

// Write writes r, after the header if it is the first row.
func (w *Writer) Write(r *Row) error {
	return w.WriteRecord(r.Record())
}

// WriteRecord writes cells as they are (a last row that says an export
// was cut short, say), after the header if it is the first row.
func (w *Writer) WriteRecord(rec []string) error {
	if err := w.start(); err != nil {
		return err
	}
	if w.excel {
		rec = append([]string(nil), rec...)
		for i := range rec {
			rec[i] = ExcelCell(rec[i])
		}
	}
	return w.cw.Write(rec)
}

// Flush writes the header if no row was written, and everything
// buffered; it returns the first error of any write.
func (w *Writer) Flush() error {
	if err := w.start(); err != nil {
		return err
	}
	w.cw.Flush()
	return w.cw.Error()
}

// ExcelCell neutralises a cell that a spreadsheet would run as a formula
// (one starting with =, +, -, @, a tab or a carriage return:
// "=HYPERLINK(…)") by putting an apostrophe before it, which spreadsheets
// read as "text".
func ExcelCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
