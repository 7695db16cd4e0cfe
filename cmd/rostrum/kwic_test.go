package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/kwic"
	"github.com/rostrum/rostrum/internal/search"
)

// TestKWICCorpus checks kwic's counts against a brute-force scan of the
// turns that rostrum export writes.
func TestKWICCorpus(t *testing.T) {
	html, _ := filepath.Glob("../../../shared/corpus/kremlin-html/*.html")
	if len(html) == 0 {
		t.Skip("shared/corpus not found beside the project")
	}
	db := filepath.Join(t.TempDir(), "kwic.db")
	mustRostrum(t, append([]string{"ingest", "--db", db, "../../../shared/corpus/kremlin-en/text"}, html...)...)
	rows, err := csv.NewReader(strings.NewReader(mustRostrum(t, "export", "--db", db, "--format", "csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	tok := search.NewTokenizer()
	for _, word := range []string{"sanctions", "energy", "Ukraine"} {
		stem := tok.Terms(word, true)[0]
		want := 0
		for _, row := range rows[1:] {
			for _, term := range tok.Terms(row[csvText], true) {
				if term == stem {
					want++
				}
			}
		}
		out, errOut, code := rostrum(t, "", "kwic", "--db", db, "--json", "--limit", "100000", word)
		if code != 0 {
			t.Fatalf("kwic %s: exit %d: %s", word, code, errOut)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != want || want == 0 {
			t.Errorf("kwic %s: %d lines, the export's turns have %d occurrences", word, len(lines), want)
		}
		var l kwic.Line
		if err := json.Unmarshal([]byte(lines[0]), &l); err != nil || l.DocID == "" || l.Permalink == "" || l.Match == "" {
			t.Errorf("kwic %s: first line %q (%v)", word, lines[0], err)
		}
		if !strings.Contains(errOut, "occurrences") {
			t.Errorf("kwic --json %s: stderr %q does not count the occurrences", word, errOut)
		}
	}

	// Text: a count line, then aligned columns.
	out := mustRostrum(t, "kwic", "--db", db, "--width", "20", "--limit", "3", "sanctions")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "showing 3 of ") {
		t.Fatalf("kwic --limit 3: got\n%s", out)
	}
	col := strings.Index(lines[1], "**")
	for _, l := range lines[1:] {
		if strings.Index(l, "**") != col || !strings.Contains(l, "#t") {
			t.Errorf("kwic: the match column is not aligned:\n%s", out)
		}
	}
}

func TestKWICBadInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kwic.db")
	mustRostrum(t, "ingest", "--db", db, samplePath)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"gas", "--width", "0"}, "width must be from 1"},
		{[]string{"gas", "--width", "-3"}, "width must be from 1"},
		{[]string{"gas", "--limit", "0"}, "limit must be at least 1"},
		{[]string{"gas", "--limit", "100001"}, "first 100000 lines"},
		{[]string{"gas", "--sort", "size"}, `unknown sort "size"`},
		{[]string{}, "no query"},
		{[]string{"(gas"}, "kwic: "},
		{[]string{"lang:en"}, "no words to find"},
		{[]string{"person:nobodyatall", "gas"}, "no person matches"},
	}
	for _, tt := range tests {
		_, errOut, code := rostrum(t, "", append([]string{"kwic", "--db", db}, tt.args...)...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("rostrum kwic %q: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}
