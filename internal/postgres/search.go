package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/ixstore"
	"github.com/rostrum/rostrum/internal/postings"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// RankWindow and FacetWindow bound the work of one search, as in the
// SQLite engine: a relevance sort ranks at most the newest RankWindow
// matching units, and the speaker and taxonomy facets count at most the
// newest FacetWindow (the result says when either applied). Ranking reads
// each match's whole tsvector, which costs microseconds per match.
const (
	RankWindow  = 10000
	FacetWindow = 20000
)

// MaxSearchWorkMem caps the work_mem a search gives itself (see
// sizeWorkMem): 256 MB keeps the bitmap of a units table of up to 3.3
// million pages (about 27 GB, some 4.5 million documents) exact.
const MaxSearchWorkMem = 256 << 20

// bitmapBytesPerPage is what a heap page costs an exact bitmap: 64 bytes
// in PostgreSQL's tidbitmap.c (a page entry and two pointers), with a
// margin for a table that has grown since it was last analyzed.
const bitmapBytesPerPage = 80

// sizeWorkMem raises work_mem for the rest of the transaction tx (SET
// LOCAL, so that it holds through a pooler in transaction mode and ends
// with the transaction) to what an exact bitmap of every page of units
// needs, perPage bytes a page, at most max bytes; a larger setting of the
// server's is kept.
//
// A search of a common word matches units on most pages of the table.
// When its bitmap would not fit in work_mem the bitmap turns lossy, and
// the planner, pricing the recheck of every row on a lossy page, scans
// the whole table instead, reading every row's tsvector. At 1,000,000
// documents (5.6 GB of units) and the 32 MB work_mem of the benchmark
// server, counting "russia"'s 1.4 million units took 16 s that way, and
// 2.8 s with a bitmap in 64 MB (BENCHMARKS.md). The planner's estimate
// of the table's pages, relpages, comes from the last VACUUM or ANALYZE.
//
// It returns the planner's estimate of the table's rows, reltuples (-1
// before the first ANALYZE), which oneScan and keyOrder weigh matches
// against: one catalog read per search for both.
func sizeWorkMem(ctx context.Context, tx *sql.Tx, perPage, max int64) (units float64, err error) {
	var setting string
	err = tx.QueryRowContext(ctx, `SELECT c.reltuples, set_config('work_mem', CASE
			WHEN c.need > pg_size_bytes(current_setting('work_mem')) THEN (c.need / 1024)::text || 'kB'
			ELSE current_setting('work_mem') END, true)
		FROM (SELECT reltuples, least(greatest(relpages, 0)::bigint * $1, $2::bigint) AS need
			FROM pg_class WHERE oid = 'units'::regclass) AS c`, perPage, max).Scan(&units, &setting)
	return units, err
}

// rankWeights are ts_rank's weights for D (turn text), C (unused), B
// (lead) and A (title): the 1 : 5 : 10 of the SQLite engine's bm25.
const rankWeights = `'{0.1, 0.1, 0.5, 1.0}'::real[]`

// plan is a query compiled for the units table.
type plan struct {
	where   string // conditions on units AS u, with placeholders $1…
	args    []any
	rank    string // SQL of a unit's rank, smaller first: minus ts_rank, or 0 without words
	matcher *search.Matcher
	id      string  // identifies the plan in cursors
	units   float64 // the planner's estimate of the rows of units (sizeWorkMem)
	// headers is set when the plan matches document headers only, one
	// unit per document, so that its units are its documents; all when
	// it matches every document's header, so that counting documents
	// counts them (the empty query).
	headers, all bool
	// expr and lo, hi are the query for the archive's own index (ix.go)
	// and its inclusive unit key bounds.
	expr   postings.Expr
	lo, hi int64
}

// arg adds a query argument and returns its placeholder.
func (p *plan) arg(v any) string {
	p.args = append(p.args, v)
	return "$" + strconv.Itoa(len(p.args))
}

