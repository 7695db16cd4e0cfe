package search

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/russian"
)

// MaxStemRunes is the longest word that is stemmed; longer words (URLs
// run together, chemical names) are indexed as folded.
const MaxStemRunes = 40

// maxCache bounds a Tokenizer's stem cache; the vocabulary of a language
// is far smaller, so the cache is emptied only on pathological input.
const maxCache = 1 << 18

// Tokenizer splits text into words and normalises each one into the term
// that the full-text index stores: case folded, Latin diacritics removed,
// ё folded to е, typographic apostrophes made plain, then stemmed with
// Snowball English or Russian according to the word's script. Words that
// contain a digit (G20, 2024, COVID-19's parts) are folded but not
// stemmed. The index, queries and snippets all use it, so a word matches
// wherever it is written the same way after normalisation.
//
// A word is a run of letters, digits and combining marks, with an
// apostrophe allowed between letters (Russia's) and soft hyphens dropped.
// Everything else, NBSP and typographic punctuation included, separates
// words.
//
// A Tokenizer keeps a cache of stems and is not safe for concurrent use;
// make one per goroutine.
type Tokenizer struct {
	cache map[string]string
	buf   []byte
	env   *snowballstem.Env
}

// NewTokenizer returns a Tokenizer with an empty stem cache.
func NewTokenizer() *Tokenizer {
	return &Tokenizer{cache: make(map[string]string, 1024), env: snowballstem.NewEnv("")}
}

// Each calls yield with the term and byte offsets of every word of text,
// in order, and stops at yield's first error. With stem false, terms are
// only folded: that is how a prefix query's word is matched.
func (t *Tokenizer) Each(text string, stem bool, yield func(term string, start, end int) error) error {
	i := 0
	for i < len(text) {
		// Skip to the start of a word.
		c := text[i]
		if c < utf8.RuneSelf {
			if !isASCIIWord(c) {
				i++
				continue
			}
		} else {
			r, n := utf8.DecodeRuneInString(text[i:])
			if !isWordStart(r) {
				i += n
				continue
			}
		}
		start := i
		end, term := t.word(text, i, stem)
		if end == start {
			// A character that starts no word after all (a lone U+02BC).
			_, n := utf8.DecodeRuneInString(text[i:])
			i += n
			continue
		}
		i = end
		if term == "" {
			continue
		}
		if err := yield(term, start, end); err != nil {
			return err
		}
	}
	return nil
}

// Terms returns the terms of text in order; for tests and queries.
func (t *Tokenizer) Terms(text string, stem bool) []string {
	var out []string
	_ = t.Each(text, stem, func(term string, _, _ int) error {
		out = append(out, term)
		return nil
	})
	return out
}

// word reads the word that starts at i and returns its end and its term.
func (t *Tokenizer) word(text string, i int, stem bool) (end int, term string) {
	start := i
	plain := true // the folded word equals text[start:end]
	var hasDigit, hasCyrillic, hasLatin bool
	runes := 0
	t.buf = t.buf[:0]
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z':
				hasLatin = true
			case 'A' <= c && c <= 'Z':
				hasLatin = true
				c += 'a' - 'A'
				plain = false
			case '0' <= c && c <= '9':
				hasDigit = true
			case c == '\'':
				// An apostrophe joins two letters (Russia's, o'clock).
				if !apostropheJoins(text, i, 1) {
					return t.finish(text, start, i, plain, stem, hasDigit, hasCyrillic, hasLatin, runes)
				}
			default:
				return t.finish(text, start, i, plain, stem, hasDigit, hasCyrillic, hasLatin, runes)
			}
			t.buf = append(t.buf, c)
			runes++
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\u2019' || r == '\u02bc':
			if !apostropheJoins(text, i, n) {
				return t.finish(text, start, i, plain, stem, hasDigit, hasCyrillic, hasLatin, runes)
			}
			plain = false
			t.buf = append(t.buf, '\'')
			runes++
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060':
			// Soft hyphen and zero-width characters: invisible, dropped.
			plain = false
		case unicode.Is(unicode.Mn, r):
			// A combining mark (a decomposed accent): dropped.
			plain = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			f := foldRune(r)
			if f != r {
				plain = false
			}
			switch {
			case f >= 0x400 && f <= 0x4ff:
				hasCyrillic = true
			case f < 0x250:
				hasLatin = true
			}
			if unicode.IsDigit(f) {
				hasDigit = true
			}
			if f2, ok := expand[f]; ok {
				t.buf = append(t.buf, f2...)
				plain = false
			} else {
				t.buf = utf8.AppendRune(t.buf, f)
			}
			runes++
		default:
			return t.finish(text, start, i, plain, stem, hasDigit, hasCyrillic, hasLatin, runes)
		}
		i += n
	}
	return t.finish(text, start, i, plain, stem, hasDigit, hasCyrillic, hasLatin, runes)
}

