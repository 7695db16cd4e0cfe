package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// oracle answers searches over an archive's current documents by brute
// force: every unit's terms held in memory, every query tested against
// every unit, bm25 computed from its definition. It shares with the
// index only what defines a search's input: the tokenizer, the units of
// a document (search.Units), the filter vocabulary, and the query
// language's rules (filters alone list documents; exclusions alone start
// from every unit). Nothing of package postings, of the segments or of
// the SQL that stores them is used.
type oracle struct {
	units  []oracleUnit // ascending keys
	tokens int          // all units' terms, meta tokens included
	ids    map[int64]string
	terms  map[int64][][2]string // document key → (kind, term) of its taxonomy
}

type oracleUnit struct {
	key    int64
	cols   [4][]string // title, lead, body terms; meta tokens
	person string
}

// newOracle reads the archive's current documents (their latest
// version's JSON) and document keys, and tokenizes every unit.
func newOracle(t *testing.T, s *Store) *oracle {
	t.Helper()
	ctx := t.Context()
	o := &oracle{ids: map[int64]string{}, terms: map[int64][][2]string{}}
	rows, err := s.read.QueryContext(ctx, `SELECT doc FROM documents ORDER BY doc`)
	if err != nil {
		t.Fatal(err)
	}
	var keys []int64
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	tok := search.NewTokenizer()
	for _, k := range keys {
		doc, err := s.documentByKey(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		o.ids[k] = doc.ID
		persons := map[int]string{}
		for _, tu := range doc.Turns {
			persons[tu.Index] = tu.Person
		}
		for _, u := range search.Units(doc) {
			ou := oracleUnit{key: archive.UnitKey(doc.Date, k, u.Index), person: persons[u.Index]}
			for c, text := range [...]string{u.Title, u.Lead, u.Body} {
				ou.cols[c] = tok.Terms(text, true)
			}
			ou.cols[3] = u.Meta
			for _, c := range ou.cols {
				o.tokens += len(c)
			}
			o.units = append(o.units, ou)
		}
	}
	slices.SortFunc(o.units, func(a, b oracleUnit) int { return cmpKey(a.key, b.key) })
	rows, err = s.read.QueryContext(ctx, `SELECT doc, kind, term FROM taxonomy WHERE kind IN ('topic', 'geography', 'section')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k int64
		var kind, term string
		if err := rows.Scan(&k, &kind, &term); err != nil {
			t.Fatal(err)
		}
		o.terms[k] = append(o.terms[k], [2]string{kind, term})
	}
	return o
}

// documentByKey reads the current version of the document with key k.
func (s *Store) documentByKey(ctx context.Context, k int64) (*transcript.Document, error) {
	var id string
	if err := s.read.QueryRowContext(ctx, `SELECT id FROM documents WHERE doc = ?`, k).Scan(&id); err != nil {
		return nil, err
	}
	return s.Document(ctx, id)
}

// An oracle expression: a phrase in the text columns (a word is a phrase
// of one term; the last may be a prefix), alternative meta tokens, or a
// combination.
type oexpr struct {
	op      string // "phrase", "meta", "and", "or", "not"
	slots   []string
	prefix  bool
	kids    []*oexpr // and, or; not: kids[0] except kids[1]
	scoring bool     // a phrase bm25 counts (not under a not's exception)
}

// oracleExpr builds the expression of a text query node as the query
// language defines it: words without a searchable term are dropped, an
// exclusion inside OR is dropped, exclusions apply to the AND they stand
// in.
func oracleExpr(tok *search.Tokenizer, n transcript.Node) (pos *oexpr, neg []*oexpr) {
	switch n := n.(type) {
	case transcript.Word:
		if terms := tok.Terms(n.Text, !n.Prefix); len(terms) > 0 {
			return &oexpr{op: "phrase", slots: terms, prefix: n.Prefix}, nil
		}
	case transcript.Phrase:
		if terms := tok.Terms(n.Text, true); len(terms) > 0 {
			return &oexpr{op: "phrase", slots: terms}, nil
		}
	case transcript.Not:
		if p, _ := oracleExpr(tok, n.Node); p != nil {
			return nil, []*oexpr{p}
		}
	case transcript.And:
		and := &oexpr{op: "and"}
		for _, c := range n.Nodes {
			p, ns := oracleExpr(tok, c)
			if p != nil {
				and.kids = append(and.kids, p)
			}
			neg = append(neg, ns...)
		}
		if len(and.kids) == 0 {
			return nil, neg
		}
		e := and
		for _, x := range neg {
			e = &oexpr{op: "not", kids: []*oexpr{e, x}}
		}
		return e, nil
	case transcript.Or:
		or := &oexpr{op: "or"}
		for _, c := range n.Nodes {
			if p, _ := oracleExpr(tok, c); p != nil {
				or.kids = append(or.kids, p)
			}
		}
		if len(or.kids) > 0 {
			return or, nil
		}
	}
	return nil, nil
}

// queryExpr builds a whole query's expression: its text, its filter
// groups, and what a query without positive words starts from.
func (o *oracle) queryExpr(tok *search.Tokenizer, q *transcript.Query, groups []archive.FilterGroup) *oexpr {
	and := &oexpr{op: "and"}
	var neg []*oexpr
	if q.Text != nil {
		p, ns := oracleExpr(tok, q.Text)
		if p != nil {
			and.kids = append(and.kids, p)
		}
		neg = append(neg, ns...)
	}
	speaker := false
	for _, g := range groups {
		m := &oexpr{op: "meta", slots: g.Tokens}
		if g.Negated {
			neg = append(neg, m)
			continue
		}
		and.kids = append(and.kids, m)
		speaker = speaker || g.Field == "person" || g.Field == "speaker" || g.Field == "qa"
	}
	switch {
	case q.Text == nil && !speaker:
		and.kids = append(and.kids, &oexpr{op: "meta", slots: []string{search.MetaToken(search.FieldHeader, "")}})
	case len(and.kids) == 0:
		and.kids = append(and.kids, &oexpr{op: "meta", slots: []string{search.MetaToken(search.FieldHeader, ""),
			search.MetaToken(search.FieldLang, "en"), search.MetaToken(search.FieldLang, "ru")}})
	}
	e := and
	for _, x := range neg {
		e = &oexpr{op: "not", kids: []*oexpr{e, x}}
	}
	markScoring(e, true)
	return e
}

func markScoring(e *oexpr, positive bool) {
	switch e.op {
	case "phrase":
		e.scoring = positive
	case "not":
		markScoring(e.kids[0], positive)
		markScoring(e.kids[1], false)
	default:
		for _, k := range e.kids {
			markScoring(k, positive)
		}
	}
}

// tf is how often a phrase starts in each text column of u.
func (e *oexpr) tf(u *oracleUnit) (n [3]int) {
	for c := range 3 {
		col := u.cols[c]
	start:
		for i := 0; i+len(e.slots) <= len(col); i++ {
			for j, s := range e.slots {
				if col[i+j] != s && (!e.prefix || j != len(e.slots)-1 || !strings.HasPrefix(col[i+j], s)) {
					continue start
				}
			}
			n[c]++
		}
	}
	return n
}

func (e *oexpr) match(u *oracleUnit) bool {
	switch e.op {
	case "phrase":
		n := e.tf(u)
		return n[0]+n[1]+n[2] > 0
	case "meta":
		for _, m := range u.cols[3] {
			if slices.Contains(e.slots, m) {
				return true
			}
		}
		return false
	case "and":
		for _, k := range e.kids {
			if !k.match(u) {
				return false
			}
		}
		return true
	case "or":
		for _, k := range e.kids {
			if k.match(u) {
				return true
			}
		}
		return false
	case "not":
		return e.kids[0].match(u) && !e.kids[1].match(u)
	}
	panic(e.op)
}

func (e *oexpr) phrases(out []*oexpr) []*oexpr {
	if e.op == "phrase" && e.scoring {
		return append(out, e)
	}
	for _, k := range e.kids {
		out = k.phrases(out)
	}
	return out
}

// oracleResult is a query's matching units with their bm25 scores
// (higher is better), in key order.
type oracleResult struct {
	keys  []int64
	score []float64
}

// search evaluates q over every unit with keys in [lo, hi].
func (o *oracle) search(t *testing.T, s *Store, q *transcript.Query) oracleResult {
	t.Helper()
	ctx := t.Context()
	tok := search.NewTokenizer()
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	gen, err := generation(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	var vc archive.VocabCache
	groups, err := vc.Resolve(q.Filters, gen, func() (*search.Vocab, error) { return loadVocab(ctx, tx) })
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := int64(0), int64(math.MaxInt64)
	if q.From != "" {
		lo = archive.DateFloor(q.From)
	}
	if q.To != "" {
		hi = archive.DateCeil(q.To)
	}
	e := o.queryExpr(tok, q, groups)
	leaves := e.phrases(nil)
	// bm25 as FTS5 defines it: per phrase, IDF from the units holding it
	// in any text column; the unit's length counts every column.
	const k1, b = 1.2, 0.75
	weights := [3]float64{10, 5, 1}
	n := float64(len(o.units))
	avg := float64(o.tokens) / n
	idf := make([]float64, len(leaves))
	for i, l := range leaves {
		df := 0
		for j := range o.units {
			if l.match(&o.units[j]) {
				df++
			}
		}
		idf[i] = math.Log((n - float64(df) + 0.5) / (float64(df) + 0.5))
		if idf[i] <= 0 {
			idf[i] = 1e-6
		}
	}
	var r oracleResult
	for j := range o.units {
		u := &o.units[j]
		if u.key < lo || u.key > hi || !e.match(u) {
			continue
		}
		d := 0
		for _, c := range u.cols {
			d += len(c)
		}
		score := 0.0
		for i, l := range leaves {
			tf := l.tf(u)
			f := weights[0]*float64(tf[0]) + weights[1]*float64(tf[1]) + weights[2]*float64(tf[2])
			score += idf[i] * f * (k1 + 1) / (f + k1*(1-b+b*float64(d)/avg))
		}
		r.keys = append(r.keys, u.key)
		r.score = append(r.score, score)
	}
	return r
}

// facets counts a result as a search's facets count it: units per month,
// documents per year, and over the newest window units the turns per
// person and the documents per taxonomy term.
func (o *oracle) facets(r oracleResult, window int) (*transcript.Facets, int, int) {
	var fb archive.FacetBuilder
	docs := map[int64]bool{}
	months := map[int64]int{}
	years := map[int64]int{}
	for _, k := range r.keys {
		months[k>>archive.MonthShift]++
		if d := k >> archive.DocShift; !docs[d] {
			docs[d] = true
			years[k>>archive.YearShift]++
		}
	}
	fb.Add("total", "", len(r.keys))
	fb.Add("documents", "", len(docs))
	for m, c := range months {
		fb.Add("month", strconv.FormatInt(m, 10), c)
	}
	for y, c := range years {
		fb.Add("year", strconv.FormatInt(y, 10), c)
	}
	newest := r.keys[max(0, len(r.keys)-window):]
	fb.Add("sampled", "", len(newest))
	persons := map[string]int{}
	terms := map[[2]string]int{}
	seen := map[int64]bool{}
	for _, k := range newest {
		if archive.KeyUnit(k) > 0 {
			i, _ := slices.BinarySearchFunc(o.units, k, func(u oracleUnit, k int64) int { return cmpKey(u.key, k) })
			if p := o.units[i].person; p != "" {
				persons[p]++
			}
		}
		if d := archive.KeyDoc(k); !seen[d] {
			seen[d] = true
			for _, kt := range o.terms[d] {
				terms[kt]++
			}
		}
	}
	for p, c := range persons {
		fb.Add("person", p, c)
	}
	for kt, c := range terms {
		fb.Add(kt[0], kt[1], c)
	}
	return fb.Facets()
}

func cmpKey(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// check runs q through Search in every sort, page after page, and wants
// what the oracle says: the totals and facets, every page's documents in
// date order, the matching turns of each, and in relevance order
// documents whose best unit's score never rises from one to the next.
func (o *oracle) check(t *testing.T, s *Store, stage, text string) {
	t.Helper()
	q, err := search.ParseQuery(text)
	if err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	want := o.search(t, s, q)
	wf, wtotal, wdocs := o.facets(want, s.facetWindow)
	// The oracle's documents: their matching turns and best score.
	type odoc struct {
		key   int64 // the document's key bits with its date: unit key >> DocShift
		turns []int
		score map[int]float64 // of each matching turn
		best  float64
		// header is the header's score when it matches.
		header    float64
		hasHeader bool
	}
	var docs []*odoc
	byDoc := map[int64]*odoc{}
	for i, k := range want.keys {
		d := byDoc[k>>archive.DocShift]
		if d == nil {
			d = &odoc{key: k >> archive.DocShift, best: math.Inf(-1), score: map[int]float64{}}
			byDoc[d.key] = d
			docs = append(docs, d)
		}
		if u := archive.KeyUnit(k); u > 0 {
			d.turns = append(d.turns, u)
			d.score[u] = want.score[i]
		} else {
			d.header, d.hasHeader = want.score[i], true
		}
		d.best = max(d.best, want.score[i])
	}
	id := func(d *odoc) string { return o.ids[d.key&archive.MaxDoc] }
	byID := map[string]*odoc{}
	for _, d := range docs {
		byID[id(d)] = d
	}
	for _, sortBy := range []string{transcript.SortRelevance, transcript.SortNewest, transcript.SortOldest} {
		req := &transcript.SearchRequest{Query: q, Sort: sortBy, Limit: 40, TurnsPerDoc: transcript.MaxTurnsPerDoc, Facets: true}
		var got []transcript.DocumentHit
		for pages := 0; ; pages++ {
			res, err := s.Search(t.Context(), req)
			if err != nil {
				t.Fatalf("%s %q %s: %v", stage, text, sortBy, err)
			}
			if pages == 0 {
				if res.Total != wtotal || res.Documents != wdocs {
					t.Errorf("%s %q %s: total %d, documents %d; the oracle %d, %d", stage, text, sortBy, res.Total, res.Documents, wtotal, wdocs)
					return
				}
				if fmt.Sprint(res.Facets) != fmt.Sprint(wf) {
					t.Errorf("%s %q %s: facets differ\n   got: %+v\noracle: %+v", stage, text, sortBy, res.Facets, wf)
				}
			}
			got = append(got, res.Hits...)
			if res.Next == "" || pages > 100 {
				break
			}
			req.Cursor, req.Facets = res.Next, false
		}
		if len(got) != len(docs) {
			t.Errorf("%s %q %s: %d documents paged; the oracle %d", stage, text, sortBy, len(got), len(docs))
			continue
		}
		order := slices.Clone(docs)
		switch sortBy {
		case transcript.SortNewest:
			slices.SortFunc(order, func(a, b *odoc) int { return cmpKey(b.key, a.key) })
		case transcript.SortOldest:
			slices.SortFunc(order, func(a, b *odoc) int { return cmpKey(a.key, b.key) })
		}
		for i, h := range got {
			var d *odoc
			if sortBy == transcript.SortRelevance {
				if d = byID[h.ID]; d == nil {
					t.Errorf("%s %q: page %d holds %s, which the oracle does not match", stage, text, i, h.ID)
					break
				}
				if i > 0 {
					if prev := byID[got[i-1].ID]; prev != nil && d.best > prev.best*(1+1e-9)+1e-12 {
						t.Errorf("%s %q: %s (bm25 %.9g) ranked after %s (%.9g)", stage, text, h.ID, d.best, got[i-1].ID, prev.best)
					}
				}
			} else {
				d = order[i]
				if h.ID != id(d) {
					t.Errorf("%s %q %s: document %d is %s; the oracle %s", stage, text, sortBy, i, h.ID, id(d))
					break
				}
			}
			var turns []int
			for _, tu := range h.Turns {
				turns = append(turns, tu.Index)
			}
			slices.Sort(turns)
			wantTurns := d.turns[:min(len(d.turns), transcript.MaxTurnsPerDoc)]
			if sortBy == transcript.SortRelevance && len(d.turns) > len(wantTurns) {
				// A page lists a document's best unit, then its other
				// matches in key order: any unit within rounding of the
				// best may be it (the header lists no turn).
				for _, c := range append([]int{0}, d.turns...) {
					sc, ok := d.score[c]
					if c == 0 {
						sc, ok = d.header, d.hasHeader
					}
					if !ok || sc < d.best*(1-1e-9)-1e-12 {
						continue
					}
					cand := []int{}
					if c > 0 {
						cand = append(cand, c)
					}
					for _, u := range d.turns {
						if u != c && len(cand) < transcript.MaxTurnsPerDoc {
							cand = append(cand, u)
						}
					}
					slices.Sort(cand)
					if slices.Equal(turns, cand) {
						wantTurns = cand
						break
					}
				}
			}
			if h.Matches != len(d.turns) || !slices.Equal(turns, wantTurns) {
				t.Errorf("%s %q %s: %s matches %d turns %v; the oracle %d %v", stage, text, sortBy, h.ID, h.Matches, head(intStrings(turns)), len(d.turns), head(intStrings(d.turns)))
			}
		}
	}
}

func intStrings(v []int) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = strconv.Itoa(x)
	}
	return out
}
