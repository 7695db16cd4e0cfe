package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/transcript"
)

// sampleName is the bundled sample page: a real en.kremlin.ru page saved
// as text (President of Russia website, en.kremlin.ru, CC BY 4.0).
const sampleName = "2022-02-10-press-statements-russia-kazakhstan.txt"

//go:embed sample/2022-02-10-press-statements-russia-kazakhstan.txt
var samplePage []byte

func demoCmd() *command {
	return &command{
		name:    "demo",
		summary: "load the bundled sample page into a temporary archive and show it",
		usage: `
Usage: rostrum demo [--db FILE]

Demo is the first command to try. It ingests the bundled sample page (the
press statements following the Russia-Kazakhstan talks of 10 February 2022,
from en.kremlin.ru) into a fresh archive in a temporary folder, or into
--db when given, prints the document's text version and the archive's
statistics, and says what to try next. The web site and search come in a
later issue.

Example:

	rostrum demo
	go run ./cmd/rostrum demo
`,
		run: runDemo,
	}
}

func runDemo(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("demo: unexpected argument %q (run 'rostrum demo --help')", args[0])
	}
	dir, err := os.MkdirTemp("", "rostrum-demo-")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	db := filepath.Join(dir, "rostrum.db")
	if e.dbSet {
		db = e.cfg.DB
	}
	page := filepath.Join(dir, sampleName)
	if err := os.WriteFile(page, samplePage, 0o644); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	store, err := openStore(ctx, db, false)
	if err != nil {
		return err
	}
	defer store.Close()
	res, err := ingest.Run(ctx, store, []string{page}, ingest.Config{Formats: formats()})
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	for _, f := range res.Failures {
		fmt.Fprintln(e.stderr, ingest.Message(f))
	}
	if res.Failed > 0 {
		return errors.New("demo: the sample page did not go in")
	}
	var doc *transcript.Document
	for d, err := range store.Documents(ctx) {
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		if doc == nil || d.Title == "Press statements following Russia-Kazakhstan talks" {
			doc = d
		}
	}
	if doc == nil {
		return errors.New("demo: the archive is empty after ingesting the sample")
	}
	st, err := store.Stats(ctx)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	w := e.stdout
	fmt.Fprintf(w, "Ingested the sample page %s: %s\n\n", sampleName, res.Summary())
	fmt.Fprintf(w, "──── rostrum show %s ────\n\n", doc.ID)
	if err := doc.WriteText(w); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n──── rostrum stats ────\n\n")
	if err := writeStats(w, st); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, `
The archive is %[1]s, one SQLite file. The sample page is %[4]s.
Try next:

	rostrum show   --db %[1]s %[3]s
	rostrum parse  %[4]s
	rostrum export --db %[1]s --format csv
	rostrum stats  --db %[1]s --json
	rostrum ingest --db %[1]s YOUR-PAGES/

Search and the web site come in later issues. When done: rm -r %[2]s
`, db, dir, doc.ID, page)
	return err
}
