package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
)

func parseCmd() *command {
	return &command{
		name:    "parse",
		summary: "print the documents parsed from files as JSON; store nothing",
		usage: `
Usage: rostrum parse [--format auto|kremlin-text|kremlin-html|json] FILE...

Parse prints each document read from the files as Rostrum's canonical JSON
(the form of export and the JSON API): one indented object for one file,
JSON Lines (one document per line, in argument order) for several files or
for a JSON Lines input. "-" reads standard input. It stores nothing.

A file that cannot be parsed is reported on stderr as FILE:LINE: reason and
skipped; the exit status is then 1.

Example:

	rostrum parse pages/2022-02-10-press-statements.txt
	rostrum parse --format kremlin-html 67763.html 67764.html > docs.jsonl
`,
		flags: func(fs *flag.FlagSet, e *env) {
			fs.StringVar(&e.cfg.Format, "format", e.cfg.Format, "input `format`: auto (detect from content), kremlin-text, kremlin-html or json ($ROSTRUM_FORMAT)")
			fs.Int64Var(&e.cfg.MaxBytes, "max-bytes", e.cfg.MaxBytes, "refuse inputs larger than this many `bytes` ($ROSTRUM_MAX_BYTES)")
		},
		run: runParse,
	}
}

func runParse(ctx context.Context, e *env, files []string) error {
	if len(files) == 0 {
		return usagef("parse: no FILE given (run 'rostrum parse --help')")
	}
	reg := formats()
	if err := reg.Check(e.cfg.Format); err != nil {
		return &usageError{"parse: " + err.Error()}
	}
	var docs [][]*transcript.Document
	failed := false
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		var got []*transcript.Document
		data, err := ingest.Load(f, e.stdin, e.cfg.MaxBytes)
		if err == nil {
			_, err = reg.Decode(e.cfg.Format, data, f, func(doc *transcript.Document, _ int, _ []byte) error {
				got = append(got, doc)
				return nil
			})
		}
		if err == nil {
			for _, d := range got {
				if err = d.Validate(); err != nil {
					break
				}
			}
		}
		if err != nil {
			fmt.Fprintln(e.stderr, ingest.Message(asParseError(f, err)))
			failed = true
			continue
		}
		docs = append(docs, got)
	}
	var all []*transcript.Document
	for _, ds := range docs {
		all = append(all, ds...)
	}
	if len(files) == 1 && len(all) == 1 {
		b, err := all[0].MarshalJSON()
		if err != nil {
			return fmt.Errorf("parse: %w", err)
		}
		var out bytes.Buffer
		if err := json.Indent(&out, b, "", "  "); err != nil {
			return fmt.Errorf("parse: %w", err)
		}
		out.WriteByte('\n')
		if _, err := out.WriteTo(e.stdout); err != nil {
			return err
		}
	} else {
		var b strings.Builder
		for _, d := range all {
			line, err := d.MarshalJSON() // json.Marshal would escape <, > and &
			if err != nil {
				return fmt.Errorf("parse: %w", err)
			}
			b.Write(line)
			b.WriteByte('\n')
		}
		if _, err := fmt.Fprint(e.stdout, b.String()); err != nil {
			return err
		}
	}
	if failed {
		return errReported
	}
	return nil
}

// asParseError gives err a source, so that it prints as FILE:LINE: reason.
func asParseError(source string, err error) error {
	var pe *parser.ParseError
	if errors.As(err, &pe) {
		return err
	}
	return &parser.ParseError{Source: source, Err: err}
}
