package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rostrum/rostrum/internal/cli"
	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/textout"
)

// sampleName is the bundled sample page: a real en.kremlin.ru page saved
// as text (President of Russia website, en.kremlin.ru, CC BY 4.0).
const sampleName = "2022-02-10-press-statements-russia-kazakhstan.txt"

//go:embed sample/2022-02-10-press-statements-russia-kazakhstan.txt
var samplePage []byte

func demoCmd() *command {
	var f serveFlags
	return &command{
		Name:    "demo",
		Summary: "load the bundled sample (or your folder of pages) into a temporary archive and serve it",
		Flags:   func(fs *flag.FlagSet, e *env) { f.declare(fs, "127.0.0.1:8080") },
		Run: func(ctx context.Context, e *env, args []string) error {
			return runDemo(ctx, e, args, &f)
		},
	}
}

func runDemo(ctx context.Context, e *env, args []string, f *serveFlags) error {
	undo, err := f.setUp(e)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer undo()
	dir, err := os.MkdirTemp("", "rostrum-demo-")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "rostrum.db")
	if e.dbSet {
		db = e.cfg.DB
	}
	paths := args
	if len(paths) == 0 {
		page := filepath.Join(dir, sampleName)
		if err := os.WriteFile(page, samplePage, 0o644); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		paths = []string{page}
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return usagef("demo: %s: no such file or folder", p)
		}
	}
	store, err := openStore(ctx, db, false)
	if err != nil {
		return err
	}
	defer store.Close()
	cfg := ingest.Config{Formats: ingest.Parsers(parser.Options{}, nil), Workers: e.cfg.Workers, MaxBytes: e.cfg.MaxBytes}
	if err := store.StartBulk(ctx); err != nil {
		return err
	}
	res, err := cli.Ingest(ctx, store, paths, cfg, e.stderr)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := engine.EndBulk(store, res.Inserted+res.Updated, false, e.stderr); err != nil {
		return err
	}
	st, err := store.Stats(ctx)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if st.Documents == 0 {
		return errors.New("demo: no page went in, so there is nothing to serve")
	}
	ln, err := cli.Listen(f.addr, true)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	fmt.Fprintf(e.stdout, "Ingested %s: %s\nThe archive is %s (%s, %s).\n\n",
		describe(args), res.Summary(), displayDSN(db), textout.Plural(st.Documents, "document", "documents"), textout.Plural(st.Turns, "speaker turn", "speaker turns"))
	fmt.Fprintf(e.stdout, "Open %s in a browser. Press Ctrl+C to stop%s.\n\n", cli.SiteURL(ln), removal(e.dbSet))
	return serveArchive(ctx, e, store, ln, f)
}

func describe(args []string) string {
	if len(args) == 0 {
		return "the sample page " + sampleName
	}
	return textout.And(args)
}

func removal(kept bool) string {
	if kept {
		return ""
	}
	return " (the temporary archive is then removed)"
}
