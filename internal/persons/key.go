// Package persons is the person registry: it tells which of the names an
// archive's documents give their speakers stand for one person, and which
// of them to show. Transliteration systems differ (Kleymenov, Kleimenov;
// Sergei, Sergey; Игнатьев, Ignatyev, Ignatiev), a page may give a middle
// name another leaves out (Mohammed Sanusi Barkindo, Mohammed Barkindo),
// and Russian labels print initials (В.Путин). The registry is derived
// data: it is computed from the names and their turn counts alone, the
// same way each time, so it needs no storage and every engine and every
// server agrees on it. A researcher corrects it with an overrides file
// (merge, distinct, rename; see Overrides), which the archive keeps.
package persons

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// translit is a plain transliteration of Russian letters; Key folds what
// the systems disagree on.
var translit = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "zh", 'з': "z", 'и': "i",
	'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y",
	'ь': "i", 'э': "e", 'ю': "yu", 'я': "ya", 'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g",
}

// Key folds one word of a name so that its spellings in the common
// transliteration systems, and its Cyrillic original, come out the same:
// lower case without accents; Cyrillic transliterated; then shch, sch →
// sh; kh → h; dj, dzh → j; ks → x; ts, tz → c; ph → f; w → v; yo → e; ye
// → e at the start or after a vowel and ie after a consonant (Ignatyev,
// Ignatiev, Игнатьев); yu → iu, ya → ia; every other y → i; a doubled
// letter counts once; and a final -ndr is -nder (Aleksandr, Alexander).
// Hyphens, apostrophes and dots are dropped. Two different names rarely
// share a key; the rules fold spellings, never different names.
func Key(word string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(word)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// An accent: é is e. NFD also takes й and ё apart, so they
			// come out as и and е: i, and e as yo folds below.
		case translit[r] != "" || r == 'ъ':
			b.WriteString(translit[r])
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case unicode.IsLetter(r):
			b.WriteRune(r)
		}
	}
	s := b.String()
	s = spellings.Replace(s)
	var out []byte
	vowel := func(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 'y' && i+1 < len(s) {
			switch s[i+1] {
			case 'o':
				out = append(out, 'e')
				i++
				continue
			case 'e':
				if i > 0 && !vowel(s[i-1]) {
					out = append(out, 'i')
				}
				out = append(out, 'e')
				i++
				continue
			}
		}
		if c == 'y' {
			c = 'i'
		}
		if n := len(out); n > 0 && out[n-1] == c {
			continue
		}
		out = append(out, c)
	}
	s = string(out)
	if strings.HasSuffix(s, "ndr") {
		s = s[:len(s)-1] + "er"
	}
	return s
}

var spellings = strings.NewReplacer("shch", "sh", "sch", "sh", "dzh", "j", "dj", "j", "kh", "h", "ks", "x",
	"ts", "c", "tz", "c", "ph", "f", "w", "v")

// words splits a name into its words, an initial glued to the next word
// ("В.Путин", "V.Putin", "Р.Т.Эрдоган") coming apart.
func words(name string) []string {
	var out []string
	for _, w := range strings.Fields(name) {
		for {
			i := strings.IndexByte(w, '.')
			if i <= 0 || i == len(w)-1 {
				break
			}
			out = append(out, w[:i+1])
			w = w[i+1:]
		}
		out = append(out, w)
	}
	return out
}

// isInitial reports whether w is an initial: one or two letters and a
// dot ("V.", "В.", "Yu.").
func isInitial(w string) bool {
	if !strings.HasSuffix(w, ".") {
		return false
	}
	n := 0
	for _, r := range w[:len(w)-1] {
		if !unicode.IsLetter(r) {
			return false
		}
		n++
	}
	return n >= 1 && n <= 2 && unicode.IsUpper([]rune(w)[0])
}

// isLatin reports whether name is written in Latin letters.
func isLatin(name string) bool {
	for _, r := range name {
		if unicode.IsLetter(r) {
			return unicode.In(r, unicode.Latin)
		}
	}
	return true
}

// SameWords reports whether a and b hold the same words, in any order,
// ignoring case: a surname-first taxonomy entry ("Tokayev Kassym-Jomart")
// and a label's name ("Kassym-Jomart Tokayev").
func SameWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	used := make([]bool, len(b))
outer:
	for _, x := range a {
		for i, y := range b {
			if !used[i] && strings.EqualFold(x, y) {
				used[i] = true
				continue outer
			}
		}
		return false
	}
	return true
}