// Search answers req over the current versions, as transcript.Searcher
// requires. All its reads see one snapshot of the archive.
//
// A query without words (filters only, or the empty query) has nothing
// for ts_rank to score, so SortRelevance ties every match and orders them
// by key: oldest first, among the newest RankWindow matches when more
// match.
func (s *Store) Search(ctx context.Context, req *transcript.SearchRequest) (*transcript.SearchResult, error) {
	res, err := retryRead(ctx, s, s.read, func() (*transcript.SearchResult, error) { return s.search(ctx, req) })
	if err != nil {
		return nil, fmt.Errorf("postgres: search: %w", err)
	}
	return res, nil
}

func (s *Store) search(ctx context.Context, req *transcript.SearchRequest) (*transcript.SearchResult, error) {
	sortBy, limit, perDoc, err := archive.SearchOptions(req)
	if err != nil {
		return nil, err
	}

	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	units, err := sizeWorkMem(ctx, tx, bitmapBytesPerPage, s.maxWorkMem)
	if err != nil {
		return nil, err
	}
	p, err := s.compile(ctx, tx, req.Query)
	if err != nil {
		return nil, err
	}
	p.units = units
	cur, err := archive.DecodeCursor(req.Cursor, cursorEngine, sortBy, p.id)
	if err != nil {
		return nil, err
	}
	if !s.noIx {
		sn, gen, err := s.ixSnapshot(ctx, tx)
		if err != nil {
			return nil, err
		}
		if sn != nil {
			return s.searchIx(ctx, tx, sn, gen, p, cur, req.Facets, sortBy, limit, perDoc)
		}
	}
	res := &transcript.SearchResult{}
	var page []archive.DocUnits
	oneScan := false
	if sortBy == transcript.SortRelevance && !req.Facets && !p.headers {
		if oneScan, err = s.oneScan(ctx, tx, p); err != nil {
			return nil, err
		}
	}
	switch {
	case oneScan:
		page, res.Next, err = s.countAndRank(ctx, tx, p, cur, limit, res)
		if err != nil {
			return nil, err
		}
	case req.Facets:
		// A relevance search takes its ranking window from the facets'
		// statement, which gathers the newest matches already.
		rank := 0
		if sortBy == transcript.SortRelevance && s.rankWindow <= s.facetWindow && s.forceOneScan != "never" {
			rank = s.rankWindow
		}
		var order []archive.Ranked
		if res.Facets, res.Total, res.Documents, order, err = s.facets(ctx, tx, p, rank); err != nil {
			return nil, err
		}
		if rank > 0 {
			oneScan = true
			if res.Total > rank {
				res.RankedNewest = rank
			}
			archive.SortRanked(order)
			page, res.Next = archive.RankPage(order, cur, limit, cursorEngine, p.id)
		}
	default:
		if err := s.count(ctx, tx, p, res); err != nil {
			return nil, err
		}
	}
	switch {
	case oneScan: // the page is made
	case sortBy == transcript.SortRelevance:
		window := 0
		if res.Total > s.rankWindow {
			window = s.rankWindow
		}
		page, res.Next, err = s.pageByRank(ctx, tx, p, cur, limit, window, res.Total)
		res.RankedNewest = window
	default:
		page, res.Next, err = s.pageByDate(ctx, tx, p, cur, limit, sortBy == transcript.SortNewest, res.Total)
	}
	if err != nil {
		return nil, err
	}
	if res.Hits, err = s.hits(ctx, tx, p, page, perDoc); err != nil {
		return nil, err
	}
	return res, nil
}

