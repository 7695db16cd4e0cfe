package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// Unit keys are archive.UnitKey's, the SQLite engine's layout: see
// migrations/0001_init.sql.

// MaxTurns is the most turns a document may have to be searchable.
const MaxTurns = archive.MaxTurns

// tokenizers recycles tokenizers (and their stem caches).
var tokenizers = sync.Pool{New: func() any { return search.NewTokenizer() }}

// Limits of PostgreSQL's tsvector: a lexeme is at most maxLexeme bytes
// (a longer one is an error), positions go up to maxPos (later ones are
// stored as maxPos), a lexeme keeps at most maxPositions of them, and the
// lexemes of one tsvector take less than a megabyte.
const (
	maxLexeme    = 2046
	maxPos       = 16383
	maxPositions = 256
	maxLexemes   = 1<<20 - 1<<14 // bytes, with room for the separators
)

// lexeme cuts a term to the longest lexeme PostgreSQL stores, at a rune
// boundary; index and queries cut alike, so a very long word still
// matches itself.
func lexeme(term string) string {
	if len(term) <= maxLexeme {
		return term
	}
	i := maxLexeme
	for i > 0 && !utf8.RuneStart(term[i]) {
		i--
	}
	return term[:i]
}

// quoteLexeme writes a lexeme in the quotes of tsvector and tsquery
// input.
func quoteLexeme(b *strings.Builder, lex string) {
	b.WriteByte('\'')
	for i := 0; i < len(lex); i++ {
		switch c := lex[i]; c {
		case '\'':
			b.WriteString("''")
		case '\\':
			b.WriteString(`\\`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
}

// vector builds the text form of a unit's tsvector from the terms that
// the search tokenizer gives: title at weight A, lead at B, body at D,
// positions counted in terms from 1 with a gap between the fields, so that
// a phrase never runs from one into the next (as in SQLite, where they are
// columns).
type vector struct {
	order []string           // lexemes, in order of first appearance
	pos   map[string][]int32 // positions of each lexeme, weight in the top bits
	next  int32              // the next position
	size  int                // bytes of lexemes so far
}

const weightShift = 16 // a position's weight: 0 D, 1 C, 2 B, 3 A

func (v *vector) add(tok *search.Tokenizer, text string, weight int32) {
	if text == "" {
		return
	}
	_ = tok.Each(text, true, func(term string, _, _ int) error {
		v.next++
		lex := lexeme(term)
		ps, ok := v.pos[lex]
		if !ok {
			if v.size+len(lex) > maxLexemes {
				return nil
			}
			v.size += len(lex) + 1
			v.order = append(v.order, lex)
		}
		p := min(v.next, maxPos)
		if len(ps) >= maxPositions || len(ps) > 0 && ps[len(ps)-1]&maxPos == maxPos {
			return nil
		}
		v.pos[lex] = append(ps, p|weight<<weightShift)
		return nil
	})
	v.next++ // the gap before the next field
}

func (v *vector) String() string {
	var b strings.Builder
	for i, lex := range v.order {
		if i > 0 {
			b.WriteByte(' ')
		}
		quoteLexeme(&b, lex)
		for j, p := range v.pos[lex] {
			if j == 0 {
				b.WriteByte(':')
			} else {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(int(p & maxPos)))
			if w := p >> weightShift; w > 0 {
				b.WriteByte("DCBA"[w])
			}
		}
	}
	return b.String()
}

// unitVector returns the text of the tsvector of u.
func unitVector(tok *search.Tokenizer, u search.Unit) string {
	v := vector{pos: map[string][]int32{}}
	v.add(tok, u.Title, 3)
	v.add(tok, u.Lead, 2)
	v.add(tok, u.Body, 0)
	return v.String()
}

// ensureIndex rebuilds the search index when it was built by another
// tokenizer (or never, for a new archive). Of processes opening the
// archive at once, the first rebuilds it and the others find it done.
func (s *Store) ensureIndex(ctx context.Context) error {
	var built string
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'search_tokenizer'`).Scan(&built); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if built == search.TokenizerVersion {
		return nil
	}
	if err := s.reindex(ctx, true); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// reindexBatch is how many documents Reindex reads at a time.
const reindexBatch = 256

// Reindex rebuilds the terms and filter tokens of every unit from the
// current versions, in one transaction that holds the write lock: readers
// see the old index until it commits. Open does it when the tokenizer has
// changed since the index was built.
func (s *Store) Reindex(ctx context.Context) error {
	if err := s.reindex(ctx, false); err != nil {
		return fmt.Errorf("postgres: reindex %s: %w", s.name, err)
	}
	return nil
}

// reindex rebuilds the index; with ifStale, only when it was built by
// another tokenizer.
func (s *Store) reindex(ctx context.Context, ifStale bool) error {
	return s.inWriteTx(ctx, func(tx *sql.Tx) error {
		var built string
		if err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'search_tokenizer'`).Scan(&built); err != nil {
			return err
		}
		if ifStale && built == search.TokenizerVersion {
			return nil
		}
		tok := tokenizers.Get().(*search.Tokenizer)
		defer tokenizers.Put(tok)
		var last int64
		n := 0
		for {
			keys, docs, err := currentBatch(ctx, tx, last, reindexBatch)
			if err != nil {
				return err
			}
			if len(docs) == 0 {
				break
			}
			var ukeys []int64
			var vectors, metas []string
			for i, doc := range docs {
				for _, u := range search.Units(doc) {
					ukeys = append(ukeys, archive.UnitKey(doc.Date, keys[i], u.Index))
					vectors = append(vectors, unitVector(tok, u))
					metas = append(metas, search.MetaText(u.Meta))
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE units AS u SET tsv = x.tsv::tsvector, meta = string_to_array(x.meta, ' ')
				FROM unnest($1::bigint[], $2::text[], $3::text[]) AS x (key, tsv, meta) WHERE u.key = x.key`,
				ukeys, vectors, metas); err != nil {
				return err
			}
			last, n = keys[len(keys)-1], n+len(docs)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE settings SET value = $1 WHERE key = 'search_tokenizer'`, search.TokenizerVersion); err != nil {
			return err
		}
		if n > 0 {
			// Searches may find otherwise now: cached answers are stale.
			if _, err := tx.ExecContext(ctx, sqlGeneration); err != nil {
				return err
			}
		}
		return nil
	})
}

// currentBatch reads up to n current versions with keys after last.
func currentBatch(ctx context.Context, q querier, last int64, n int) ([]int64, []*transcript.Document, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.doc, v.json FROM documents AS d
		JOIN versions AS v ON v.doc = d.doc AND v.number = d.version
		WHERE d.doc > $1 ORDER BY d.doc LIMIT $2`, last, n)
	if err != nil {
		return nil, nil, err
	}
	return archive.ScanKeyed(rows)
}

// OptimizeThreshold is the number of documents written in one go after
// which a caller should Optimize (or EndBulk with optimize set).
const OptimizeThreshold = 2000

// StartBulk tells the store that a bulk load begins. PostgreSQL needs no
// preparation: its GIN indexes already gather new entries in a pending
// list and merge them in bulk.
func (s *Store) StartBulk(ctx context.Context) error { return nil }

// EndBulk ends a bulk load; with optimize set it runs Optimize.
func (s *Store) EndBulk(ctx context.Context, optimize bool) error {
	if optimize {
		return s.Optimize(ctx)
	}
	return nil
}

// Optimize merges the archive's own search index into one segment, then
// vacuums and analyzes the archive's tables after a large load: the GIN
// indexes' pending entries are merged and the planner learns the new
// sizes, which decide between the index and the date order. Autovacuum
// would get there too, later.
func (s *Store) Optimize(ctx context.Context) error {
	if err := s.optimizeIx(ctx); err != nil {
		return fmt.Errorf("postgres: optimize %s: search index: %w", s.name, err)
	}
	for _, table := range []string{"units", "documents", "taxonomy", "persons", "person_labels", "person_documents"} {
		if _, err := s.db.ExecContext(ctx, `VACUUM (ANALYZE) `+table); err != nil {
			return fmt.Errorf("postgres: optimize %s: %w", s.name, err)
		}
	}
	return nil
}

var _ transcript.Indexer = (*Store)(nil)

// RebuildIndex builds both search indexes again: the units' tsvector
// (Reindex), then the archive's own index, with progress.
func (s *Store) RebuildIndex(ctx context.Context, progress func(done, total int)) error {
	if err := s.Reindex(ctx); err != nil {
		return err
	}
	if err := s.rebuildIx(ctx, false, progress); err != nil {
		return fmt.Errorf("postgres: index %s: %w", s.name, err)
	}
	return nil
}
