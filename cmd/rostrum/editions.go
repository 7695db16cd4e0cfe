package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/rostrum/rostrum/internal/editions"
	"github.com/rostrum/rostrum/internal/textout"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/twins"
)

func editionsCmd() *command {
	var divergent, asJSON bool
	return &command{
		name:    "editions",
		summary: "line up the English and Russian editions of an event, and report where they differ",
		usage: `
Usage: rostrum editions [--db FILE] [--json] ID
       rostrum editions [--db FILE] --divergent [--json] [ID...]

kremlin.ru/N and en.kremlin.ru/N are the two editions of one event.
Editions ID prints their turns side by side, in order, with a turn that
one edition lacks (a remark left out of the translation, a question the
English site dropped) on a line of its own. The turns are lined up by
what the editions share whatever their language: the kind of speaker,
the speaker's surname (Путин is Putin), the figures quoted (compared
after normalisation: "3,2 млрд долларов" is "US$3.2 billion") and the
length of the text. ID may name either edition.

--divergent reports, for every pair of editions in the archive (or for
the events of the IDs given), each turn missing from one edition
("missing_turn") and each pair of lined-up turns whose figures differ
("number"; both turns must quote figures). With --json it prints JSON
Lines: {"id", "kind", "en": {"turn", "text"} or null, "ru": {…} or
null, "figures": [the figures without an equal]}.

A document without a twin in the archive has nothing to line up: editions
ID prints nothing (with --json, "turns": []) and says so on standard
error, and --divergent skips it. An unknown ID is an error (exit 2).

Example:

	rostrum editions --db archive.db en.kremlin.ru/67763
	rostrum editions --db archive.db --divergent --json > divergent.jsonl
`,
		flags: func(fs *flag.FlagSet, e *env) {
			fs.BoolVar(&divergent, "divergent", false, "report where the editions differ, for every pair or the IDs given")
			fs.BoolVar(&asJSON, "json", false, "print JSON (JSON Lines with --divergent)")
		},
		run: func(ctx context.Context, e *env, args []string) error {
			if !divergent && len(args) != 1 {
				return usagef("editions: want one document ID, or --divergent (run 'rostrum editions --help')")
			}
			store, err := openArchive(ctx, e.cfg, true)
			if err != nil {
				return err
			}
			defer store.Close()
			// pairOf loads both editions of id's event, English first.
			// pairOf loads both editions of id's event, English first; the
			// other edition is nil when the archive has none (or id names no
			// page number, as a content hash does). Only an unknown id is an
			// error.
			pairOf := func(id string) (en, ru *transcript.Document, err error) {
				doc, err := store.Document(ctx, id)
				if errors.Is(err, transcript.ErrNotFound) {
					return nil, nil, usagef("editions: no document %q in %s (rostrum list shows the ids)", id, displayDSN(e.cfg.DB))
				} else if err != nil {
					return nil, nil, fmt.Errorf("editions: %w", err)
				}
				var other *transcript.Document
				if twin, ok := twins.TwinID(id); ok {
					if other, err = store.Document(ctx, twin); errors.Is(err, transcript.ErrNotFound) {
						other = nil
					} else if err != nil {
						return nil, nil, fmt.Errorf("editions: %w", err)
					}
				}
				if doc.Language == "ru" {
					return other, doc, nil
				}
				return doc, other, nil
			}
			number := func(id string) string { return id[strings.LastIndexByte(id, '/')+1:] }
			enc := json.NewEncoder(e.stdout)
			enc.SetEscapeHTML(false)

			if !divergent {
				en, ru, err := pairOf(args[0])
				if err != nil {
					return err
				}
				if en == nil || ru == nil {
					// A document without a twin: nothing to line up.
					fmt.Fprintf(e.stderr, "editions: the archive has no other edition of %s\n", args[0])
					if asJSON {
						id := func(d *transcript.Document) *string {
							if d == nil {
								return nil
							}
							return &d.ID
						}
						enc.SetIndent("", "  ")
						return enc.Encode(map[string]any{"en": id(en), "ru": id(ru), "turns": []any{}})
					}
					return nil
				}
				pairs := editions.Align(en, ru)
				if asJSON {
					type side struct {
						Turn    int    `json:"turn"`
						Speaker string `json:"speaker"`
						Person  string `json:"person"`
						Text    string `json:"text"`
					}
					conv := func(t *transcript.Turn) *side {
						if t == nil {
							return nil
						}
						return &side{t.Index, t.Speaker, t.Person, strings.Join(t.Paragraphs, "\n\n")}
					}
					rows := make([]map[string]*side, 0, len(pairs))
					for _, p := range pairs {
						rows = append(rows, map[string]*side{"en": conv(p.EN), "ru": conv(p.RU)})
					}
					enc.SetIndent("", "  ")
					return enc.Encode(map[string]any{"en": en.ID, "ru": ru.ID, "turns": rows})
				}
				fmt.Fprintf(e.stdout, "%s  ↔  %s\n", en.ID, ru.ID)
				for _, p := range pairs {
					cell := func(t *transcript.Turn) string {
						if t == nil {
							return "(not in this edition)"
						}
						return fmt.Sprintf("t%d %s: %s", t.Index, t.Speaker, textout.OneLine(strings.Join(t.Paragraphs, " "), 60))
					}
					fmt.Fprintf(e.stdout, "  %-90s | %s\n", textout.Escape(cell(p.EN)), textout.Escape(cell(p.RU)))
				}
				return nil
			}

			seen := map[string]bool{}
			report := func(en, ru *transcript.Document) error {
				for _, d := range editions.Divergent(number(en.ID), en, ru) {
					if asJSON {
						if err := enc.Encode(d); err != nil {
							return err
						}
						continue
					}
					turn := func(s *editions.Side) string {
						if s == nil {
							return "—"
						}
						return fmt.Sprintf("t%d", s.Turn)
					}
					what := "missing turn"
					if d.Kind == editions.Number {
						what = "figures differ: " + strings.Join(d.Figures, "; ")
					}
					fmt.Fprintf(e.stdout, "%s  en %s  ru %s  %s\n", d.ID, turn(d.EN), turn(d.RU), textout.Escape(what))
				}
				return nil
			}
			if len(args) > 0 {
				for _, id := range args {
					en, ru, err := pairOf(id)
					if err != nil {
						return err
					}
					if en != nil && ru != nil && !seen[en.ID] {
						seen[en.ID] = true
						if err := report(en, ru); err != nil {
							return err
						}
					}
				}
				return nil
			}
			for doc, err := range store.Documents(ctx) {
				if err != nil {
					return fmt.Errorf("editions: %w", err)
				}
				twin, ok := twins.TwinID(doc.ID)
				if !ok || doc.Language != "en" {
					continue
				}
				ru, err := store.Document(ctx, twin)
				if errors.Is(err, transcript.ErrNotFound) {
					continue
				} else if err != nil {
					return fmt.Errorf("editions: %w", err)
				}
				if err := report(doc, ru); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
