package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/ixstore"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// FacetWindow bounds the work of one search's facets, as in the SQLite
// engine: the speaker and taxonomy facets count at most the newest
// FacetWindow matching units (the result says so when it applied). Every
// count, every year and month, and the ranking cover every match.
const FacetWindow = 20000

// plan is a query compiled for the index.
type plan = ixstore.Plan

// Search answers req over the current versions from the archive's own
// index, as transcript.Searcher requires. All its reads see one snapshot
// of the archive.
//
// A query without words (filters only, or the empty query) matches no
// text for bm25 to score, so SortRelevance ties every match and orders
// them by key, oldest first.
func (s *Store) Search(ctx context.Context, req *transcript.SearchRequest) (*transcript.SearchResult, error) {
	res, err := retryRead(ctx, s, s.read, func() (*transcript.SearchResult, error) { return s.search(ctx, req) })
	if err != nil {
		return nil, fmt.Errorf("postgres: search: %w", err)
	}
	return res, nil
}

// errIxFormat is a search of an archive whose index is not of this
// program's format: another version of Rostrum built it again since this
// Store opened the archive, or, on a replica, the primary has not built
// it yet. Searches find it again as soon as the index is of this format.
var errIxFormat = errors.New("the archive's search index is not of this version of Rostrum's format (another version built it again, or the primary of this replica has not built it yet): run this version's rostrum migrate or rostrum index against the primary")

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
	p, err := s.compile(ctx, tx, req.Query)
	if err != nil {
		return nil, err
	}
	cur, err := archive.DecodeCursor(req.Cursor, cursorEngine, sortBy, p.ID)
	if err != nil {
		return nil, err
	}
	sn, gen, err := s.ixSnapshot(ctx, tx)
	if err != nil {
		return nil, err
	}
	if sn == nil {
		return nil, errIxFormat
	}
	return s.searchIx(ctx, tx, sn, gen, p, cur, req.Facets, sortBy, limit, perDoc)
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

// cursorEngine marks this engine's cursors, so that another engine's
// (whose plan ids could collide) is refused.
const cursorEngine = "postgres"

// int64s runs a query of one bigint column.
func int64s(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return archive.Int64s(rows)
}

// hits loads the documents and turns of a page, two statements in all,
// and builds their snippets: the documents' fields, then the shown
// turns' speakers from units and their text from the current versions of
// their documents, where the archive keeps it once. The server sends
// only the gzip members that hold the turn's object, which the turn's
// span locates (textspan.go), reading only the TOAST chunks they cover;
// for a turn without a span, it sends the whole version.
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
		speaker, person, role string
		span                  *span  // nil for a turn without one
		js                    []byte // the bytes its span covers, or its whole version
	}
	turns := map[int64]turn{}
	if len(turnKeys) > 0 {
		rows, err := tx.QueryContext(ctx, `SELECT u.key, coalesce(u.speaker, ''), coalesce(u.person, ''), coalesce(u.role, ''),
				u.text_at, u.text_skip, u.text_len, `+sqlSpanBytes+`
			FROM units AS u JOIN documents AS d ON d.doc = u.doc
				JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
			WHERE u.key = ANY ($1)`, turnKeys)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k int64
			var t turn
			var at, skip, n sql.NullInt32
			if err := rows.Scan(&k, &t.speaker, &t.person, &t.role, &at, &skip, &n, &t.js); err != nil {
				rows.Close()
				return nil, err
			}
			if at.Valid && n.Valid {
				t.span = &span{at: at.Int32, skip: -1, n: n.Int32}
				if skip.Valid {
					t.span.skip = skip.Int32
				}
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
		key := du.Doc & archive.MaxDoc
		hp := docs[key]
		if hp == nil {
			return nil, fmt.Errorf("document key %d: %w", key, sql.ErrNoRows)
		}
		h := *hp
		err := archive.FillHit(tok, p.Matcher, &h, du.Units, perDoc, func(u int) (archive.HitTurn, error) {
			t, ok := turns[du.Doc<<archive.DocShift|int64(u)]
			if !ok {
				return archive.HitTurn{}, sql.ErrNoRows
			}
			ht := archive.HitTurn{Speaker: t.speaker, Person: t.person, Role: t.role}
			var err error
			if t.span != nil {
				ht.Text, err = spanText(t.js, *t.span, u)
				return ht, err
			}
			texts, err := archive.TurnTexts(t.js)
			if err != nil {
				return archive.HitTurn{}, err
			}
			if ht.Text, ok = texts[u]; !ok {
				return archive.HitTurn{}, fmt.Errorf("turn %d: not in the current version", u)
			}
			return ht, nil
		})
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}
