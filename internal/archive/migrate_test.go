package archive_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/archive"
)

func TestLoadMigrations(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	tests := []struct {
		name    string
		files   fstest.MapFS
		want    []archive.Migration
		wantErr string
	}{
		{"Ordered", fstest.MapFS{"migrations/0002_b.sql": file("B"), "migrations/0001_a.sql": file("A"), "migrations/README": file("x")},
			[]archive.Migration{{Version: 1, Name: "0001_a.sql", SQL: "A"}, {Version: 2, Name: "0002_b.sql", SQL: "B"}}, ""},
		{"Gap", fstest.MapFS{"migrations/0001_a.sql": file("A"), "migrations/0003_c.sql": file("C")}, nil, "version 2 missing"},
		{"NoFirst", fstest.MapFS{"migrations/0002_b.sql": file("B")}, nil, "version 1 missing"},
		{"Duplicate", fstest.MapFS{"migrations/0001_a.sql": file("A"), "migrations/0001_b.sql": file("B")}, nil, "same version"},
		{"BadName", fstest.MapFS{"migrations/init.sql": file("A")}, nil, "not NNNN_name.sql"},
		{"Zero", fstest.MapFS{"migrations/0000_a.sql": file("A")}, nil, "not NNNN_name.sql"},
		{"None", fstest.MapFS{}, nil, "no migrations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := archive.LoadMigrations(tt.files)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("LoadMigrations error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ms); diff != "" {
				t.Errorf("LoadMigrations mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
