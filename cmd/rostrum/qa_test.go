package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/qa"
)

// TestQA runs rostrum qa on the sample page: turn 4 (Question) is
// answered in turn 5 by Vladimir Putin, then Kassym-Jomart Tokayev.
func TestQA(t *testing.T) {
	sample := "../../../shared/samples/kremlin-text/2022-02-10-press-statements-russia-kazakhstan.txt"
	if _, err := os.Stat(sample); err != nil {
		t.Skip("shared/samples not found beside the project")
	}
	db := filepath.Join(t.TempDir(), "qa.db")
	mustRostrum(t, "ingest", "--db", db, sample)
	var id struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(strings.SplitN(mustRostrum(t, "export", "--db", db), "\n", 2)[0]), &id); err != nil {
		t.Fatal(err)
	}

	var xs []qa.Exchange
	if err := json.Unmarshal([]byte(mustRostrum(t, "qa", "--db", db, "--json", id.ID)), &xs); err != nil {
		t.Fatal(err)
	}
	if len(xs) != 1 || xs[0].Question.Turn != 4 || len(xs[0].Answers) != 2 ||
		xs[0].Answers[0].Turn != 5 || xs[0].Answers[0].Person != "Vladimir Putin" || xs[0].Answers[1].Person != "Kassym-Jomart Tokayev" {
		t.Fatalf("qa --json = %+v; want question 4 answered by turns 5 (Putin) and 6 (Tokayev)", xs)
	}
	text := mustRostrum(t, "qa", "--db", db, id.ID)
	for _, want := range []string{"q4  " + id.ID + "#t4", "question t4    Question: If it is not a secret", "answer   t5    Vladimir Putin"} {
		if !strings.Contains(text, want) {
			t.Errorf("qa output lacks %q:\n%s", want, text)
		}
	}

	// The CSV export carries each turn's exchange, and the site's URL
	// with --base-url.
	rows, err := csv.NewReader(strings.NewReader(mustRostrum(t, "export", "--db", db, "--format", "csv", "--base-url", "https://rostrum.example.org/"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		want := map[string]string{"4": "q4", "5": "q4", "6": "q4"}[r[3]]
		if r[7] != want {
			t.Errorf("export row of turn %s: qa %q, want %q", r[3], r[7], want)
		}
		if u := "https://rostrum.example.org/d/" + id.ID + "#t" + r[3]; r[10] != u {
			t.Errorf("export row of turn %s: url %q, want %q", r[3], r[10], u)
		}
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"qa", "--db", db}, "want one document ID"},
		{[]string{"qa", "--db", db, "nope/1"}, `no document "nope/1"`},
		{[]string{"qa", "--db", db, id.ID + "#t4"}, "is not a document id"},
	} {
		_, errOut, code := rostrum(t, "", c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 saying %q", c.args, code, errOut, c.want)
		}
	}
}
