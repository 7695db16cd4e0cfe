package search

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Limits of a query. They keep parsing and the engines' work bounded for
// anything typed into the search box.
const (
	// MaxQueryBytes is the longest query ParseQuery accepts.
	MaxQueryBytes = 2000
	maxTerms      = 64 // words and phrases
	maxFilters    = 64
	maxDepth      = 32 // nested parentheses
)

// QueryError is a malformed query: Msg says what is wrong at byte offset
// Pos of Query. It wraps [transcript.ErrInvalid].
type QueryError struct {
	Query string
	Pos   int // byte offset, 0 ≤ Pos ≤ len(Query)
	Msg   string
}

// Error returns "query: column N: msg", N counting runes from 1.
func (e *QueryError) Error() string {
	return fmt.Sprintf("query: column %d: %s", e.Column(), e.Msg)
}

// Unwrap returns [transcript.ErrInvalid].
func (e *QueryError) Unwrap() error { return transcript.ErrInvalid }

// Column returns the 1-based rune column of Pos in Query.
func (e *QueryError) Column() int {
	return utf8.RuneCountInString(e.Query[:e.pos()]) + 1
}

func (e *QueryError) pos() int { return min(max(e.Pos, 0), len(e.Query)) }

// Caret returns two lines, without a final newline: the query, and a '^'
// under the rune at Pos. Columns count runes, so Cyrillic lines up in a
// monospaced font; whitespace and control characters in the query are
// shown as spaces, so that line breaks and tabs do not move the caret.
func (e *QueryError) Caret() string {
	var b strings.Builder
	for _, r := range e.Query {
		if isSpace(r) {
			r = ' '
		}
		b.WriteRune(r)
	}
	b.WriteByte('\n')
	b.WriteString(strings.Repeat(" ", e.Column()-1))
	b.WriteByte('^')
	return b.String()
}

// ParseQuery parses what a user typed into the search box.
//
// Terms separated by whitespace must all match; an uppercase AND between
// two terms says the same. Uppercase OR separates alternatives and binds
// looser than AND: "a b OR c" is (a b) OR c. A term is
//
//   - a word: a run of characters other than whitespace, quotes and
//     parentheses, kept as written (U.S., COVID-19, Kassym-Jomart): the
//     engine tokenizes and stems it like indexed text, so a word of
//     punctuation alone (–, &) is kept but yields no term. Lowercase and,
//     or and not are words.
//   - a prefix: a word ending in '*' (price*); '*' anywhere else is an error.
//   - a phrase between "…", “…”, „…“ or «…»; it needs a letter or digit.
//   - a group in parentheses, nested at most 32 deep.
//   - an exclusion: '-' or uppercase NOT before a word, phrase or group
//     (-oil, NOT "United States", -(gas OR oil)). A '-' inside a word
//     belongs to the word. What is excluded must itself match something:
//     -(-x) is an error.
//
// Filters written field:value or field:"quoted value" restrict the
// documents searched. They stand at the top level of the query, outside
// parentheses and not next to an OR, and each may be negated with '-' or
// NOT. The fields, case-insensitive, are person, speaker, topic, geography
// (or geo, country), section, lang (or language; en or ru), type
// (transcript, news, document, announcement, singular or plural, or in
// Russian) and the date bounds from and to. See [transcript.Query] for how
// filters combine. from: and to: take YYYY, YYYY-MM or YYYY-MM-DD: from:
// the first day of that period, to: the last; each may be given once, not
// negated, and from: may not be after to:. A word whose text before its
// first colon is not ASCII letters only (10:30), or is followed by "//"
// (https://…), is an ordinary word; any other letters-only name with a
// colon is an unknown filter.
//
// A query needs something that is not excluded: a word, a phrase, a filter
// or a date bound. Each alternative of an OR must match something by itself
// too. A query is at most [MaxQueryBytes] of valid UTF-8 and at most 64
// words and phrases and 64 filters. Whitespace is any Unicode space or
// control character.
//
// A malformed query returns a *[QueryError] pointing at the fault.
func ParseQuery(q string) (*transcript.Query, error) {
	if len(q) > MaxQueryBytes {
		pos := MaxQueryBytes
		for pos > 0 && !utf8.RuneStart(q[pos]) {
			pos--
		}
		return nil, &QueryError{q, pos, fmt.Sprintf("query is longer than %d bytes", MaxQueryBytes)}
	}
	for i := 0; i < len(q); {
		r, size := utf8.DecodeRuneInString(q[i:])
		if r == utf8.RuneError && size == 1 {
			return nil, &QueryError{q, i, "invalid UTF-8"}
		}
		i += size
	}
	if strings.TrimFunc(q, isSpace) == "" {
		return nil, &QueryError{q, 0, "empty query"}
	}
	p := &parser{q: q}
	if err := p.lex(); err != nil {
		return nil, err
	}
	if err := p.checkOperators(); err != nil {
		return nil, err
	}
	return p.parse()
}

