package storetest

import (
	"database/sql"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/transcript"
)

// CausesAfterMigration checks an archive that held the versions of
// CauseSteps before causes were recorded and migrated since: the
// migration stores the causes SQL can tell, and Versions computes the
// rest. db is the archive's database; docs and want are CauseSteps'.
func CausesAfterMigration(t *testing.T, s transcript.Store, db *sql.DB, docs []*transcript.Document, want []string) {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), `SELECT cause FROM versions ORDER BY number`)
	if err != nil {
		t.Fatal(err)
	}
	var stored []string
	for rows.Next() {
		var c sql.NullString
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		stored = append(stored, c.String)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"first", "", "rederived", "", ""}, stored); diff != "" {
		t.Errorf("causes after migration mismatch (-want +got):\n%s", diff)
	}
	vs, err := s.Versions(t.Context(), docs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		got = append(got, v.Cause)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Versions causes mismatch (-want +got):\n%s", diff)
	}
}
