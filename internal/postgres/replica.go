package postgres

import (
	"context"
	"fmt"
)

// OpenWithReplica opens the archive on the primary that primaryDSN names,
// as Open does (creating or migrating it), and sends its reads to the
// server that readDSN names: a streaming replica of the primary, or a
// pooler in front of several. Search, Document, Documents, Versions,
// DocumentVersion, RawInput, Persons, Stats, Terms, Person, DocumentsAt,
// Generation and IntegrityCheck read there; Put, PutBatch, RebuildIndex
// and the checks that Put makes before writing use the primary.
//
// Nothing is written through readDSN, even when that server would accept
// writes: it must hold an archive at this program's schema version, with
// a search index of this program's format (migrate the primary and let
// the replica catch up). A replica lags its primary, so a document just
// stored may take a moment to be readable.
func OpenWithReplica(ctx context.Context, primaryDSN, readDSN string) (*Store, error) {
	s, err := Open(ctx, primaryDSN)
	if err != nil {
		return nil, err
	}
	read, rsrv, err := connect(ctx, readDSN)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("postgres: open read replica: %w", err)
	}
	if err := checkReadOnly(ctx, read); err != nil {
		read.Close()
		s.Close()
		return nil, fmt.Errorf("postgres: open read replica %s: %w", rsrv.name, rsrv.describe(err))
	}
	s.read, s.readSrv = read, rsrv
	return s, nil
}

// ReadOnly reports whether Open found the server read-only (a streaming
// replica, or default_transaction_read_only set), so that every write
// will fail: write to the primary instead.
func (s *Store) ReadOnly() bool { return s.readOnly }
