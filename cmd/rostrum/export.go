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
