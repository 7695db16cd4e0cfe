package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"sync"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/postings"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

var _ transcript.Searcher = (*Store)(nil)

// RankWindow and FacetWindow bound the work of one search: a relevance
// sort ranks at most the newest RankWindow matching units, and the
// speaker and taxonomy facets count at most the newest FacetWindow (the
// result says when either applied). Both cost a few microseconds per
// match in this engine, where counting costs a fraction of one.
const (
	RankWindow  = 10000
	FacetWindow = 20000
)

// textColumns restricts an FTS5 expression to the text of a unit.
const textColumns = "{title lead body}"

// plan is a query compiled for the index.
type plan struct {
	match   string // FTS5 MATCH expression
	lo, hi  int64  // inclusive rowid bounds (dates)
	matcher *search.Matcher
	id      string // identifies the plan in cursors
	// headers is set when the plan matches document headers only, one
	// unit per document, so that its units are its documents; all when
	// it matches every document's header, so that counting documents
	// counts them (the empty query).
	headers, all bool
	// expr is the same query for the archive's own index (ix.go).
	expr postings.Expr
}

// tokenizers recycles tokenizers (and their stem caches) across queries.
var tokenizers = sync.Pool{New: func() any { return search.NewTokenizer() }}

// Search answers req over the current versions, as transcript.Searcher
// requires. All its reads see one snapshot of the archive.
//
// A query without words (filters only, or the empty query) matches no
// text for bm25 to score, so SortRelevance ties every match and orders
// them by key: oldest first, among the newest RankWindow matches when
// more match.
func (s *Store) Search(ctx context.Context, req *transcript.SearchRequest) (*transcript.SearchResult, error) {
	res, err := s.search(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("sqlite: search: %w", err)
	}
	return res, nil
}

func (s *Store) search(ctx context.Context, req *transcript.SearchRequest) (*transcript.SearchResult, error) {
	sortBy, limit, perDoc, err := archive.SearchOptions(req)
	if err != nil {
		return nil, err
	}

	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	p, err := s.compile(ctx, tx, req.Query)
	if err != nil {
		return nil, err
	}
	cur, err := archive.DecodeCursor(req.Cursor, cursorEngine, sortBy, p.id)
	if err != nil {
		return nil, err
	}
	gen, err := generation(ctx, tx)
	if err != nil {
		return nil, err
	}
	sn, err := s.ixSnapshot(ctx, tx, gen)
	if err != nil {
		return nil, err
	}
	if sn != nil {
		return s.searchIx(ctx, tx, sn, p, cur, req.Facets, sortBy, limit, perDoc)
	}
	res := &transcript.SearchResult{}
	if req.Facets {
		sc, err := s.scan(ctx, tx, p)
		if err != nil {
			return nil, err
		}
		newest := func(n int) ([]int64, error) { return s.newest(ctx, tx, p, n) }
		if res.Facets, res.Total, res.Documents, err = s.facets(ctx, tx, p, sc, newest); err != nil {
			return nil, err
		}
	} else if err := s.count(ctx, tx, p, res); err != nil {
		return nil, err
	}
	var page []archive.DocUnits
	if sortBy == transcript.SortRelevance {
		window := 0
		if res.Total > s.rankWindow {
			window = s.rankWindow
		}
		page, res.Next, err = s.pageByRank(ctx, tx, p, cur, limit, window)
		res.RankedNewest = window
	} else {
		page, res.Next, err = s.pageByDate(ctx, tx, p, cur, limit, sortBy == transcript.SortNewest)
	}
	if err != nil {
		return nil, err
	}
	if res.Hits, err = s.hits(ctx, tx, p, page, perDoc); err != nil {
		return nil, err
	}
	return res, nil
}

