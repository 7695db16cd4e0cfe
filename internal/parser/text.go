package parser

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/transcript"
)

// CleanSpace collapses runs of ASCII white space (tabs, newlines, carriage
// returns, spaces) into one space and trims white space, NBSP included,
// from both ends. Inner NBSPs are kept as printed: kremlin.ru binds short
// words with them.
func CleanSpace(s string) string {
	if !needsClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\v', '\u200b', '\ufeff':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return TrimSpace(b.String())
}

func needsClean(s string) bool {
	if s == "" {
		return false
	}
	if isEdgeSpace(s) {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c > ' ' && c < 0xE2 {
			continue // nearly every byte
		}
		switch c {
		case ' ':
			if i+1 < len(s) && s[i+1] == ' ' {
				return true
			}
		case '\t', '\n', '\r', '\f', '\v':
			return true
		case 0xE2: // U+200B zero-width space
			if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x8B {
				return true
			}
		case 0xEF: // U+FEFF byte-order mark
			if i+2 < len(s) && s[i+1] == 0xBB && s[i+2] == 0xBF {
				return true
			}
		}
	}
	return false
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

// CleanLine checks one line of a text input and returns it CleanSpace'd,
// in one pass over its bytes: a NUL byte means binary data, and bytes
// that are not UTF-8 are rejected.
func CleanLine(s string) (string, error) {
	dirty := isEdgeSpace(s)
	for i := 0; i < len(s); {
		c := s[i]
		if c > ' ' && c < 0x80 {
			i++
			continue // nearly every byte
		}
		switch {
		case c == 0:
			return "", errBinary
		case c == ' ':
			dirty = dirty || i+1 < len(s) && s[i+1] == ' '
		case c < ' ':
			dirty = dirty || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return "", errInvalid
			}
			dirty = dirty || r == '\u200b' || r == '\ufeff'
			i += size
			continue
		}
		i++
	}
	if !dirty {
		return s, nil
	}
	return CleanSpace(s), nil
}
