package kremlinhtml

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/transcript"
)

// run is a stretch of a line's text that is all bold or all not.
type run struct {
	text string
	bold bool
}

// lines collects the visible inline text of paragraphs; <br> starts a new
// line, and each line becomes a paragraph of its own.
type lines struct {
	ls    [][]run
	fresh bool // the next text opens a new <b> element: keep it a run of its own
}

func (l *lines) newline() {
	if n := len(l.ls); n == 0 || len(l.ls[n-1]) > 0 {
		l.ls = append(l.ls, nil)
	}
}

func (l *lines) add(s string, bold bool) {
	if s == "" {
		return
	}
	if len(l.ls) == 0 {
		l.ls = append(l.ls, nil)
	}
	cur := &l.ls[len(l.ls)-1]
	fresh := l.fresh && bold
	l.fresh = false
	if n := len(*cur); n > 0 && (*cur)[n-1].bold == bold && !fresh {
		(*cur)[n-1].text += s
		return
	}
	*cur = append(*cur, run{s, bold})
}

// node adds the inline content of n.
func (l *lines) node(n *html.Node, bold bool) {
	switch n.Type {
	case html.TextNode:
		l.add(n.Data, bold)
		return
	case html.ElementNode:
	default:
		return
	}
	if invisible(n) {
		return
	}
	switch n.DataAtom {
	case atom.Br:
		l.newline()
		return
	case atom.Img, atom.Video, atom.Audio, atom.Input, atom.Wbr:
		return
	case atom.B, atom.Strong:
		bold = true
		l.fresh = true
	}
	block := isBlock(n)
	if block {
		l.newline()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		l.node(c, bold)
	}
	if block {
		l.newline()
	}
}

// body turns the article body into raw turns, media and related items.
type body struct {
	doc     *transcript.Document
	turns   []transcript.Turn
	pending lines // inline content met directly inside a container
	// boldLine is the previous paragraph when it was all bold and had no
	// colon: a label whose colon may open the next paragraph.
	boldLine string
	weak     []weakTurn
	strong   bool // a label that parser.LabelOK accepts opened a turn
	// tooMany is set once more than transcript.MaxTurns turns were
	// opened: the walk stops there.
	tooMany bool
}

func newBody(doc *transcript.Document) *body { return &body{doc: doc} }

// container walks the children of a block that holds other blocks.
func (b *body) container(n *html.Node) {
	for c := n.FirstChild; c != nil && !b.tooMany; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			b.pending.add(c.Data, false)
		case html.ElementNode:
			switch {
			case invisible(c):
			case c.DataAtom == atom.Br:
				b.pending.newline()
			case !isBlock(c) && !hasBlockChild(c):
				b.pending.node(c, false)
			default:
				b.flush()
				b.block(c)
			}
		}
	}
}

// flush emits the pending inline content as paragraphs.
func (b *body) flush() {
	for _, l := range b.pending.ls {
		b.line(l)
	}
	b.pending.ls = b.pending.ls[:0]
}

// skipClasses mark page furniture that is not part of the body: the
// header and footer of the article (read separately) and site chrome.
var skipClasses = []string{"read__bottommeta", "read__tags", "read__status", "read__top", "read__meta",
	"announce_date", "read__tabs", "read__categ", "entry-title", "read__lead", "read__updated", "read__close",
	"print_link_wrap"}

// chromeParts are class-name fragments of site navigation and page
// furniture, skipped when the body is sought outside a known article.
var chromeParts = []string{"footer", "header", "sidebar", "topline", "menu", "share", "search", "gallery",
	"subnav", "breadcrumb", "tabs", "license"}

func (b *body) block(c *html.Node) {
	cls := attr(c, "class")
	for _, s := range skipClasses {
		if hasToken(cls, s) {
			return
		}
	}
	switch c.DataAtom {
	case atom.Nav, atom.Header, atom.Footer, atom.Aside, atom.Form, atom.Fieldset:
		return
	case atom.Blockquote:
		return // pull-quotes repeat body text
	case atom.H1:
		return // the title
	case atom.Hr:
		b.breakTurn()
		return
	case atom.Figure:
		b.photo(c)
		return
	}
	switch {
	case hasToken(cls, "slider"):
		b.slider(c)
		return
	case hasToken(cls, "read__cut") || hasToken(cls, "cut"):
		b.cut(c)
		return
	case hasToken(cls, "media__container") || hasToken(cls, "u-video") || hasToken(cls, "media__video"):
		b.video(c)
		return
	case hasToken(cls, "media"):
		b.photo(c)
		return
	}
	for _, s := range chromeParts {
		if strings.Contains(cls, s) {
			return
		}
	}
	switch c.DataAtom {
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Dt, atom.Dd, atom.Td,
		atom.Th, atom.Pre, atom.Address, atom.Figcaption, atom.Caption:
		if !hasBlockChild(c) {
			var l lines
			for k := c.FirstChild; k != nil; k = k.NextSibling {
				l.node(k, false)
			}
			for _, ln := range l.ls {
				b.line(ln)
			}
			return
		}
	}
	b.container(c)
	b.flush()
}

