package parser

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/transcript"
)

// CleanSpace collapses runs of ASCII white space (tabs, newlines, carriage
// returns, spaces) into one space, drops the other control characters
// (see IsControl), and trims white space, NBSP included, from both ends.
// Inner NBSPs are kept as printed: kremlin.ru binds short words with
// them.
func CleanSpace(s string) string {
	if !needsClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	run := 0 // start of the text not yet written
	for i := 0; i < len(s); {
		n := spaceAt(s, i)
		if n == 0 {
			if d := controlAt(s, i); d > 0 {
				if !space {
					b.WriteString(s[run:i])
					run = i + d
				}
				i += d
				continue
			}
			if space {
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				run = i
			}
			i++
			continue
		}
		if !space {
			b.WriteString(s[run:i])
			space = true
		}
		i += n
	}
	if !space {
		b.WriteString(s[run:])
	}
	return TrimSpace(b.String())
}

// spaceAt returns the length of the white space CleanSpace collapses that
// starts at s[i] (ASCII white space, U+200B, U+FEFF), or 0.
func spaceAt(s string, i int) int {
	switch c := s[i]; c {
	case ' ', '\t', '\n', '\r', '\f', '\v':
		return 1
	case 0xE2:
		if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x8B {
			return 3
		}
	case 0xEF:
		if i+2 < len(s) && s[i+1] == 0xBB && s[i+2] == 0xBF {
			return 3
		}
	}
	return 0
}

// controlAt returns the length of the control character CleanSpace drops
// that starts at s[i], or 0.
func controlAt(s string, i int) int {
	switch c := s[i]; {
	case c < 0x20 || c == 0x7f:
		return 1
	case c == 0xC2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9F:
		return 2
	}
	return 0
}

// IsControl reports whether r is a control character that derived text
// never holds: C0 controls other than white space (ESC, BEL, …), DEL and
// the C1 controls (U+0080–U+009F). A terminal obeys them, so a title that
// holds "\x1b]0;…\a" would rename the terminal of whoever prints it.
func IsControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v' || r >= 0x7f && r <= 0x9f
}

// DropControls returns s without its IsControl characters.
func DropControls(s string) string {
	if !hasControl(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// hasControl reports whether s holds an IsControl character.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' || c == 0x7f {
			return true
		}
	}
	return hasC1(s)
}

// hasC1 reports whether s holds a C1 control (UTF-8 C2 80 to C2 9F).
func hasC1(s string) bool {
	for {
		i := strings.IndexByte(s, 0xC2)
		if i < 0 || i+1 >= len(s) {
			return false
		}
		if c := s[i+1]; c >= 0x80 && c <= 0x9F {
			return true
		}
		s = s[i+1:]
	}
}

func needsClean(s string) bool {
	if s == "" {
		return false
	}
	if isEdgeSpace(s) {
		return true
	}
	// Eight bytes at a time: a word with no control character and no
	// two spaces in a row (also across words) needs nothing.
	const (
		ones   = 0x0101010101010101
		highs  = 0x8080808080808080
		spaces = 0x2020202020202020 // eight spaces
		lows   = 0x7f7f7f7f7f7f7f7f
	)
	prevSpace := false // the previous word ended in a space
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		// bytes below 0x20: tab, newline and the other controls
		if (w-ones*0x20)&^w&highs != 0 {
			for k := i; k < i+8; k++ {
				if s[k] < 0x20 { // white space to collapse, or a control to drop
					return true
				}
			}
		}
		// exact mask of the bytes equal to a space
		x := w ^ spaces
		sp := ^(((x & lows) + lows) | x | lows)
		if sp&(sp>>8) != 0 || prevSpace && sp&0x80 != 0 {
			return true
		}
		prevSpace = sp>>63 != 0
	}
	if prevSpace && i < len(s) && s[i] == ' ' {
		return true
	}
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ':
			if i+1 < len(s) && s[i+1] == ' ' {
				return true
			}
		default:
			if c < 0x20 {
				return true
			}
		}
	}
	return strings.Contains(s, "\u200b") || strings.Contains(s, "\ufeff") || strings.IndexByte(s, 0x7f) >= 0 || hasC1(s)
}

// isEdgeSpace reports whether s starts or ends with white space of any kind.
func isEdgeSpace(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return isSpaceRune(first) || isSpaceRune(last)
}

