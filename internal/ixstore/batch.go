package ixstore

import (
	"context"
	"database/sql"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/postings"
	"github.com/rostrum/rostrum/internal/search"
)

// Batch gathers a write transaction's changes to the index, written as
// one segment by WriteBatch. A document may change twice in one batch,
// so only the net effect is kept: its units from before the batch
// hidden, the units of its last version added. The zero value is ready.
type Batch struct {
	docs map[int64]*batchDoc
	keys []int64 // in the order first changed
}

type batchDoc struct {
	hide  bool
	dead  int64 // the document's units before the batch: unit key >> DocShift
	add   bool
	date  string
	units []search.Unit
	terms []postings.Unit
}

func (b *Batch) doc(key int64) *batchDoc {
	if b.docs == nil {
		b.docs = map[int64]*batchDoc{}
	}
	d := b.docs[key]
	if d == nil {
		d = &batchDoc{}
		b.docs[key] = d
		b.keys = append(b.keys, key)
	}
	return d
}

// Remove hides the units of the version stored under key, dated date,
// unless the batch added it: units added by the batch are simply not
// written.
func (b *Batch) Remove(key int64, date string) {
	if d := b.doc(key); !d.add && !d.hide {
		d.hide, d.dead = true, archive.UnitKey(date, key, 0)>>archive.DocShift
	}
}

// Add adds the units of a version stored under key, dated date, with
// their terms (Units; keys unset), in place of any the batch added
// before for it.
func (b *Batch) Add(key int64, date string, units []search.Unit, terms []postings.Unit) {
	d := b.doc(key)
	d.add, d.date, d.units, d.terms = true, date, units, terms
}

// WriteBatch writes b's segment and dead markers in tx (WriteSegment).
func (d *Dialect) WriteBatch(ctx context.Context, tx *sql.Tx, b *Batch) error {
	if len(b.keys) == 0 {
		return nil
	}
	var pb postings.Builder
	var dead []int64
	for _, k := range b.keys {
		doc := b.docs[k]
		if doc.hide {
			dead = append(dead, doc.dead)
		}
		if doc.add {
			for i, u := range doc.units {
				t := doc.terms[i]
				t.Key = archive.UnitKey(doc.date, k, u.Index)
				pb.Add(t)
			}
		}
	}
	return d.WriteSegment(ctx, tx, &pb, dead)
}
