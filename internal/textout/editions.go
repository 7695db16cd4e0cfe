package textout

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/rostrum/rostrum/internal/editions"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Editions prints two editions lined up, turn by turn, side by side; with
// asJSON one indented object {"en", "ru", "turns": [{"en", "ru"}]}. Either
// edition may be nil (the archive lacks it): then there are no turns.
func Editions(w io.Writer, en, ru *transcript.Document, asJSON bool) error {
	var pairs []editions.Pair
	if en != nil && ru != nil {
		pairs = editions.Align(en, ru)
	}
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
		id := func(d *transcript.Document) *string {
			if d == nil {
				return nil
			}
			return &d.ID
		}
		rows := make([]map[string]*side, 0, len(pairs))
		for _, p := range pairs {
			rows = append(rows, map[string]*side{"en": conv(p.EN), "ru": conv(p.RU)})
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if en == nil || ru == nil {
			return enc.Encode(map[string]any{"en": id(en), "ru": id(ru), "turns": []any{}})
		}
		return enc.Encode(map[string]any{"en": en.ID, "ru": ru.ID, "turns": rows})
	}
	if en == nil || ru == nil {
		return nil
	}
	fmt.Fprintf(w, "%s  ↔  %s\n", en.ID, ru.ID)
	cell := func(t *transcript.Turn) string {
		if t == nil {
			return "(not in this edition)"
		}
		return fmt.Sprintf("t%d %s: %s", t.Index, t.Speaker, OneLine(strings.Join(t.Paragraphs, " "), 60))
	}
	for _, p := range pairs {
		if _, err := fmt.Fprintf(w, "  %-90s | %s\n", Escape(cell(p.EN)), Escape(cell(p.RU))); err != nil {
			return err
		}
	}
	return nil
}

// Divergences prints where two editions differ, one a line: the turns
// and what differs (JSON Lines of editions.Divergence with asJSON).
func Divergences(w io.Writer, ds []editions.Divergence, asJSON bool) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	turn := func(s *editions.Side) string {
		if s == nil {
			return "—"
		}
		return fmt.Sprintf("t%d", s.Turn)
	}
	for _, d := range ds {
		if asJSON {
			if err := enc.Encode(d); err != nil {
				return err
			}
			continue
		}
		what := "missing turn"
		if d.Kind == editions.Number {
			what = "figures differ: " + strings.Join(d.Figures, "; ")
		}
		if _, err := fmt.Fprintf(w, "%s  en %s  ru %s  %s\n", d.ID, turn(d.EN), turn(d.RU), Escape(what)); err != nil {
			return err
		}
	}
	return nil
}
