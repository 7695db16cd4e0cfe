package search

import (
	"strings"

	"github.com/rostrum/rostrum/internal/transcript"
)

// SnippetWords is the length of a snippet, in words.
const SnippetWords = 32

// ellipsis marks text cut from a snippet.
const ellipsis = "…"

// Matcher finds the words of a query in a text, to mark them in
// snippets. It looks for the query's positive words, prefixes and phrases
// (what a Not excludes is never marked) with the same tokenizer as the
// index, so it marks what the index matched. Engines use it to build
// their snippets in Go, the same way whatever the engine.
//
// A Matcher is safe for concurrent use; the Tokenizer passed to its
// methods is not.
type Matcher struct {
	terms    map[string]bool // single stemmed terms
	prefixes []string        // folded prefixes
	phrases  [][]string      // stemmed phrases of two or more terms
	firsts   map[string]bool // the first terms of phrases
}

// NewMatcher collects the positive words of q.
func NewMatcher(q *transcript.Query) *Matcher {
	m := &Matcher{terms: map[string]bool{}, firsts: map[string]bool{}}
	Positives(q, NewTokenizer(), func(terms []string, prefix string) {
		if prefix != "" {
			m.prefixes = append(m.prefixes, prefix)
		}
		m.add(terms)
	})
	return m
}

// Positives calls fn for each positive word, prefix word and phrase of
// q (what a Not excludes is left out), read with tok as the index reads
// them: a word or phrase as its stemmed terms, with prefix ""; a prefix
// word (price*) as the stemmed terms before its last and that last term
// folded, unstemmed, as prefix. The snippet marker and the concordance
// both find what a query matches this way.
func Positives(q *transcript.Query, tok *Tokenizer, fn func(terms []string, prefix string)) {
	var walk func(n transcript.Node)
	walk = func(n transcript.Node) {
		switch n := n.(type) {
		case transcript.Word:
			if n.Prefix {
				terms := tok.Terms(n.Text, false)
				if len(terms) > 0 {
					fn(tok.Terms(strings.Join(terms[:len(terms)-1], " "), true), terms[len(terms)-1])
				}
				return
			}
			fn(tok.Terms(n.Text, true), "")
		case transcript.Phrase:
			fn(tok.Terms(n.Text, true), "")
		case transcript.And:
			for _, c := range n.Nodes {
				walk(c)
			}
		case transcript.Or:
			for _, c := range n.Nodes {
				walk(c)
			}
		}
	}
	if q != nil && q.Text != nil {
		walk(q.Text)
	}
}

func (m *Matcher) add(terms []string) {
	switch len(terms) {
	case 0:
	case 1:
		m.terms[terms[0]] = true
	default:
		m.phrases = append(m.phrases, terms)
		m.firsts[terms[0]] = true
	}
}

// Empty reports whether the query has no words to mark.
func (m *Matcher) Empty() bool {
	return len(m.terms) == 0 && len(m.prefixes) == 0 && len(m.phrases) == 0
}

// longText is the length from which scan stops early.
const longText = 2000

// prefixOf returns the query prefix that word starts with, or "".
func (m *Matcher) prefixOf(tok *Tokenizer, word string) string {
	if len(m.prefixes) == 0 {
		return ""
	}
	folded := tok.Terms(word, false)
	for _, p := range m.prefixes {
		if len(folded) > 0 && strings.HasPrefix(folded[0], p) {
			return p
		}
	}
	return ""
}

func (m *Matcher) prefixMatch(tok *Tokenizer, word string) bool { return m.prefixOf(tok, word) != "" }

type mtoken struct {
	term       string
	start, end int
	match      int // 0: no match; else 1 + the id of what matched
}

// scan tokenizes text and marks the tokens that match.
//
// A long text is read only up to a snippet's length past its first
// match: stemming every word of a long speech cost more than the rest of
// a search, and the first match is a fair place for its snippet.
func (m *Matcher) scan(tok *Tokenizer, text string) []mtoken {
	var toks []mtoken
	first := -1
	long := len(text) > longText
	_ = tok.Each(text, true, func(term string, start, end int) error {
		toks = append(toks, mtoken{term: term, start: start, end: end})
		if !long {
			return nil
		}
		if first < 0 && (m.terms[term] || m.firsts[term] || m.prefixMatch(tok, text[start:end])) {
			first = len(toks) - 1
		}
		if first >= 0 && len(toks) > first+2*SnippetWords {
			return errStop
		}
		return nil
	})
	ids := map[string]int{}
	id := func(key string) int {
		if v, ok := ids[key]; ok {
			return v
		}
		ids[key] = len(ids) + 1
		return len(ids)
	}
	for i := range toks {
		t := &toks[i]
		if m.terms[t.term] {
			t.match = id(t.term)
			continue
		}
		if p := m.prefixOf(tok, text[t.start:t.end]); p != "" {
			t.match = id(p + "*")
		}
	}
	for _, ph := range m.phrases {
		key := id(strings.Join(ph, " "))
	next:
		for i := 0; i+len(ph) <= len(toks); i++ {
			for j, term := range ph {
				if toks[i+j].term != term {
					continue next
				}
			}
			for j := range ph {
				toks[i+j].match = key
			}
		}
	}
	return toks
}

