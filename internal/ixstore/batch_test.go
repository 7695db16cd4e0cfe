package ixstore

import (
	"testing"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/postings"
	"github.com/rostrum/rostrum/internal/search"
)

// TestBatchNet wants a batch to keep each document's net change: the
// units from before the batch hidden once, by their old date, and only
// the last version added.
func TestBatchNet(t *testing.T) {
	units := func(n int) ([]search.Unit, []postings.Unit) {
		us := make([]search.Unit, n)
		for i := range us {
			us[i].Index = i
		}
		return us, make([]postings.Unit, n)
	}
	var b Batch
	u1, t1 := units(2)
	u2, t2 := units(3)
	b.Remove(7, "2020-01-01") // stored before the batch
	b.Add(7, "2021-05-05", u1, t1)
	b.Remove(7, "2021-05-05") // the batch's own version: not hidden
	b.Add(7, "2021-06-06", u2, t2)
	b.Add(9, "2022-01-01", u1, t1) // new in the batch
	b.Remove(9, "2022-01-01")
	if len(b.keys) != 2 || b.keys[0] != 7 || b.keys[1] != 9 {
		t.Fatalf("keys %v, want [7 9]", b.keys)
	}
	d := b.docs[7]
	if !d.hide || d.dead != archive.UnitKey("2020-01-01", 7, 0)>>archive.DocShift {
		t.Errorf("document 7 hides %v %d; want its units dated 2020-01-01", d.hide, d.dead)
	}
	if !d.add || d.date != "2021-06-06" || len(d.units) != 3 {
		t.Errorf("document 7 adds %v %s %d units; want the last version's 3", d.add, d.date, len(d.units))
	}
	if d := b.docs[9]; d.hide || !d.add {
		t.Errorf("document 9, new in the batch: hide %v, add %v; want nothing hidden, its units added", d.hide, d.add)
	}
}
