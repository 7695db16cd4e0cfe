package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/rostrum/rostrum/internal/cite"
	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
)

func citeCmd() *command {
	var (
		style   string
		version int
		baseURL string
		asJSON  bool
	)
	return &command{
		Name:    "cite",
		Summary: "format a reference to a document or a turn (Chicago, APA, MLA, BibTeX, RIS)",
		Usage: `
Usage: rostrum cite [--db FILE] [--style STYLE] [--version N] [--base-url URL] [--json] ID[#tN]

Cite prints a reference to the document ID, or to its turn N when the id
ends in #tN (a turn's permalink, as search and export print it), in one
of the styles chicago (the default), apa, mla, bibtex and ris.

The author of a turn is its speaker, under the name the person registry
shows (the label as printed is kept in a note); an anonymous speaker
("Question") and a whole document have the site as author, the President
of Russia. The source is the President of Russia website, with the page's
URL and its licence, CC BY 4.0. The accessed date is the time of the fetch
that stored the version cited, or, when the archive recorded no fetch of
it (a page ingested from a file), when the version was stored; --json
says which ("accessed_from": "fetch" or "stored"). The reference names
the version (the current one, or --version N), with its permalink on the
site at --base-url ($ROSTRUM_BASE_URL), or else its id and number.

Example:

	rostrum cite --db archive.db 'kremlin.ru/67763#t4'
	rostrum cite --db archive.db --style bibtex --base-url https://rostrum.example.org en.kremlin.ru/67763
`,
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.StringVar(&style, "style", cite.Chicago, "the citation `style`: "+strings.Join(cite.Styles, ", "))
			fs.IntVar(&version, "version", 0, "cite version `N` instead of the current one")
			fs.StringVar(&baseURL, "base-url", os.Getenv("ROSTRUM_BASE_URL"), "the site's public `URL`, for the permalink ($ROSTRUM_BASE_URL)")
			fs.BoolVar(&asJSON, "json", false, "print JSON: the style, the text, the permalink and the accessed date and what it is")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) != 1 {
				return usagef("cite: want one ID, got %d arguments (run 'rostrum cite --help')", len(args))
			}
			style = strings.ToLower(style)
			if !cite.ValidStyle(style) {
				return usagef("cite: unknown style %q; the styles are %s", style, strings.Join(cite.Styles, ", "))
			}
			if version < 0 {
				return usagef("cite: --version must be 1 or more, not %d", version)
			}
			id, turn, err := cite.ParseRef(args[0])
			if err != nil {
				return usagef("cite: %s", err)
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			w, err := cite.Load(ctx, store, id, turn, version, baseURL)
			var ve *cite.VersionError
			switch {
			case errors.Is(err, transcript.ErrNotFound):
				return fmt.Errorf("cite: no document %q in %s (rostrum export lists the ids)", id, displayDSN(e.cfg.DB))
			case errors.As(err, &ve):
				return fmt.Errorf("cite: %s has no version %d in %s; it has %d", id, ve.Version, displayDSN(e.cfg.DB), ve.Count)
			case err != nil:
				return fmt.Errorf("cite: %w", err)
			}
			version, doc := w.Version, w.Doc
			text, err := cite.Format(style, w)
			if errors.Is(err, transcript.ErrNotFound) {
				return fmt.Errorf("cite: version %d of %s has no turn %d; it has %d", version, id, turn, len(doc.Turns))
			} else if err != nil {
				return fmt.Errorf("cite: %w", err)
			}
			return textout.Citation(e.stdout, style, text, id, w, asJSON)
		},
	}
}