// compile turns a parsed query into an FTS5 expression and rowid bounds,
// resolving filter values against the archive's persons and taxonomy.
func (s *Store) compile(ctx context.Context, tx *sql.Tx, q *transcript.Query) (*plan, error) {
	tok := tokenizers.Get().(*search.Tokenizer)
	defer tokenizers.Put(tok)
	p := &plan{lo: 0, hi: 1<<63 - 1, matcher: search.NewMatcher(q)}
	if q.From != "" {
		if archive.PackDate(q.From) == 0 {
			return nil, fmt.Errorf("%w: from:%s is outside the years the archive can hold", transcript.ErrInvalid, q.From)
		}
		p.lo = archive.DateFloor(q.From)
	}
	if q.To != "" {
		if archive.PackDate(q.To) == 0 {
			return nil, fmt.Errorf("%w: to:%s is outside the years the archive can hold", transcript.ErrInvalid, q.To)
		}
		p.hi = archive.DateCeil(q.To)
	}

	var pos, neg []string
	if q.Text != nil {
		tp, tn := render(tok, q.Text)
		if tp != "" {
			pos = append(pos, textColumns+" : ("+tp+")")
		}
		for _, n := range tn {
			neg = append(neg, textColumns+" : ("+n+")")
		}
		if tp == "" && len(tn) == 0 {
			return nil, fmt.Errorf("%w: the query has no word that can be searched for", transcript.ErrInvalid)
		}
	}

	// Filters: alternatives within a field and sign, all fields must hold.
	var groups []archive.FilterGroup
	if len(q.Filters) > 0 {
		gen, err := generation(ctx, tx)
		if err != nil {
			return nil, err
		}
		if groups, err = s.vocab.Resolve(q.Filters, gen, func() (*search.Vocab, error) { return loadVocab(ctx, tx) }); err != nil {
			return nil, err
		}
	}
	hasSpeaker := false
	for _, g := range groups {
		quoted := make([]string, len(g.Tokens))
		for i, t := range g.Tokens {
			quoted[i] = quote(t)
		}
		e := "meta : (" + strings.Join(quoted, " OR ") + ")"
		if g.Negated {
			neg = append(neg, e)
			continue
		}
		pos = append(pos, e)
		hasSpeaker = hasSpeaker || g.Field == "person" || g.Field == "speaker" || g.Field == "qa"
	}
	onlyNeg := false
	if q.Text == nil && !hasSpeaker {
		// Filters alone list documents: match their headers only. So
		// does the empty query, which lists every document.
		pos = append(pos, "meta : "+quote(search.MetaToken(search.FieldHeader, "")))
		p.headers = true
		p.all = len(q.Filters) == 0 && q.From == "" && q.To == ""
	} else if len(pos) == 0 {
		onlyNeg = true
		// Only exclusions of text, under date bounds or negated
		// filters: start from every document's header and turns.
		pos = append(pos, "meta : ("+quote(search.MetaToken(search.FieldHeader, ""))+" OR "+
			quote(search.MetaToken(search.FieldLang, "en"))+" OR "+quote(search.MetaToken(search.FieldLang, "ru"))+")")
	}
	expr := strings.Join(pos, " AND ")
	for _, n := range neg {
		expr = "(" + expr + ") NOT (" + n + ")"
	}
	p.match = expr
	p.expr = compileIx(tok, q, groups, p.headers, onlyNeg)
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%d\x00%d", p.match, p.lo, p.hi)
	p.id = strconv.FormatUint(h.Sum64()&0xffffffff, 36)
	return p, nil
}

