package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/transcript"
)

func showCmd() *command {
	var version int
	return &command{
		name:    "show",
		summary: "print a stored document as text",
		usage: `
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
		flags: func(fs *flag.FlagSet, e *env) {
			fs.IntVar(&version, "version", 0, "show version `N` instead of the current one")
		},
		run: func(ctx context.Context, e *env, args []string) error {
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
			return doc.WriteText(printable{e.stdout})
		},
	}
}

// printable writes text with what a terminal would obey, rather than show,
// escaped (see escape). The archive's text holds no control characters
// (the parsers drop them) unless it was stored before they did.
type printable struct{ w io.Writer }

func (p printable) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, escape(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}

// escape returns s with each character that is neither graphic nor a
// newline or tab (ESC, BEL, C1 controls, bidirectional overrides, invalid
// UTF-8) written as a Go escape, \x1b or \u202e: printed raw, they would
// retitle or redraw the reader's terminal, or reorder what it shows.
func escape(s string) string {
	clean := true
	for _, r := range s {
		if !shown(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case shown(r):
			b.WriteString(s[i : i+n])
		case r < 0x80:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
		i += n
	}
	return b.String()
}

// shown reports whether a terminal shows r as itself.
func shown(r rune) bool {
	return r == '\n' || r == '\t' || r != utf8.RuneError && unicode.IsGraphic(r)
}
