package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
)

func showCmd() *command {
	var version int
	return &command{
		Name:    "show",
		Summary: "print a stored document as text",
		Usage: `
Usage: rostrum show [--db FILE] [--version N] ID

Show prints the document ID as plain text: its header (section, title,
lead, date and time, place), each speaker's turn as "Speaker: text", the
related items, the taxonomy and the source. ID is the document's id, as
printed by parse and export (kremlin.ru/67763); a permalink to a turn
(kremlin.ru/67763#t4) shows the whole document. --version N shows an
earlier version (1 is the first stored).

Example:

	rostrum show --db archive.db kremlin.ru/67763
	rostrum show --db archive.db --version 1 kremlin.ru/67763
`,
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.IntVar(&version, "version", 0, "show version `N` instead of the current one")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) != 1 {
				return usagef("show: want one ID, got %d arguments (run 'rostrum show --help')", len(args))
			}
			id, _, _ := strings.Cut(args[0], "#")
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			var doc *transcript.Document
			if version > 0 {
				doc, err = store.DocumentVersion(ctx, id, version)
			} else {
				doc, err = store.Document(ctx, id)
			}
			switch {
			case errors.Is(err, transcript.ErrNotFound) && version > 0:
				return fmt.Errorf("show: %s has no version %d in %s", id, version, displayDSN(e.cfg.DB))
			case errors.Is(err, transcript.ErrNotFound):
				return fmt.Errorf("show: no document %q in %s (rostrum export lists the ids)", id, displayDSN(e.cfg.DB))
			case err != nil:
				return fmt.Errorf("show: %w", err)
			}
			return doc.WriteText(textout.Printable{W: e.stdout})
		},
	}
}
