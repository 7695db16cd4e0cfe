package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

// termQueries count the documents of each term, most first, then by term.
var termQueries = map[string]string{
	transcript.TermTopic: `SELECT term, count(*) AS n FROM taxonomy WHERE kind = 'topic'
		GROUP BY term ORDER BY n DESC, term`,
	transcript.TermGeography: `SELECT term, count(*) AS n FROM taxonomy WHERE kind = 'geography'
		GROUP BY term ORDER BY n DESC, term`,
	// A section is a published_in entry or a breadcrumb section; a
	// document with both counts once (UNION keeps one of each pair).
	transcript.TermSection: `SELECT term, count(*) AS n FROM (
			SELECT doc, term FROM taxonomy WHERE kind = 'section'
			UNION SELECT doc, section FROM documents WHERE section IS NOT NULL) AS s
		GROUP BY term ORDER BY n DESC, term`,
}

// Terms lists every term of a taxonomy kind with the number of current
// documents that carry it, as transcript.Catalog requires. An unknown
// kind is an error wrapping transcript.ErrInvalid.
func (s *Store) Terms(ctx context.Context, kind string) ([]transcript.FacetCount, error) {
	ts, err := retryRead(ctx, s, s.read, func() ([]transcript.FacetCount, error) { return s.listTerms(ctx, kind) })
	if err != nil {
		return nil, fmt.Errorf("postgres: terms %q: %w", kind, err)
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
	tx, err := s.readTx(ctx)
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
		ps, err = retryRead(ctx, s, s.read, func() ([]transcript.Person, error) { return s.persons(ctx, name) })
	}
	if err == nil && len(ps) == 0 {
		err = transcript.ErrNotFound
	}
	if err != nil {
		return transcript.Person{}, fmt.Errorf("postgres: person %q: %w", name, err)
	}
	return ps[0], nil
}

// DocumentsAt maps the given source URLs to the ids of the current
// documents published at them, as transcript.Catalog requires. URLs the
// archive does not hold are absent. A URL shared by several documents
// maps to the least of their ids. The URLs go in one array parameter,
// however many there are.
func (s *Store) DocumentsAt(ctx context.Context, urls []string) (map[string]string, error) {
	out := map[string]string{}
	urls = slices.Compact(slices.Sorted(slices.Values(urls)))
	if len(urls) == 0 {
		return out, nil
	}
	out, err := retryRead(ctx, s, s.read, func() (map[string]string, error) {
		rows, err := s.read.QueryContext(ctx, `SELECT url, min(id) FROM documents WHERE url = ANY ($1) GROUP BY url`, urls)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var url, id string
			if err := rows.Scan(&url, &id); err != nil {
				return nil, err
			}
			out[url] = id
		}
		return out, rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: documents at %d urls: %w", len(urls), err)
	}
	return out, nil
}

// Generation returns the archive's change counter, which every Put that
// stores something moves (see transcript.Catalog).
func (s *Store) Generation(ctx context.Context) (int64, error) {
	g, err := retryRead(ctx, s, s.read, func() (int64, error) { return generation(ctx, s.read) })
	if err != nil {
		return 0, fmt.Errorf("postgres: generation: %w", err)
	}
	return g, nil
}
