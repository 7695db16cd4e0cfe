package verify

import (
	"fmt"
	"strings"
)

// step is one step of an alignment of a quote with a source turn.
type step struct {
	kind stepKind
	q, s int // indices into the quote's and the source's words; -1 when absent
}

type stepKind uint8

const (
	stepMatch  stepKind = iota // the same term (its form may differ: talks, talk)
	stepSubst                  // one word in place of another
	stepQuote                  // a word of the quote that the source lacks
	stepSource                 // a word of the source that the quote leaves out
)

// Scores of the alignment. A match of a word that says something counts
// more than one of a stop word, which matches anywhere; leaving a source
// word out costs less than adding a word, and nothing right after an
// ellipsis, which says that words were left out.
const (
	scoreMatch     = 4
	scoreMatchStop = 2
	scoreSubst     = -2
	scoreQuoteGap  = -2
	scoreSourceGap = -1
)

// aligner aligns quotes with source turns; it keeps its table between
// calls and is not safe for concurrent use.
type aligner struct {
	h []int32
}

// align aligns every word of q with a stretch of s (semi-global
// alignment: the source's words before and after the stretch are free),
// by dynamic programming over the stemmed terms, and returns the steps
// in order. Its time and memory are len(q)×len(s).
func (a *aligner) align(q, s []word) []step {
	n, m := len(q), len(s)
	if n == 0 {
		return nil
	}
	w := m + 1
	if cap(a.h) < (n+1)*w {
		a.h = make([]int32, (n+1)*w)
	}
	h := a.h[:(n+1)*w]
	for j := 0; j <= m; j++ {
		h[j] = 0
	}
	for i := 1; i <= n; i++ {
		h[i*w] = h[(i-1)*w] + scoreQuoteGap
		skip := int32(scoreSourceGap)
		if i < n && q[i].elided {
			skip = 0
		}
		for j := 1; j <= m; j++ {
			diag := h[(i-1)*w+j-1] + pairScore(q[i-1], s[j-1])
			up := h[(i-1)*w+j] + scoreQuoteGap
			left := h[i*w+j-1] + skip
			h[i*w+j] = max(diag, up, left)
		}
	}
	// The stretch ends where the whole quote scores best.
	bj := 0
	for j := 1; j <= m; j++ {
		if h[n*w+j] > h[n*w+bj] {
			bj = j
		}
	}
	var steps []step
	i, j := n, bj
	for i > 0 {
		cur := h[i*w+j]
		switch {
		case j > 0 && cur == h[(i-1)*w+j-1]+pairScore(q[i-1], s[j-1]):
			k := stepSubst
			if q[i-1].term == s[j-1].term {
				k = stepMatch
			}
			steps = append(steps, step{k, i - 1, j - 1})
			i, j = i-1, j-1
		case cur == h[(i-1)*w+j]+scoreQuoteGap:
			steps = append(steps, step{stepQuote, i - 1, -1})
			i--
		default:
			steps = append(steps, step{stepSource, -1, j - 1})
			j--
		}
	}
	for l, r := 0, len(steps)-1; l < r; l, r = l+1, r-1 {
		steps[l], steps[r] = steps[r], steps[l]
	}
	// Source words skipped before the first word of the quote are not
	// part of the stretch.
	for len(steps) > 0 && steps[0].kind == stepSource {
		steps = steps[1:]
	}
	return steps
}

func pairScore(q, s word) int32 {
	if q.term != s.term {
		return scoreSubst
	}
	if stopWords[q.fold] {
		return scoreMatchStop
	}
	return scoreMatch
}

// Op is one step of the word-level diff from the source to the quote.
type Op struct {
	// Op is "equal" (words the quote and the source share), "delete"
	// (the source's words, which the quote leaves out or replaces) or
	// "insert" (the quote's words, which the source does not have).
	Op   string `json:"op"`
	Text string `json:"text"`
	// Kind, on a delete or insert, is "figure", "name" or "negation"
	// when the difference is one that alters a quote.
	Kind string `json:"kind,omitempty"`
}

// Diff ops.
const (
	OpEqual  = "equal"
	OpDelete = "delete"
	OpInsert = "insert"
)

// comparison is a quote aligned with one source turn.
type comparison struct {
	steps []step
	// similarity of the quote and the source's stretch, from 0 to 1: the
	// mean of the Dice coefficients of their words (stop words weighing a
	// quarter, see word.weight) and of their pairs of neighbouring words,
	// words left out at an ellipsis of the quote not counted. It is 1 for
	// the same words, and lower the more words differ or the more
	// scattered the shared ones are.
	similarity float64
	exact      bool // every word of the quote is the source's, in order, with nothing between
	diff       []Op
	kinds      []string // the significant differences, in order
	reasons    []string
	// sStart and sEnd are the byte offsets of the source's stretch.
	sStart, sEnd int
}