func (t *Tokenizer) finish(text string, start, end int, plain, stem, hasDigit, hasCyrillic, hasLatin bool, runes int) (int, string) {
	if len(t.buf) == 0 {
		return end, ""
	}
	if !stem || hasDigit || runes > MaxStemRunes || !(hasCyrillic || hasLatin) {
		if plain {
			return end, text[start:end]
		}
		return end, string(t.buf)
	}
	if s, ok := t.cache[string(t.buf)]; ok {
		return end, s
	}
	var folded string
	if plain {
		folded = text[start:end]
	} else {
		folded = string(t.buf)
	}
	t.env.SetCurrent(folded)
	if hasCyrillic {
		russian.Stem(t.env)
	} else {
		english.Stem(t.env)
	}
	s := t.env.Current()
	if s == "" {
		s = folded
	}
	if len(t.cache) >= maxCache {
		clear(t.cache)
	}
	t.cache[folded] = s
	return end, s
}

// apostropheJoins reports whether the apostrophe of n bytes at i stands
// between two letters. U+02BC is a letter to Unicode but an apostrophe
// here, so it is not a letter next to another apostrophe: "aʼʼ" is the
// word a, as a followed by two plain apostrophes is, and folding a word
// again gives the same word.
func apostropheJoins(text string, i, n int) bool {
	if i == 0 || i+n >= len(text) {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	after, _ := utf8.DecodeRuneInString(text[i+n:])
	return before != '\u02bc' && unicode.IsLetter(before) && after != '\u02bc' && unicode.IsLetter(after)
}

func isASCIIWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isWordStart(r rune) bool {
	return r != '\u02bc' && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// foldRune lower-cases r, folds ё to е and removes the diacritics of the
// Latin letters used in European names.
func foldRune(r rune) rune {
	switch {
	case r == 'ё' || r == 'Ё':
		return 'е'
	case r >= 0x400 && r <= 0x42f:
		return unicode.ToLower(r)
	}
	r = unicode.ToLower(r)
	if r >= 0xc0 && r < 0x250 {
		if b, ok := latinBase[r]; ok {
			return b
		}
	}
	return r
}

// Fold normalises s the way words are folded, keeping everything that is
// not a letter or digit as a single space: it is how taxonomy values and
// names are compared ("Foreign  policy" and "foreign policy" fold alike).
func Fold(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r) || r == '\u00ad':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && len(b) > 0 {
				b = append(b, ' ')
			}
			space = false
			f := foldRune(r)
			if e, ok := expand[f]; ok {
				b = append(b, e...)
			} else {
				b = utf8.AppendRune(b, f)
			}
		default:
			space = true
		}
	}
	return string(b)
}

// expand maps letters that fold to two letters.
var expand = map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe"}

// latinBase maps lower-case Latin letters with diacritics to their base
// letter: Latin-1 Supplement, Latin Extended-A and the common part of
// Latin Extended-B.
var latinBase = func() map[rune]rune {
	m := map[rune]rune{}
	for base, letters := range map[rune]string{
		'a': "àáâãäåāăąǎǟǡǻȁȃȧ",
		'c': "çćĉċč",
		'd': "ďđð",
		'e': "èéêëēĕėęěȅȇȩ",
		'g': "ĝğġģǧǵ",
		'h': "ĥħȟ",
		'i': "ìíîïĩīĭįıǐȉȋ",
		'j': "ĵǰ",
		'k': "ķǩ",
		'l': "ĺļľŀł",
		'n': "ñńņňŉǹ",
		'o': "òóôõöøōŏőǒǫǭǿȍȏȫȭȯȱ",
		'r': "ŕŗřȑȓ",
		's': "śŝşšș",
		't': "ţťŧț",
		'u': "ùúûüũūŭůűųǔǖǘǚǜȕȗ",
		'w': "ŵ",
		'y': "ýÿŷȳ",
		'z': "źżžƶ",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
