package postgres

import (
	"context"
	"fmt"
)

// Name names the archive for messages: user@host/database, no secrets.
func (s *Store) Name() string { return s.name }

// DiskSize returns the bytes on disk of the archive's tables in its
// schema (the first of the connection's search_path), with their
// indexes and TOAST data: what the archive costs the server, without the
// write-ahead log and the rest of the cluster.
func (s *Store) DiskSize(ctx context.Context) (int64, error) {
	var n int64
	err := s.read.QueryRowContext(ctx, `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)
		FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
		WHERE ns.nspname = current_schema() AND c.relkind IN ('r', 'm')`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: size of %s: %w", s.name, err)
	}
	return n, nil
}
