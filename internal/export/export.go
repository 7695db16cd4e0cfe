// Package export writes a whole archive out: as JSON Lines of canonical
// documents (what rostrum parse prints, so that ingest reads it back), as
// CSV of turns (the layout of package turncsv, the web's too), or as one
// TEI corpus; and writes a file whole or not at all.
package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/qa"
	"github.com/rostrum/rostrum/internal/tei"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/turncsv"
)

// Source is what an export reads of an archive: every current document,
// and for TEI the persons under the archive's person registry.
type Source interface {
	Documents(ctx context.Context) iter.Seq2[*transcript.Document, error]
	archive.PersonSource
}

// JSONL writes one canonical JSON document per line. It uses
// MarshalJSON directly: json.Marshal would escape <, > and & and the
// output would no longer be byte for byte what parse prints.
func JSONL(ctx context.Context, src Source, w io.Writer) error {
	for doc, err := range src.Documents(ctx) {
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

// CSV writes a header row and then one row per turn, in the layout
// of package turncsv (the web's /export.csv has the same): for a
// spreadsheet (excel) behind a UTF-8 byte order mark, with formula cells
// neutralised. base, the site's address, fills the url column.
func CSV(ctx context.Context, src Source, w io.Writer, excel bool, base string) error {
	cw := turncsv.NewWriter(w, excel)
	for d, err := range src.Documents(ctx) {
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

// ToFile runs fill on a buffered writer to stdout, or to the file
// path. A file is written beside its final name and renamed into place on
// success, so a failed export never leaves a truncated file behind.
func ToFile(path string, stdout io.Writer, fill func(io.Writer) error) error {
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

// TEI writes the archive as one teiCorpus, its persons under the
// archive's person registry.
func TEI(ctx context.Context, src Source, w io.Writer) error {
	people, err := archive.LoadPeople(ctx, src)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	h := tei.Header{Title: "Rostrum archive of kremlin.ru transcripts", Date: time.Now().UTC().Format(time.DateOnly)}
	err = tei.WriteCorpus(w, h, people.Registry, func() iter.Seq2[*transcript.Document, error] { return src.Documents(ctx) })
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
