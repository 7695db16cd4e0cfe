package main

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/trend"
)

// TestTrendCorpus checks trend's counts against a brute-force scan of
// the turns that rostrum export writes, and against kwic's line count.
func TestTrendCorpus(t *testing.T) {
	html, _ := filepath.Glob("../../../shared/corpus/kremlin-html/*.html")
	if len(html) == 0 {
		t.Skip("shared/corpus not found beside the project")
	}
	db := filepath.Join(t.TempDir(), "trend.db")
	mustRostrum(t, append([]string{"ingest", "--db", db, "../../../shared/corpus/kremlin-en/text"}, html...)...)
	rows, err := csv.NewReader(strings.NewReader(mustRostrum(t, "export", "--db", db, "--format", "csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Columns: doc_id, date, title, turn, speaker, person, role, text, permalink.
	tok := search.NewTokenizer()
	words := []string{"sanctions", "energy"}
	out := mustRostrum(t, append([]string{"trend", "--db", db, "--by", "month", "--json"}, words...)...)
	var res trend.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("trend --json: %v\n%s", err, out)
	}
	if len(res.Series) != len(words) || res.By != "month" {
		t.Fatalf("trend --json: %d series by %q, want %d by month", len(res.Series), res.By, len(words))
	}
	for i, word := range words {
		stem := tok.Terms(word, true)[0]
		want := map[string][2]int64{}
		for _, row := range rows[1:] {
			if len(row[1]) < 7 {
				continue
			}
			c := want[row[1][:7]]
			for _, term := range tok.Terms(row[csvText], true) {
				c[1]++
				if term == stem {
					c[0]++
				}
			}
			want[row[1][:7]] = c
		}
		s := res.Series[i]
		if s.Query != word {
			t.Errorf("series %d is %q, want %q", i, s.Query, word)
		}
		got := map[string][2]int64{}
		for _, p := range s.Points {
			if len(p.Period) != 7 || p.Period[4] != '-' {
				t.Errorf("trend --by month: period %q is not YYYY-MM", p.Period)
			}
			got[p.Period] = [2]int64{p.Hits, p.Words}
		}
		for p, c := range want {
			if c[1] == 0 {
				delete(want, p)
			}
		}
		if len(got) != len(want) {
			t.Errorf("trend %s: %d periods, the export has %d", word, len(got), len(want))
		}
		for p, c := range want {
			if got[p] != c {
				t.Errorf("trend %s %s: hits and words %v, the export's turns have %v", word, p, got[p], c)
			}
		}
		kw := mustRostrum(t, "kwic", "--db", db, "--json", "--limit", "100000", word)
		if n := strings.Count(kw, "\n"); int64(n) != s.Hits || n == 0 {
			t.Errorf("trend %s: %d hits, kwic prints %d lines", word, s.Hits, n)
		}
	}

	// Text: a heading and a table per series.
	out = mustRostrum(t, "trend", "--db", db, "sanctions")
	if !strings.HasPrefix(out, "sanctions: ") || !strings.Contains(out, "PER MILLION") || !strings.Contains(out, "█") {
		t.Errorf("trend sanctions: got\n%s", out)
	}
}

func TestTrendBadInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "trend.db")
	mustRostrum(t, "ingest", "--db", db, samplePath)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{}, "no query"},
		{[]string{""}, "empty query"},
		{[]string{"gas", "--by", "week"}, `unknown period "week"`},
		{[]string{"gas", "--per", "topic"}, `unknown breakdown "topic"`},
		{[]string{"(gas"}, "trend: "},
		{[]string{"lang:en"}, "no words to count"},
		{[]string{"gas from:1950-01-01 to:1950-12-31"}, "no periods to show"},
		{[]string{"person:nobodyatall gas"}, "no person matches"},
		{strings.Fields("a b c d e f g h i j k"), "at most 10 queries"},
	}
	for _, tt := range tests {
		_, errOut, code := rostrum(t, "", append([]string{"trend", "--db", db}, tt.args...)...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("rostrum trend %q: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
	out, errOut, code := rostrum(t, "", "trend", "--help")
	if code != 0 || !strings.Contains(out+errOut, "per_million") || !strings.Contains(out+errOut, "Example") {
		t.Errorf("trend --help: exit %d\n%s%s", code, out, errOut)
	}
}

// TestExportTEI: export --format tei writes a teiCorpus that xmllint
// (when installed) and encoding/xml read, with a TEI per document; -o
// writes the same file.
func TestExportTEI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "tei.db")
	mustRostrum(t, "ingest", "--db", db, samplePath)
	out := mustRostrum(t, "export", "--db", db, "--format", "tei")
	dec := xml.NewDecoder(strings.NewReader(out))
	var root string
	teis := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("export --format tei is not well-formed: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root == "" {
				root = se.Name.Local
			}
			if se.Name.Local == "TEI" {
				teis++
			}
		}
	}
	if root != "teiCorpus" || teis != 1 || !strings.Contains(out, `<person xml:id="VladimirPutin">`) {
		t.Errorf("export --format tei: root %q, %d TEI:\n%.500s", root, teis, out)
	}
	file := filepath.Join(t.TempDir(), "archive.tei.xml")
	mustRostrum(t, "export", "--db", db, "--format", "tei", "-o", file)
	if b, err := os.ReadFile(file); err != nil || len(b) != len(out) {
		t.Errorf("export -o: %d bytes, %v; want the %d of standard output", len(b), err, len(out))
	}
	if _, errOut, code := rostrum(t, "", "export", "--db", db, "--format", "tei", "--excel"); code != 2 || !strings.Contains(errOut, "--excel is for") {
		t.Errorf("export --format tei --excel: exit %d, %q; want 2", code, errOut)
	}
	if _, errOut, code := rostrum(t, "", "export", "--db", db, "--format", "xml"); code != 2 || !strings.Contains(errOut, "jsonl, csv or tei") {
		t.Errorf("export --format xml: exit %d, %q; want 2", code, errOut)
	}
}
