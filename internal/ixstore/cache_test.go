package ixstore

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ncruces/go-sqlite3/driver"

	"github.com/rostrum/rostrum/internal/postings"
)

// slowSegments is a Querier that counts the reads of a segment's row and
// makes each take a while, as decoding a large archive's segments does.
type slowSegments struct {
	*sql.DB
	reads atomic.Int32
}

func (q *slowSegments) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if strings.Contains(query, "FROM ix_segments WHERE seg") {
		q.reads.Add(1)
		time.Sleep(50 * time.Millisecond)
	}
	return q.DB.QueryRowContext(ctx, query, args...)
}

// TestCacheSnapshotOnce: searches that ask for the snapshot of a
// generation at once (a server's first ones) share one read of the
// segments instead of each decoding them all.
func TestCacheSnapshotOnce(t *testing.T) {
	ctx := t.Context()
	db, err := driver.Open("file:" + filepath.Join(t.TempDir(), "ix.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)`,
		`CREATE TABLE ix_segments (seg INTEGER PRIMARY KEY, units INTEGER NOT NULL, tokens INTEGER NOT NULL, keys BLOB, lens BLOB, packed BLOB)`,
		`CREATE TABLE ix_dead (doc INTEGER PRIMARY KEY, seg INTEGER NOT NULL)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO settings VALUES ('ix_format', ?)`, Format); err != nil {
		t.Fatal(err)
	}
	next := int64(1)
	d := &Dialect{Greatest: "max", NextSeg: func(context.Context, *sql.Tx) (int64, error) { next++; return next - 1, nil }}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		var b postings.Builder
		if err := d.InsertSegment(ctx, tx, b.Build()); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	q := &slowSegments{DB: db}
	var c Cache
	var wg sync.WaitGroup
	snaps := make([]*postings.Snapshot, 8)
	for i := range snaps {
		wg.Go(func() {
			sn, err := c.Snapshot(ctx, d, q, 7)
			if err != nil {
				t.Error(err)
			}
			snaps[i] = sn
		})
	}
	wg.Wait()
	if n := q.reads.Load(); n != 2 {
		t.Errorf("8 searches at once read the 2 segments %d times, want each once", n)
	}
	for i, sn := range snaps {
		if sn == nil || sn != snaps[0] {
			t.Errorf("search %d got snapshot %p, want the shared %p", i, sn, snaps[0])
		}
	}
	// A later generation reads the index again, but not the segments it
	// already holds.
	if sn, err := c.Snapshot(ctx, d, q, 8); err != nil || sn == nil || sn == snaps[0] {
		t.Errorf("snapshot of generation 8 = %p, %v; want a new one", sn, err)
	}
	if n := q.reads.Load(); n != 2 {
		t.Errorf("the next generation read segments again (%d reads in all)", n)
	}
}
