package textout

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/verify"
)

// verdictText says what each verdict means.
var verdictText = map[string]string{
	verify.Exact:    "the source's words, in its order",
	verify.Close:    "small differences of wording, none in a figure, a name or a negation",
	verify.Altered:  "a figure, a name or a negation differs",
	verify.NotFound: "no turn of the archive holds enough of this quote",
}

// Verify prints a verification for reading: the verdict, the
// source, the diff (deleted words [-so-], inserted {+so+}, in red and
// green on a terminal), the reasons, the history, the twin and the
// alternatives.
func Verify(w io.Writer, res *verify.Result, took time.Duration, tty bool) {
	fmt.Fprintf(w, "%s: %s (similarity %.2f, %s compared, %s)\n", strings.ToUpper(res.Verdict), verdictText[res.Verdict], res.Similarity,
		Plural(res.Candidates, "turn", "turns"), took.Round(time.Millisecond))
	m := res.Match
	if m == nil {
		return
	}
	fmt.Fprintf(w, "\nsource:  %s\n", matchLine(m))
	if m.Title != "" {
		fmt.Fprintf(w, "         %s\n", Escape(m.Title))
	}
	if m.URL != "" {
		fmt.Fprintf(w, "         %s\n", Escape(m.URL))
	}
	fmt.Fprintf(w, "\nsaid:    %s\n", Escape(strings.Join(strings.Fields(m.Text), " ")))
	if res.Verdict != verify.Exact {
		fmt.Fprintf(w, "diff:    %s\n", diffLine(res.Diff, tty))
	}
	for _, r := range res.Reasons {
		fmt.Fprintf(w, "         - %s\n", Escape(r))
	}
	if h := res.History; h != nil {
		switch {
		case h.EditedSince:
			fmt.Fprintf(w, "edited:  yes: the quote matches version %d; the current version is %d\n", m.Version, h.Current)
		case h.TextChanged:
			fmt.Fprintf(w, "edited:  the matched text reads differently in another of the %d versions ('rostrum diff %s')\n", h.Versions, m.DocID)
		case h.Versions > 1:
			fmt.Fprintf(w, "edited:  no: the matched text reads the same in all %d versions\n", h.Versions)
		default:
			fmt.Fprintln(w, "edited:  no: the archive has one version")
		}
	}
	if t := res.Twin; t != nil {
		fmt.Fprintf(w, "edition: %s\n", matchLine(t))
	}
	if len(res.Alternatives) > 0 {
		fmt.Fprintln(w, "\nalso in:")
		for _, a := range res.Alternatives {
			fmt.Fprintf(w, "  %-9s %.2f  %s\n", a.Verdict, a.Similarity, matchLine(&a.Match))
		}
	}
}

// matchLine is a turn's permalink, speaker, date and version.
func matchLine(m *verify.Match) string {
	parts := []string{Escape(m.Permalink)}
	if m.Speaker != "" {
		parts = append(parts, Escape(m.Speaker))
	}
	if m.Date != "" {
		parts = append(parts, m.Date)
	}
	if m.Language != "" {
		parts = append(parts, m.Language)
	}
	if m.Version > 0 {
		v := fmt.Sprintf("version %d", m.Version)
		if m.StoredAt != "" {
			v += " stored " + m.StoredAt
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, " · ")
}

// diffLine writes a diff as wdiff does, marking the kind of a
// significant difference: [-25-]{+27+}(figure).
func diffLine(ops []verify.Op, tty bool) string {
	var b strings.Builder
	for i, op := range ops {
		r, _ := utf8.DecodeRuneInString(op.Text)
		if i > 0 && !(op.Op == verify.OpInsert && ops[i-1].Op == verify.OpDelete) && !strings.ContainsRune("%.,;:!?)]»”’…", r) {
			b.WriteByte(' ')
		}
		text := Escape(strings.Join(strings.Fields(op.Text), " "))
		switch op.Op {
		case verify.OpEqual:
			b.WriteString(text)
			continue
		case verify.OpDelete:
			if tty {
				b.WriteString("\x1b[31m")
			}
			b.WriteString("[-" + text + "-]")
		case verify.OpInsert:
			if tty {
				b.WriteString("\x1b[32m")
			}
			b.WriteString("{+" + text + "+}")
		}
		if tty {
			b.WriteString("\x1b[0m")
		}
		if op.Kind != "" && (op.Op == verify.OpInsert || i+1 == len(ops) || ops[i+1].Op != verify.OpInsert) {
			b.WriteString("(" + op.Kind + ")")
		}
	}
	return b.String()
}
