package parser

import (
	"strings"
	"unicode"
	"unicode/utf8"
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
	prev := byte('x')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\t', '\n', '\r', '\f', '\v':
			return true
		case ' ':
			if prev == ' ' || i == 0 || i == len(s)-1 {
				return true
			}
		}
		if c >= 0x80 {
			return true // NBSP, zero-width space or BOM may need trimming
		}
		prev = c
	}
	return false
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
	if isPlainASCII(s) {
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
		case unicode.Is(unicode.Cyrillic, r):
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
