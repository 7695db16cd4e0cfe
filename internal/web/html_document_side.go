package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// highlighter marks a query's matches on a document page opened from a
// search (/d/ID?q=QUERY): which turns match, the way the export selects
// them (search.TurnMatcher), and where the query's words are in their
// text, the way the search page marks its snippets (search.Matcher).
// It is made for one request and is not safe for concurrent use.
type highlighter struct {
	view  *matchView
	words *wordMarker
	tok   *search.Tokenizer // from tokenizers; release gives it back
	at    map[int]int       // a matching turn's number → its place, from 1
}

// tokenizers keeps search.Tokenizers between requests: each keeps a
// cache of stems, so that a page marks the words of its turns without
// stemming them all again.
var tokenizers = sync.Pool{New: func() any { return search.NewTokenizer() }}

// release gives h's tokenizer back; h marks nothing after.
func (h *highlighter) release() {
	if h != nil && h.tok != nil {
		tokenizers.Put(h.tok)
		h.tok = nil
	}
}

// documentMatches reads the page's q parameter: nil without one; a bad
// query is a 400, as on the search page.
func (s *Server) documentMatches(ctx context.Context, r *http.Request, doc *transcript.Document) (*highlighter, error) {
	v := r.URL.Query()
	if n := len(v["q"]); n > 1 {
		return nil, errorf(http.StatusBadRequest, "parameter q is given %d times; give it once", n)
	}
	q := strings.TrimSpace(v.Get("q"))
	if q == "" {
		return nil, nil
	}
	if len(q) > MaxQueryBytes {
		return nil, &httpError{Status: http.StatusBadRequest, Msg: "the query is too long: " + strconv.Itoa(len(q)) + " bytes; the limit is " + strconv.Itoa(MaxQueryBytes),
			Hint: "A query of a few words and filters finds what a long one would."}
	}
	query, err := search.ParseQuery(q)
	if err != nil {
		return nil, err
	}
	ps, o, err := s.exportVocab(ctx, query)
	if err != nil {
		return nil, err
	}
	tok := tokenizers.Get().(*search.Tokenizer)
	h := &highlighter{words: newWordMarker(query, tok), tok: tok, at: map[int]int{}}
	turns := search.NewTurnMatcher(query, ps, o, search.UnnamedLabels(doc)).Match(doc)
	h.view = &matchView{Q: q, Turns: turns, SearchURL: searchURL(q), ClearURL: docURL(doc.ID)}
	for i, n := range turns {
		h.at[n] = i + 1
	}
	if len(turns) > 0 {
		h.view.First = "t" + strconv.Itoa(turns[0])
	}
	if !h.words.empty() {
		for _, text := range []string{doc.Title, doc.Lead} {
			h.view.Header = h.view.Header || len(h.marks(text)) > 0
		}
	}
	return h, nil
}

// place is turn n's place among the matches (0 if it does not match)
// and the anchors of the previous and next matches.
func (h *highlighter) place(n int) (at int, prev, next string) {
	at = h.at[n]
	if at == 0 {
		return 0, "", ""
	}
	if at > 1 {
		prev = "t" + strconv.Itoa(h.view.Turns[at-2])
	}
	if at < len(h.view.Turns) {
		next = "t" + strconv.Itoa(h.view.Turns[at])
	}
	return at, prev, next
}

// marks returns the byte ranges of text that the query's words match.
func (h *highlighter) marks(text string) [][2]int {
	if h.words.empty() || text == "" {
		return nil
	}
	return h.words.marks(h.tok, text)
}

// mark is text as HTML with the query's matches in <mark> and its stage
// directions (notes) set apart as paragraphHTML sets them.
func (h *highlighter) mark(text string, notes []string) template.HTML {
	return spansHTML(text, directionRanges(text, notes), h.marks(text))
}

// directionRanges are the byte ranges of text that its notes (stage
// directions) take, in order, found as paragraphHTML finds them.
func directionRanges(text string, notes []string) [][2]int {
	var out [][2]int
	for at := 0; at < len(text); {
		first, n := -1, ""
		for _, note := range notes {
			if note == "" {
				continue
			}
			if i := strings.Index(text[at:], note); i >= 0 && (first < 0 || i < first) {
				first, n = i, note
			}
		}
		if first < 0 {
			break
		}
		out = append(out, [2]int{at + first, at + first + len(n)})
		at += first + len(n)
	}
	return out
}

// directionOnly reports whether paragraph p is nothing but stage
// directions.
func directionOnly(p string, notes []string) bool {
	_, whole := paragraphHTML(p, notes)
	return whole
}

// spansHTML escapes text, wrapping the ranges dirs in direction spans
// and the ranges marks in <mark>; both are sorted and do not overlap
// among themselves. A mark across a direction's edge is split there.
func spansHTML(text string, dirs, marks [][2]int) template.HTML {
	valid := func(rs [][2]int) [][2]int {
		var out [][2]int
		for _, r := range rs {
			if r[0] >= 0 && r[1] <= len(text) && r[0] < r[1] && (len(out) == 0 || out[len(out)-1][1] <= r[0]) {
				out = append(out, r)
			}
		}
		return out
	}
	dirs, marks = valid(dirs), valid(marks)
	cuts := []int{0, len(text)}
	for _, rs := range [][][2]int{dirs, marks} {
		for _, r := range rs {
			cuts = append(cuts, r[0], r[1])
		}
	}
	sort.Ints(cuts)
	cuts = slices.Compact(cuts)
	in := func(rs [][2]int, at int) bool {
		i := sort.Search(len(rs), func(i int) bool { return rs[i][1] > at })
		return i < len(rs) && rs[i][0] <= at
	}
	var b strings.Builder
	b.Grow(len(text) + 32*len(marks))
	for i := 0; i+1 < len(cuts); i++ {
		from, to := cuts[i], cuts[i+1]
		d, m := in(dirs, from), in(marks, from)
		if d {
			b.WriteString(`<span class="direction">`)
		}
		if m {
			b.WriteString("<mark>")
		}
		b.WriteString(template.HTMLEscapeString(text[from:to]))
		if m {
			b.WriteString("</mark>")
		}
		if d {
			b.WriteString("</span>")
		}
	}
	return template.HTML(b.String())
}

