package transcript

import (
	"strings"
	"unicode"
)

// Query is a parsed search query: a boolean expression over words and
// phrases, plus filters. Package search builds it from what users type.
//
// Filters restrict the documents the expression is matched in. Filters of
// the same field and sign are alternatives: person:Putin person:Tokayev
// matches documents with either person, and -person:Putin -person:Tokayev
// excludes both. Filters of different fields must all hold. From and To
// bound the document date and also must hold.
//
// A Query is a plain value: it is not safe for concurrent mutation, but any
// number of goroutines may read it.
type Query struct {
	Text    Node     // nil when the query has only filters
	Filters []Filter // in the order written; see above for how they combine
	From    string   // inclusive lower date bound YYYY-MM-DD, "" when absent
	To      string   // inclusive upper date bound YYYY-MM-DD, "" when absent
}

// Node is a node of a query's boolean expression: a Word, Phrase, And, Or
// or Not. The parser builds values (Word, not *Word).
type Node interface{ node() }

// Word is one word to match. The engine tokenizes and stems it as it does
// the text it indexes, so Text may hold punctuation (U.S., COVID-19), and
// may even yield no term at all (a lone dash), which engines ignore.
type Word struct {
	Text   string // as written, without the trailing '*' of a prefix
	Prefix bool   // written word*: match words starting with Text
	Pos    int    // byte offset of Text in the query
}

// Phrase is a run of words to match in this order, next to each other.
type Phrase struct {
	Text string // the text between the quotes, as written
	Pos  int    // byte offset of the opening quote in the query
}

// And matches where all its nodes match. It has at least two nodes, none
// of them an And.
type And struct{ Nodes []Node }

// Or matches where any of its nodes matches. It has at least two nodes,
// none of them an Or, and each matches something by itself: none is a Not,
// nor an And of Nots only.
type Or struct{ Nodes []Node }

// Not excludes what its node matches. Its node is a Word, Phrase, And or
// Or that matches something by itself, not only exclusions. A query whose
// Text only excludes has a filter or date bound that is not negated.
type Not struct {
	Node Node
	Pos  int // byte offset of the '-' or NOT in the query
}

func (Word) node()   {}
func (Phrase) node() {}
func (And) node()    {}
func (Or) node()     {}
func (Not) node()    {}

// Filter restricts a query to documents whose field has the value.
type Filter struct {
	// Field is the canonical field: "person", "speaker", "topic",
	// "geography", "section", "lang" or "type".
	Field string
	// Value is the value as written, unquoted; for lang it is "en" or "ru",
	// for type "transcript", "news", "document" or "announcement".
	Value   string
	Negated bool // written -field:value: the field must not have the value
	Pos     int  // byte offset of the filter (its '-' if negated) in the query
	End     int  // byte offset just past the filter (past its closing quote)
}

// String renders q in the query language of package search, canonically:
// the expression with one space between terms, OR between alternatives,
// parentheses only where needed, every exclusion written with '-'; then the
// filters in order; then from: and to: as full dates. Parsing the result
// gives back q, apart from the Pos and End offsets, for any q the parser
// returned; a hand-built q with words the parser cannot produce (holding
// spaces or quotes, say) renders as best it can.
func (q *Query) String() string {
	var b strings.Builder
	if q.Text != nil {
		// Filters cannot be written next to an OR, so an OR at the top
		// level is grouped when filters follow.
		_, isOr := q.Text.(Or)
		group := isOr && (len(q.Filters) > 0 || q.From != "" || q.To != "")
		writeNode(&b, q.Text, group)
	}
	for _, f := range q.Filters {
		space(&b)
		if f.Negated {
			b.WriteByte('-')
		}
		b.WriteString(f.Field)
		b.WriteByte(':')
		writeValue(&b, f.Value)
	}
	if q.From != "" {
		space(&b)
		b.WriteString("from:")
		writeValue(&b, q.From)
	}
	if q.To != "" {
		space(&b)
		b.WriteString("to:")
		writeValue(&b, q.To)
	}
	return b.String()
}

func space(b *strings.Builder) {
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
}

func writeNode(b *strings.Builder, n Node, group bool) {
	if group {
		b.WriteByte('(')
		defer b.WriteByte(')')
	}
	switch n := n.(type) {
	case Word:
		b.WriteString(n.Text)
		if n.Prefix {
			b.WriteByte('*')
		}
	case Phrase:
		writeQuoted(b, n.Text)
	case Not:
		b.WriteByte('-')
		switch n.Node.(type) {
		case Word, Phrase:
			writeNode(b, n.Node, false)
		default:
			writeNode(b, n.Node, true)
		}
	case And:
		for i, c := range n.Nodes {
			if i > 0 {
				b.WriteByte(' ')
			}
			switch c.(type) {
			case And, Or:
				writeNode(b, c, true)
			default:
				writeNode(b, c, false)
			}
		}
	case Or:
		for i, c := range n.Nodes {
			if i > 0 {
				b.WriteString(" OR ")
			}
			_, isOr := c.(Or)
			writeNode(b, c, isOr)
		}
	}
}

// writeValue writes a filter value bare when it reads back as one, else
// quoted. Quoting more than needed is harmless, so any rune that is not
// plainly visible, or could end a bare value, makes it quoted.
func writeValue(b *strings.Builder, v string) {
	bare := v != "" && !strings.HasPrefix(v, "//")
	for _, r := range v {
		if !bare {
			break
		}
		bare = unicode.IsGraphic(r) && !unicode.IsSpace(r) && !strings.ContainsRune(`()"“”„«»`, r)
	}
	if bare {
		b.WriteString(v)
		return
	}
	writeQuoted(b, v)
}

// writeQuoted writes s between quotes that s does not contain. The parser
// ends a "…" phrase only at '"', a «…» one only at '»' and a “…” one only at
// '”', so one of them fits any text it returned.
func writeQuoted(b *strings.Builder, s string) {
	open, end := `"`, `"`
	switch {
	case !strings.Contains(s, `"`):
	case !strings.Contains(s, "»"):
		open, end = "«", "»"
	default:
		open, end = "“", "”"
	}
	b.WriteString(open)
	b.WriteString(s)
	b.WriteString(end)
}
