package web

import (
	"strings"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// wordMarker finds where a query's positive words, prefixes and phrases
// are in a text, as search.Matcher.Mark does for the search page's
// snippets (the same terms, read by search.Positives), but in one pass
// over the whole text and without keeping its tokens: on a document
// page opened from a search, marking the paragraphs of 150 matching
// turns through Matcher.Mark allocated a token slice per paragraph,
// which with the garbage it made took a third of the page's time (see
// BENCHMARKS.md, "Reading room: document page from a search").
type wordMarker struct {
	terms    map[string]bool
	prefixes []string
	phrases  [][]string
	longest  int // the longest phrase's length, at least 1
	// firsts are the first bytes of the terms, phrases' terms and
	// prefixes. A stem starts as the folded word does (Snowball changes
	// endings), so a word whose first byte is not among them matches
	// nothing and is not stemmed: most words of a turn are only folded.
	firsts [256]bool
}

func newWordMarker(q *transcript.Query, tok *search.Tokenizer) *wordMarker {
	m := &wordMarker{terms: map[string]bool{}, longest: 1}
	search.Positives(q, tok, func(terms []string, prefix string) {
		if prefix != "" {
			m.prefixes = append(m.prefixes, prefix)
		}
		switch len(terms) {
		case 0:
		case 1:
			m.terms[terms[0]] = true
		default:
			m.phrases = append(m.phrases, terms)
			m.longest = max(m.longest, len(terms))
		}
		for _, t := range append(terms, prefix) {
			if t != "" {
				m.firsts[t[0]] = true
			}
		}
	})
	return m
}

func (m *wordMarker) empty() bool {
	return len(m.terms) == 0 && len(m.prefixes) == 0 && len(m.phrases) == 0
}

// markToken is a word of the text among the last few read.
type markToken struct {
	term       string
	start, end int
	marked     bool
}

// marks returns the byte ranges of text that m's words match, in order;
// ranges one byte apart (the words of a phrase, two matches side by
// side) are joined, as search.Matcher joins them.
func (m *wordMarker) marks(tok *search.Tokenizer, text string) [][2]int {
	var out [][2]int
	emit := func(t markToken) {
		if !t.marked {
			return
		}
		if n := len(out); n > 0 && out[n-1][1] == t.start-1 {
			out[n-1][1] = t.end
			return
		}
		out = append(out, [2]int{t.start, t.end})
	}
	// The last m.longest words, oldest first: a phrase ending at the
	// newest word marks the words before it too, before they are
	// emitted.
	window := make([]markToken, 0, m.longest)
	_ = tok.Each(text, false, func(folded string, start, end int) error {
		t := markToken{start: start, end: end}
		if m.firsts[folded[0]] {
			_ = tok.Each(text[start:end], true, func(stem string, _, _ int) error {
				t.term = stem
				return nil
			})
			t.marked = m.terms[t.term]
			for _, p := range m.prefixes {
				if !t.marked && strings.HasPrefix(folded, p) {
					t.marked = true
				}
			}
		}
		if len(window) == m.longest {
			emit(window[0])
			window = append(window[:0], window[1:]...)
		}
		window = append(window, t)
		for _, ph := range m.phrases {
			if len(ph) > len(window) {
				continue
			}
			tail := window[len(window)-len(ph):]
			same := true
			for i, term := range ph {
				if tail[i].term != term {
					same = false
					break
				}
			}
			if same {
				for i := range tail {
					tail[i].marked = true
				}
			}
		}
		return nil
	})
	for _, t := range window {
		emit(t)
	}
	return out
}
