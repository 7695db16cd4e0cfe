package sqlite

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/rostrum/rostrum/internal/archive"
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
	if req == nil || req.Query == nil {
		return nil, fmt.Errorf("%w: no query", transcript.ErrInvalid)
	}
	sortBy, limit, perDoc := req.Sort, req.Limit, req.TurnsPerDoc
	switch {
	case sortBy != "":
	case req.Query.Text == nil:
		// Filters alone have nothing to rank by.
		sortBy = transcript.SortNewest
	default:
		sortBy = transcript.SortRelevance
	}
	if sortBy != transcript.SortRelevance && sortBy != transcript.SortNewest && sortBy != transcript.SortOldest {
		return nil, fmt.Errorf("%w: unknown sort %q (want relevance, newest or oldest)", transcript.ErrInvalid, sortBy)
	}
	if limit == 0 {
		limit = transcript.DefaultSearchLimit
	}
	if limit < 1 || limit > transcript.MaxSearchLimit {
		return nil, fmt.Errorf("%w: limit %d is not between 1 and %d", transcript.ErrInvalid, limit, transcript.MaxSearchLimit)
	}
	if perDoc == 0 {
		perDoc = transcript.DefaultTurnsPerDoc
	}
	if perDoc < 1 || perDoc > transcript.MaxTurnsPerDoc {
		return nil, fmt.Errorf("%w: turns per document %d is not between 1 and %d", transcript.ErrInvalid, perDoc, transcript.MaxTurnsPerDoc)
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
	cur, err := decodeCursor(req.Cursor, sortBy, p.id)
	if err != nil {
		return nil, err
	}
	res := &transcript.SearchResult{}
	if req.Facets {
		if res.Facets, res.Total, res.Documents, err = s.facets(ctx, tx, p); err != nil {
			return nil, err
		}
	} else if err := s.count(ctx, tx, p, res); err != nil {
		return nil, err
	}
	var page []docUnits
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
	type group struct {
		field   string
		negated bool
	}
	var order []group
	groups := map[group][]string{}
	if len(q.Filters) > 0 {
		gen, err := generation(ctx, tx)
		if err != nil {
			return nil, err
		}
		v, err := s.vocab.get(ctx, tx, gen, false)
		if err != nil {
			return nil, err
		}
		for _, f := range q.Filters {
			tokens, found := v.Resolve(f)
			if !found && v.gen != gen {
				if v, err = s.vocab.get(ctx, tx, gen, true); err != nil {
					return nil, err
				}
				tokens, found = v.Resolve(f)
			}
			if !found {
				return nil, unknownValue(v, f)
			}
			g := group{f.Field, f.Negated}
			if _, ok := groups[g]; !ok {
				order = append(order, g)
			}
			groups[g] = append(groups[g], tokens...)
		}
	}
	hasSpeaker := false
	for _, g := range order {
		tokens := slices.Compact(slices.Sorted(slices.Values(groups[g])))
		quoted := make([]string, len(tokens))
		for i, t := range tokens {
			quoted[i] = quote(t)
		}
		e := "meta : (" + strings.Join(quoted, " OR ") + ")"
		if g.negated {
			neg = append(neg, e)
			continue
		}
		pos = append(pos, e)
		hasSpeaker = hasSpeaker || g.field == "person" || g.field == "speaker"
	}
	if q.Text == nil && !hasSpeaker {
		// Filters alone list documents: match their headers only. So
		// does the empty query, which lists every document.
		pos = append(pos, "meta : "+quote(search.MetaToken(search.FieldHeader, "")))
		p.headers = true
		p.all = len(q.Filters) == 0 && q.From == "" && q.To == ""
	} else if len(pos) == 0 {
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
		err = tx.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT rowid >> 14) FROM search
			WHERE search MATCH ? AND rowid BETWEEN ? AND ?`, p.match, p.lo, p.hi).Scan(&res.Total, &res.Documents)
	}
	return err
}

// unknownValue is the error for a filter value that matches nothing.
func unknownValue(v *vocab, f transcript.Filter) error {
	what := map[string]string{"person": "person", "speaker": "speaker", "topic": "topic",
		"geography": "country or region", "section": "section"}[f.Field]
	msg := fmt.Sprintf("no %s matches %q", what, f.Value)
	if s := v.Suggest(f); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
	}
	return fmt.Errorf("%w: %s", transcript.ErrInvalid, msg)
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

// docUnits is a document of a result page and its matching units: in
// document order, after the best one for relevance.
type docUnits struct {
	doc   int64
	units []int
}

// cursor is the position after the last document of a page.
type cursor struct {
	Sort string  `json:"s"`
	Plan string  `json:"p"`
	Key  int64   `json:"k"`           // date sorts: the last document's base key; relevance: its best unit
	Rank float64 `json:"r,omitempty"` // relevance: the rank of that unit
}

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s, sortBy, planID string) (*cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Sort != sortBy || c.Plan != planID {
		return nil, fmt.Errorf("%w: the cursor does not belong to this query and sort", transcript.ErrInvalid)
	}
	return &c, nil
}

// pageByDate walks the index in rowid (date) order: the units of a
// document are adjacent, so a page is read in one pass and ends as soon
// as the next document starts.
func (s *Store) pageByDate(ctx context.Context, tx *sql.Tx, p *plan, cur *cursor, limit int, newest bool) ([]docUnits, string, error) {
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
	var page []docUnits
	next := ""
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return nil, "", err
		}
		d := k >> archive.DocShift
		if n := len(page); n == 0 || page[n-1].doc != d {
			if n == limit {
				last := page[n-1].doc << archive.DocShift
				next = encodeCursor(cursor{Sort: map[bool]string{true: transcript.SortNewest, false: transcript.SortOldest}[newest], Plan: p.id, Key: last})
				break
			}
			page = append(page, docUnits{doc: d})
		}
		page[len(page)-1].units = append(page[len(page)-1].units, archive.KeyUnit(k))
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	for i := range page {
		slices.Sort(page[i].units)
	}
	return page, next, nil
}

// pageByRank reads matches best first (bm25 with the title and lead
// weighted above the body; rowid breaks ties, so the order is total and a
// cursor is a position in it). A document takes the place of its best
// unit; its other matching units are read afterwards.
//
// With window > 0 only the newest window matching units are ranked:
// bm25 costs a few microseconds per match in this engine, so ranking all
// of a common word's matches took most of a second at 100,000 documents.
func (s *Store) pageByRank(ctx context.Context, tx *sql.Tx, p *plan, cur *cursor, limit, window int) ([]docUnits, string, error) {
	query := `SELECT rowid, rank FROM search WHERE search MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY rank, rowid`
	args := []any{p.match, p.lo, p.hi}
	if window > 0 {
		query = `SELECT k, r FROM (SELECT rowid AS k, rank AS r FROM search WHERE search MATCH ?1 AND rowid BETWEEN ?2 AND ?3
			ORDER BY rowid DESC LIMIT ?4) ORDER BY r, k`
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
	type ranked struct {
		key  int64
		rank float64
	}
	var order []ranked
	units := map[int64][]int{} // document → its matching units, in rank order
	for rows.Next() {
		var r ranked
		if err := rows.Scan(&r.key, &r.rank); err != nil {
			return nil, "", err
		}
		order = append(order, r)
		d := r.key >> archive.DocShift
		units[d] = append(units[d], archive.KeyUnit(r.key))
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	seen := map[int64]bool{} // documents placed on this or an earlier page
	past := cur == nil
	var page []docUnits
	var last ranked
	next := ""
	for _, r := range order {
		d := r.key >> archive.DocShift
		if !past {
			if r.rank < cur.Rank || r.rank == cur.Rank && r.key <= cur.Key {
				seen[d] = true
				continue
			}
			past = true
		}
		if seen[d] {
			continue
		}
		if len(page) == limit {
			next = encodeCursor(cursor{Sort: transcript.SortRelevance, Plan: p.id, Key: last.key, Rank: last.rank})
			break
		}
		seen[d] = true
		// The best unit first, then the others in document order.
		us := units[d]
		slices.Sort(us[1:])
		page = append(page, docUnits{doc: d, units: us})
		last = r
	}
	return page, next, nil
}

// hits loads the documents and turns of a page and builds their snippets.
func (s *Store) hits(ctx context.Context, tx *sql.Tx, p *plan, page []docUnits, perDoc int) ([]transcript.DocumentHit, error) {
	tok := tokenizers.Get().(*search.Tokenizer)
	defer tokenizers.Put(tok)
	out := make([]transcript.DocumentHit, 0, len(page))
	for _, du := range page {
		key := du.doc & archive.MaxDoc
		h := transcript.DocumentHit{Turns: []transcript.TurnHit{}}
		var title, lead, date, time_, section, place, url sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT id, title, lead, date, time, section, language, place, url
			FROM documents WHERE doc = ?`, key).Scan(&h.ID, &title, &lead, &date, &time_, &section, &h.Language, &place, &url)
		if err != nil {
			return nil, fmt.Errorf("document key %d: %w", key, err)
		}
		h.Title, h.Lead, h.Date, h.Time, h.Section, h.Place, h.URL =
			title.String, lead.String, date.String, time_.String, section.String, place.String, url.String
		for _, u := range du.units {
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
			if err := tx.QueryRowContext(ctx, `SELECT t.speaker, t.person, t.role, x.text
				FROM turns AS t JOIN turn_texts AS x ON x.turn = t.turn WHERE t.turn = ?`,
				du.doc<<archive.DocShift|int64(u)).Scan(&speaker, &person, &role, &text); err != nil {
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

// facets counts the whole result in one statement: the matching units
// are gathered once, then grouped by month, year, speaker and taxonomy.
func (s *Store) facets(ctx context.Context, tx *sql.Tx, p *plan) (f *transcript.Facets, total, docs int, err error) {
	// Years, months and totals need only the keys of the matches; the
	// speakers and taxonomy need a join per match or document, so they
	// count the newest FacetWindow matches (w) when there are more. The
	// index yields w newest first by itself: sorting m for it cost more
	// than the rest of the statement (250 of 600 ms for every document
	// of 100,000). The units of a plan of headers are its documents,
	// which then need no DISTINCT.
	distinct := "DISTINCT"
	if p.headers {
		distinct = ""
	}
	rows, err := tx.QueryContext(ctx, `WITH m(k) AS MATERIALIZED (
			SELECT rowid FROM search WHERE search MATCH ?1 AND rowid BETWEEN ?2 AND ?3),
		w(k) AS MATERIALIZED (
			SELECT rowid FROM search WHERE search MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid DESC LIMIT ?4),
		d(doc, y) AS MATERIALIZED (SELECT `+distinct+` ((k >> 14) & 4294967295), (k >> 55) FROM m),
		wd(doc) AS MATERIALIZED (SELECT `+distinct+` ((k >> 14) & 4294967295) FROM w)
		SELECT 'total', '', count(*) FROM m
		UNION ALL SELECT 'documents', '', count(*) FROM d
		UNION ALL SELECT 'sampled', '', count(*) FROM w
		UNION ALL SELECT 'month', (k >> 51), count(*) FROM m GROUP BY (k >> 51)
		UNION ALL SELECT 'year', y, count(*) FROM d GROUP BY y
		UNION ALL SELECT 'person', t.person, count(*) FROM w JOIN turns AS t ON t.turn = w.k
			WHERE t.person IS NOT NULL GROUP BY t.person
		UNION ALL SELECT x.kind, x.term, count(*) FROM wd JOIN taxonomy AS x ON x.doc = wd.doc
			WHERE x.kind IN ('topic', 'geography', 'section') GROUP BY x.kind, x.term`, p.match, p.lo, p.hi, s.facetWindow)
	if err != nil {
		return nil, 0, 0, err
	}
	defer rows.Close()
	f = &transcript.Facets{Persons: []transcript.FacetCount{}, Topics: []transcript.FacetCount{}, Geography: []transcript.FacetCount{},
		Sections: []transcript.FacetCount{}, Years: []transcript.FacetCount{}, Months: []transcript.FacetCount{}}
	var sampled int
	for rows.Next() {
		var kind string
		var value sql.NullString
		var n int
		if err := rows.Scan(&kind, &value, &n); err != nil {
			return nil, 0, 0, err
		}
		switch kind {
		case "total":
			total = n
		case "documents":
			docs = n
		case "sampled":
			sampled = n
		case "month":
			if k, _ := strconv.ParseInt(value.String, 10, 64); k > 0 {
				f.Months = append(f.Months, transcript.FacetCount{Value: archive.KeyMonth(k << archive.MonthShift), Count: n})
			}
		case "year":
			if y, _ := strconv.Atoi(value.String); y > 0 {
				f.Years = append(f.Years, transcript.FacetCount{Value: strconv.Itoa(y + 1899), Count: n})
			}
		case "person":
			f.Persons = append(f.Persons, transcript.FacetCount{Value: value.String, Count: n})
		case "topic":
			f.Topics = append(f.Topics, transcript.FacetCount{Value: value.String, Count: n})
		case "geography":
			f.Geography = append(f.Geography, transcript.FacetCount{Value: value.String, Count: n})
		case "section":
			f.Sections = append(f.Sections, transcript.FacetCount{Value: value.String, Count: n})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, 0, err
	}
	if sampled < total {
		f.Sampled = sampled
	}
	byCount := func(a, b transcript.FacetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	}
	for _, l := range []*[]transcript.FacetCount{&f.Persons, &f.Topics, &f.Geography, &f.Sections} {
		slices.SortFunc(*l, byCount)
		if len(*l) > transcript.FacetSize {
			*l = (*l)[:transcript.FacetSize]
		}
	}
	byValue := func(a, b transcript.FacetCount) int { return strings.Compare(a.Value, b.Value) }
	slices.SortFunc(f.Years, byValue)
	slices.SortFunc(f.Months, byValue)
	return f, total, docs, nil
}