type kind uint8

const (
	kEOF kind = iota
	kWord
	kPhrase
	kFilter
	kOpen  // (
	kClose // )
	kMinus // '-' before a term
	kAnd
	kOr
	kNot
)

type token struct {
	kind     kind
	pos, end int
	text     string // word, phrase, filter value (canonical)
	prefix   bool   // word*
	field    string // canonical filter field
	name     string // filter name as written, with its colon: "Person:"
	written  string // filter as written, for messages: "from:2023"
}

type parser struct {
	q    string
	toks []token
	i    int

	filters  []transcript.Filter
	from, to *token
	first    *token // first filter of any field, for the OR check
}

func (p *parser) errorf(pos int, format string, args ...any) error {
	return &QueryError{p.q, pos, fmt.Sprintf(format, args...)}
}

// isSpace reports whether r separates terms: a Unicode space or a control
// character. Zero-width spaces are not: the tokenizer drops them inside a
// word, as it does in indexed text, so a query word holding one matches the
// same text.
func isSpace(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cc, r) }

// closers returns the quotes that end a phrase opened with r, or "" when r
// does not open one.
func closers(r rune) string {
	switch r {
	case '"':
		return `"`
	case '“':
		return "”"
	case '„':
		return "“”"
	case '«':
		return "»"
	}
	return ""
}

func isQuote(r rune) bool { return strings.ContainsRune(`"“”„«»`, r) }

func isDelim(r rune) bool { return isSpace(r) || isQuote(r) || r == '(' || r == ')' }

// hasAlnum reports whether s has a letter or digit that starts a word for
// the tokenizer, so that it yields at least one term.
func hasAlnum(s string) bool { return strings.IndexFunc(s, isWordStart) >= 0 }

func (p *parser) emit(t token) { p.toks = append(p.toks, t) }

func (p *parser) lex() error {
	q := p.q
	terms := 0
	for i := 0; i < len(q); {
		r, size := utf8.DecodeRuneInString(q[i:])
		switch {
		case isSpace(r):
			i += size
		case r == '(':
			p.emit(token{kind: kOpen, pos: i, end: i + 1})
			i++
		case r == ')':
			p.emit(token{kind: kClose, pos: i, end: i + 1})
			i++
		case closers(r) != "":
			text, end, err := p.quoted(i)
			if err != nil {
				return err
			}
			if !hasAlnum(text) {
				return p.errorf(i, "a phrase needs a letter or digit")
			}
			if terms++; terms > maxTerms {
				return p.errorf(i, "more than %d words and phrases", maxTerms)
			}
			p.emit(token{kind: kPhrase, pos: i, end: end, text: text})
			i = end
		case isQuote(r):
			return p.errorf(i, "%c has no opening quote", r)
		default:
			end := len(q)
			if n := strings.IndexFunc(q[i:], isDelim); n >= 0 {
				end = i + n
			}
			next, isTerm, err := p.lexRun(i, end)
			if err != nil {
				return err
			}
			if isTerm {
				if terms++; terms > maxTerms {
					return p.errorf(i, "more than %d words and phrases", maxTerms)
				}
			}
			i = next
		}
	}
	return nil
}

// quoted reads the quoted text opening at q[i].
func (p *parser) quoted(i int) (text string, end int, err error) {
	r, size := utf8.DecodeRuneInString(p.q[i:])
	body := p.q[i+size:]
	j := strings.IndexAny(body, closers(r))
	if j < 0 {
		return "", 0, p.errorf(i, "unclosed quote %c", r)
	}
	_, csize := utf8.DecodeRuneInString(body[j:])
	return body[:j], i + size + j + csize, nil
}