// compile turns a parsed query into conditions on the units table,
// resolving filter values against the archive's persons and taxonomy.
func (s *Store) compile(ctx context.Context, tx *sql.Tx, q *transcript.Query) (*plan, error) {
	tok := tokenizers.Get().(*search.Tokenizer)
	defer tokenizers.Put(tok)
	p := &plan{rank: "0::float8", matcher: search.NewMatcher(q)}
	var conds []string
	lo, hi := int64(0), int64(1<<63-1)
	if q.From != "" {
		if archive.PackDate(q.From) == 0 {
			return nil, fmt.Errorf("%w: from:%s is outside the years the archive can hold", transcript.ErrInvalid, q.From)
		}
		lo = archive.DateFloor(q.From)
	}
	if q.To != "" {
		if archive.PackDate(q.To) == 0 {
			return nil, fmt.Errorf("%w: to:%s is outside the years the archive can hold", transcript.ErrInvalid, q.To)
		}
		hi = archive.DateCeil(q.To)
	}
	if q.From != "" || q.To != "" {
		conds = append(conds, "u.key BETWEEN "+p.arg(lo)+" AND "+p.arg(hi))
	}
	p.lo, p.hi = lo, hi

	if q.Text != nil {
		tp, tn := render(tok, q.Text)
		if tp == "" && len(tn) == 0 {
			return nil, fmt.Errorf("%w: the query has no word that can be searched for", transcript.ErrInvalid)
		}
		if tp != "" {
			ph := p.arg(tp)
			conds = append(conds, "u.tsv @@ "+ph+"::tsquery")
			p.rank = "(-ts_rank(" + rankWeights + ", u.tsv, " + ph + "::tsquery, 1))::float8"
		}
		for _, n := range tn {
			conds = append(conds, "NOT (u.tsv @@ "+p.arg(n)+"::tsquery)")
		}
	}

	// Filters: alternatives within a field and sign, all fields must hold.
	groups, err := s.vocab.ResolveQuery(q, func() (int64, error) { return generation(ctx, tx) },
		func() (*search.Vocab, error) { return loadVocab(ctx, tx) })
	if err != nil {
		return nil, err
	}
	hasSpeaker := false
	for _, g := range groups {
		if g.Negated {
			conds = append(conds, "NOT (u.meta && "+p.arg(g.Tokens)+"::text[])")
			continue
		}
		conds = append(conds, "u.meta && "+p.arg(g.Tokens)+"::text[]")
		hasSpeaker = hasSpeaker || g.Field == "person" || g.Field == "speaker" || g.Field == "qa"
	}
	if q.Text == nil && !hasSpeaker {
		// Filters alone list documents: match their headers only. So
		// does the empty query, which lists every document. The header's
		// meta token lets the GIN index intersect it with the filters; the
		// index units_headers serves idx = 0 in date order.
		conds = append(conds, "u.idx = 0 AND u.meta @> "+p.arg([]string{search.MetaToken(search.FieldHeader, "")})+"::text[]")
		p.headers = true
		p.all = len(q.Filters) == 0 && q.From == "" && q.To == ""
	}
	// Without a positive condition (only exclusions, under date bounds or
	// negated filters) every unit is a candidate, as in the SQLite engine.
	onlyNeg := false
	if q.Text != nil && !p.headers {
		pos, _ := ixstore.TextExpr(tok, q.Text)
		onlyNeg = pos == nil
		for _, g := range groups {
			onlyNeg = onlyNeg && g.Negated
		}
	}
	p.expr = ixstore.Compile(tok, q, groups, p.headers, onlyNeg)
	if len(conds) == 0 {
		conds = append(conds, "true")
	}
	p.where = strings.Join(conds, " AND ")
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%v", p.where, p.args)
	p.id = strconv.FormatUint(h.Sum64()&0xffffffff, 36)
	return p, nil
}

// count sets the Total and Documents of a result.
func (s *Store) count(ctx context.Context, tx *sql.Tx, p *plan, res *transcript.SearchResult) error {
	var err error
	switch {
	case p.all:
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&res.Total)
		res.Documents = res.Total
	case p.headers:
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM units AS u WHERE `+p.where, p.args...).Scan(&res.Total)
		res.Documents = res.Total
	default:
		err = tx.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT u.doc) FROM units AS u WHERE `+p.where,
			p.args...).Scan(&res.Total, &res.Documents)
	}
	return err
}

