package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/transcript"
)

func TestSearchCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	mustRostrum(t, "ingest", "--db", db, samplePath)

	out := mustRostrum(t, "search", "--db", db, "person:Tokayev", "CSTO")
	for _, want := range []string{"1 match in 1 document", "Press statements following Russia-Kazakhstan talks",
		"President of Kazakhstan Kassym-Jomart Tokayev — en.kremlin.ru/h-80d7397f9286#t2", "**CSTO**"} {
		if !strings.Contains(out, want) {
			t.Errorf("search output lacks %q:\n%s", want, out)
		}
	}

	var res transcript.SearchResult
	js := mustRostrum(t, "search", "--db", db, "--json", "--facets", "--limit", "1", "talks")
	if err := json.Unmarshal([]byte(js), &res); err != nil {
		t.Fatalf("--json: %v\n%s", err, js)
	}
	if res.Total == 0 || len(res.Hits) != 1 || res.Facets == nil || len(res.Facets.Persons) == 0 {
		t.Errorf("--json --facets talks: %+v", res)
	}

	for _, tt := range []struct {
		query, want string
	}{
		{`person:"Vladimir Putin`, "column 8: unclosed quote"},
		{"person:putn", `no person matches "putn"; did you mean Vladimir Putin?`},
		{"", "no query"},
	} {
		_, errOut, code := rostrum(t, "", "search", "--db", db, tt.query)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("search %q: exit %d, stderr %q; want 2 and %q", tt.query, code, errOut, tt.want)
		}
	}
	if _, errOut, code := rostrum(t, "", "search", "--db", filepath.Join(t.TempDir(), "none.db"), "x"); code != 1 || !strings.Contains(errOut, "no archive") {
		t.Errorf("search on a missing archive: exit %d, stderr %q", code, errOut)
	}
}