func isSpaceRune(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff'
}

// TrimSpace trims Unicode white space, NBSP and zero-width characters from both ends.
func TrimSpace(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff'
	})
}

// Fold returns s with every NBSP and other Unicode space turned into an
// ASCII space and runs collapsed: the form used to compare labels and
// names, never the form stored as printed.
func Fold(s string) string {
	if isPlainASCII(s) || !hasUnicodeSpace(s) {
		return CleanSpace(s)
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// hasUnicodeSpace reports whether s holds a non-ASCII space: NBSP (C2 A0),
// the spaces of U+2000–U+200B and U+202F (E2 80 xx), U+3000 or U+FEFF.
func hasUnicodeSpace(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		switch s[i] {
		case 0xC2:
			if s[i+1] == 0xA0 || s[i+1] == 0x85 {
				return true
			}
		case 0xE2:
			if s[i+1] == 0x80 && i+2 < len(s) && (s[i+2] <= 0x8B || s[i+2] == 0xA8 || s[i+2] == 0xA9 || s[i+2] == 0xAF) {
				return true
			}
			if s[i+1] == 0x81 && i+2 < len(s) && s[i+2] == 0x9F {
				return true
			}
		case 0xE3:
			if s[i+1] == 0x80 && i+2 < len(s) && s[i+2] == 0x80 {
				return true
			}
		case 0xEF:
			if s[i+1] == 0xBB && i+2 < len(s) && s[i+2] == 0xBF {
				return true
			}
		case 0xE1:
			if s[i+1] == 0x9A && i+2 < len(s) && s[i+2] == 0x80 {
				return true
			}
		}
	}
	return false
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// DetectLanguage returns "ru" when most letters of s are Cyrillic, else "en".
func DetectLanguage(s string) string {
	cyr, lat := 0, 0
	for _, r := range s {
		switch {
		case r < 0x80:
			if r|0x20 >= 'a' && r|0x20 <= 'z' {
				lat++
			}
		case r >= 0x400 && r <= 0x52F: // Cyrillic and its supplement
			cyr++
		case r < 0x250 && unicode.IsLetter(r):
			lat++
		}
	}
	if cyr > lat {
		return "ru"
	}
	return "en"
}

// Errors of CleanLine.
var (
	errBinary  = fmt.Errorf("%w: binary data (NUL byte), not a text page", transcript.ErrInvalid)
	errInvalid = fmt.Errorf("%w: invalid UTF-8", transcript.ErrInvalid)
)

// CleanLine checks one line of a text input and returns it CleanSpace'd:
// a NUL byte means binary data, and bytes that are not UTF-8 are
// rejected. The checks use the standard library's vectorised scans; only
// the search for white space to collapse walks the bytes itself.
func CleanLine(s string) (string, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return "", errBinary
	}
	if !utf8.ValidString(s) {
		return "", errInvalid
	}
	if needsClean(s) {
		return CleanSpace(s), nil
	}
	return s, nil
}

// AfterPrologue returns data after a byte-order mark, white space, XML
// declarations and processing instructions, and comments: where a page's
// or a feed's first element starts. ok is false for input cut short
// inside its prologue.
func AfterPrologue(data []byte) (rest []byte, ok bool) {
	s := bytes.TrimPrefix(data, []byte("\ufeff"))
	for {
		s = bytes.TrimLeft(s, " \t\r\n\f")
		var end []byte
		switch {
		case bytes.HasPrefix(s, []byte("<?")):
			end = []byte("?>")
		case bytes.HasPrefix(s, []byte("<!--")):
			end = []byte("-->")
		}
		if end == nil {
			return s, true
		}
		i := bytes.Index(s, end)
		if i < 0 {
			return nil, false
		}
		s = s[i+len(end):]
	}
}

// FeedKind names the feed that data is ("Atom", "RSS") by its first
// element, or "" for anything else. Parsers refuse feeds: one that takes
// no page for granted would read a feed's entries as a page's body.
func FeedKind(data []byte) string {
	s, _ := AfterPrologue(data)
	switch {
	case bytes.HasPrefix(s, []byte("<feed")):
		return "Atom"
	case bytes.HasPrefix(s, []byte("<rss")), bytes.HasPrefix(s, []byte("<rdf:RDF")):
		return "RSS"
	}
	return ""
}