// count sets the Total and Documents of a result.
func (s *Store) count(ctx context.Context, tx *sql.Tx, p *plan, res *transcript.SearchResult) error {
	var err error
	switch {
	case p.all:
		// Counting the rows of a table instead of reading a doclist:
		// well under a millisecond instead of 15-25 ms at 100,000
		// documents, for a home page that lists the latest.
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&res.Total)
		res.Documents = res.Total
	case p.headers:
		// count(DISTINCT) would cost three times as much, for nothing.
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM search WHERE search MATCH ? AND rowid BETWEEN ? AND ?`,
			p.match, p.lo, p.hi).Scan(&res.Total)
		res.Documents = res.Total
	default:
		var sc *scan
		if sc, err = s.scan(ctx, tx, p); err == nil {
			res.Total, res.Documents = sc.total, sc.docs
		}
	}
	return err
}

// render writes a query node as an FTS5 expression: its positive part
// and the parts it excludes. Words that hold nothing to search for (a
// dash, an emoji) are dropped.
func render(tok *search.Tokenizer, n transcript.Node) (pos string, neg []string) {
	switch n := n.(type) {
	case transcript.Word:
		if len(tok.Terms(n.Text, !n.Prefix)) == 0 {
			return "", nil
		}
		if n.Prefix {
			return quote(n.Text) + " *", nil
		}
		return quote(n.Text), nil
	case transcript.Phrase:
		if len(tok.Terms(n.Text, true)) == 0 {
			return "", nil
		}
		return quote(n.Text), nil
	case transcript.Not:
		p, _ := render(tok, n.Node)
		if p == "" {
			return "", nil
		}
		return "", []string{p}
	case transcript.And:
		var ps []string
		for _, c := range n.Nodes {
			p, ns := render(tok, c)
			if p != "" {
				ps = append(ps, p)
			}
			neg = append(neg, ns...)
		}
		if len(ps) == 0 {
			return "", neg
		}
		pos = strings.Join(ps, " AND ")
		if len(ps) > 1 {
			pos = "(" + pos + ")"
		}
		for _, x := range neg {
			pos = "(" + pos + " NOT " + x + ")"
		}
		return pos, nil
	case transcript.Or:
		var ps []string
		for _, c := range n.Nodes {
			if p, _ := render(tok, c); p != "" {
				ps = append(ps, p)
			}
		}
		switch len(ps) {
		case 0:
			return "", nil
		case 1:
			return ps[0], nil
		}
		return "(" + strings.Join(ps, " OR ") + ")", nil
	}
	return "", nil
}

// quote makes s an FTS5 string.
func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// cursorEngine marks this engine's cursors: none, as before the
// PostgreSQL engine marked its own.
const cursorEngine = ""

// pageByDate walks the index in rowid (date) order: the units of a
// document are adjacent, so a page is read in one pass and ends as soon
// as the next document starts.
func (s *Store) pageByDate(ctx context.Context, tx *sql.Tx, p *plan, cur *archive.Cursor, limit int, newest bool) ([]archive.DocUnits, string, error) {
	lo, hi, order := p.lo, p.hi, "ASC"
	if newest {
		order = "DESC"
	}
	if cur != nil {
		if newest {
			hi = min(hi, cur.Key-1)
		} else {
			lo = max(lo, cur.Key+archive.MaxUnit+1)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT rowid FROM search WHERE search MATCH ? AND rowid BETWEEN ? AND ?
		ORDER BY rowid `+order, p.match, lo, hi)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	dp := archive.DatePage{Limit: limit, Newest: newest, Engine: cursorEngine, Plan: p.id}
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return nil, "", err
		}
		if !dp.Add(k) {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	page, next := dp.Done()
	return page, next, nil
}

