package postgres

import (
	"context"
	"fmt"
	"slices"
)

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