// hasBlockChild reports whether n has a block element among its children.
func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && isBlock(c) && !invisible(c) {
			return true
		}
	}
	return false
}

// line handles one paragraph: a separator, an omission marker, a
// labelled paragraph that opens a turn, or a continuation.
func (b *body) line(l []run) {
	var sb strings.Builder
	for _, r := range l {
		sb.WriteString(r.text)
	}
	t := parser.CleanSpace(sb.String())
	switch {
	case t == "":
		return
	case isSeparator(t):
		b.breakTurn()
		return
	case isOmission(t):
		// "<…>" marks omitted speech: kept as printed, in the current
		// turn, as the text dumps keep it.
		b.add(t)
		return
	}
	if t[0] == ':' && b.boldLine != "" {
		// "<p><b>Label</b></p><p>: speech</p>": the colon opens the next paragraph.
		if lb, ok := checkLabel(b.boldLine, t[1:]); ok {
			if cur := &b.turns[len(b.turns)-1]; len(cur.Paragraphs) > 0 {
				cur.Paragraphs = cur.Paragraphs[:len(cur.Paragraphs)-1]
			}
			printed := b.boldLine + t
			b.boldLine = ""
			b.open(lb, printed)
			return
		}
	}
	b.boldLine = ""
	if lb, ok := splitLabel(l); ok {
		b.open(lb, t)
		return
	}
	b.add(t)
	if allBold(l) && !strings.Contains(t, ":") {
		b.boldLine = t
	}
}

// open starts a turn at label lb, printed as the paragraph text printed.
// The turn's speaker is the label as printed, its notes included
// ("Question (retranslated)"): they say how the speaker spoke, and
// transcript.SplitLabel tells them from the name.
func (b *body) open(lb label, printed string) {
	turn := transcript.Turn{Speaker: lb.printed}
	b.turns = append(b.turns, turn)
	if len(b.turns) > transcript.MaxTurns {
		b.tooMany = true
	}
	if lb.weak {
		b.weak = append(b.weak, weakTurn{len(b.turns) - 1, printed})
	} else {
		b.strong = true
	}
	if lb.rest != "" {
		b.add(lb.rest)
	}
}

// weakTurn is a turn opened by a label only the markup vouches for, and
// the paragraph that opened it, as printed.
type weakTurn struct {
	turn    int
	printed string
}

// settle undoes the weak labels of a page on which no label reads as an
// office and a name: with no transcript around them, bold text before a
// colon ("Email:", "Note:") is a heading or a form field. The paragraph
// returns to the text as printed.
func (b *body) settle() {
	if b.strong {
		return
	}
	for _, w := range b.weak {
		t := &b.turns[w.turn]
		t.Speaker, t.Notes = "", nil
		if len(t.Paragraphs) > 0 {
			t.Paragraphs[0] = w.printed
		} else {
			t.Paragraphs = []string{w.printed}
		}
	}
	b.weak = nil
}

// allBold reports whether every run of l with text in it is bold.
func allBold(l []run) bool {
	for _, r := range l {
		if !r.bold && parser.TrimSpace(r.text) != "" {
			return false
		}
	}
	return true
}

func (b *body) add(p string) {
	if len(b.turns) == 0 {
		b.turns = append(b.turns, transcript.Turn{})
	}
	t := &b.turns[len(b.turns)-1]
	t.Paragraphs = append(t.Paragraphs, p)
}

// breakTurn ends the current speaker's turn at a structural break
// ("* * *", <hr>): unlabelled text after it is not that speaker's.
func (b *body) breakTurn() {
	b.boldLine = ""
	if n := len(b.turns); n > 0 && b.turns[n-1].Speaker != "" {
		b.turns = append(b.turns, transcript.Turn{})
	}
}

// isSeparator reports whether t is a "* * *" or "***" separator.
func isSeparator(t string) bool {
	stars := 0
	for _, r := range t {
		switch r {
		case '*':
			stars++
		case ' ', '\u00a0', '\t':
		default:
			return false
		}
	}
	return stars >= 3
}