// render writes a query node as a tsquery: its positive part and the
// parts it excludes. Words are tokenized and stemmed as the index's terms
// are; a word of several terms (U.S., COVID-19) is a phrase of them, as
// in the SQLite engine. Words that hold nothing to search for (a dash, an
// emoji) are dropped.
func render(tok *search.Tokenizer, n transcript.Node) (pos string, neg []string) {
	switch n := n.(type) {
	case transcript.Word:
		if n.Prefix {
			// The last term is a prefix of folded, unstemmed words; the
			// ones before it are matched as words, as search.Matcher
			// marks them.
			terms := tok.Terms(n.Text, false)
			if len(terms) == 0 {
				return "", nil
			}
			lead := tok.Terms(strings.Join(terms[:len(terms)-1], " "), true)
			return phrase(lead, terms[len(terms)-1]), nil
		}
		return phrase(tok.Terms(n.Text, true), ""), nil
	case transcript.Phrase:
		return phrase(tok.Terms(n.Text, true), ""), nil
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
		for _, x := range neg {
			ps = append(ps, "!"+x)
		}
		if len(ps) == 1 {
			return ps[0], nil
		}
		return "(" + strings.Join(ps, " & ") + ")", nil
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
		return "(" + strings.Join(ps, " | ") + ")", nil
	}
	return "", nil
}

// phrase writes terms, followed by prefix unless it is "", as a tsquery
// of lexemes next to each other: a single lexeme, or a parenthesised
// phrase.
func phrase(terms []string, prefix string) string {
	var b strings.Builder
	n := len(terms)
	if prefix != "" {
		n++
	}
	if n == 0 {
		return ""
	}
	if n > 1 {
		b.WriteByte('(')
	}
	for i, t := range terms {
		if i > 0 {
			b.WriteString(" <-> ")
		}
		quoteLexeme(&b, lexeme(t))
	}
	if prefix != "" {
		if len(terms) > 0 {
			b.WriteString(" <-> ")
		}
		quoteLexeme(&b, lexeme(prefix))
		b.WriteString(":*")
	}
	if n > 1 {
		b.WriteByte(')')
	}
	return b.String()
}

// cursorEngine marks this engine's cursors, so that another engine's
// (whose plan ids could collide) is refused.
const cursorEngine = "postgres"

// dateBatch is how many units pageByDate reads at a time.
const dateBatch = 256

// pageByDate walks the matches in key (date) order: the units of a
// document are adjacent, so a page ends as soon as the document after its
// last one starts. It reads in batches, each resuming after the last key
// read, so that a page of a common word's matches reads a few batches,
// not every match.
func (s *Store) pageByDate(ctx context.Context, tx *sql.Tx, p *plan, cur *archive.Cursor, limit int, newest bool, total int) ([]archive.DocUnits, string, error) {
	if total == 0 {
		return nil, "", nil
	}
	order, cmpOp := "ASC", ">"
	var from int64 = -1
	if newest {
		order, cmpOp, from = "DESC", "<", 1<<63-1
	}
	if cur != nil {
		if newest {
			from = cur.Key
		} else {
			from = cur.Key + archive.MaxUnit
		}
	}
	batch := dateBatch
	if p.headers {
		batch = limit + 1
	}
	n := len(p.args)
	orderBy, err := s.keyOrder(ctx, tx, p, total, batch)
	if err != nil {
		return nil, "", err
	}
	query := `SELECT u.key FROM units AS u WHERE ` + p.where + ` AND u.key ` + cmpOp + ` $` + strconv.Itoa(n+1) +
		` ORDER BY ` + orderBy + ` ` + order + ` LIMIT $` + strconv.Itoa(n+2)
	dp := archive.DatePage{Limit: limit, Newest: newest, Engine: cursorEngine, Plan: p.id}
	for done := false; !done; {
		keys, err := int64s(ctx, tx, query, append(slices.Clip(p.args), from, batch)...)
		if err != nil {
			return nil, "", err
		}
		done = len(keys) < batch
		for _, k := range keys {
			if !dp.Add(k) {
				done = true
				break
			}
		}
		if len(keys) > 0 {
			from = keys[len(keys)-1]
		}
	}
	page, next := dp.Done()
	return page, next, nil
}

