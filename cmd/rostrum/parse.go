package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"

	"github.com/rostrum/rostrum/internal/cli"
	"github.com/rostrum/rostrum/internal/ingest"
)

func parseCmd() *command {
	return &command{
		Name:    "parse",
		Summary: "print the documents parsed from files as JSON; store nothing",
		Flags:   inputFlags,
		Run:     runParse,
	}
}

func runParse(ctx context.Context, e *env, files []string) error {
	if len(files) == 0 {
		return usagef("parse: no FILE given (run 'rostrum parse --help')")
	}
	reg := pageFormats(e)
	if err := reg.Check(e.cfg.Format); err != nil {
		return usagef("parse: %v", err)
	}
	if err := checkPage(e, "parse"); err != nil {
		return err
	}
	cfg := ingest.Config{Formats: reg, Format: e.cfg.Format, MaxBytes: e.cfg.MaxBytes, Stdin: e.stdin}
	out := bufio.NewWriter(e.stdout)
	failed := false
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		_, docs, err := ingest.ReadInput(ctx, f, cfg)
		if err != nil && ctx.Err() != nil {
			out.Flush()
			return errors.New("interrupted")
		}
		if err != nil {
			fmt.Fprintln(e.stderr, ingest.Message(err))
			failed = true
			continue
		}
		for _, d := range docs {
			b, err := d.Doc.MarshalJSON() // json.Marshal would escape <, > and &
			if err != nil {
				return fmt.Errorf("parse %s: %w", f, err)
			}
			if len(files) == 1 && len(docs) == 1 {
				var indented bytes.Buffer
				if err := json.Indent(&indented, b, "", "  "); err != nil {
					return fmt.Errorf("parse %s: %w", f, err)
				}
				b = indented.Bytes()
			}
			out.Write(b)
			out.WriteByte('\n')
		}
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if failed {
		return errReported
	}
	return nil
}

// inputFlags are the flags of the commands that read pages: parse and ingest.
func inputFlags(fs *flag.FlagSet, e *env) {
	fs.StringVar(&e.cfg.Format, "format", e.cfg.Format, "input `format`: auto (detect from content), kremlin-text, kremlin-html or json ($ROSTRUM_FORMAT)")
	fs.Int64Var(&e.cfg.MaxBytes, "max-bytes", e.cfg.MaxBytes, "refuse inputs larger than this many `bytes` ($ROSTRUM_MAX_BYTES)")
	fs.StringVar(&e.cfg.Page.Date, "date", "", "event `date` (YYYY-MM-DD) for kremlin pages that print none")
	fs.StringVar(&e.cfg.Page.Title, "title", "", "`title` for kremlin pages that print none")
}

// pageFormats is the format registry of parse and ingest: the kremlin
// formats complete pages from cfg.Page and report what a page lacks on
// stderr as "FILE: warning: …".
func pageFormats(e *env) ingest.Formats {
	return ingest.Parsers(e.cfg.Page, cli.Warnings(e.stderr))
}

// checkPage checks --date.
func checkPage(e *env, cmd string) error {
	if err := e.cfg.Page.Check(); err != nil {
		return usagef("%s: --%v", cmd, err)
	}
	return nil
}
