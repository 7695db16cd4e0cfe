package archive_test

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

func TestParallel(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000} {
		calls := make([]atomic.Int32, n)
		archive.Parallel(n, func(i int) { calls[i].Add(1) })
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Errorf("Parallel(%d): f(%d) called %d times, want 1", n, i, c)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		doc     *transcript.Document
		wantErr bool
	}{
		{"no id", &transcript.Document{Language: "en"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := archive.Validate(tt.doc)
			if (err != nil) != tt.wantErr || err != nil && !errors.Is(err, transcript.ErrInvalid) {
				t.Errorf("Validate: got %v, want an ErrInvalid: %v", err, tt.wantErr)
			}
		})
	}
}

func TestScanKeyed(t *testing.T) {
	js := mustJSON(t, "a", "2024-01-02")
	keys, docs, err := archive.ScanKeyed(&keyedRows{keys: []int64{3, 9}, js: [][]byte{js, js}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int64{3, 9}, keys); diff != "" || len(docs) != 2 || docs[1].ID != "a" {
		t.Errorf("ScanKeyed = %v, %d documents; keys mismatch (-want +got):\n%s", keys, len(docs), diff)
	}
	if _, _, err := archive.ScanKeyed(&keyedRows{keys: []int64{4}, js: [][]byte{[]byte("{")}}); err == nil {
		t.Error("ScanKeyed of broken JSON: no error")
	}
}

// keyedRows serves rows of a key and a JSON document.
type keyedRows struct {
	keys []int64
	js   [][]byte
	i    int
}

func (r *keyedRows) Next() bool   { r.i++; return r.i <= len(r.keys) }
func (r *keyedRows) Err() error   { return nil }
func (r *keyedRows) Close() error { return nil }
func (r *keyedRows) Scan(dest ...any) error {
	*dest[0].(*int64), *dest[1].(*[]byte) = r.keys[r.i-1], r.js[r.i-1]
	return nil
}