// keyOrder returns the ORDER BY expression of a query for the first need
// of a plan's total matches in key order. Walking an index in key order
// and testing each unit reads about need × units / total of them, while
// the GIN index finds all total at once to be sorted. The planner cannot
// choose well (it takes a word's matches to be spread evenly, and a word
// and a filter to be independent: lang:ru energy, none of whose 50,000
// estimated matches exist, walked all 310,000 units in 250 ms), but the
// count, already made, says how many there are: when the walk would read
// more units than match, the key is hidden from the index (key + 0).
func (s *Store) keyOrder(ctx context.Context, tx *sql.Tx, p *plan, total, need int) (string, error) {
	rows := p.units
	if p.headers {
		// Headers are walked in the index units_headers, one per document.
		if err := tx.QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'documents'::regclass`).Scan(&rows); err != nil {
			return "", err
		}
	}
	rows = max(rows, float64(total)) // -1 before the table's first ANALYZE
	if float64(need)*rows/float64(total) > float64(total) {
		return "u.key + 0", nil
	}
	return "u.key", nil
}

// int64s runs a query of one bigint column.
func int64s(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return archive.Int64s(rows)
}

// pageByRank reads matches best first (ts_rank with the title and lead
// weighted above the body; the key breaks ties, so the order is total and
// a cursor is a position in it). A document takes the place of its best
// unit; its other matching units come from the same ranking.
//
// With window > 0 only the newest window matching units are ranked.
func (s *Store) pageByRank(ctx context.Context, tx *sql.Tx, p *plan, cur *archive.Cursor, limit, window, total int) ([]archive.DocUnits, string, error) {
	if total == 0 {
		return nil, "", nil
	}
	query := `SELECT u.key, ` + p.rank + ` FROM units AS u WHERE ` + p.where
	args := p.args
	if window > 0 {
		orderBy, err := s.keyOrder(ctx, tx, p, total, window)
		if err != nil {
			return nil, "", err
		}
		// The rank is computed on the window only, after the limit.
		rank := strings.ReplaceAll(p.rank, "u.tsv", "w.tsv")
		query = `SELECT w.key, ` + rank + ` FROM (SELECT u.key, u.tsv FROM units AS u WHERE ` + p.where +
			` ORDER BY ` + orderBy + ` DESC LIMIT $` + strconv.Itoa(len(p.args)+1) + `) AS w`
		args = append(slices.Clip(args), window)
	}
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
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
	archive.SortRanked(order)
	page, next := archive.RankPage(order, cur, limit, cursorEngine, p.id)
	return page, next, nil
}

// oneScan reports whether a relevance search should count its matches and
// rank the newest window of them in one scan (countAndRank) rather than
// count them in one statement and rank in another (count, then
// pageByRank). The second statement finds the newest window of matches by
// walking the key index, reading about window × units / matches units and
// their tsvectors, or, when that is more than the matches, by scanning
// every match again. One scan keeps every match's key instead, and sorts
// them: it saves that second scan when matches are sparse, and costs more
// than the walk when they are dense. At 1,000,000 documents, a phrase in
// 193,000 units took 2.2 s in one scan against 3.7 s in two; a word in
// 1.4 million units 2.6 s against 2.1 s. The planner's estimate of the
// matches decides: one scan when there are more than the window (else
// the window is every match, which two statements read once each, while
// one scan would read them once for the keys and again by key: a rare
// word at 100,000 documents took 37 ms in one scan against 14 ms in two)
// and the walk would read more units than match, as keyOrder decides
// after counting. A wrong estimate costs time,
// not correctness: both ways give the same results (TestOneScan). The
// planner underestimates a word together with a filter most (russia with
// lang:en: 346 estimated, about a million matching), which sends such
// searches to one scan.
func (s *Store) oneScan(ctx context.Context, tx *sql.Tx, p *plan) (bool, error) {
	switch s.forceOneScan {
	case "always":
		return true, nil
	case "never":
		return false, nil
	}
	var js []byte
	if err := tx.QueryRowContext(ctx, `EXPLAIN (FORMAT JSON) SELECT u.key FROM units AS u WHERE `+p.where, p.args...).Scan(&js); err != nil {
		return false, err
	}
	var explained []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	if err := json.Unmarshal(js, &explained); err != nil {
		return false, fmt.Errorf("reading the plan of a search: %w", err)
	}
	if len(explained) != 1 {
		return false, fmt.Errorf("reading the plan of a search: %d plans, want 1", len(explained))
	}
	est := max(explained[0].Plan.Rows, 1)
	window := float64(s.rankWindow)
	return est > window && window*max(p.units, est)/est > est, nil
}

// countAndRank counts a plan's matches and ranks the newest rankWindow of
// them (all of them when there are no more) in one statement: the matches'
// keys are kept once, counted, and the newest window's units are read by
// key for ts_rank. It sets the result's Total, Documents and RankedNewest,
// and returns the page after cur as pageByRank does.
func (s *Store) countAndRank(ctx context.Context, tx *sql.Tx, p *plan, cur *archive.Cursor, limit int, res *transcript.SearchResult) ([]archive.DocUnits, string, error) {
	rank := strings.ReplaceAll(p.rank, "u.tsv", "r.tsv")
	rows, err := tx.QueryContext(ctx, `WITH m AS MATERIALIZED (SELECT u.key FROM units AS u WHERE `+p.where+`),
		c AS (SELECT count(*) AS total, count(DISTINCT key >> `+strconv.Itoa(archive.DocShift)+`) AS docs FROM m),
		w AS (SELECT key FROM m ORDER BY key DESC LIMIT $`+strconv.Itoa(len(p.args)+1)+`)
		SELECT c.total, c.docs, r.key, `+rank+` FROM c LEFT JOIN (w JOIN units AS r ON r.key = w.key) ON true`,
		append(slices.Clip(p.args), s.rankWindow)...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var order []archive.Ranked
	for rows.Next() {
		var key sql.NullInt64
		var r sql.NullFloat64
		if err := rows.Scan(&res.Total, &res.Documents, &key, &r); err != nil {
			return nil, "", err
		}
		if key.Valid {
			order = append(order, archive.Ranked{Key: key.Int64, Rank: r.Float64})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	if res.Total > s.rankWindow {
		res.RankedNewest = s.rankWindow
	}
	archive.SortRanked(order)
	page, next := archive.RankPage(order, cur, limit, cursorEngine, p.id)
	return page, next, nil
}

// hits loads the documents and turns of a page, two queries in all, and
// builds their snippets.
func (s *Store) hits(ctx context.Context, tx *sql.Tx, p *plan, page []archive.DocUnits, perDoc int) ([]transcript.DocumentHit, error) {
	if len(page) == 0 {
		return []transcript.DocumentHit{}, nil
	}
	docKeys := make([]int64, len(page))
	var turnKeys []int64
	for i, du := range page {
		docKeys[i] = du.Doc & archive.MaxDoc
		n := 0
		for _, u := range du.Units {
			if u > 0 && n < perDoc {
				turnKeys = append(turnKeys, du.Doc<<archive.DocShift|int64(u))
				n++
			}
		}
	}
	docs := map[int64]*transcript.DocumentHit{}
	rows, err := tx.QueryContext(ctx, `SELECT doc, id, coalesce(title, ''), coalesce(lead, ''), coalesce(date, ''),
		coalesce(time, ''), coalesce(section, ''), language, coalesce(place, ''), coalesce(url, '')
		FROM documents WHERE doc = ANY ($1)`, docKeys)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var key int64
		h := new(transcript.DocumentHit)
		if err := rows.Scan(&key, &h.ID, &h.Title, &h.Lead, &h.Date, &h.Time, &h.Section, &h.Language, &h.Place, &h.URL); err != nil {
			rows.Close()
			return nil, err
		}
		docs[key] = h
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	type turn struct {
		speaker, person, role, text string
	}
	turns := map[int64]turn{}
	if len(turnKeys) > 0 {
		rows, err := tx.QueryContext(ctx, `SELECT key, coalesce(speaker, ''), coalesce(person, ''), coalesce(role, ''),
			coalesce(text, '') FROM units WHERE key = ANY ($1)`, turnKeys)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k int64
			var t turn
			if err := rows.Scan(&k, &t.speaker, &t.person, &t.role, &t.text); err != nil {
				rows.Close()
				return nil, err
			}
			turns[k] = t
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}

	tok := tokenizers.Get().(*search.Tokenizer)
	defer tokenizers.Put(tok)
	out := make([]transcript.DocumentHit, 0, len(page))
	for _, du := range page {
		hp := docs[du.Doc&archive.MaxDoc]
		if hp == nil {
			return nil, fmt.Errorf("document key %d: %w", du.Doc&archive.MaxDoc, sql.ErrNoRows)
		}
		h := *hp
		err := archive.FillHit(tok, p.matcher, &h, du.Units, perDoc, func(u int) (archive.HitTurn, error) {
			t, ok := turns[du.Doc<<archive.DocShift|int64(u)]
			if !ok {
				return archive.HitTurn{}, sql.ErrNoRows
			}
			return archive.HitTurn{Speaker: t.speaker, Person: t.person, Role: t.role, Text: t.text}, nil
		})
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

// facets counts the whole result in one statement: the matching units
// are gathered once, then grouped by month, year, speaker and taxonomy.
// Years, months and totals count every match; the speakers and taxonomy
// count the newest FacetWindow matches when there are more.
//
// With rank > 0 the same statement also ranks the newest rank matches
// (all of them when there are no more), read by key for ts_rank, so that
// a faceted relevance search needs no second scan of its matches; rank
// must not exceed the facet window, which they are taken from.
func (s *Store) facets(ctx context.Context, tx *sql.Tx, p *plan, rank int) (f *transcript.Facets, total, docs int, order []archive.Ranked, err error) {
	distinct := "DISTINCT"
	if p.headers {
		// The units of a plan of headers are its documents.
		distinct = ""
	}
	w := "$" + strconv.Itoa(len(p.args)+1)
	r := "$" + strconv.Itoa(len(p.args)+2)
	rows, err := tx.QueryContext(ctx, `WITH m AS MATERIALIZED (
			SELECT u.key, u.doc, u.person FROM units AS u WHERE `+p.where+`),
		w AS MATERIALIZED (SELECT key, doc, person FROM m ORDER BY key DESC LIMIT `+w+`),
		d AS MATERIALIZED (SELECT `+distinct+` doc, key >> 55 AS y FROM m),
		wd AS MATERIALIZED (SELECT `+distinct+` doc FROM w),
		rw AS (SELECT key FROM w ORDER BY key DESC LIMIT `+r+`)
		SELECT 'total', '', count(*), NULL::float8 FROM m
		UNION ALL SELECT 'documents', '', count(*), NULL FROM d
		UNION ALL SELECT 'sampled', '', count(*), NULL FROM w
		UNION ALL SELECT 'month', (key >> 51)::text, count(*), NULL FROM m GROUP BY key >> 51
		UNION ALL SELECT 'year', y::text, count(*), NULL FROM d GROUP BY y
		UNION ALL SELECT 'person', person, count(*), NULL FROM w WHERE person IS NOT NULL GROUP BY person
		UNION ALL SELECT x.kind, x.term, count(*), NULL FROM wd JOIN taxonomy AS x ON x.doc = wd.doc
			WHERE x.kind IN ('topic', 'geography', 'section') GROUP BY x.kind, x.term
		UNION ALL SELECT 'rank', rw.key::text, 0, `+strings.ReplaceAll(p.rank, "u.tsv", "u2.tsv")+`
			FROM rw JOIN units AS u2 ON u2.key = rw.key`,
		append(slices.Clip(p.args), s.facetWindow, rank)...)
	if err != nil {
		return nil, 0, 0, nil, err
	}
	defer rows.Close()
	var fb archive.FacetBuilder
	for rows.Next() {
		var kind string
		var value sql.NullString
		var n int
		var rk sql.NullFloat64
		if err := rows.Scan(&kind, &value, &n, &rk); err != nil {
			return nil, 0, 0, nil, err
		}
		if kind == "rank" {
			key, err := strconv.ParseInt(value.String, 10, 64)
			if err != nil {
				return nil, 0, 0, nil, fmt.Errorf("ranked key %q: %w", value.String, err)
			}
			order = append(order, archive.Ranked{Key: key, Rank: rk.Float64})
			continue
		}
		fb.Add(kind, value.String, n)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, 0, nil, err
	}
	f, total, docs = fb.Facets()
	return f, total, docs, order, nil
}