// lexRun lexes the run of non-delimiters q[start:end]: an operator, or an
// optional '-' then a filter or a word. It returns where lexing goes on,
// past a filter's quoted value, and whether it read a word.
func (p *parser) lexRun(start, end int) (next int, isTerm bool, err error) {
	q := p.q
	pos, run := start, q[start:end]
	switch run {
	case "AND":
		p.emit(token{kind: kAnd, pos: start, end: end})
		return end, false, nil
	case "OR":
		p.emit(token{kind: kOr, pos: start, end: end})
		return end, false, nil
	case "NOT":
		p.emit(token{kind: kNot, pos: start, end: end})
		return end, false, nil
	}
	if run[0] == '-' {
		if run == "-" {
			if r, _ := utf8.DecodeRuneInString(q[end:]); r == '(' || closers(r) != "" {
				p.emit(token{kind: kMinus, pos: start, end: end})
				return end, false, nil
			}
			return 0, false, p.errorf(start, "nothing to exclude after -")
		}
		if run[1] == '-' {
			return 0, false, p.errorf(start+1, "exclude with a single -")
		}
		p.emit(token{kind: kMinus, pos: start, end: start + 1})
		pos, run = start+1, run[1:]
	}

	if colon := strings.IndexByte(run, ':'); colon > 0 && asciiLetters(run[:colon]) && !strings.HasPrefix(run[colon+1:], "//") {
		next, err := p.lexFilter(pos, colon, end)
		return next, false, err
	}

	text, prefix := run, false
	if star := strings.IndexByte(run, '*'); star >= 0 {
		switch {
		case run == "*":
			return 0, false, p.errorf(pos, "* needs a word before it, as in price*")
		case star < len(run)-1:
			return 0, false, p.errorf(pos+star, "* may only end a word")
		case !hasAlnum(run[:star]):
			return 0, false, p.errorf(pos+star, "* needs letters or digits before it")
		}
		text, prefix = run[:star], true
	}
	p.emit(token{kind: kWord, pos: pos, end: end, text: text, prefix: prefix})
	return end, true, nil
}

func asciiLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// fields maps the field names users may write to canonical fields.
var fields = map[string]string{
	"person":    "person",
	"speaker":   "speaker",
	"topic":     "topic",
	"geography": "geography",
	"geo":       "geography",
	"country":   "geography",
	"section":   "section",
	"lang":      "lang",
	"language":  "lang",
	"from":      "from",
	"to":        "to",
	"type":      "type",
	"qa":        "qa",
}

const fieldList = "person, speaker, topic, geography, section, lang, from, to, type, qa"

// qaParts maps the values of qa: users may write to canonical ones.
var qaParts = map[string]string{
	"question": QAQuestion, "questions": QAQuestion, "q": QAQuestion, "вопрос": QAQuestion, "вопросы": QAQuestion,
	"answer": QAAnswer, "answers": QAAnswer, "a": QAAnswer, "ответ": QAAnswer, "ответы": QAAnswer,
}

// types maps the values of type: users may write to canonical ones.
var types = map[string]string{
	"transcript": "transcript", "transcripts": "transcript",
	"стенограмма": "transcript", "стенограммы": "transcript",
	"news": "news", "новости": "news",
	"document": "document", "documents": "document",
	"документ": "document", "документы": "document",
	"announcement": "announcement", "announcements": "announcement",
	"анонс": "announcement", "анонсы": "announcement",
}

// lexFilter lexes the filter whose name starts at pos and ends at the colon
// pos+colon; its bare value, if any, ends at end.
func (p *parser) lexFilter(pos, colon, end int) (next int, err error) {
	q := p.q
	name := q[pos : pos+colon+1]
	field, ok := fields[strings.ToLower(name[:colon])]
	if !ok {
		return 0, p.errorf(pos, "unknown filter %q (filters: %s)", name, fieldList)
	}
	valPos := pos + colon + 1
	value := q[valPos:end]
	next = end
	if value == "" {
		r, _ := utf8.DecodeRuneInString(q[end:])
		switch {
		case closers(r) != "":
			value, next, err = p.quoted(end)
			if err != nil {
				return 0, err
			}
		case r == '(':
			return 0, p.errorf(pos, "%s needs a value (for any of several values, repeat the filter: %sa %sb)", name, name, name)
		default:
			return 0, p.errorf(pos, "%s needs a value", name)
		}
	}
	if strings.TrimFunc(value, isSpace) == "" {
		return 0, p.errorf(pos, "%s needs a value", name)
	}
	t := token{kind: kFilter, pos: pos, end: next, field: field, text: value, name: name, written: q[pos:next]}
	switch field {
	case "lang":
		t.text = strings.ToLower(value)
		if t.text != "en" && t.text != "ru" {
			return 0, p.errorf(valPos, "%s must be en or ru, not %q", name, value)
		}
	case "type":
		if t.text, ok = types[strings.ToLower(value)]; !ok {
			return 0, p.errorf(valPos, "%s must be transcript, news, document or announcement, not %q", name, value)
		}
	case "qa":
		if t.text, ok = qaParts[strings.ToLower(value)]; !ok {
			return 0, p.errorf(valPos, "%s must be question or answer, not %q", name, value)
		}
	case "from", "to":
		date, err := parseDate(value, field == "to")
		if err != "" {
			return 0, p.errorf(valPos, "%s%s", name, err)
		}
		t.text = date
	}
	p.emit(t)
	return next, nil
}