// compare aligns quote with source and reads the alignment.
func (a *aligner) compare(quote []word, qText string, source []word, sText string) *comparison {
	c := &comparison{steps: a.align(quote, source), exact: len(quote) > 0}
	var total, matched float64
	for _, w := range quote {
		total += w.weight()
	}
	first, last := -1, -1
	var qWords, sWords, kept float64
	adjacent := false // the step before was a match, but for words left out at an ellipsis
	for _, st := range c.steps {
		elided := st.kind == stepSource && c.elidedAt(st, quote)
		if st.s >= 0 {
			if first < 0 {
				first = st.s
			}
			last = st.s
			if !elided {
				total += source[st.s].weight()
				sWords++
			}
		}
		if st.q >= 0 {
			qWords++
		}
		switch {
		case st.kind == stepMatch:
			matched += quote[st.q].weight()
			if adjacent {
				kept++
			}
			adjacent = true
		case !elided:
			adjacent = false
		}
		if st.kind != stepMatch || quote[st.q].fold != source[st.s].fold {
			c.exact = false
		}
	}
	// Twice the shared weight over both weights (a Dice coefficient of
	// the words), and the same of the pairs of neighbouring words: the
	// first says how many words are shared, the second whether they are
	// in the same order, next to each other, as a quote's words are.
	var words, pairs float64
	if total > 0 {
		words = 2 * matched / total
	}
	if qWords+sWords > 2 {
		pairs = 2 * kept / (qWords + sWords - 2)
	} else {
		pairs = words
	}
	c.similarity = (words + pairs) / 2
	if first >= 0 {
		c.sStart, c.sEnd = source[first].start, source[last].end
	}
	c.readDiff(quote, qText, source, sText)
	return c
}

// readDiff turns the steps into the diff, merging runs, and notes each
// significant difference.
func (c *comparison) readDiff(quote []word, qText string, source []word, sText string) {
	var (
		eqFrom, eqTo   = -1, -1 // source words of the current equal run
		delFrom, delTo = -1, -1 // source words of the current change run
		insFrom, insTo = -1, -1 // quote words of the current change run
		kind           string
	)
	span := func(ws []word, text string, from, to int) string {
		return text[ws[from].start:ws[to].end]
	}
	flushEq := func() {
		if eqFrom >= 0 {
			c.diff = append(c.diff, Op{Op: OpEqual, Text: span(source, sText, eqFrom, eqTo)})
			eqFrom = -1
		}
	}
	flushChange := func() {
		var del, ins string
		if delFrom >= 0 {
			del = span(source, sText, delFrom, delTo)
			c.diff = append(c.diff, Op{Op: OpDelete, Text: del, Kind: kind})
		}
		if insFrom >= 0 {
			ins = span(quote, qText, insFrom, insTo)
			c.diff = append(c.diff, Op{Op: OpInsert, Text: ins, Kind: kind})
		}
		if kind != "" {
			c.kinds = append(c.kinds, kind)
			c.reasons = append(c.reasons, reason(kind, del, ins))
		}
		delFrom, insFrom, kind = -1, -1, ""
	}
	note := func(k string) {
		if rank(k) > rank(kind) {
			kind = k
		}
	}
	for _, st := range c.steps {
		if st.kind == stepMatch && quote[st.q].fold == source[st.s].fold {
			flushChange()
			if eqFrom < 0 {
				eqFrom = st.s
			}
			eqTo = st.s
			continue
		}
		flushEq()
		if st.s >= 0 {
			if delFrom < 0 {
				delFrom = st.s
			}
			delTo = st.s
		}
		if st.q >= 0 {
			if insFrom < 0 {
				insFrom = st.q
			}
			insTo = st.q
		}
		switch st.kind {
		case stepSubst:
			note(substKind(source[st.s], quote[st.q]))
		case stepQuote:
			note(quote[st.q].kind())
		case stepSource:
			k := source[st.s].kind()
			if c.elidedAt(st, quote) && k != KindNegation {
				k = ""
			}
			note(k)
		}
	}
	flushChange()
	flushEq()
}

// elidedAt reports whether the source word of st was left out at an
// ellipsis of the quote: the next quote word in the steps is elided.
func (c *comparison) elidedAt(st step, quote []word) bool {
	for _, x := range c.steps {
		if x.s > st.s && x.q >= 0 {
			return quote[x.q].elided
		}
	}
	return false
}

func rank(kind string) int {
	switch kind {
	case KindNegation:
		return 3
	case KindFigure:
		return 2
	case KindName:
		return 1
	}
	return 0
}

// reason says in words what a significant difference is.
func reason(kind, del, ins string) string {
	what := map[string]string{KindFigure: "a figure", KindName: "a name", KindNegation: "a negation"}[kind]
	switch {
	case del != "" && ins != "":
		return fmt.Sprintf("%s differs: the source says %s, the quote %s", what, quoted(del), quoted(ins))
	case del != "":
		return fmt.Sprintf("%s is left out: the source says %s, the quote has nothing there", what, quoted(del))
	}
	return fmt.Sprintf("%s is added: the quote says %s, the source has nothing there", what, quoted(ins))
}

func quoted(s string) string {
	return "“" + strings.Join(strings.Fields(s), " ") + "”"
}
