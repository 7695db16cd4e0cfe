package archive_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

// fakeRows serves rows of values as *sql.Rows would.
type fakeRows struct {
	rows   [][]any
	i      int
	closed bool
}

func (r *fakeRows) Next() bool   { r.i++; return r.i <= len(r.rows) }
func (r *fakeRows) Err() error   { return nil }
func (r *fakeRows) Close() error { r.closed = true; return nil }
func (r *fakeRows) Scan(dest ...any) error {
	for i, v := range r.rows[r.i-1] {
		switch d := dest[i].(type) {
		case *string:
			*d = v.(string)
		case *[]byte:
			*d = v.([]byte)
		case *int:
			*d = v.(int)
		case *int64:
			*d = v.(int64)
		case *any:
			*d = v
		default:
			return fmt.Errorf("unexpected %T", d)
		}
	}
	return nil
}

func mustJSON(tb testing.TB, id, date string) []byte {
	tb.Helper()
	js, err := (&transcript.Document{ID: id, Date: date, Language: "en"}).MarshalJSON()
	if err != nil {
		tb.Fatal(err)
	}
	return js
}

func TestScanDocuments(t *testing.T) {
	rows := &fakeRows{rows: [][]any{{"2024-01-02", "a", []byte("{}")}, {"", "b", []byte("[]")}}}
	got, err := archive.ScanDocuments(rows)
	if err != nil {
		t.Fatal(err)
	}
	want := []archive.DocumentRow{{Date: "2024-01-02", ID: "a", JSON: []byte("{}")}, {ID: "b", JSON: []byte("[]")}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ScanDocuments mismatch (-want +got):\n%s", diff)
	}
	if !rows.closed {
		t.Error("rows not closed")
	}
}

func TestDocuments(t *testing.T) {
	// Three dated documents and two undated ones, read two at a time.
	dated := []archive.DocumentRow{{"2024-01-01", "c", nil}, {"2024-01-02", "a", nil}, {"2024-01-02", "b", nil}}
	undated := []archive.DocumentRow{{"", "d", nil}, {"", "e", nil}}
	for _, l := range [][]archive.DocumentRow{dated, undated} {
		for i := range l {
			l[i].JSON = mustJSON(t, l[i].ID, l[i].Date)
		}
	}
	const size = 2
	tests := []struct {
		name    string
		failAt  int    // the call of next that fails, 0 for none
		badID   string // a document whose JSON is broken
		stopAt  int    // how many documents the consumer takes, 0 for all
		want    []string
		wantErr []string
		calls   []string
	}{
		{name: "all", want: []string{"c", "a", "b", "d", "e"},
			calls: []string{"true  ", "true 2024-01-02 a", "false  ", "false  e"}},
		{name: "stopped early", stopAt: 2, want: []string{"c", "a"}, calls: []string{"true  "}},
		{name: "read error", failAt: 2, want: []string{"c", "a"}, wantErr: []string{"op: boom"},
			calls: []string{"true  ", "true 2024-01-02 a"}},
		{name: "bad document", badID: "b", want: []string{"c", "a", "d", "e"}, wantErr: []string{"op: b: stored JSON"},
			calls: []string{"true  ", "true 2024-01-02 a", "false  ", "false  e"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls []string
			next := func(isDated bool, date, id string) ([]archive.DocumentRow, error) {
				calls = append(calls, fmt.Sprintf("%v %s %s", isDated, date, id))
				if len(calls) == tt.failAt {
					return nil, errors.New("boom")
				}
				l := undated
				if isDated {
					l = dated
				}
				var out []archive.DocumentRow
				for _, r := range l {
					if (r.Date > date || r.Date == date && r.ID > id) && len(out) < size {
						if r.ID == tt.badID {
							r.JSON = []byte("{")
						}
						out = append(out, r)
					}
				}
				return out, nil
			}
			var got, gotErr []string
			for doc, err := range archive.Documents("op", size, next) {
				if err != nil {
					gotErr = append(gotErr, err.Error())
				} else {
					got = append(got, doc.ID)
				}
				if len(got) == tt.stopAt {
					break
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("documents mismatch (-want +got):\n%s", diff)
			}
			if len(gotErr) != len(tt.wantErr) {
				t.Fatalf("got errors %q, want %q", gotErr, tt.wantErr)
			}
			for i := range gotErr {
				if !strings.HasPrefix(gotErr[i], tt.wantErr[i]) {
					t.Errorf("error %d: got %q, want it to start %q", i, gotErr[i], tt.wantErr[i])
				}
			}
			if diff := cmp.Diff(tt.calls, calls); diff != "" {
				t.Errorf("calls of next mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFetches(t *testing.T) {
	body := []byte("<html>page</html>")
	packed, err := archive.Pack(body)
	if err != nil {
		t.Fatal(err)
	}
	row := func(id int64, hash string) archive.FetchRow {
		r := archive.FetchRow{ID: id, Fetch: transcript.Fetch{URL: fmt.Sprint("u", id), Hash: hash}}
		if hash != "" {
			r.Size, r.Compression, r.Data = int64(len(body)), "gzip", packed
		}
		return r
	}
	tests := []struct {
		name    string
		rows    []archive.FetchRow
		want    []string // URL and body
		wantErr string
		calls   []int64
	}{
		{name: "none", calls: []int64{0}},
		{name: "two batches", rows: []archive.FetchRow{row(1, archive.Sum(body)), row(3, ""), row(7, archive.Sum(body))},
			want: []string{"u1 " + string(body), "u3 ", "u7 " + string(body)}, calls: []int64{0, 3}},
		{name: "full last batch", rows: []archive.FetchRow{row(1, ""), row(2, "")},
			want: []string{"u1 ", "u2 "}, calls: []int64{0, 2}},
		{name: "body does not match", rows: []archive.FetchRow{row(1, ""), row(2, archive.Sum(nil))},
			want: []string{"u1 "}, wantErr: "op: fetch 2: raw ", calls: []int64{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls []int64
			next := func(after int64) ([]archive.FetchRow, error) {
				calls = append(calls, after)
				var out []archive.FetchRow
				for _, r := range tt.rows {
					if r.ID > after && len(out) < 2 {
						out = append(out, r)
					}
				}
				return out, nil
			}
			var got []string
			var gotErr string
			for f, err := range archive.Fetches("op", 2, next) {
				if err != nil {
					gotErr = err.Error()
					continue
				}
				got = append(got, f.URL+" "+string(f.Bytes))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("fetches mismatch (-want +got):\n%s", diff)
			}
			if !strings.HasPrefix(gotErr, tt.wantErr) || (gotErr == "") != (tt.wantErr == "") {
				t.Errorf("got error %q, want one starting %q", gotErr, tt.wantErr)
			}
			if diff := cmp.Diff(tt.calls, calls); diff != "" {
				t.Errorf("calls of next mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