// parseDate turns YYYY, YYYY-MM or YYYY-MM-DD into the first day of that
// period, or the last if last is set. It returns a message on failure, to
// follow the filter's name.
func parseDate(v string, last bool) (date, msg string) {
	const full = "2006-01-02"
	layout := full[:min(len(v), len(full))]
	well := len(v) == 4 || len(v) == 7 || len(v) == 10
	for i := 0; well && i < len(v); i++ {
		if i == 4 || i == 7 {
			well = v[i] == '-'
		} else {
			well = v[i] >= '0' && v[i] <= '9'
		}
	}
	if !well {
		return "", fmt.Sprintf(" takes YYYY, YYYY-MM or YYYY-MM-DD, not %q", v)
	}
	t, err := time.Parse(layout, v)
	if err != nil {
		return "", v + " is not a date"
	}
	if last {
		switch len(v) {
		case 4:
			t = t.AddDate(1, 0, -1)
		case 7:
			t = t.AddDate(0, 1, -1)
		}
	}
	return t.Format("2006-01-02"), ""
}

// checkOperators reports misplaced AND, OR, NOT and empty parentheses, so
// that parsing proper can trust every operator to have its operands.
func (p *parser) checkOperators() error {
	kindAt := func(i int) kind {
		if i < 0 || i >= len(p.toks) {
			return kEOF
		}
		return p.toks[i].kind
	}
	name := func(i int) string { return p.q[p.toks[i].pos:p.toks[i].end] }
	for i, t := range p.toks {
		prev, next := kindAt(i-1), kindAt(i+1)
		switch t.kind {
		case kAnd, kOr:
			switch prev {
			case kEOF, kOpen:
				return p.errorf(t.pos, "nothing before %s", name(i))
			case kAnd, kOr:
				return p.errorf(t.pos, "%s cannot follow %s", name(i), name(i-1))
			}
			if next == kEOF || next == kClose {
				return p.errorf(t.pos, "nothing after %s", name(i))
			}
		case kNot:
			switch next {
			case kEOF, kClose, kAnd, kOr:
				return p.errorf(t.pos, "NOT needs a word, phrase or group after it")
			case kNot, kMinus:
				return p.errorf(p.toks[i+1].pos, "cannot exclude an exclusion")
			}
		case kOpen:
			if next == kClose {
				return p.errorf(t.pos, "empty parentheses")
			}
		}
	}
	return nil
}

func (p *parser) peek() token {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return token{kind: kEOF, pos: len(p.q), end: len(p.q)}
}

func (p *parser) next() token {
	t := p.peek()
	if p.i < len(p.toks) {
		p.i++
	}
	return t
}

