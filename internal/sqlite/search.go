package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
type plan = ixstore.Plan

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
	cur, err := archive.DecodeCursor(req.Cursor, cursorEngine, sortBy, p.ID)
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
// key bounds (ixstore.PlanQuery), resolving filter values against the
// archive's persons and taxonomy.
func (s *Store) compile(ctx context.Context, tx *sql.Tx, q *transcript.Query) (*plan, error) {
	tok := tokenizers.Get().(*search.Tokenizer)
	defer tokenizers.Put(tok)
	return ixstore.PlanQuery(tok, q, func() ([]archive.FilterGroup, error) {
		return s.vocab.ResolveQuery(q, func() (int64, error) { return generation(ctx, tx) },
			func() (*search.Vocab, error) { return loadVocab(ctx, tx) })
	})
}

// cursorEngine marks this engine's cursors: none, as before the
// PostgreSQL engine marked its own.
const cursorEngine = ""

// The statements of hits. A turn's text is kept once, in its document's
// current version (archive.TurnTexts).
const (
	sqlHitDocument = `SELECT id, title, lead, date, time, section, language, place, url FROM documents WHERE doc = ?`
	sqlHitTurn     = `SELECT speaker, person, role, text_at, text_skip, text_len FROM turns WHERE turn = ?`
	sqlHitTexts    = `SELECT v.json FROM documents AS d JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
		WHERE d.doc = ?`
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
		// The version's stored bytes are read once per document; a turn's
		// text is read from them through its span, or, for a turn stored
		// before spans were kept, from the whole version.
		var stored []byte
		var texts map[int]string
		err = archive.FillHit(tok, p.Matcher, &h, du.Units, perDoc, func(u int) (archive.HitTurn, error) {
			var speaker, person, role sql.NullString
			var at, skip, n sql.NullInt64
			if err := s.readStmt(ctx, tx, sqlHitTurn).QueryRowContext(ctx, du.Doc<<archive.DocShift|int64(u)).Scan(&speaker, &person, &role, &at, &skip, &n); err != nil {
				return archive.HitTurn{}, err
			}
			t := archive.HitTurn{Speaker: speaker.String, Person: person.String, Role: role.String}
			if stored == nil {
				if err := s.readStmt(ctx, tx, sqlHitTexts).QueryRowContext(ctx, key).Scan(&stored); err != nil {
					return t, err
				}
			}
			var err error
			if at.Valid && skip.Valid && n.Valid {
				t.Text, err = archive.ReadTurnText(stored, archive.TextSpan{At: at.Int64, Skip: skip.Int64, Len: n.Int64}, u)
				return t, err
			}
			if texts == nil {
				if texts, err = archive.TurnTexts(stored); err != nil {
					return t, err
				}
			}
			text, ok := texts[u]
			if !ok {
				return t, fmt.Errorf("turn %d: not in the current version", u)
			}
			t.Text = text
			return t, nil
		})
		if err != nil {
			return nil, fmt.Errorf("document key %d: %w", key, err)
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
