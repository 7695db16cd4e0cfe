// Package textout is what the command line prints for people to read:
// search results, verifications, trends, concordances, figures, persons,
// histories and statistics as aligned plain text (bold and colour only
// on a terminal), the archive's text escaped so that it cannot steer the
// terminal, and the one-line progress bars of long commands.
package textout

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Printable writes text with what a terminal would obey, rather than show,
// escaped (see Escape). The archive's text holds no control characters
// (the parsers drop them) unless it was stored before they did.
type Printable struct{ W io.Writer }

func (p Printable) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.W, Escape(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}

// Escape returns s with each character that is neither graphic nor a
// newline or tab (ESC, BEL, C1 controls, bidirectional overrides, invalid
// UTF-8) written as a Go escape, \x1b or \u202e: printed raw, they would
// retitle or redraw the reader's terminal, or reorder what it shows.
func Escape(s string) string {
	clean := true
	for _, r := range s {
		if !shown(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case shown(r):
			b.WriteString(s[i : i+n])
		case r < 0x80:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
		i += n
	}
	return b.String()
}

// shown reports whether a terminal shows r as itself.
func shown(r rune) bool {
	return r == '\n' || r == '\t' || r != utf8.RuneError && unicode.IsGraphic(r)
}

// Plural is n with the noun one or many: "1 document", "2 documents".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// And joins items as a sentence lists them: "a", "a and b", "a, b and c".
func And(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// OneLine is s on one line, cut to about n characters at a word.
func OneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		cut := string(r[:n])
		if i := strings.LastIndexByte(cut, ' '); i > n/2 {
			cut = cut[:i]
		}
		return cut + " …"
	}
	return s
}

// Thousands writes n with commas between groups of three digits.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Line is one line of progress on a terminal, redrawn in place with
// \r: ingest's, reparse's, crawl's and copy's bars share it.
type Line struct {
	W     io.Writer
	drawn time.Time
	width int // runes of the last line drawn
}

// Due reports whether a new line should be drawn: at most ten times a
// second, and always for the last step.
func (l *Line) Due(last bool) bool {
	now := time.Now()
	if !last && now.Sub(l.drawn) < 100*time.Millisecond {
		return false
	}
	l.drawn = now
	return true
}

// Draw replaces the line with s, blanking what is left of a longer one.
func (l *Line) Draw(s string) {
	n := utf8.RuneCountInString(s)
	pad := max(0, l.width-n)
	l.width = n
	fmt.Fprintf(l.W, "\r%s%s", s, strings.Repeat(" ", pad))
}

// Clear erases the line so that the lines after it start clean.
func (l *Line) Clear() {
	if l.width > 0 {
		fmt.Fprintf(l.W, "\r%s\r", strings.Repeat(" ", l.width))
	}
}

// Meter is a 30-cell bar for done of total: "[=====     ]".
func Meter(done, total int) string {
	const cells = 30
	filled := cells
	if total > 0 {
		filled = min(cells, cells*done/total)
	}
	return "[" + strings.Repeat("=", filled) + strings.Repeat(" ", cells-filled) + "]"
}
