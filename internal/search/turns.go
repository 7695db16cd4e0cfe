package search

import (
	"slices"
	"strings"

	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/qa"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TurnMatcher selects the turns of a document that a query matches.
//
// A search returns at most transcript.MaxTurnsPerDoc turns of a document
// and has no way to scope a query to one document or to page through its
// turns, so a caller that needs every matching turn of a document with
// more (the web's export, the concordance) selects them itself:
// TurnMatcher evaluates the query on each turn of the document the way
// both engines compile it (see render in internal/sqlite/search.go and
// internal/postgres/search.go), over the same terms, those of Tokenizer,
// which the engines index:
//
//   - a word is the phrase of its stemmed terms (U.S. is "u s"); a prefix
//     word is the phrase of its leading stemmed terms followed by an
//     indexed (stemmed) term that starts with its last folded term;
//   - a phrase is its stemmed terms next to each other;
//   - And needs its positive nodes and none of its exclusions, Or any of
//     its nodes; nodes without a term (a lone dash) are dropped;
//   - a person: or speaker: filter is resolved as the engines resolve it
//     (Vocab) and tested against the turn's person and label; a qa:
//     filter against the turn's part in the document's exchanges;
//     every other filter is about the document, which matched, so every
//     one of its turns passes it.
//
// The engine stays the judge (see AllMatchingTurns): the selection is
// used only when it agrees with the hit, as many turns as hit.Matches and
// every turn the engine returned among them. Otherwise (a vocabulary the
// caller cannot see exactly, such as the labels of other documents'
// unnamed speakers) the caller keeps the engine's turns, rather than use
// a turn the engine would not match.
//
// A TurnMatcher holds a Tokenizer and is not safe for concurrent use.
type TurnMatcher struct {
	tok      *Tokenizer
	text     unitPred   // nil: no positive text part
	textNeg  []unitPred // what the text excludes
	filters  []turnFilter
	anything bool // the query lists documents only (no words, no person or speaker filter): no turn matches
	qa       bool // the query has qa: filters, which need the document's exchanges
}

// unitPred reports whether a turn, given as its stemmed terms, matches.
type unitPred func(terms []string) bool

// turnFilter is one group of person: or speaker: filters of one sign.
type turnFilter struct {
	negated bool
	tokens  map[string]bool // meta tokens (search.MetaToken)
}

// NewTurnMatcher compiles q. persons lists the archive's persons (most
// turns first, as Store.Persons returns them) and labels the speaker
// labels of turns without a person that the vocabulary should know; they
// are read only when q has person: or speaker: filters; o is the person
// registry's overrides (nil for none).
func NewTurnMatcher(q *transcript.Query, ps []transcript.Person, o *persons.Overrides, labels []string) *TurnMatcher {
	m := &TurnMatcher{tok: NewTokenizer()}
	if q.Text != nil {
		m.text, m.textNeg = m.compile(q.Text)
	}
	var v *Vocab
	type group struct {
		field   string
		negated bool
	}
	var order []group
	groups := map[group]map[string]bool{}
	for _, f := range q.Filters {
		if f.Field == "qa" {
			g := group{f.Field, f.Negated}
			if groups[g] == nil {
				groups[g] = map[string]bool{}
				order = append(order, g)
			}
			groups[g][MetaToken(FieldQA, f.Value)] = true
			m.qa = true
			continue
		}
		if f.Field != "person" && f.Field != "speaker" {
			continue
		}
		if v == nil {
			v = NewVocab()
			for _, p := range ps {
				v.AddName(p.Name, "")
				for _, l := range p.Labels {
					v.AddName(p.Name, l)
				}
			}
			v.SetLabels(labels)
			v.Group(o)
		}
		g := group{f.Field, f.Negated}
		if groups[g] == nil {
			groups[g] = map[string]bool{}
			order = append(order, g)
		}
		tokens, _ := v.Resolve(f)
		for _, t := range tokens {
			groups[g][t] = true
		}
	}
	hasSpeaker := false
	for _, g := range order {
		m.filters = append(m.filters, turnFilter{negated: g.negated, tokens: groups[g]})
		hasSpeaker = hasSpeaker || !g.negated
	}
	m.anything = q.Text == nil && !hasSpeaker
	return m
}

// UnnamedLabels returns the labels of doc's turns without a person, in
// order of first appearance: what NewTurnMatcher's labels should hold for
// doc.
func UnnamedLabels(doc *transcript.Document) []string {
	var labels []string
	for _, t := range doc.Turns {
		if t.Person == "" && t.Speaker != "" && !slices.Contains(labels, t.Speaker) {
			labels = append(labels, t.Speaker)
		}
	}
	return labels
}

// NeedsVocab reports whether q has filters that NewTurnMatcher resolves.
func NeedsVocab(q *transcript.Query) bool {
	return slices.ContainsFunc(q.Filters, func(f transcript.Filter) bool { return f.Field == "person" || f.Field == "speaker" })
}

// compile mirrors the engines' render: the node's positive part (nil when
// it has none) and the parts it excludes.
func (m *TurnMatcher) compile(n transcript.Node) (unitPred, []unitPred) {
	switch n := n.(type) {
	case transcript.Word:
		if n.Prefix {
			terms := m.tok.Terms(n.Text, false)
			if len(terms) == 0 {
				return nil, nil
			}
			lead := m.tok.Terms(strings.Join(terms[:len(terms)-1], " "), true)
			return phrasePred(lead, terms[len(terms)-1]), nil
		}
		terms := m.tok.Terms(n.Text, true)
		if len(terms) == 0 {
			return nil, nil
		}
		return phrasePred(terms, ""), nil
	case transcript.Phrase:
		terms := m.tok.Terms(n.Text, true)
		if len(terms) == 0 {
			return nil, nil
		}
		return phrasePred(terms, ""), nil
	case transcript.Not:
		p, _ := m.compile(n.Node)
		if p == nil {
			return nil, nil
		}
		return nil, []unitPred{p}
	case transcript.And:
		var ps, neg []unitPred
		for _, c := range n.Nodes {
			p, ns := m.compile(c)
			if p != nil {
				ps = append(ps, p)
			}
			neg = append(neg, ns...)
		}
		if len(ps) == 0 {
			return nil, neg
		}
		return func(terms []string) bool {
			for _, p := range ps {
				if !p(terms) {
					return false
				}
			}
			for _, x := range neg {
				if x(terms) {
					return false
				}
			}
			return true
		}, nil
	case transcript.Or:
		var ps []unitPred
		for _, c := range n.Nodes {
			if p, _ := m.compile(c); p != nil {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			return nil, nil
		}
		return func(terms []string) bool {
			for _, p := range ps {
				if p(terms) {
					return true
				}
			}
			return false
		}, nil
	}
	return nil, nil
}

// phrasePred matches terms next to each other, then, when prefix is not
// empty, a term that starts with it.
func phrasePred(terms []string, prefix string) unitPred {
	n := len(terms)
	if prefix != "" {
		n++
	}
	return func(text []string) bool {
	next:
		for i := 0; i+n <= len(text); i++ {
			for j, t := range terms {
				if text[i+j] != t {
					continue next
				}
			}
			if prefix != "" && !strings.HasPrefix(text[i+len(terms)], prefix) {
				continue
			}
			return true
		}
		return false
	}
}

// match returns the indexes of doc's turns that q matches, in document
// order.
func (m *TurnMatcher) Match(doc *transcript.Document) []int {
	if m.anything {
		return nil
	}
	var parts map[int]string
	if m.qa {
		parts = qa.Parts(doc)
	}
	var out []int
	for _, t := range doc.Turns {
		if m.matchTurn(&t, parts[t.Index]) {
			out = append(out, t.Index)
		}
	}
	return out
}

// matchTurn reports whether turn t, whose part in an exchange is part
// ("" for none; read only for qa: filters), matches.
func (m *TurnMatcher) matchTurn(t *transcript.Turn, part string) bool {
	for _, f := range m.filters {
		has := t.Speaker != "" && (f.tokens[MetaToken(FieldSpeaker, t.Speaker)] ||
			t.Person != "" && f.tokens[MetaToken(FieldPerson, t.Person)]) ||
			part != "" && f.tokens[MetaToken(FieldQA, part)]
		if has == f.negated {
			return false
		}
	}
	if m.text == nil && len(m.textNeg) == 0 {
		return true
	}
	terms := m.tok.Terms(strings.Join(t.Paragraphs, "\n\n"), true)
	if m.text != nil && !m.text(terms) {
		return false
	}
	for _, x := range m.textNeg {
		if x(terms) {
			return false
		}
	}
	return true
}

// AllMatchingTurns returns every matching turn of hit's document doc, in
// the engine's order (its first turn, the best one for relevance, then
// the others in document order), and whether the selection agrees with
// the engine (see TurnMatcher); when it does not, the engine's turns.
func AllMatchingTurns(m *TurnMatcher, hit *transcript.DocumentHit, doc *transcript.Document) ([]int, bool) {
	engine := make([]int, len(hit.Turns))
	for i, t := range hit.Turns {
		engine[i] = t.Index
	}
	if hit.Matches <= len(hit.Turns) {
		return engine, true
	}
	all := m.Match(doc)
	if len(all) != hit.Matches {
		return engine, false
	}
	for _, i := range engine {
		if _, found := slices.BinarySearch(all, i); !found {
			return engine, false
		}
	}
	if len(engine) == 0 {
		return all, true
	}
	out := make([]int, 0, len(all))
	out = append(out, engine[0])
	for _, i := range all {
		if i != engine[0] {
			out = append(out, i)
		}
	}
	return out, true
}
