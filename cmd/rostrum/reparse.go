package main

import (
	"context"
	"errors"
	"flag"

	"github.com/rostrum/rostrum/internal/cli"
	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/textout"
)

func reparseCmd() *command {
	var dryRun, list bool
	return &command{
		Name:    "reparse",
		Summary: "re-derive every document from its stored raw page with the current parser",
		Usage: `
Usage: rostrum reparse [--db FILE] [--dry-run] [--list] [--workers N]

Reparse reads every document again from the raw input its current version
was parsed from (kept in the archive), with the parser of this rostrum for
that input's format, so that a parser improvement needs no new crawl. A
Russian document is linked to its English edition again when the two
transcripts line up (English documents are done first). A document that
reads the same is left alone; one that reads differently becomes a new
version, the old one kept in the history. Such a version is recorded as
re-derived (rostrum history's CAUSE column): it is not an edit at the
source, and "Edited N times" on the web site and in history does not
count it. Speaker labels are read again, persons resolved again; the
person registry's overrides (rostrum persons) are kept as they are.

It ends with the counts and what changed, for example

	checked 4210, unchanged 3898, changed 312, failed 0
	312 changed: persons 290, turns 22

where a document counts under every field that differs: url, language,
section, title, lead, date, time, place, published_in, published_at,
taxonomy, media, related, turns (their number), and, when the number of
turns is the same, speakers, persons, roles, paragraphs and notes. A
document whose raw input has no parser, no longer parses, or now reads as
another page is listed on standard error as ID: reason and left as it is;
the exit status is then 1.

--dry-run reports the same without writing anything; --list also prints
each changed document with its fields.

Example:

	rostrum reparse --db archive.db --dry-run --list
	rostrum reparse --db archive.db
`,
		Flags: func(fs *flag.FlagSet, e *env) {
			fs.BoolVar(&dryRun, "dry-run", false, "report what would change; write nothing")
			fs.BoolVar(&list, "list", false, "print each changed document and what changed in it")
			fs.IntVar(&e.cfg.Workers, "workers", e.cfg.Workers, "parse `N` documents at a time; 0 means one per CPU ($ROSTRUM_WORKERS)")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("reparse: unexpected argument %q (run 'rostrum reparse --help')", args[0])
			}
			return runReparse(ctx, e, dryRun, list)
		},
	}
}

func runReparse(ctx context.Context, e *env, dryRun, list bool) error {
	store, err := open(ctx, "reparse", e.cfg.DB, engine.Options{MustExist: true, Write: !dryRun})
	if err != nil {
		return err
	}
	defer store.Close()
	cfg := ingest.ReparseConfig{Formats: ingest.Parsers(parser.Options{}, nil), DryRun: dryRun, Workers: e.cfg.Workers}
	res, runErr := cli.Reparse(ctx, store, cfg, e.stderr)
	if runErr != nil && !errors.Is(runErr, context.Canceled) {
		return runErr
	}
	textout.Reparse(e.stdout, res, list)
	if err := store.Close(); err != nil {
		return err
	}
	if runErr != nil {
		return errors.New("interrupted: the changes counted above are stored; run the same command again for the rest")
	}
	if res.Failed > 0 {
		return errReported
	}
	return nil
}