// Mark returns the whole text with its matches marked: meant for short
// texts such as titles, since in a long text (see scan) only the matches
// up to a snippet's length past the first are marked.
func (m *Matcher) Mark(tok *Tokenizer, text string) transcript.Snippet {
	s := transcript.Snippet{Text: text, Marks: [][2]int{}}
	if m.Empty() {
		return s
	}
	for _, t := range m.scan(tok, text) {
		if t.match != 0 {
			s.Marks = appendMark(s.Marks, t.start, t.end)
		}
	}
	return s
}

// Snippet returns about SnippetWords words of text around its best
// cluster of matches (the window with the most different matched words,
// then the most matches, then the earliest), with the matches marked and
// "…" where text was cut. Without a match it returns the opening words.
func (m *Matcher) Snippet(tok *Tokenizer, text string) transcript.Snippet {
	var toks []mtoken
	if m.Empty() {
		_ = tok.Each(text, false, func(term string, start, end int) error {
			toks = append(toks, mtoken{start: start, end: end})
			if len(toks) > SnippetWords {
				return errStop
			}
			return nil
		})
	} else {
		toks = m.scan(tok, text)
	}
	if len(toks) == 0 {
		return transcript.Snippet{Text: strings.TrimSpace(text), Marks: [][2]int{}}
	}
	best, bestKinds, bestCount := 0, -1, -1
	if !m.Empty() {
		// Slide a window of SnippetWords tokens over the matches.
		kinds := map[int]int{}
		count := 0
		for i := range toks {
			if k := toks[i].match; k != 0 {
				kinds[k]++
				count++
			}
			if lo := i - SnippetWords + 1; lo > 0 {
				if k := toks[lo-1].match; k != 0 {
					if kinds[k]--; kinds[k] == 0 {
						delete(kinds, k)
					}
					count--
				}
			}
			if count == 0 {
				continue
			}
			if len(kinds) > bestKinds || len(kinds) == bestKinds && count > bestCount {
				best, bestKinds, bestCount = max(0, i-SnippetWords+1), len(kinds), count
			}
		}
		// Open the window a few words before its first match, so the
		// match reads in context.
		first := best
		for first < len(toks) && toks[first].match == 0 {
			first++
		}
		if first-best > 4 {
			best = first - 4
		} else if first-best < 4 {
			best = max(0, first-4)
		}
	}
	last := min(len(toks), best+SnippetWords) - 1
	from, to := toks[best].start, toks[last].end
	if best == 0 {
		from = 0
	}
	if last == len(toks)-1 {
		to = len(text)
	}
	var b strings.Builder
	shift := -from
	if from > 0 {
		b.WriteString(ellipsis)
		shift += len(ellipsis)
	}
	b.WriteString(strings.TrimSpace(text[from:to]))
	shift -= len(text[from:to]) - len(strings.TrimLeft(text[from:to], " \t\n"))
	if to < len(text) {
		b.WriteString(ellipsis)
	}
	s := transcript.Snippet{Text: paragraphs(text[from:to], from > 0, to < len(text)), Marks: [][2]int{}}
	if s.Text != b.String() {
		// Paragraph breaks shown as ¶ change the offsets: recompute.
		return m.Mark(tok, s.Text)
	}
	for _, t := range toks[best : last+1] {
		if t.match != 0 {
			s.Marks = appendMark(s.Marks, t.start+shift, t.end+shift)
		}
	}
	return s
}

// paragraphs writes the excerpt text of a snippet on one line: its
// paragraphs joined by " ¶ ", with "…" before it when cut is true, after
// it when cutEnd is. A paragraph that only marks omitted speech ("<…>")
// is not shown as such: it becomes the "…" between its neighbours (or
// at the start or the end), so a snippet reads "a … b", not
// "a ¶ <…> ¶ b".
func paragraphs(excerpt string, cut, cutEnd bool) string {
	var b strings.Builder
	gap := cut
	wrote := false
	for _, p := range strings.Split(excerpt, "\n\n") {
		p = strings.TrimSpace(p)
		switch {
		case p == "":
			continue
		case isOmission(p):
			gap = true
			continue
		}
		switch {
		case gap && wrote:
			b.WriteString(" " + ellipsis + " ")
		case gap:
			b.WriteString(ellipsis)
		case wrote:
			b.WriteString(" ¶ ")
		}
		b.WriteString(p)
		gap, wrote = false, true
	}
	if gap || cutEnd {
		if !wrote {
			return ellipsis
		}
		b.WriteString(ellipsis)
	}
	return b.String()
}

// isOmission reports whether a paragraph only marks omitted speech, as
// the parser keeps it: "<…>", "<...>", "[…]" or "[...]".
func isOmission(p string) bool {
	switch p {
	case "<…>", "<...>", "[…]", "[...]", "‹…›", "…":
		return true
	}
	return false
}

// appendMark adds [start, end), merging it with the previous mark when
// only spaces separate them (the words of a phrase make one mark).
func appendMark(marks [][2]int, start, end int) [][2]int {
	if n := len(marks); n > 0 && marks[n-1][1] == start-1 {
		marks[n-1][1] = end
		return marks
	}
	return append(marks, [2]int{start, end})
}

type stopError struct{}

func (stopError) Error() string { return "stop" }

var errStop error = stopError{}
