package diff

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// ANSI colours for a terminal.
const (
	red   = "\x1b[31m"
	green = "\x1b[32m"
	cyan  = "\x1b[36m"
	bold  = "\x1b[1m"
	reset = "\x1b[0m"
)

// WriteText writes the diff as text in the manner of a unified diff:
// changed header fields, then each changed, added or removed turn under
// an "@@ turn OLD → NEW · Speaker @@" line, its paragraphs marked " "
// (unchanged), "~" (changed), "+" (added) or "-" (removed), and the
// words of a changed paragraph marked [-removed-]{+added+}. Runs of
// unchanged turns are collapsed to one line, and so are the unchanged
// paragraphs of a changed turn but for one on each side of a change. With color, the marks are
// coloured too, for a terminal; without, the text reads the same.
func (d *Diff) WriteText(w io.Writer, color bool) error {
	bw := bufio.NewWriter(w)
	paint := func(c, s string) string {
		if !color || s == "" {
			return s
		}
		return c + s + reset
	}
	version := func(n int, side string) string {
		if n == 0 {
			return side
		}
		return fmt.Sprintf("version %d", n)
	}
	fmt.Fprintln(bw, paint(bold, "--- "+d.ID+" ("+version(d.From, "old")+")"))
	fmt.Fprintln(bw, paint(bold, "+++ "+d.ID+" ("+version(d.To, "new")+")"))
	fmt.Fprintln(bw, d.Stats.Summary())
	words := func(spans []Span) string {
		var b strings.Builder
		for _, s := range spans {
			switch s.Op {
			case Removed:
				b.WriteString(paint(red, "[-"+s.Text+"-]"))
			case Added:
				b.WriteString(paint(green, "{+"+s.Text+"+}"))
			default:
				b.WriteString(s.Text)
			}
		}
		return b.String()
	}
	for _, f := range d.Fields {
		if !f.Changed {
			continue
		}
		switch {
		case f.Words != nil:
			fmt.Fprintf(bw, "%s: %s\n", f.Name, words(f.Words))
		default:
			var items []string
			for _, s := range f.Removed {
				items = append(items, paint(red, "[-"+s+"-]"))
			}
			for _, s := range f.Added {
				items = append(items, paint(green, "{+"+s+"+}"))
			}
			if len(items) == 0 { // the same items in another order
				items = append(items, paint(red, "[-"+f.Old+"-]"), paint(green, "{+"+f.New+"+}"))
			}
			fmt.Fprintf(bw, "%s: %s\n", f.Name, strings.Join(items, " "))
		}
	}
	// A run of unchanged turns, by their numbers in the old and the new
	// version.
	type span struct{ o0, o1, n0, n1 int }
	var same *span
	flushSame := func() {
		if same == nil {
			return
		}
		s := *same
		same = nil
		nums := func(a, b int) string {
			if a == b {
				return fmt.Sprint(a)
			}
			return fmt.Sprintf("%d–%d", a, b)
		}
		what := "turn"
		if s.n1 > s.n0 {
			what = "turns"
		}
		if s.o0 == s.n0 {
			fmt.Fprintf(bw, "  (%s %s unchanged)\n", what, nums(s.n0, s.n1))
		} else {
			fmt.Fprintf(bw, "  (%s %s → %s unchanged)\n", what, nums(s.o0, s.o1), nums(s.n0, s.n1))
		}
	}
	for _, t := range d.Turns {
		if t.Op == Equal {
			if same == nil {
				same = &span{t.Old, t.Old, t.New, t.New}
			}
			same.o1, same.n1 = t.Old, t.New
			continue
		}
		flushSame()
		var head string
		switch t.Op {
		case Added:
			head = fmt.Sprintf("@@ + turn %d · %s @@", t.New, label(t.NewSpeaker))
		case Removed:
			head = fmt.Sprintf("@@ - turn %d · %s @@", t.Old, label(t.OldSpeaker))
		default:
			who := label(t.NewSpeaker)
			if t.SpeakerChanged {
				who = "speaker " + words(Words(label(t.OldSpeaker), label(t.NewSpeaker)))
			}
			head = fmt.Sprintf("@@ turn %d → %d · %s @@", t.Old, t.New, who)
		}
		fmt.Fprintln(bw, paint(cyan, head))
		// Unchanged paragraphs are context: the one before and the one
		// after a change are shown, longer runs are collapsed to a line.
		near := func(i int) bool {
			for _, j := range []int{i - 1, i + 1} {
				if j >= 0 && j < len(t.Paragraphs) && t.Paragraphs[j].Op != Equal {
					return true
				}
			}
			return false
		}
		var hidden []ParagraphDiff
		flushHidden := func() {
			switch len(hidden) {
			case 0:
			case 1: // a line for a line
				fmt.Fprintln(bw, "  "+joinSpans(hidden[0].Words))
			default:
				fmt.Fprintf(bw, "  (%s unchanged)\n", plural(len(hidden), "paragraph", "paragraphs"))
			}
			hidden = hidden[:0]
		}
		for i, p := range t.Paragraphs {
			if p.Op == Equal && !near(i) {
				hidden = append(hidden, p)
				continue
			}
			flushHidden()
			switch p.Op {
			case Added:
				fmt.Fprintln(bw, paint(green, "+ "+joinSpans(p.Words)))
			case Removed:
				fmt.Fprintln(bw, paint(red, "- "+joinSpans(p.Words)))
			case Changed:
				fmt.Fprintln(bw, "~ "+words(p.Words))
			default:
				fmt.Fprintln(bw, "  "+joinSpans(p.Words))
			}
		}
		flushHidden()
	}
	flushSame()
	return bw.Flush()
}

func joinSpans(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.Text)
	}
	return b.String()
}

// label is a turn's speaker as the text shows it.
func label(speaker string) string {
	if speaker == "" {
		return "(no speaker)"
	}
	return speaker
}
