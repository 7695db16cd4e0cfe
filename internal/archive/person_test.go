package archive_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/transcript"
)

func TestPersons(t *testing.T) {
	q := archive.PersonsSQL{Persons: "persons", Labels: "labels", Roles: "roles"}
	results := map[string][][]any{
		"persons": {{"Putin", 10, 3, "2020-01-01", "2024-05-06"}, {"Peskov", 4, 2, "", ""}},
		"labels": {{"Peskov", "D. Peskov"}, {"Putin", "V. Putin"}, {"Putin", "Vladimir Putin"},
			{"Someone", "ignored: not listed"}},
		"roles": {{"Putin", "President"}},
	}
	tests := []struct {
		name    string
		fail    string // the statement that fails
		want    []transcript.Person
		wantErr bool
	}{
		{name: "all", want: []transcript.Person{
			{Name: "Putin", Turns: 10, Documents: 3, First: "2020-01-01", Last: "2024-05-06",
				Labels: []string{"V. Putin", "Vladimir Putin"}, Roles: []string{"President"}},
			{Name: "Peskov", Turns: 4, Documents: 2, Labels: []string{"D. Peskov"}},
		}},
		{name: "persons fail", fail: "persons", wantErr: true},
		{name: "roles fail", fail: "roles", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotArgs [][]any
			query := func(sql string, args ...any) (archive.Rows, error) {
				gotArgs = append(gotArgs, args)
				if sql == tt.fail {
					return nil, errors.New("boom")
				}
				return &fakeRows{rows: results[sql]}, nil
			}
			got, err := archive.Persons(query, q, "x")
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want one: %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Persons mismatch (-want +got):\n%s", diff)
			}
			for _, a := range gotArgs {
				if diff := cmp.Diff([]any{"x"}, a); diff != "" {
					t.Errorf("args mismatch (-want +got):\n%s", diff)
				}
			}
		})
	}
}
