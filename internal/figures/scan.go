package figures

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is a word, a number or a symbol of a sentence.
type token struct {
	kind       byte   // 'w' word, 'n' number, 'd' a number that is a date (25.12.2021), 's' symbol
	text       string // as written
	low        string // a word folded to lower case, ё as е
	start, end int    // byte offsets in the paragraph
	space      bool   // white space before it
	val        float64
	dec        int  // decimals written (25.6: 1)
	group      bool // written with thousands separators (300,000)
	digits     int  // digits before the decimal point, separators left out
	opens      bool // the sentence's first word
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// groupSpace reports whether r separates groups of thousands: a space,
// no-break or thin space (300 000 is the Russian way, and English
// transcripts translated from it keep it).
func groupSpace(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009'
}

// threeDigits reports whether s starts with exactly three digits.
func threeDigits(s string) bool {
	return len(s) >= 3 && isDigit(s[0]) && isDigit(s[1]) && isDigit(s[2]) && (len(s) == 3 || !isDigit(s[3]))
}

// tokenize splits s, which starts at byte base of its paragraph.
func tokenize(s string, base int, lang string, toks []token) []token {
	space, opens := true, true
	for i := 0; i < len(s); {
		c := s[i]
		if isDigit(c) {
			t, n := number(s[i:], lang)
			t.start, t.end, t.space = base+i, base+i+n, space
			toks = append(toks, t)
			i += n
			space, opens = false, false
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case unicode.IsSpace(r):
			space = true
			i += size
			continue
		case unicode.IsLetter(r):
			j := i + size
			for j < len(s) {
				r2, s2 := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(r2) || unicode.Is(unicode.Mn, r2) || r2 == '\u00ad' {
					j += s2
					continue
				}
				// An apostrophe or hyphen inside a word: Russia's, где-то.
				if (r2 == '\'' || r2 == '\u2019' || r2 == '-') && j+s2 < len(s) {
					if r3, _ := utf8.DecodeRuneInString(s[j+s2:]); unicode.IsLetter(r3) {
						j += s2
						continue
					}
				}
				break
			}
			w := s[i:j]
			toks = append(toks, token{kind: 'w', text: w, low: lower(w), start: base + i, end: base + j, space: space, opens: opens})
			opens = false
			i = j
		default:
			toks = append(toks, token{kind: 's', text: s[i : i+size], start: base + i, end: base + i + size, space: space})
			i += size
		}
		space = false
	}
	return toks
}

// lower folds a word to lower case, ё as е and ’ as '.
func lower(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf || (w[i] >= 'A' && w[i] <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		switch r {
		case 'ё', 'Ё':
			r = 'е'
		case '\u2019':
			r = '\''
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// number reads the number at the start of s: digits, thousands groups
// (300,000 in English; 300 000 in Russian; a no-break space in both)
// and a decimal part (25.6; 25,6 in Russian). It returns the token and
// its length in bytes.
func number(s, lang string) (token, int) {
	var digits []byte
	j := 0
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	digits = append(digits, s[:j]...)
	t := token{kind: 'n', digits: j}
	decimal := false
	for j < len(s) {
		c := s[j]
		switch {
		case c == ',' && lang != "ru" && !decimal && (t.group || t.digits <= 3) && threeDigits(s[j+1:]):
			digits = append(digits, s[j+1:j+4]...)
			t.group, t.digits = true, t.digits+3
			j += 4
			continue
		case (c == '.' || c == ',' && lang == "ru") && !decimal && j+1 < len(s) && isDigit(s[j+1]):
			k := j + 1
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			if k+1 < len(s) && s[k] == c && isDigit(s[k+1]) {
				// 25.12.2021 or 1.2.3: a date or a section number.
				for k < len(s) && (isDigit(s[k]) || s[k] == c) {
					k++
				}
				t.kind, t.text = 'd', s[:k]
				return t, k
			}
			digits = append(digits, '.')
			digits = append(digits, s[j+1:k]...)
			t.dec = k - j - 1
			decimal = true
			j = k
			continue
		case c == ' ' || c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[j:])
			if groupSpace(r) && !decimal && (t.group || t.digits <= 3) && threeDigits(s[j+size:]) {
				digits = append(digits, s[j+size:j+size+3]...)
				t.group, t.digits = true, t.digits+3
				j += size + 3
				continue
			}
		}
		break
	}
	t.text = s[:j]
	t.val, _ = strconv.ParseFloat(string(digits), 64)
	return t, j
}

// sentences calls fn with the bounds of each sentence of p that may hold
// a figure: one with a digit or a word that scales or counts (see
// trigger). Most text has neither, so p is read once for them, and only
// around one are the sentence's bounds looked for.
func sentences(p string, fn func(start, end int)) {
	pos := 0
	for pos < len(p) {
		k := trigger(p, pos)
		if k < 0 {
			return
		}
		start := pos
		for i := k - 1; i >= pos; i-- {
			if isStop(p[i]) && (p[i] == '\n' || p[i] == ';' || sentenceEnd(p, i)) {
				start = i + 1
				break
			}
		}
		end := len(p)
		for i := k; i < len(p); i++ {
			if isStop(p[i]) && (p[i] == '\n' || p[i] == ';' || sentenceEnd(p, i)) {
				end = i + 1
				break
			}
		}
		fn(start, end)
		pos = end
	}
}

func isStop(c byte) bool { return c == '.' || c == '!' || c == '?' || c == ';' || c == '\n' }

// sentenceEnd reports whether the stop at p[i] ends a sentence: white
// space follows and then a capital letter, a quote or a dash, and the
// word before it is not an abbreviation or an initial.
func sentenceEnd(p string, i int) bool {
	j := i + 1
	for j < len(p) && (p[j] == '.' || p[j] == '"' || p[j] == ')') {
		j++
	}
	if j < len(p) && p[j] >= utf8.RuneSelf {
		if r, size := utf8.DecodeRuneInString(p[j:]); r == '»' || r == '”' || r == '’' {
			j += size
		}
	}
	if j >= len(p) {
		return true
	}
	k := j
	for k < len(p) {
		r, size := utf8.DecodeRuneInString(p[k:])
		if !unicode.IsSpace(r) {
			break
		}
		k += size
	}
	if k == j || k >= len(p) {
		return k >= len(p)
	}
	r, _ := utf8.DecodeRuneInString(p[k:])
	if !unicode.IsUpper(r) && r != '"' && r != '«' && r != '“' && r != '—' && r != '–' {
		return false
	}
	if p[i] != '.' {
		return true
	}
	// The word before the stop.
	w := i
	for w > 0 {
		r, size := utf8.DecodeLastRuneInString(p[:w])
		if !unicode.IsLetter(r) {
			break
		}
		w -= size
	}
	word := p[w:i]
	if utf8.RuneCountInString(word) == 1 {
		return false // an initial: V. Putin
	}
	return !abbreviations[lower(word)]
}

var abbreviations = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "no": true, "nos": true,
	"jr": true, "gen": true, "prof": true, "vs": true, "млн": true, "млрд": true, "трлн": true, "тыс": true, "руб": true,
	"долл": true, "гг": true, "км": true, "им": true, "ул": true}

// cyrillicLead marks the second bytes of и, т, п, м: the first letters
// of the Russian trigger words.
var cyrillicLead = [256]bool{0xb8: true, 0x82: true, 0xbf: true, 0xbc: true} // и т п м

// trigger returns the index of the first byte from p[from:] that may
// belong to a figure: a digit, or a word that scales or counts a number
// written in words (million, thousand, percent, миллион, тысяч, процент,
// млн, полтора …); -1 when there is none.
func trigger(s string, from int) int {
	for i := from; i < len(s); i++ {
		for i < len(s) && !interesting[s[i]] {
			i++
		}
		if i >= len(s) {
			return -1
		}
		r := s[i:]
		switch c := s[i]; {
		case isDigit(c):
			return i
		case c == 'm':
			if strings.HasPrefix(r, "million") {
				return i
			}
		case c == 'b':
			if strings.HasPrefix(r, "billion") {
				return i
			}
		case c == 'r':
			if strings.HasPrefix(r, "rillion") {
				return i
			}
		case c == 'h':
			if strings.HasPrefix(r, "housand") {
				return i
			}
		case c == 'p':
			if strings.HasPrefix(r, "percent") || strings.HasPrefix(r, "per cent") {
				return i
			}
		case c == 0xd0 || c == 0xd1:
			if i+1 < len(s) && cyrillicLead[s[i+1]] && (strings.HasPrefix(r, "илли") || strings.HasPrefix(r, "тысяч") ||
				strings.HasPrefix(r, "процент") || strings.HasPrefix(r, "млн") || strings.HasPrefix(r, "млрд") ||
				strings.HasPrefix(r, "трлн") || strings.HasPrefix(r, "полтор")) {
				return i
			}
			i++
		}
	}
	return -1
}

// interesting are the bytes trigger stops at: digits, the letters that
// open (or, for thousand and trillion, follow the first letter of) its
// English words, and the lead bytes of Cyrillic letters.
var interesting = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range []byte("mbrhp\xd0\xd1") {
		t[c] = true
	}
	return t
}()
