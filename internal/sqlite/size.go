package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// DiskSize returns the bytes on disk of the archive's file and its
// write-ahead log.
func (s *Store) DiskSize(ctx context.Context) (int64, error) {
	var n int64
	for _, suffix := range []string{"", "-wal"} {
		fi, err := os.Stat(s.path + suffix)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("sqlite: size of %s: %w", s.path, err)
		}
		n += fi.Size()
	}
	return n, nil
}
