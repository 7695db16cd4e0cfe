package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

var _ transcript.Catalog = (*Store)(nil)

// termQueries count the documents of each term, most first, then by term,
// in one pass over the covering indexes taxonomy_term and
// documents_section, which keep the rows of a term together.
var termQueries = map[string]string{
	transcript.TermTopic: `SELECT term, count(*) AS n FROM taxonomy WHERE kind = 'topic'
		GROUP BY term ORDER BY n DESC, term`,
	transcript.TermGeography: `SELECT term, count(*) AS n FROM taxonomy WHERE kind = 'geography'
		GROUP BY term ORDER BY n DESC, term`,
	// A section is a published_in entry or a breadcrumb section; a
	// document with both counts once. Deduplicating every (document,
	// term) pair took 250-400 ms at 100,000 documents; instead the two
	// counts are added and the documents counted twice subtracted, found
	// by seeking each breadcrumb section (a handful) among the published_in
	// entries. CROSS JOIN keeps that order: the planner otherwise probes
	// documents for every published_in entry.
	transcript.TermSection: `WITH b(term, n) AS MATERIALIZED (
			SELECT section, count(*) FROM documents WHERE section IS NOT NULL GROUP BY section)
		SELECT term, sum(n) AS n FROM (
			SELECT term, count(*) AS n FROM taxonomy WHERE kind = 'section' GROUP BY term
			UNION ALL SELECT term, n FROM b
			UNION ALL SELECT x.term, -count(*) FROM b CROSS JOIN taxonomy AS x ON x.kind = 'section' AND x.term = b.term
				JOIN documents AS d ON d.doc = x.doc AND d.section = x.term GROUP BY x.term)
		GROUP BY term ORDER BY n DESC, term`,
}

// Terms lists every term of a taxonomy kind with the number of current
// documents that carry it, as transcript.Catalog requires. An unknown
// kind is an error wrapping transcript.ErrInvalid.
func (s *Store) Terms(ctx context.Context, kind string) ([]transcript.FacetCount, error) {
	ts, err := s.listTerms(ctx, kind)
	if err != nil {
		return nil, fmt.Errorf("sqlite: terms %q: %w", kind, err)
	}
	return ts, nil
}

func (s *Store) listTerms(ctx context.Context, kind string) ([]transcript.FacetCount, error) {
	query, err := archive.TermQuery(termQueries, kind)
	if err != nil {
		return nil, err
	}
	// The generation and the counts come from one snapshot, so a cached
	// list is never newer or older than the generation it is kept under.
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	gen, err := generation(ctx, tx)
	if err != nil {
		return nil, err
	}
	return s.terms.Get(kind, gen, func() (archive.Rows, error) { return tx.QueryContext(ctx, query) })
}

// Person returns the canonical person name, with the same fields as
// Persons gives, or an error wrapping transcript.ErrNotFound.
func (s *Store) Person(ctx context.Context, name string) (transcript.Person, error) {
	var ps []transcript.Person
	var err error
	if name != "" { // "" would list every person
		ps, err = s.persons(ctx, name)
	}
	if err == nil && len(ps) == 0 {
		err = transcript.ErrNotFound
	}
	if err != nil {
		return transcript.Person{}, fmt.Errorf("sqlite: person %q: %w", name, err)
	}
	return ps[0], nil
}

// urlChunk is the most URLs DocumentsAt binds in one statement, well
// under SQLite's limit on variables.
const urlChunk = 500

// DocumentsAt maps the given source URLs to the ids of the current
// documents published at them, as transcript.Catalog requires. URLs the
// archive does not hold are absent; repeated URLs are looked up once. A
// URL shared by several documents maps to the least of their ids.
func (s *Store) DocumentsAt(ctx context.Context, urls []string) (map[string]string, error) {
	m, err := s.documentsAt(ctx, urls)
	if err != nil {
		return nil, fmt.Errorf("sqlite: documents at %d urls: %w", len(urls), err)
	}
	return m, nil
}

func (s *Store) documentsAt(ctx context.Context, urls []string) (map[string]string, error) {
	out := map[string]string{}
	urls = slices.Compact(slices.Sorted(slices.Values(urls)))
	if len(urls) == 0 {
		return out, nil
	}
	// One snapshot for every chunk.
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	for chunk := range slices.Chunk(urls, urlChunk) {
		args := make([]any, len(chunk))
		for i, u := range chunk {
			args[i] = u
		}
		rows, err := tx.QueryContext(ctx, `SELECT url, id FROM documents WHERE url IN (?`+
			strings.Repeat(", ?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var url, id string
			if err := rows.Scan(&url, &id); err != nil {
				rows.Close()
				return nil, err
			}
			if have, ok := out[url]; !ok || id < have {
				out[url] = id
			}
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, err
		}
		rows.Close()
	}
	return out, nil
}

// Generation returns the archive's change counter, which every Put that
// stores something moves (see transcript.Catalog).
func (s *Store) Generation(ctx context.Context) (int64, error) {
	g, err := generation(ctx, s.read)
	if err != nil {
		return 0, fmt.Errorf("sqlite: generation: %w", err)
	}
	return g, nil
}
