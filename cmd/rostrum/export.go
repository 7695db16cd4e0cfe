package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/qa"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/turncsv"
)

func exportCmd() *command {
	var format, out, baseURL string
	var excel bool
	return &command{
		name:    "export",
		summary: "write the archive as JSON Lines, CSV or TEI",
		usage: `
Usage: rostrum export [--db FILE] [--format jsonl|csv [--excel] [--base-url URL]|tei] [-o FILE]

Export writes the current version of every document, ordered by date then
id, to standard output or to the file named by -o.

  jsonl  one document per line in Rostrum's canonical JSON, the same as
         parse prints; rostrum ingest reads it back unchanged, so this is
         how an archive moves from one database to another.
  csv    one row per speaker turn, with a header row: doc_id, date, title,
         turn, speaker, person, role, qa (the exchange a question or an
         answer belongs to, q4, as rostrum qa names it), text (paragraphs
         separated by a blank line), permalink (DOCID#tN) and url (the
         turn on your Rostrum site, with --base-url or $ROSTRUM_BASE_URL;
         else empty). The web site's /export.csv has the same columns. It
         loads directly into pandas or R; space variants such as the
         no-break space are written as plain spaces (the stored document
         keeps them). For a spreadsheet, add --excel: a
         cell that starts with =, +, -, @ (a spreadsheet would run it as a
         formula, such as =HYPERLINK(…)) gets an apostrophe before it, and
         the file starts with a UTF-8 byte order mark, so that Excel
         reads the Cyrillic right.

  tei    one TEI XML file in the manner of the ParlaMint corpora: a
         teiCorpus whose header lists every person of the person registry
         (listPerson: person xml:id, names in both scripts where known,
         the roles their labels print with the first and last dates
         printed), then one TEI per document with its header (title,
         date, place, source URL, licence) and one u per attributed turn
         (who="#id"; ana="#question", "#remark" and so on for a speaker
         the transcript does not name), each paragraph a seg, stage
         directions a note or kinesic. The web site gives one document at
         /d/ID.tei.xml.

Example:

	rostrum export --db archive.db -o archive.jsonl
	rostrum export --db archive.db --format csv -o turns.csv
	rostrum export --db archive.db --format csv --excel -o turns-excel.csv
	rostrum export --db archive.db --format tei -o archive.tei.xml
`,
		flags: func(fs *flag.FlagSet, e *env) {
			fs.StringVar(&format, "format", "jsonl", "output `format`: jsonl, csv or tei")
			fs.StringVar(&out, "o", "", "write to `FILE` instead of standard output")
			fs.BoolVar(&excel, "excel", false, "csv: neutralise formula cells and add a byte order mark, for a spreadsheet")
			fs.StringVar(&baseURL, "base-url", os.Getenv("ROSTRUM_BASE_URL"), "csv: the site's public `URL`, for the url column ($ROSTRUM_BASE_URL)")
		},
		run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("export: unexpected argument %q (run 'rostrum export --help')", args[0])
			}
			switch format {
			case "jsonl", "csv", "tei":
			default:
				return usagef("export: unknown format %q (want jsonl, csv or tei)", format)
			}
			if excel && format != "csv" {
				return usagef("export: --excel is for --format csv")
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			return writeOutput(out, e.stdout, func(w io.Writer) error {
				switch format {
				case "csv":
					return exportCSV(ctx, store, w, excel, strings.TrimRight(baseURL, "/"))
				case "tei":
					return exportTEI(ctx, store, w)
				}
				return exportJSONL(ctx, store, w)
			})
		},
	}
}

// exportJSONL writes one canonical JSON document per line. It uses
// MarshalJSON directly: json.Marshal would escape <, > and & and the
// output would no longer be byte for byte what parse prints.
func exportJSONL(ctx context.Context, store transcript.Archive, w io.Writer) error {
	for doc, err := range store.Documents(ctx) {
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		b, err := doc.MarshalJSON()
		if err != nil {
			return fmt.Errorf("export %s: %w", doc.ID, err)
		}
		if _, err := w.Write(append(b, '\n')); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

// exportCSV writes a header row and then one row per turn, in the layout
// of package turncsv (the web's /export.csv has the same): for a
// spreadsheet (excel) behind a UTF-8 byte order mark, with formula cells
// neutralised. base, the site's address, fills the url column.
func exportCSV(ctx context.Context, store transcript.Archive, w io.Writer, excel bool, base string) error {
	cw := turncsv.NewWriter(w, excel)
	for d, err := range store.Documents(ctx) {
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		exchanges := qa.IDs(d)
		for _, t := range d.Turns {
			row := turncsv.Row{DocID: d.ID, Date: d.Date, Title: d.Title, Turn: t.Index, Speaker: t.Speaker, Person: t.Person, Role: t.Role,
				QA: exchanges[t.Index], Text: strings.Join(t.Paragraphs, "\n\n"), Permalink: d.Permalink(t.Index)}
			if base != "" {
				row.URL = base + "/d/" + d.ID + "#t" + strconv.Itoa(t.Index)
			}
			if err := cw.Write(&row); err != nil {
				return fmt.Errorf("export: %w", err)
			}
		}
	}
	if err := cw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// writeOutput runs fill on a buffered writer to stdout, or to the file
// path. A file is written beside its final name and renamed into place on
// success, so a failed export never leaves a truncated file behind.
func writeOutput(path string, stdout io.Writer, fill func(io.Writer) error) error {
	if path == "" || path == "-" {
		bw := bufio.NewWriter(stdout)
		if err := fill(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	defer tmp.Close()
	bw := bufio.NewWriter(tmp)
	if err := fill(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
