package diff

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tokens splits s into the units a word diff compares: words (letters,
// digits and marks, with an inner hyphen or apostrophe as in
// Kassym-Jomart or don’t), numbers (with inner separators and a trailing
// per cent sign, so that 1,234.5 and 25% are one token each), runs of
// white space, and every other character alone. Joined, the tokens are s
// again, byte for byte, whatever s holds.
func Tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		switch {
		case unicode.IsSpace(r):
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r) {
					break
				}
				j += size
			}
		case isWord(r):
			last := r
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if isWord(r) {
					j += size
					last = r
					continue
				}
				next, nsize := utf8.DecodeRuneInString(s[j+size:])
				if j+size < len(s) && joins(last, r, next) {
					j += size + nsize
					last = next
					continue
				}
				break
			}
			if unicode.IsDigit(last) && j < len(s) && s[j] == '%' {
				j++
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func isWord(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

// joins reports whether sep between the word characters prev and next
// belongs to the word: a separator inside a number, a hyphen or an
// apostrophe inside a word.
func joins(prev, sep, next rune) bool {
	if !isWord(next) {
		return false
	}
	switch sep {
	case '.', ',', '\u00a0', '\u202f':
		return unicode.IsDigit(prev) && unicode.IsDigit(next)
	case '-', '\'', '’', '\u2011':
		return unicode.IsLetter(prev) && unicode.IsLetter(next)
	}
	return false
}

// Words compares two texts word by word. The Equal and Removed spans
// joined give old; the Equal and Added spans joined give new. A change
// is written as its removed span, then its added span; white space
// between two changes is folded into them, so that a rewritten phrase
// reads as one change rather than as alternating words.
func Words(old, new string) []Span {
	if old == new {
		if old == "" {
			return nil
		}
		return []Span{{Equal, old}}
	}
	a, b := Tokens(old), Tokens(new)
	steps := myers(len(a), len(b), func(i, j int) bool { return a[i] == b[j] })
	items := make([]Span, len(steps))
	for k, s := range steps {
		if s.op == Added {
			items[k] = Span{Added, b[s.j]}
		} else {
			items[k] = Span{s.op, a[s.i]}
		}
	}
	slide(items)
	// Runs of kept tokens alternate with changes (what was removed and
	// what was added in their place).
	type run struct {
		equal        bool
		text         string // of an equal run
		removed, add strings.Builder
	}
	var runs []*run
	for _, it := range items {
		if it.Op == Equal {
			if len(runs) == 0 || !runs[len(runs)-1].equal {
				runs = append(runs, &run{equal: true})
			}
			runs[len(runs)-1].text += it.Text
			continue
		}
		if len(runs) == 0 || runs[len(runs)-1].equal {
			runs = append(runs, &run{})
		}
		r := runs[len(runs)-1]
		if it.Op == Removed {
			r.removed.WriteString(it.Text)
		} else {
			r.add.WriteString(it.Text)
		}
	}
	// Fold blank runs between two changes into one change.
	var merged []*run
	for i := 0; i < len(runs); i++ {
		r := runs[i]
		if r.equal && strings.TrimSpace(r.text) == "" && len(merged) > 0 && !merged[len(merged)-1].equal && i+1 < len(runs) {
			prev, next := merged[len(merged)-1], runs[i+1]
			prev.removed.WriteString(r.text)
			prev.removed.WriteString(next.removed.String())
			prev.add.WriteString(r.text)
			prev.add.WriteString(next.add.String())
			i++
			continue
		}
		merged = append(merged, r)
	}
	var out []Span
	for _, r := range merged {
		if r.equal {
			out = append(out, Span{Equal, r.text})
			continue
		}
		if s := r.removed.String(); s != "" {
			out = append(out, Span{Removed, s})
		}
		if s := r.add.String(); s != "" {
			out = append(out, Span{Added, s})
		}
	}
	return out
}

// slide moves each run of only added or only removed tokens (one token
// per item) along the kept tokens around it, where they repeat its own,
// to where it starts after white space and ends before a non-word: an
// edit diff leaves "talks <script> <b>" as "talks <{+script> <+}b>",
// which reads better as "talks {+<script> +}<b>". Either side's text is
// unchanged by the move.
func slide(items []Span) {
	boundary := func(i, j int) int {
		n := 0
		if i == 0 || strings.TrimSpace(items[i-1].Text) == "" {
			n += 2
		}
		if j == len(items) {
			n++
		} else if r, _ := utf8.DecodeRuneInString(items[j].Text); !isWord(r) {
			n++
		}
		return n
	}
	for i := 0; i < len(items); {
		op := items[i].Op
		if op == Equal {
			i++
			continue
		}
		j := i
		for j < len(items) && items[j].Op == op {
			j++
		}
		if (i > 0 && items[i-1].Op != Equal) || (j < len(items) && items[j].Op != Equal) {
			i = j
			continue
		}
		// As far left as the run may go, then right, noting the best place.
		for i > 0 && items[i-1].Op == Equal && items[i-1].Text == items[j-1].Text {
			items[i-1].Op, items[j-1].Op = op, Equal
			i, j = i-1, j-1
		}
		best, bestScore := i, boundary(i, j)
		for j < len(items) && items[j].Op == Equal && items[j].Text == items[i].Text {
			items[i].Op, items[j].Op = Equal, op
			i, j = i+1, j+1
			if s := boundary(i, j); s > bestScore {
				best, bestScore = i, s
			}
		}
		for i > best {
			items[i-1].Op, items[j-1].Op = op, Equal
			i, j = i-1, j-1
		}
		i = j
	}
}

// similarity is the Dice coefficient of two texts' words (lower-cased,
// counted with repeats): 1 for the same words, 0 for none in common.
type bag struct {
	counts map[string]int
	n      int
}

func newBag(texts ...string) bag {
	b := bag{counts: map[string]int{}}
	for _, s := range texts {
		for _, t := range Tokens(s) {
			r, _ := utf8.DecodeRuneInString(t)
			if isWord(r) {
				b.counts[strings.ToLower(t)]++
				b.n++
			}
		}
	}
	return b
}

func (a bag) similarity(b bag) float64 {
	if a.n == 0 && b.n == 0 {
		return 1
	}
	if a.n == 0 || b.n == 0 {
		return 0
	}
	small, large := a, b
	if len(small.counts) > len(large.counts) {
		small, large = large, small
	}
	common := 0
	for w, c := range small.counts {
		common += min(c, large.counts[w])
	}
	return 2 * float64(common) / float64(a.n+b.n)
}
