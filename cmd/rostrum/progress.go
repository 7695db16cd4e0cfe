package main

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// termLine is one line of progress on a terminal, redrawn in place with
// \r: ingest's, reparse's, crawl's and copy's bars share it.
type termLine struct {
	w     io.Writer
	drawn time.Time
	width int // runes of the last line drawn
}

// due reports whether a new line should be drawn: at most ten times a
// second, and always for the last step.
func (l *termLine) due(last bool) bool {
	now := time.Now()
	if !last && now.Sub(l.drawn) < 100*time.Millisecond {
		return false
	}
	l.drawn = now
	return true
}

// draw replaces the line with s, blanking what is left of a longer one.
func (l *termLine) draw(s string) {
	n := utf8.RuneCountInString(s)
	pad := max(0, l.width-n)
	l.width = n
	fmt.Fprintf(l.w, "\r%s%s", s, strings.Repeat(" ", pad))
}

// clear erases the line so that the lines after it start clean.
func (l *termLine) clear() {
	if l.width > 0 {
		fmt.Fprintf(l.w, "\r%s\r", strings.Repeat(" ", l.width))
	}
}

// meter is a 30-cell bar for done of total: "[=====     ]".
func meter(done, total int) string {
	const cells = 30
	filled := cells
	if total > 0 {
		filled = min(cells, cells*done/total)
	}
	return "[" + strings.Repeat("=", filled) + strings.Repeat(" ", cells-filled) + "]"
}
