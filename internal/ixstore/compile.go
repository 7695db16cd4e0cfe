package ixstore

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/postings"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// TextExpr compiles a text query node: its positive part (nil when none)
// and the parts it excludes. Words without a searchable term (a dash, an
// emoji) are dropped, an exclusion inside OR is dropped, and exclusions
// apply to the AND they stand in.
func TextExpr(tok *search.Tokenizer, n transcript.Node) (pos postings.Expr, neg []postings.Expr) {
	switch n := n.(type) {
	case transcript.Word:
		terms := tok.Terms(n.Text, !n.Prefix)
		if len(terms) == 0 {
			return nil, nil
		}
		return &postings.Leaf{Slots: terms, Prefix: n.Prefix}, nil
	case transcript.Phrase:
		terms := tok.Terms(n.Text, true)
		if len(terms) == 0 {
			return nil, nil
		}
		return &postings.Leaf{Slots: terms}, nil
	case transcript.Not:
		p, _ := TextExpr(tok, n.Node)
		if p == nil {
			return nil, nil
		}
		return nil, []postings.Expr{p}
	case transcript.And:
		var ps postings.And
		for _, c := range n.Nodes {
			p, ns := TextExpr(tok, c)
			if p != nil {
				ps = append(ps, p)
			}
			neg = append(neg, ns...)
		}
		if len(ps) == 0 {
			return nil, neg
		}
		var e postings.Expr = ps
		if len(ps) == 1 {
			e = ps[0]
		}
		for _, x := range neg {
			e = postings.Not{Expr: e, Except: x}
		}
		return e, nil
	case transcript.Or:
		var ps postings.Or
		for _, c := range n.Nodes {
			if p, _ := TextExpr(tok, c); p != nil {
				ps = append(ps, p)
			}
		}
		switch len(ps) {
		case 0:
			return nil, nil
		case 1:
			return ps[0], nil
		}
		return ps, nil
	}
	return nil, nil
}

// MetaLeaf matches units holding any of tokens in the meta column.
func MetaLeaf(tokens ...string) *postings.Leaf {
	return &postings.Leaf{Slots: tokens, Meta: true}
}

// Compile builds the expression of a plan: the text's positive part,
// every positive filter group, and what a plan without either starts
// from (every header, or every unit), less the text's and filters'
// exclusions.
func Compile(tok *search.Tokenizer, q *transcript.Query, groups []archive.FilterGroup, headers, onlyNeg bool) postings.Expr {
	var pos postings.And
	var neg []postings.Expr
	if q.Text != nil {
		p, n := TextExpr(tok, q.Text)
		if p != nil {
			pos = append(pos, p)
		}
		neg = append(neg, n...)
	}
	for _, g := range groups {
		if g.Negated {
			neg = append(neg, MetaLeaf(g.Tokens...))
		} else {
			pos = append(pos, MetaLeaf(g.Tokens...))
		}
	}
	switch {
	case headers:
		pos = append(pos, MetaLeaf(search.MetaToken(search.FieldHeader, "")))
	case onlyNeg:
		pos = append(pos, MetaLeaf(search.MetaToken(search.FieldHeader, ""),
			search.MetaToken(search.FieldLang, "en"), search.MetaToken(search.FieldLang, "ru")))
	}
	var e postings.Expr = pos
	if len(pos) == 1 {
		e = pos[0]
	}
	for _, x := range neg {
		e = postings.Not{Expr: e, Except: x}
	}
	return e
}

// PageKeys cuts a page by date out of matching keys in ascending order;
// engine and planID go into the next page's cursor.
func PageKeys(keys []int64, cur *archive.Cursor, limit int, newest bool, engine, planID string) ([]archive.DocUnits, string) {
	dp := archive.DatePage{Limit: limit, Newest: newest, Engine: engine, Plan: planID}
	if newest {
		i := len(keys)
		if cur != nil {
			i, _ = slices.BinarySearch(keys, cur.Key)
		}
		for i--; i >= 0 && dp.Add(keys[i]); i-- {
		}
	} else {
		i := 0
		if cur != nil {
			i, _ = slices.BinarySearch(keys, cur.Key+archive.MaxUnit+1)
		}
		for ; i < len(keys) && dp.Add(keys[i]); i++ {
		}
	}
	return dp.Done()
}

// Countable reports whether the index counts q's occurrences as a
// concordance does: one word or phrase, not a prefix, whose terms do not
// repeat (a concordance does not count overlapping occurrences of
// "very very" in "very very very"; the index would).
func Countable(q *transcript.Query) bool {
	tok := tokenizers.Get().(*search.Tokenizer)
	defer tokenizers.Put(tok)
	var terms []string
	switch n := q.Text.(type) {
	case transcript.Word:
		if n.Prefix {
			return false
		}
		terms = tok.Terms(n.Text, true)
	case transcript.Phrase:
		terms = tok.Terms(n.Text, true)
	default:
		return false
	}
	if len(terms) == 0 {
		return false
	}
	seen := map[string]bool{}
	for _, t := range terms {
		if seen[t] {
			return false
		}
		seen[t] = true
	}
	return true
}

// TextLeaf finds the one text leaf of an expression compiled from a
// query of one word or phrase.
func TextLeaf(e postings.Expr) *postings.Leaf {
	switch e := e.(type) {
	case *postings.Leaf:
		if !e.Meta {
			return e
		}
	case postings.And:
		for _, c := range e {
			if l := TextLeaf(c); l != nil {
				return l
			}
		}
	case postings.Not:
		return TextLeaf(e.Expr)
	}
	return nil
}

