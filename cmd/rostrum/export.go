package main

import (
	"context"
	"flag"
	"io"
	"os"
	"strings"

	"github.com/rostrum/rostrum/internal/export"
)

func exportCmd() *command {
	var format, out, baseURL string
	var excel bool
	return &command{
		Name:    "export",
		Summary: "write the archive as JSON Lines, CSV or TEI",
		Usage: `
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
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.StringVar(&format, "format", "jsonl", "output `format`: jsonl, csv or tei")
			fs.StringVar(&out, "o", "", "write to `FILE` instead of standard output")
			fs.BoolVar(&excel, "excel", false, "csv: neutralise formula cells and add a byte order mark, for a spreadsheet")
			fs.StringVar(&baseURL, "base-url", os.Getenv("ROSTRUM_BASE_URL"), "csv: the site's public `URL`, for the url column ($ROSTRUM_BASE_URL)")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
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
			return export.ToFile(out, e.stdout, func(w io.Writer) error {
				switch format {
				case "csv":
					return export.CSV(ctx, store, w, excel, strings.TrimRight(baseURL, "/"))
				case "tei":
					return export.TEI(ctx, store, w)
				}
				return export.JSONL(ctx, store, w)
			})
		},
	}
}
