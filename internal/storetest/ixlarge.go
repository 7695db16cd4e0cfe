package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/ixstore"
	"github.com/rostrum/rostrum/internal/postings"
)

// IxLargeSegments writes segments too large to keep their terms packed
// (a row of ix_terms per term, positions apart) through an engine's
// index dialect, merges them into one, and reads them back: the paths
// an archive of some hundred thousand units takes, which the corpus
// tests do not reach. It leaves the index out of step with the archive's
// documents: use an archive of its own, and close it after.
func IxLargeSegments(t *testing.T, d *ixstore.Dialect, begin func(ctx context.Context) (*sql.Tx, error)) {
	t.Helper()
	ctx := t.Context()
	const units = 40000 // above the packing limit of 32,768
	segment := func(firstDoc int64) *postings.Segment {
		var b postings.Builder
		for i := range units {
			u := postings.Unit{Key: archive.UnitKey("2020-01-01", firstDoc+int64(i/10), 1+i%10)}
			u.Terms[postings.Body] = []string{"alpha", fmt.Sprintf("w%d", i%100), "beta"}
			u.Terms[postings.Meta] = []string{"lx"}
			b.Add(u)
		}
		return b.Build()
	}
	tx, err := begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := d.Clear(ctx, tx); err != nil {
		t.Fatal(err)
	}
	for _, first := range []int64{1, 1 + units/10} {
		if err := d.InsertSegment(ctx, tx, segment(first)); err != nil {
			t.Fatalf("a segment of %d units: %v", units, err)
		}
	}
	check := func(stage string, segments int) {
		t.Helper()
		ids, err := d.SegmentIDs(ctx, tx)
		if err != nil || len(ids) != segments {
			t.Fatalf("%s: segments %v, %v; want %d", stage, ids, err, segments)
		}
		var c ixstore.Cache
		sn, err := c.Snapshot(ctx, d, tx, int64(segments))
		if err != nil || sn == nil {
			t.Fatalf("%s: snapshot %v, %v", stage, sn, err)
		}
		src := ixstore.Source{D: d, Tx: tx}
		for _, tt := range []struct {
			expr postings.Expr
			want int
		}{
			{&postings.Leaf{Slots: []string{"w7"}}, 2 * units / 100},
			{&postings.Leaf{Slots: []string{"alpha", "w7", "beta"}}, 2 * units / 100},
			{&postings.Leaf{Slots: []string{"w7", "alpha"}}, 0},
			{&postings.Leaf{Slots: []string{"w7"}, Prefix: true}, 2 * units * 11 / 100},
			{postings.And{&postings.Leaf{Slots: []string{"beta"}}, &postings.Leaf{Slots: []string{"lx"}, Meta: true}}, 2 * units},
		} {
			m, err := sn.Search(ctx, src, tt.expr, 0, 1<<62, true)
			if err != nil {
				t.Fatalf("%s: %s: %v", stage, postings.Format(tt.expr), err)
			}
			if len(m.Keys) != tt.want {
				t.Errorf("%s: %s matches %d units, want %d", stage, postings.Format(tt.expr), len(m.Keys), tt.want)
			}
		}
	}
	check("written", 2)
	if err := d.MergeAll(ctx, tx); err != nil {
		t.Fatalf("merging two segments of %d units: %v", units, err)
	}
	check("merged", 1)
}
