package textout

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/rostrum/rostrum/internal/diff"
	"github.com/rostrum/rostrum/internal/transcript"
)

// HistoryRow is one version in rostrum history's table and JSON.
type HistoryRow struct {
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

// EditsLine counts a document's edits at the source, and the versions
// that are not.
func EditsLine(versions []transcript.Version) string {
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
		line += "; " + Plural(other, "other version", "other versions") + ", not edits (another rendering or a new parse)"
	}
	return line
}

// HistoryRows reads every version of a document and compares each with
// the one before.
func HistoryRows(ctx context.Context, store transcript.Store, id string, versions []transcript.Version) ([]HistoryRow, error) {
	var rows []HistoryRow
	var prev *transcript.Document
	for _, v := range versions {
		doc, err := store.DocumentVersion(ctx, id, v.Number)
		if err != nil {
			return nil, fmt.Errorf("version %d of %s: %w", v.Number, id, err)
		}
		r := HistoryRow{Version: v.Number, Stored: v.StoredAt, Hash: v.Hash, Turns: v.Turns, Paragraphs: v.Paragraph,
			Origin: v.Origin, Format: v.Format, Cause: v.Cause, Edit: v.Edit(), Changes: "first version"}
		if prev != nil {
			r.Changes = diff.Documents(prev, doc).Stats.Summary()
		}
		rows = append(rows, r)
		prev = doc
	}
	return rows, nil
}

// Provenance prints a crawled document's provenance above its
// history; documents that were never fetched (ingested from files) have
// none.
func Provenance(ctx context.Context, w io.Writer, log transcript.CrawlLog, id string) error {
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

// History prints a document's versions as a table, and how many of them
// are edits at the source.
func History(w io.Writer, rows []HistoryRow, versions []transcript.Version) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tSTORED\tHASH\tTURNS\tPARAGRAPHS\tORIGIN\tCAUSE\tCHANGES")
	for _, r := range rows {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%s\t%s\t%s\n", r.Version, r.Stored.UTC().Format("2006-01-02 15:04 UTC"),
			r.Hash[:min(len(r.Hash), 10)], r.Turns, r.Paragraphs, r.Origin, r.Cause, r.Changes)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, EditsLine(versions))
	return err
}
