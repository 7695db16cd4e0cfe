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