// speakerViews lists doc's speakers in order of first appearance: each
// person once under the name the registry shows (canonical), each label
// of turns without a person once, with the number of turns and the
// first.
func speakerViews(doc *transcript.Document, canonical func(string) string) []speakerView {
	var out []speakerView
	at := map[string]int{}
	for _, t := range doc.Turns {
		key, name := "l\x00"+t.Speaker, t.Speaker
		if t.Person != "" {
			name = canonical(t.Person)
			key = "p\x00" + name
		}
		if name == "" {
			continue
		}
		if i, ok := at[key]; ok {
			out[i].Turns++
			continue
		}
		at[key] = len(out)
		out = append(out, speakerView{Name: name, First: "t" + strconv.Itoa(t.Index), Turns: 1})
	}
	return out
}

// jumpEvery is the spacing of the side panel's turn numbers to jump to.
const jumpEvery = 25

// jumps are the turn numbers the side panel offers to jump to in a
// document of n turns: every jumpEvery-th, when it has more than two
// screens of them.
func jumps(n int) []int {
	if n <= 2*jumpEvery {
		return nil
	}
	out := []int{1}
	for i := jumpEvery; i <= n; i += jumpEvery {
		out = append(out, i)
	}
	return out
}

// docMatchURL is document id's page opened with the query q, which it
// highlights, at turn n (0: the top).
func docMatchURL(id, q string, n int) string {
	u := docURL(id) + "?" + encode(url.Values{"q": {q}})
	if n > 0 {
		u += "#t" + strconv.Itoa(n)
	}
	return u
}

// transcriptHTML writes the turns of a document page. It is written in
// Go rather than in the template: html/template escapes each value
// through reflection, which cost more than the rest of the page for an
// event of hundreds of turns (see BenchmarkLongDocumentPage).
func transcriptHTML(turns []turnView, matches int, l string) template.HTML {
	var b strings.Builder
	size := 0
	for _, t := range turns {
		size += 400
		for _, p := range t.Paragraphs {
			size += len(p.HTML) + 120
		}
	}
	b.Grow(size)
	esc := template.HTMLEscapeString
	// The interface's words, looked up once.
	turnLabel, linkTurn, linkPara := esc(tr(l, "turn.label")), esc(tr(l, "turn.link")), esc(tr(l, "turn.linkpara"))
	prev, next, citeTurn := msg(l, "pager.prev"), msg(l, "pager.next"), esc(tr(l, "turn.cite"))
	for _, t := range turns {
		n := strconv.Itoa(t.Index)
		b.WriteString(`<section class="turn`)
		if t.Speaker == "" {
			b.WriteString(" unlabelled")
		}
		if t.Match > 0 {
			b.WriteString(" match")
		}
		b.WriteString(`" id="` + t.Anchor + `" aria-label="` + turnLabel + " " + n)
		if t.Speaker != "" {
			b.WriteString(": " + esc(t.Speaker))
		}
		b.WriteString(`">` + "\n")
		b.WriteString(`<a class="tn" href="#` + t.Anchor + `" title="` + linkTurn + " " + n + `" lang="` + l + `">` + n + "</a>\n")
		if t.Speaker != "" {
			b.WriteString(`<h2 class="speaker">`)
			if t.PersonURL != "" {
				b.WriteString(`<a href="` + esc(t.PersonURL) + `">` + esc(t.Speaker) + `</a>`)
			} else {
				b.WriteString(esc(t.Speaker))
			}
			b.WriteString("</h2>\n")
		}
		if t.Exchange != "" {
			b.WriteString(`<p class="exchange" lang="` + l + `"><a href="#` + t.ExchangeAnchor + `">` + esc(t.Exchange) + "</a></p>\n")
		}
		if t.Match > 0 {
			b.WriteString(`<p class="match-nav" lang="` + l + `">` + esc(tr(l, "turn.match", t.Match, matches)))
			if t.Prev != "" {
				b.WriteString(` · <a href="#` + t.Prev + `" rel="prev">` + prev + `</a>`)
			}
			if t.Next != "" {
				b.WriteString(` · <a href="#` + t.Next + `" rel="next">` + next + `</a>`)
			}
			b.WriteString("</p>\n")
		}
		for _, p := range t.Paragraphs {
			b.WriteString(`<p id="` + p.Anchor + `"`)
			if p.Direction {
				b.WriteString(` class="direction"`)
			}
			b.WriteString(">")
			b.WriteString(string(p.HTML))
			b.WriteString(`<a class="pilcrow" href="#` + p.Anchor + `" aria-label="` + linkPara + " " + p.Anchor + `" lang="` + l + `">¶</a></p>` + "\n")
		}
		b.WriteString(`<a class="cite-link" href="` + esc(t.CiteURL) + `" data-turn="` + n + `" rel="nofollow" lang="` + l + `">` + citeTurn + " " + n + "</a>\n</section>\n")
	}
	return template.HTML(b.String())
}
