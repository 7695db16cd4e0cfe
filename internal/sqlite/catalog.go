package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/rostrum/rostrum/internal/transcript"
)

var _ transcript.Catalog = (*Store)(nil)

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