// Occurrences counts the occurrences of the one text leaf of e (a query
// Countable approves) in each unit e matches with keys in [lo, hi], and
// the turns, by month, language and, with byPerson, person (from the doc
// values docValues gives, or not at all when it says they are not of the
// snapshot's generation): what transcript.OccurrenceCounter gives. false
// means the index cannot count it.
func Occurrences(ctx context.Context, sn *postings.Snapshot, src postings.Source, e postings.Expr, lo, hi int64,
	byPerson bool, docValues func() (*archive.DocValues, bool, error)) ([]transcript.OccurrenceCount, bool, error) {
	var dv *archive.DocValues
	if byPerson {
		var ok bool
		var err error
		// Written meanwhile (not ok): the caller reads the turns.
		if dv, ok, err = docValues(); err != nil || !ok {
			return nil, false, err
		}
	}
	leaf := TextLeaf(e)
	if leaf == nil {
		return nil, false, nil
	}
	keys, tf, err := sn.Occurrences(ctx, src, e, leaf, lo, hi)
	if err != nil {
		return nil, false, err
	}
	// The language of each match's document: which of them lang:en and
	// lang:ru match.
	lang := map[int64]string{}
	for _, l := range []string{"en", "ru"} {
		le := postings.And{e, MetaLeaf(search.MetaToken(search.FieldLang, l))}
		lk, _, err := sn.Occurrences(ctx, src, le, leaf, lo, hi)
		if err != nil {
			return nil, false, err
		}
		for _, k := range lk {
			lang[k>>archive.DocShift] = l
		}
	}
	type group struct{ month, lang, person string }
	sums := map[group]*transcript.OccurrenceCount{}
	for i, k := range keys {
		if archive.KeyUnit(k) == 0 {
			continue // a header: titles and leads are no turns
		}
		g := group{month: archive.KeyMonth(k), lang: lang[k>>archive.DocShift]}
		if dv != nil {
			g.person = dv.Person(k)
		}
		c := sums[g]
		if c == nil {
			c = &transcript.OccurrenceCount{Month: g.month, Language: g.lang, Person: g.person}
			sums[g] = c
		}
		c.Hits += int64(tf[i])
		c.Turns++
	}
	out := make([]transcript.OccurrenceCount, 0, len(sums))
	for _, c := range sums {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b transcript.OccurrenceCount) int {
		return strings.Compare(a.Month+"\x00"+a.Language+"\x00"+a.Person, b.Month+"\x00"+b.Language+"\x00"+b.Person)
	})
	return out, true, nil
}

// Plan is a query compiled for the index.
type Plan struct {
	Lo, Hi  int64 // inclusive unit key bounds (dates)
	Matcher *search.Matcher
	ID      string // identifies the plan in cursors
	// Headers is set when the plan matches document headers only, one
	// unit per document, so that its units are its documents; All when
	// it matches every document's header, so that counting documents
	// counts them (the empty query).
	Headers, All bool
	Expr         postings.Expr
}

// PlanQuery compiles q into an expression over the index and unit key
// bounds; resolve resolves its filters against the archive's persons and
// taxonomy (archive.VocabCache.ResolveQuery). A query without words
// (filters only, or the empty query) matches document headers, so that
// it lists documents; one of exclusions only starts from every unit.
func PlanQuery(tok *search.Tokenizer, q *transcript.Query, resolve func() ([]archive.FilterGroup, error)) (*Plan, error) {
	p := &Plan{Lo: 0, Hi: 1<<63 - 1, Matcher: search.NewMatcher(q)}
	if q.From != "" {
		if archive.PackDate(q.From) == 0 {
			return nil, fmt.Errorf("%w: from:%s is outside the years the archive can hold", transcript.ErrInvalid, q.From)
		}
		p.Lo = archive.DateFloor(q.From)
	}
	if q.To != "" {
		if archive.PackDate(q.To) == 0 {
			return nil, fmt.Errorf("%w: to:%s is outside the years the archive can hold", transcript.ErrInvalid, q.To)
		}
		p.Hi = archive.DateCeil(q.To)
	}
	if q.Text != nil {
		if pos, neg := TextExpr(tok, q.Text); pos == nil && len(neg) == 0 {
			return nil, fmt.Errorf("%w: the query has no word that can be searched for", transcript.ErrInvalid)
		}
	}
	// Filters: alternatives within a field and sign, all fields must hold.
	groups, err := resolve()
	if err != nil {
		return nil, err
	}
	hasSpeaker, positive := false, false
	for _, g := range groups {
		if !g.Negated {
			positive = true
			hasSpeaker = hasSpeaker || g.Field == "person" || g.Field == "speaker" || g.Field == "qa"
		}
	}
	onlyNeg := false
	if q.Text == nil && !hasSpeaker {
		// Filters alone list documents: match their headers only. So
		// does the empty query, which lists every document.
		p.Headers = true
		p.All = len(q.Filters) == 0 && q.From == "" && q.To == ""
	} else if pos, _ := TextExpr(tok, q.Text); pos == nil && !positive {
		// Only exclusions of text, under date bounds or negated
		// filters: start from every document's header and turns.
		onlyNeg = true
	}
	p.Expr = Compile(tok, q, groups, p.Headers, onlyNeg)
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%d\x00%d", postings.Format(p.Expr), p.Lo, p.Hi)
	p.ID = strconv.FormatUint(h.Sum64()&0xffffffff, 36)
	return p, nil
}