// isOmission reports whether t is a standalone omission marker "<…>".
func isOmission(t string) bool {
	if len(t) > 24 || (t[0] != '<' && t[0] != '[') {
		return false
	}
	t = strings.Join(strings.Fields(parser.Fold(t)), "")
	return t == "<…>" || t == "<...>" || t == "[…]" || t == "[...]"
}

// reAfterLabel matches what may sit between a bold label and its colon:
// white space and bracketed notes, "<b>Question</b> (retranslated):",
// "<b>…</b> <i>(</i><i>retranslated</i><i>)</i><b>:</b>".
var reAfterLabel = regexp.MustCompile(`^[\s\x{00a0}]*(?:\([^()]{0,200}\)[\s\x{00a0}]*){0,3}:`)

// label is a speaker label found in a paragraph.
type label struct {
	speaker string // as printed, without notes and colon: what LabelOK judges
	printed string // as printed with its notes ("Question (retranslated)"), without the colon: the turn's Speaker
	rest    string // the speech after the colon
	// weak marks a label that only the markup vouches for
	// (parser.MarkedLabelOK): it stands only on a page that has labels
	// parser.LabelOK accepts too.
	weak bool
}

// splitLabel finds a speaker label at the start of a paragraph: its first
// bold run opens the paragraph and either ends with ":" or is followed by
// ":" (after optional bracketed notes). Adjacent bold runs separated only
// by white space, or touching, are one label; so is a bold run that holds
// only the colon.
func splitLabel(l []run) (label, bool) {
	i := 0
	for i < len(l) && parser.TrimSpace(l[i].text) == "" {
		i++
	}
	if i >= len(l) || !l[i].bold {
		return label{}, false
	}
	var acc strings.Builder
	var glued []int // offsets in acc where two <b> elements touch
	var text, rest string
	for {
		acc.WriteString(l[i].text)
		if s := parser.TrimSpace(acc.String()); strings.HasSuffix(s, ":") {
			text = acc.String()
			rest = joinRuns(l[i+1:])
			break
		}
		if i+1 >= len(l) {
			return label{}, false
		}
		if l[i+1].bold {
			glued = append(glued, acc.Len())
			i++
			continue
		}
		// l[i+1] is not bold: white space before another bold run, or
		// the colon (and notes) outside the bold.
		if i+2 < len(l) && l[i+2].bold && parser.TrimSpace(l[i+1].text) == "" {
			acc.WriteString(l[i+1].text)
			i += 2
			continue
		}
		after := joinRuns(l[i+1:])
		m := reAfterLabel.FindStringIndex(after)
		if m == nil {
			return label{}, false
		}
		text = acc.String() + after[:m[1]-1]
		rest = after[m[1]:]
		break
	}
	if lb, ok := checkLabel(text, rest); ok {
		return lb, true
	}
	// "<b>Vladimir</b><b>Putin</b><b>: </b>" prints "VladimirPutin:";
	// the space the markup lost is restored when that makes a label.
	if len(glued) > 0 {
		return checkLabel(unglue(text, glued), rest)
	}
	return label{}, false
}

// checkLabel splits the printed text of a candidate label (up to its
// colon) into speaker and notes and decides whether it is a label.
func checkLabel(text, rest string) (label, bool) {
	text = parser.CleanSpace(strings.TrimSuffix(parser.CleanSpace(text), ":"))
	speaker, note := parser.SplitNote(text)
	speaker = parser.CleanSpace(speaker)
	rest = parser.CleanSpace(rest)
	if speaker == "" {
		return label{}, false
	}
	printed := speaker
	if note != "" {
		printed = parser.CleanSpace(text)
	}
	lb := label{speaker: speaker, printed: printed, rest: rest}
	switch {
	case parser.LabelOK(speaker):
		return lb, true
	case parser.MarkedLabelOK(speaker, rest):
		lb.weak = true
		return lb, true
	}
	return label{}, false
}

// unglue inserts a space at each offset of s that joins two letters.
func unglue(s string, at []int) string {
	var b strings.Builder
	prev := 0
	for _, k := range at {
		if k <= prev || k >= len(s) {
			continue
		}
		b.WriteString(s[prev:k])
		r1, _ := utf8.DecodeLastRuneInString(s[:k])
		r2, _ := utf8.DecodeRuneInString(s[k:])
		if unicode.IsLetter(r1) && unicode.IsLetter(r2) {
			b.WriteByte(' ')
		}
		prev = k
	}
	b.WriteString(s[prev:])
	return b.String()
}

func joinRuns(rs []run) string {
	switch len(rs) {
	case 0:
		return ""
	case 1:
		return rs[0].text
	}
	var sb strings.Builder
	for _, r := range rs {
		sb.WriteString(r.text)
	}
	return sb.String()
}
