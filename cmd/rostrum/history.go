package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rostrum/rostrum/internal/diff"
	"github.com/rostrum/rostrum/internal/transcript"
)

func historyCmd() *command {
	var asJSON bool
	return &command{
		name:    "history",
		summary: "list the stored versions of a document and what changed in each",
		usage: `
Usage: rostrum history [--db FILE] [--json] ID

History lists the versions of document ID that the archive keeps, oldest
first: the version number, when it was stored, the first characters of
its content hash, its turns and paragraphs, where it came from, why it
was stored, and a line saying what changed since the version before it.
'rostrum diff ID' shows those changes word by word. A last line counts
the edits at the source.

Why a version was stored (CAUSE, and "cause" in the JSON):

	first      the document's first version
	edit       the source changed the text or metadata it publishes
	rendering  another rendering of the same content (a text dump, then
	           the HTML): not an edit
	rederived  the same raw input parsed again by a newer parser
	           (rostrum reparse): not an edit
 A document that the crawler fetched
is introduced by its provenance: source URL, edition, when it was first
seen, last changed and last checked, how many fetches, and whether the
source site still has it.

Example:

	rostrum history --db archive.db kremlin.ru/67763
`,
		flags: func(fs *flag.FlagSet, e *env) {
			fs.BoolVar(&asJSON, "json", false, "print JSON instead of a table")
		},
		run: func(ctx context.Context, e *env, args []string) error {
			if len(args) != 1 {
				return usagef("history: want one ID, got %d arguments (run 'rostrum history --help')", len(args))
			}
			id, _, _ := strings.Cut(args[0], "#")
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			versions, err := store.Versions(ctx, id)
			if errors.Is(err, transcript.ErrNotFound) {
				return fmt.Errorf("history: no document %q in %s (rostrum export lists the ids)", id, displayDSN(e.cfg.DB))
			}
			if err != nil {
				return fmt.Errorf("history: %w", err)
			}
			rows, err := historyRows(ctx, store, id, versions)
			if err != nil {
				return fmt.Errorf("history: %w", err)
			}
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(rows)
			}
			if err := writeProvenance(ctx, e.stdout, store, id); err != nil {
				return fmt.Errorf("history: %w", err)
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', 0)
			fmt.Fprintln(tw, "VERSION\tSTORED\tHASH\tTURNS\tPARAGRAPHS\tORIGIN\tCAUSE\tCHANGES")
			for _, r := range rows {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%s\t%s\t%s\n", r.Version, r.Stored.UTC().Format("2006-01-02 15:04 UTC"),
					r.Hash[:min(len(r.Hash), 10)], r.Turns, r.Paragraphs, r.Origin, r.Cause, r.Changes)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			_, err = fmt.Fprintln(e.stdout, editsLine(versions))
			return err
		},
	}
}

// historyRow is one version in rostrum history's table and JSON.
type historyRow struct {
	Version    int       `json:"version"`
	Stored     time.Time `json:"stored_at"`
	Hash       string    `json:"hash"`
	Turns      int       `json:"turns"`
	Paragraphs int       `json:"paragraphs"`
	Origin     string    `json:"origin"`
	Format     string    `json:"format"`
	Cause      string    `json:"cause"`   // why it was stored: first, edit, rendering or rederived
	Edit       bool      `json:"edit"`    // whether it records an edit at the source
	Changes    string    `json:"changes"` // what changed since the version before
}

// editsLine counts a document's edits at the source, and the versions
// that are not.
func editsLine(versions []transcript.Version) string {
	edits := transcript.Edits(versions)
	var line string
	switch edits {
	case 0:
		line = "not edited at the source since first archived"
	case 1:
		line = "edited once at the source since first archived"
	default:
		line = fmt.Sprintf("edited %d times at the source since first archived", edits)
	}
	if other := len(versions) - 1 - edits; other > 0 {
		line += "; " + plural(other, "other version", "other versions") + ", not edits (another rendering or a new parse)"
	}
	return line
}

// historyRows reads every version of a document and compares each with
// the one before.
func historyRows(ctx context.Context, store transcript.Store, id string, versions []transcript.Version) ([]historyRow, error) {
	var rows []historyRow
	var prev *transcript.Document
	for _, v := range versions {
		doc, err := store.DocumentVersion(ctx, id, v.Number)
		if err != nil {
			return nil, fmt.Errorf("version %d of %s: %w", v.Number, id, err)
		}
		r := historyRow{Version: v.Number, Stored: v.StoredAt, Hash: v.Hash, Turns: v.Turns, Paragraphs: v.Paragraph,
			Origin: v.Origin, Format: v.Format, Cause: v.Cause, Edit: v.Edit(), Changes: "first version"}
		if prev != nil {
			r.Changes = diff.Documents(prev, doc).Stats.Summary()
		}
		rows = append(rows, r)
		prev = doc
	}
	return rows, nil
}

// colorOK reports whether output to w may be coloured: a terminal, and
// no NO_COLOR in the environment (https://no-color.org).
func colorOK(w io.Writer) bool {
	return os.Getenv("NO_COLOR") == "" && isTerminal(w)
}

// writeProvenance prints a crawled document's provenance above its
// history; documents that were never fetched (ingested from files) have
// none.
func writeProvenance(ctx context.Context, w io.Writer, log transcript.CrawlLog, id string) error {
	p, err := log.Provenance(ctx, id)
	if errors.Is(err, transcript.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if p.Fetches == 0 {
		return nil
	}
	when := func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
	fmt.Fprintf(w, "source:        %s (%s edition, %s)\n", cmpOr(p.URL, "(no URL)"), p.Edition, p.Language)
	fmt.Fprintf(w, "first seen:    %s\n", when(p.FirstSeen))
	fmt.Fprintf(w, "last changed:  %s\n", when(p.LastChanged))
	fmt.Fprintf(w, "last checked:  %s (%d fetches)\n", when(p.LastChecked), p.Fetches)
	if p.Gone {
		fmt.Fprintf(w, "gone:          the source site answers 404 since %s; the archive keeps it\n", when(p.GoneSince))
	}
	fmt.Fprintln(w)
	return nil
}

func cmpOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