// pageByRank reads matches best first (bm25 with the title and lead
// weighted above the body; rowid breaks ties, so the order is total and a
// cursor is a position in it). A document takes the place of its best
// unit; its other matching units are read afterwards.
//
// With window > 0 only the newest window matching units are ranked, by
// the cheaper windowRank instead of bm25: bm25 costs a few microseconds
// per match in this engine, so ranking all of a common word's matches
// took most of a second at 100,000 documents.
func (s *Store) pageByRank(ctx context.Context, tx *sql.Tx, p *plan, cur *archive.Cursor, limit, window int) ([]archive.DocUnits, string, error) {
	query := `SELECT rowid, rank FROM search WHERE search MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY rank, rowid`
	args := []any{p.match, p.lo, p.hi}
	if window > 0 {
		query = `SELECT k, r FROM (SELECT rowid AS k, ` + windowRankFunction + `(search) AS r FROM search
			WHERE search MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid DESC LIMIT ?4) ORDER BY r, k`
		args = append(args, window)
	}
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	// Read the whole ranking (at most RankWindow units, or the few
	// matches of a rare word): a document's other matching units then
	// come from it, instead of a query per document.
	var order []archive.Ranked
	for rows.Next() {
		var r archive.Ranked
		if err := rows.Scan(&r.Key, &r.Rank); err != nil {
			return nil, "", err
		}
		order = append(order, r)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	page, next := archive.RankPage(order, cur, limit, cursorEngine, p.id)
	return page, next, nil
}

// The statements of hits.
const (
	sqlHitDocument = `SELECT id, title, lead, date, time, section, language, place, url FROM documents WHERE doc = ?`
	sqlHitTurn     = `SELECT t.speaker, t.person, t.role, x.text
		FROM turns AS t JOIN turn_texts AS x ON x.turn = t.turn WHERE t.turn = ?`
)

// hits loads the documents and turns of a page and builds their snippets.
func (s *Store) hits(ctx context.Context, tx *sql.Tx, p *plan, page []archive.DocUnits, perDoc int) ([]transcript.DocumentHit, error) {
	tok := tokenizers.Get().(*search.Tokenizer)
	defer tokenizers.Put(tok)
	out := make([]transcript.DocumentHit, 0, len(page))
	for _, du := range page {
		key := du.Doc & archive.MaxDoc
		h := transcript.DocumentHit{Turns: []transcript.TurnHit{}}
		var title, lead, date, time_, section, place, url sql.NullString
		err := s.readStmt(ctx, tx, sqlHitDocument).QueryRowContext(ctx, key).Scan(&h.ID, &title, &lead, &date, &time_, &section, &h.Language, &place, &url)
		if err != nil {
			return nil, fmt.Errorf("document key %d: %w", key, err)
		}
		h.Title, h.Lead, h.Date, h.Time, h.Section, h.Place, h.URL =
			title.String, lead.String, date.String, time_.String, section.String, place.String, url.String
		for _, u := range du.Units {
			if u == 0 {
				if m := p.matcher.Mark(tok, h.Title); len(m.Marks) > 0 {
					h.Header = &m
				} else if m := p.matcher.Snippet(tok, h.Lead); len(m.Marks) > 0 {
					h.Header = &m
				}
				continue
			}
			h.Matches++
			if len(h.Turns) == perDoc {
				continue
			}
			t := transcript.TurnHit{Index: u, Permalink: fmt.Sprintf("%s#t%d", h.ID, u)}
			var speaker, person, role sql.NullString
			var text string
			if err := s.readStmt(ctx, tx, sqlHitTurn).QueryRowContext(ctx,
				du.Doc<<archive.DocShift|int64(u)).Scan(&speaker, &person, &role, &text); err != nil {
				return nil, fmt.Errorf("document %s turn %d: %w", h.ID, u, err)
			}
			t.Speaker, t.Person, t.Role = speaker.String, person.String, role.String
			t.Snippet = p.matcher.Snippet(tok, text)
			h.Turns = append(h.Turns, t)
		}
		out = append(out, h)
	}
	return out, nil
}

// scan counts a plan's matches in one pass over the index (see
// scanFunction): units, documents, units per month and documents per
// year, all exact.
func (s *Store) scan(ctx context.Context, tx *sql.Tx, p *plan) (*scan, error) {
	var b []byte
	if err := tx.QueryRowContext(ctx, `SELECT `+scanFunction+`(k) FROM (SELECT rowid AS k FROM search
		WHERE search MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid)`, p.match, p.lo, p.hi).Scan(&b); err != nil {
		return nil, err
	}
	return decodeScan(b)
}

// facets counts the whole result: the totals, months and years in one
// pass over the matches (scan), the speakers and taxonomy from the newest
// FacetWindow matches.
func (s *Store) facets(ctx context.Context, tx *sql.Tx, p *plan, sc *scan, newest func(n int) ([]int64, error)) (f *transcript.Facets, total, docs int, err error) {
	var fb archive.FacetBuilder
	fb.Add("total", "", sc.total)
	fb.Add("documents", "", sc.docs)
	for _, m := range sc.months {
		fb.Add("month", strconv.FormatInt(m.key, 10), m.count)
	}
	for _, y := range sc.years {
		fb.Add("year", strconv.FormatInt(y.key, 10), y.count)
	}
	if sc.total == 0 {
		f, total, docs = fb.Facets()
		return f, total, docs, nil
	}
	// The speakers and taxonomy count the newest FacetWindow matches (w)
	// when there are more: from the archive's doc values when they are
	// of this generation, else with a join per match or document. The
	// index yields w newest first by itself. The units of a plan of
	// headers are its documents, which then need no DISTINCT.
	gen, err := generation(ctx, tx)
	if err != nil {
		return nil, 0, 0, err
	}
	if dv := s.docValues.Get(gen, s.loadDocValues); dv != nil {
		keys, err := newest(s.facetWindow)
		if err != nil {
			return nil, 0, 0, err
		}
		fb.Add("sampled", "", len(keys))
		dv.Count(keys, &fb)
		f, total, docs = fb.Facets()
		return f, total, docs, nil
	}
	distinct := "DISTINCT"
	if p.headers {
		distinct = ""
	}
	rows, err := tx.QueryContext(ctx, `WITH w(k) AS MATERIALIZED (
			SELECT rowid FROM search WHERE search MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid DESC LIMIT ?4),
		wd(doc) AS MATERIALIZED (SELECT `+distinct+` ((k >> 14) & 4294967295) FROM w)
		SELECT 'sampled', '', count(*) FROM w
		UNION ALL SELECT 'person', t.person, count(*) FROM w JOIN turns AS t ON t.turn = w.k
			WHERE t.person IS NOT NULL GROUP BY t.person
		UNION ALL SELECT x.kind, x.term, count(*) FROM wd JOIN taxonomy AS x ON x.doc = wd.doc
			WHERE x.kind IN ('topic', 'geography', 'section') GROUP BY x.kind, x.term`, p.match, p.lo, p.hi, s.facetWindow)
	if err != nil {
		return nil, 0, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var value sql.NullString
		var n int
		if err := rows.Scan(&kind, &value, &n); err != nil {
			return nil, 0, 0, err
		}
		fb.Add(kind, value.String, n)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, 0, err
	}
	f, total, docs = fb.Facets()
	return f, total, docs, nil
}

// newest returns the keys of a plan's newest n matches, newest first.
func (s *Store) newest(ctx context.Context, tx *sql.Tx, p *plan, n int) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT rowid FROM search WHERE search MATCH ? AND rowid BETWEEN ? AND ?
		ORDER BY rowid DESC LIMIT ?`, p.match, p.lo, p.hi, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	keys := make([]int64, 0, min(n, 1024))
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

// loadDocValues reads the archive's doc values (archive.DocValues) and
// its generation in one snapshot.
func (s *Store) loadDocValues(ctx context.Context) (*archive.DocValues, error) {
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	gen, err := generation(ctx, tx)
	if err != nil {
		return nil, err
	}
	var b archive.DocValuesBuilder
	rows, err := tx.QueryContext(ctx, `SELECT turn, person FROM turns WHERE person IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k int64
		var person string
		if err := rows.Scan(&k, &person); err != nil {
			rows.Close()
			return nil, err
		}
		b.AddTurn(k, person)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT doc, kind, term FROM taxonomy WHERE kind IN ('topic', 'geography', 'section')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var doc int64
		var kind, term string
		if err := rows.Scan(&doc, &kind, &term); err != nil {
			return nil, err
		}
		b.AddTerm(doc, kind, term)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return b.Build(gen), nil
}