func (p *parser) parse() (*transcript.Query, error) {
	text, err := p.parseOr(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind == kClose {
		return nil, p.errorf(t.pos, "unmatched )")
	}
	q := &transcript.Query{Text: text, Filters: p.filters}
	if p.from != nil {
		q.From = p.from.text
	}
	if p.to != nil {
		q.To = p.to.text
	}
	if q.From != "" && q.To != "" && q.From > q.To {
		later := max(p.from.pos, p.to.pos)
		return nil, p.errorf(later, "%s is after %s", p.from.written, p.to.written)
	}
	if text != nil && positive(text) || q.From != "" || q.To != "" {
		return q, nil
	}
	pos := len(p.q)
	if text != nil {
		pos = firstPos(text)
	}
	for _, f := range q.Filters {
		if !f.Negated {
			return q, nil
		}
		pos = min(pos, f.Pos)
	}
	return nil, p.errorf(pos, "a query cannot only exclude: add a word or a filter")
}

func (p *parser) parseOr(depth int) (transcript.Node, error) {
	var alts []transcript.Node
	for {
		n, err := p.parseAnd(depth)
		if err != nil {
			return nil, err
		}
		alts = append(alts, n)
		if p.peek().kind != kOr {
			break
		}
		p.next()
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	if depth == 0 && p.first != nil {
		return nil, p.errorf(p.first.pos, "filters apply to the whole query: %s cannot be combined with OR (put the alternatives in parentheses)", p.first.name)
	}
	var or transcript.Or
	for _, n := range alts {
		if !positive(n) {
			return nil, p.errorf(firstPos(n), "an alternative of OR cannot only exclude: add a word to it")
		}
		if o, ok := n.(transcript.Or); ok {
			or.Nodes = append(or.Nodes, o.Nodes...)
		} else {
			or.Nodes = append(or.Nodes, n)
		}
	}
	return or, nil
}

// parseAnd parses terms up to an OR, a ')' or the end. It returns nil when
// there are none, which happens only at the top level, for filters.
func (p *parser) parseAnd(depth int) (transcript.Node, error) {
	var and transcript.And
	for {
		switch p.peek().kind {
		case kEOF, kClose, kOr:
			switch len(and.Nodes) {
			case 0:
				return nil, nil
			case 1:
				return and.Nodes[0], nil
			}
			return and, nil
		case kAnd:
			p.next()
			continue
		}
		n, err := p.parseUnary(depth)
		if err != nil {
			return nil, err
		}
		if a, ok := n.(transcript.And); ok {
			and.Nodes = append(and.Nodes, a.Nodes...)
		} else if n != nil {
			and.Nodes = append(and.Nodes, n)
		}
	}
}

// parseUnary parses a term, perhaps excluded. A filter is recorded and
// gives a nil node.
func (p *parser) parseUnary(depth int) (transcript.Node, error) {
	t := p.peek()
	switch t.kind {
	case kFilter:
		p.next()
		return nil, p.addFilter(t, t.pos, false, depth)
	case kMinus, kNot:
		p.next()
		if f := p.peek(); f.kind == kFilter {
			p.next()
			return nil, p.addFilter(f, t.pos, true, depth)
		}
		n, err := p.parsePrimary(depth)
		if err != nil {
			return nil, err
		}
		if !positive(n) {
			return nil, p.errorf(firstPos(n), "cannot exclude an exclusion")
		}
		return transcript.Not{Node: n, Pos: t.pos}, nil
	}
	return p.parsePrimary(depth)
}

func (p *parser) parsePrimary(depth int) (transcript.Node, error) {
	t := p.next()
	switch t.kind {
	case kWord:
		return transcript.Word{Text: t.text, Prefix: t.prefix, Pos: t.pos}, nil
	case kPhrase:
		return transcript.Phrase{Text: t.text, Pos: t.pos}, nil
	case kOpen:
		if depth == maxDepth {
			return nil, p.errorf(t.pos, "parentheses nested deeper than %d", maxDepth)
		}
		n, err := p.parseOr(depth + 1)
		if err != nil {
			return nil, err
		}
		if p.next().kind != kClose {
			return nil, p.errorf(t.pos, "unclosed (")
		}
		return n, nil
	case kEOF:
		return nil, p.errorf(t.pos, "a word, phrase or group is missing")
	}
	return nil, p.errorf(t.pos, "unexpected %s", p.q[t.pos:t.end])
}

// addFilter records filter t, written from pos (its '-' or NOT if negated).
func (p *parser) addFilter(t token, pos int, negated bool, depth int) error {
	name := t.name
	if depth > 0 {
		return p.errorf(pos, "filters apply to the whole query: move %s outside the parentheses", name)
	}
	t.pos = pos
	if p.first == nil {
		p.first = &t
	}
	switch t.field {
	case "from", "to":
		if negated {
			return p.errorf(pos, "%s cannot be negated", name)
		}
		bound := &p.from
		if t.field == "to" {
			bound = &p.to
		}
		if *bound != nil {
			return p.errorf(pos, "%s is given twice", name)
		}
		*bound = &t
		return nil
	}
	if len(p.filters) == maxFilters {
		return p.errorf(pos, "more than %d filters", maxFilters)
	}
	p.filters = append(p.filters, transcript.Filter{
		Field: t.field, Value: t.text, Negated: negated, Pos: pos, End: t.end,
	})
	return nil
}

// positive reports whether n matches something by itself, rather than
// only excluding.
func positive(n transcript.Node) bool {
	switch n := n.(type) {
	case transcript.Word, transcript.Phrase:
		return true
	case transcript.And:
		for _, c := range n.Nodes {
			if positive(c) {
				return true
			}
		}
	case transcript.Or:
		for _, c := range n.Nodes {
			if !positive(c) {
				return false
			}
		}
		return len(n.Nodes) > 0
	}
	return false
}

// firstPos returns where n starts in the query.
func firstPos(n transcript.Node) int {
	switch n := n.(type) {
	case transcript.Word:
		return n.Pos
	case transcript.Phrase:
		return n.Pos
	case transcript.Not:
		return n.Pos
	case transcript.And:
		return firstPos(n.Nodes[0])
	case transcript.Or:
		return firstPos(n.Nodes[0])
	}
	return 0
}
