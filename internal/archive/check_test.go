package archive_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
)

// anyRows serves a column of values to a Scan into *any, as *sql.Rows does.
type anyRows struct {
	vals []any
	i    int
}

func (r *anyRows) Next() bool   { r.i++; return r.i <= len(r.vals) }
func (r *anyRows) Err() error   { return nil }
func (r *anyRows) Close() error { return nil }
func (r *anyRows) Scan(dest ...any) error {
	*dest[0].(*any) = r.vals[r.i-1]
	return nil
}

func TestStrings(t *testing.T) {
	got, err := archive.Strings(&anyRows{vals: []any{"turn 5", nil, []byte("ok"), int64(42)}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"turn 5", "", "ok", "42"}, got); diff != "" {
		t.Errorf("Strings mismatch (-want +got):\n%s", diff)
	}
}

func TestRunChecks(t *testing.T) {
	checks := []archive.Check{{Name: "clean", SQL: "a"}, {Name: "dirty", SQL: "b"}, {Name: "broken", SQL: "c"}}
	results := map[string][]string{"a LIMIT 10": nil, "b LIMIT 10": {"turn 1", "turn 2"}}
	tests := []struct {
		name    string
		checks  []archive.Check
		want    []string
		wantErr string
	}{
		{"none", nil, nil, ""},
		{"found", checks[:2], []string{"dirty: turn 1, turn 2"}, ""},
		{"failed", checks, nil, "broken: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := archive.RunChecks(tt.checks, func(q string) ([]string, error) {
				if r, ok := results[q]; ok {
					return r, nil
				}
				return nil, errors.New("boom")
			})
			if (err == nil) != (tt.wantErr == "") || err != nil && err.Error() != tt.wantErr {
				t.Fatalf("got error %v, want %q", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("RunChecks mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
