package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/cite"
	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
)

// citeJSON is what cite --json prints: the API's answer.
type citeJSON struct {
	Style        string `json:"style"`
	Text         string `json:"text"`
	ID           string `json:"id"`
	Turn         int    `json:"turn,omitempty"`
	Version      int    `json:"version"`
	Permalink    string `json:"permalink,omitempty"`
	Accessed     string `json:"accessed,omitempty"`
	AccessedFrom string `json:"accessed_from,omitempty"`
}

// turnFragment is a permalink's turn: #t4.
var turnFragment = regexp.MustCompile(`^t([1-9][0-9]{0,8})$`)

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
			id, frag, hasFrag := strings.Cut(args[0], "#")
			turn := 0
			if hasFrag {
				m := turnFragment.FindStringSubmatch(frag)
				if m == nil {
					return usagef("cite: %q does not name a turn: write ID#tN, as in kremlin.ru/67763#t4", args[0])
				}
				turn, _ = strconv.Atoi(m[1])
			}
			if id == "" || strings.ContainsAny(id, " \t\n") {
				return usagef("cite: %q is not a document id: ids look like kremlin.ru/67763 or en.kremlin.ru/67763", args[0])
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
			if !asJSON {
				_, err = fmt.Fprintln(e.stdout, textout.Escape(strings.TrimSuffix(text, "\n")))
				return err
			}
			out := citeJSON{Style: style, Text: text, ID: id, Turn: turn, Version: version, Permalink: w.Permalink, AccessedFrom: w.AccessedFrom}
			if !w.Accessed.IsZero() {
				out.Accessed = w.Accessed.UTC().Format(time.RFC3339)
			}
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		},
	}
}
