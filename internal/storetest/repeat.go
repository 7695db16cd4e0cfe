package storetest

import (
	"testing"

	"github.com/rostrum/rostrum/internal/transcript"
)

// testPutBatchRepeated: a batch holding versions B then A of a document
// whose current version is A stores both, as Puts one after the other
// would: the A at the end of the batch is a change from B, not "unchanged"
// because the archive held A before the batch; a third A is unchanged.
func testPutBatchRepeated(t *testing.T, s transcript.Store) {
	ctx := t.Context()
	a := talks()
	b := *a
	b.Title += " (corrected)"
	raw := func(tag string) transcript.Raw {
		return transcript.Raw{Origin: tag, Format: "json", Bytes: []byte(a.ID + tag)}
	}
	if _, err := s.Put(ctx, a, raw("a")); err != nil {
		t.Fatal(err)
	}
	results, errs := s.PutBatch(ctx, []*transcript.Document{&b, a, a}, []transcript.Raw{raw("b"), raw("a2"), raw("a3")})
	want := []transcript.PutResult{{Status: transcript.Updated, Version: 2}, {Status: transcript.Updated, Version: 3}, {Status: transcript.Unchanged, Version: 3}}
	for i := range want {
		if errs[i] != nil || results[i] != want[i] {
			t.Errorf("PutBatch document %d = %v, %v; want %v", i, results[i], errs[i], want[i])
		}
	}
	if d, err := s.Document(ctx, a.ID); err != nil || d.Title != a.Title {
		t.Errorf("current version after the batch: %v, %v; want the title %q", d, err, a.Title)
	}
	if vs, err := s.Versions(ctx, a.ID); err != nil || len(vs) != 3 {
		t.Errorf("Versions = %d, %v; want 3", len(vs), err)
	}
}
