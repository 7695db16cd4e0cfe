package kwic

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Span is one occurrence in a text: byte offsets [Start, End).
type Span struct{ Start, End int }

// pattern is one positive word or phrase of a query: stemmed terms next
// to each other, then, when prefix is not empty, a stemmed term that
// starts with it (the engines' reading of price*, see search.TurnMatcher).
type pattern struct {
	terms  []string
	prefix string
}

func (p pattern) len() int {
	if p.prefix != "" {
		return len(p.terms) + 1
	}
	return len(p.terms)
}

// Finder finds the occurrences of a query's positive words, prefix words
// and phrases in a text, with the tokenizer the index uses: a word's
// every stemmed form is an occurrence of it (talks finds talk, переговоры
// finds переговоров), and a phrase is its terms next to each other. What
// a NOT excludes has no occurrences.
//
// Occurrences do not overlap: reading the text's words in order, the
// longest pattern that starts at a word is an occurrence and the next one
// starts after it, so "strategic partnership" and partnership in one
// query count the phrase once.
//
// A Finder holds a Tokenizer and is not safe for concurrent use.
type Finder struct {
	tok      *search.Tokenizer
	patterns []pattern
	firsts   map[string]bool // first terms of term-led patterns
	prefixed bool            // a pattern is a bare prefix (no terms before it)
	terms    []term          // scratch
}

type term struct {
	text       string
	start, end int
}

// NewFinder collects the positive words of q.
func NewFinder(q *transcript.Query) *Finder {
	f := &Finder{tok: search.NewTokenizer(), firsts: map[string]bool{}}
	search.Positives(q, f.tok, func(terms []string, prefix string) {
		f.add(pattern{terms: terms, prefix: prefix})
	})
	return f
}

func (f *Finder) add(p pattern) {
	if p.len() == 0 {
		return
	}
	f.patterns = append(f.patterns, p)
	if len(p.terms) > 0 {
		f.firsts[p.terms[0]] = true
	} else {
		f.prefixed = true
	}
}

// Empty reports whether the query has no words to find: a query of
// filters alone.
func (f *Finder) Empty() bool { return len(f.patterns) == 0 }

// Find returns the occurrences in text, in order.
func (f *Finder) Find(text string) []Span {
	if f.Empty() {
		return nil
	}
	f.terms = f.terms[:0]
	_ = f.tok.Each(text, true, func(t string, start, end int) error {
		f.terms = append(f.terms, term{t, start, end})
		return nil
	})
	var out []Span
	for i := 0; i < len(f.terms); {
		n := 0
		if f.prefixed || f.firsts[f.terms[i].text] {
			for _, p := range f.patterns {
				if l := p.len(); l > n && f.at(p, i) {
					n = l
				}
			}
		}
		if n == 0 {
			i++
			continue
		}
		out = append(out, Span{f.terms[i].start, f.terms[i+n-1].end})
		i += n
	}
	return out
}

// at reports whether p occurs at the i-th term.
func (f *Finder) at(p pattern, i int) bool {
	if i+p.len() > len(f.terms) {
		return false
	}
	for j, t := range p.terms {
		if f.terms[i+j].text != t {
			return false
		}
	}
	return p.prefix == "" || strings.HasPrefix(f.terms[i+len(p.terms)].text, p.prefix)
}

// Context returns up to width runes of text on each side of the span
// [start, end), cut at a word boundary (a word the cut would split is
// left out), with every run of white space, line breaks included, shown
// as one space: left+text[start:end]+right reads as the text does.
func Context(text string, start, end, width int) (left, right string) {
	// Left: walk back width runes, white space runs counting as one.
	i, n := start, 0
	for i > 0 && n < width {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
		if unicode.IsSpace(r) {
			for i > 0 {
				r2, s2 := utf8.DecodeLastRuneInString(text[:i])
				if !unicode.IsSpace(r2) {
					break
				}
				i -= s2
			}
		}
		n++
	}
	l := text[i:start]
	if i > 0 {
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		first, _ := utf8.DecodeRuneInString(l)
		if isWord(before) && isWord(first) {
			if k := strings.IndexFunc(l, unicode.IsSpace); k >= 0 {
				l = l[k:]
			} else {
				l = ""
			}
		}
	}
	// Right: walk forward the same way.
	j, n := end, 0
	for j < len(text) && n < width {
		r, size := utf8.DecodeRuneInString(text[j:])
		j += size
		if unicode.IsSpace(r) {
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += s2
			}
		}
		n++
	}
	rt := text[end:j]
	if j < len(text) {
		after, _ := utf8.DecodeRuneInString(text[j:])
		last, _ := utf8.DecodeLastRuneInString(rt)
		if isWord(after) && isWord(last) {
			if k := strings.LastIndexFunc(rt, unicode.IsSpace); k >= 0 {
				rt = rt[:k]
			} else {
				rt = ""
			}
		}
	}
	return strings.TrimLeftFunc(squeeze(l), unicode.IsSpace), strings.TrimRightFunc(squeeze(rt), unicode.IsSpace)
}

// isWord reports whether r belongs to a word for cutting context: a
// letter, a digit or an apostrophe (Russia’s is not cut after the ’).
func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '\u2019' || r == '\u02bc'
}

// squeeze shows every run of white space in s as one space.
func squeeze(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) && r != ' ' }) && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
