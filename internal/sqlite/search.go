package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"sync"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/ixstore"
	"github.com/rostrum/rostrum/internal/postings"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

var _ transcript.Searcher = (*Store)(nil)

// FacetWindow bounds the work of one search's facets: the speaker and
// taxonomy facets count at most the newest FacetWindow matching units
// (the result says so when it applied). Every count, every year and
// month, and the ranking cover every match.
const FacetWindow = 20000

// plan is a query compiled for the index.
type plan struct {
	lo, hi  int64 // inclusive unit key bounds (dates)
	matcher *search.Matcher
	id      string // identifies the plan in cursors
	// headers is set when the plan matches document headers only, one
	// unit per document, so that its units are its documents; all when
	// it matches every document's header, so that counting documents
	// counts them (the empty query).
	headers, all bool
	// expr is the query for the archive's index (ix.go).
	expr postings.Expr
}

// tokenizers recycles tokenizers (and their stem caches) across queries.
var tokenizers = sync.Pool{New: func() any { return search.NewTokenizer() }}

// Search answers req over the current versions, as transcript.Searcher
// requires. All its reads see one snapshot of the archive.
//
// A query without words (filters only, or the empty query) matches no
// text for bm25 to score, so SortRelevance ties every match and orders
// them by key, oldest first.
func (s *Store) Search(ctx context.Context, req *transcript.SearchRequest) (*transcript.SearchResult, error) {
	res, err := s.search(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("sqlite: search: %w", err)
	}
	return res, nil
}

// errIxFormat is a search of an index another version of Rostrum built
// since this Store opened the archive (an Open rebuilds it).
var errIxFormat = errors.New("the search index was built again by another version of Rostrum since this program opened the archive: restart it, or run rostrum index")

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
	sn, err := s.snapshot(ctx, tx)
	if err != nil {
		return nil, err
	}
	return s.searchIx(ctx, tx, sn, p, cur, req.Facets, sortBy, limit, perDoc)
}

// snapshot returns the index as the read transaction tx sees it.
func (s *Store) snapshot(ctx context.Context, tx *sql.Tx) (*postings.Snapshot, error) {
	gen, err := generation(ctx, tx)
	if err != nil {
		return nil, err
	}
	sn, err := s.ixSnapshot(ctx, tx, gen)
	if err == nil && sn == nil {
		err = errIxFormat
	}
	return sn, err
}

// compile turns a parsed query into an expression over the index and unit
// key bounds, resolving filter values against the archive's persons and
// taxonomy.
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

	if q.Text != nil {
		if pos, neg := ixstore.TextExpr(tok, q.Text); pos == nil && len(neg) == 0 {
			return nil, fmt.Errorf("%w: the query has no word that can be searched for", transcript.ErrInvalid)
		}
	}

	// Filters: alternatives within a field and sign, all fields must hold.
	groups, err := s.vocab.ResolveQuery(q, func() (int64, error) { return generation(ctx, tx) },
		func() (*search.Vocab, error) { return loadVocab(ctx, tx) })
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
		p.headers = true
		p.all = len(q.Filters) == 0 && q.From == "" && q.To == ""
	} else if pos, _ := ixstore.TextExpr(tok, q.Text); pos == nil && !positive {
		// Only exclusions of text, under date bounds or negated
		// filters: start from every document's header and turns.
		onlyNeg = true
	}
	p.expr = ixstore.Compile(tok, q, groups, p.headers, onlyNeg)
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%d\x00%d", postings.Format(p.expr), p.lo, p.hi)
	p.id = strconv.FormatUint(h.Sum64()&0xffffffff, 36)
	return p, nil
}

// cursorEngine marks this engine's cursors: none, as before the
// PostgreSQL engine marked its own.
const cursorEngine = ""

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
		err = archive.FillHit(tok, p.matcher, &h, du.Units, perDoc, func(u int) (archive.HitTurn, error) {
			var speaker, person, role sql.NullString
			var text string
			err := s.readStmt(ctx, tx, sqlHitTurn).QueryRowContext(ctx, du.Doc<<archive.DocShift|int64(u)).Scan(&speaker, &person, &role, &text)
			return archive.HitTurn{Speaker: speaker.String, Person: person.String, Role: role.String, Text: text}, err
		})
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

// facetValues counts the speakers and taxonomy of the newest matching
// units (ixstore.FacetValues): from the archive's doc values when they
// are of this generation, else with a join per unit and per document.
func (s *Store) facetValues(ctx context.Context, tx *sql.Tx, newest []int64, fb *archive.FacetBuilder) error {
	gen, err := generation(ctx, tx)
	if err != nil {
		return err
	}
	if dv := s.docValues.Get(gen, s.loadDocValues); dv != nil {
		dv.Count(newest, fb)
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT 'person', t.person, count(*) FROM json_each(?1) AS w
			JOIN turns AS t ON t.turn = w.value WHERE t.person IS NOT NULL GROUP BY t.person
		UNION ALL SELECT x.kind, x.term, count(*) FROM json_each(?2) AS wd JOIN taxonomy AS x ON x.doc = wd.value
			WHERE x.kind IN ('topic', 'geography', 'section') GROUP BY x.kind, x.term`, jsonInts(newest), jsonInts(ixstore.DocKeys(newest)))
	if err != nil {
		return err
	}
	return ixstore.AddFacetRows(rows, fb)
}

// jsonInts writes keys as a JSON array, for json_each: a statement's
// list of keys in one argument.
func jsonInts(keys []int64) string {
	b := make([]byte, 0, 2+len(keys)*17)
	b = append(b, '[')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, k, 10)
	}
	return string(append(b, ']'))
}

// loadDocValues reads the archive's doc values (archive.DocValues) and
// its generation in one snapshot.
func (s *Store) loadDocValues(ctx context.Context) (*archive.DocValues, error) {
	return ixstore.LoadDocValues(ctx, func() (*sql.Tx, error) { return s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}) },
		func(tx *sql.Tx) (int64, error) { return generation(ctx, tx) },
		`SELECT turn, person FROM turns WHERE person IS NOT NULL`,
		`SELECT doc, kind, term FROM taxonomy WHERE kind IN ('topic', 'geography', 'section')`)
}
