package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/verify"
)

// TestVerifyCorpus verifies sentences taken from the turns that rostrum
// export writes, as they are and changed, and checks each answer against
// the exported turn it names.
func TestVerifyCorpus(t *testing.T) {
	html, _ := filepath.Glob("../../../shared/corpus/kremlin-html/*.html")
	if len(html) == 0 {
		t.Skip("shared/corpus not found beside the project")
	}
	db := filepath.Join(t.TempDir(), "verify.db")
	mustRostrum(t, append([]string{"ingest", "--db", db, "../../../shared/corpus/kremlin-en/text",
		"../../internal/parser/kremlinhtml/testdata/twin_en.html", "../../internal/parser/kremlinhtml/testdata/twin_ru.html"}, html...)...)
	rows, err := csv.NewReader(strings.NewReader(mustRostrum(t, "export", "--db", db, "--format", "csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	turns := map[string]string{} // permalink → text
	for _, row := range rows[1:] {
		turns[row[csvPermalink]] = row[csvText]
	}
	// Sentences of the export: the first long one of every 25th turn.
	tok := search.NewTokenizer()
	var picked []string
	for i, row := range rows[1:] {
		if i%25 != 0 {
			continue
		}
		for s := range strings.SplitSeq(row[csvText], ". ") {
			if n := len(strings.Fields(s)); n >= 12 && n <= 60 {
				picked = append(picked, s)
				break
			}
		}
	}
	if len(picked) < 20 {
		t.Fatalf("picked %d sentences", len(picked))
	}
	for _, s := range picked {
		out, errOut, code := rostrum(t, "", "verify", "--db", db, "--json", s)
		if code != 0 {
			t.Fatalf("verify %q: exit %d: %s", s, code, errOut)
		}
		var res verify.Result
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		if res.Verdict != verify.Exact || res.Match == nil {
			t.Errorf("verify %q: verdict %s, match %+v", s, res.Verdict, res.Match)
			continue
		}
		text, ok := turns[res.Match.Permalink]
		if !ok {
			t.Errorf("verify %q: match %s is no turn of the export", s, res.Match.Permalink)
			continue
		}
		// The exported turn holds the sentence, word for word.
		if !strings.Contains(" "+strings.Join(tok.Terms(text, false), " ")+" ", " "+strings.Join(tok.Terms(s, false), " ")+" ") {
			t.Errorf("verify %q: the exported turn %s does not hold it", s, res.Match.Permalink)
		}
	}

	// Text: the verdict, the source, the diff with its flagged kind.
	out := mustRostrum(t, "verify", "--db", db, "We already have regions that have no oil or gas but, as you all know, show GDP growth of more than 15 percent per annum.")
	for _, want := range []string{"ALTERED: ", "source:  en.kremlin.ru/", "#t", "[-10-]{+15+}(figure)", "a figure differs", "edited:  "} {
		if !strings.Contains(out, want) {
			t.Errorf("verify: the text lacks %q:\n%s", want, out)
		}
	}
	// The other edition, and the quote from a file and standard input.
	quote := "Last year the agency approved 1,200 national standards, 15 percent more than in 2023."
	file := filepath.Join(t.TempDir(), "quote.txt")
	mustWrite(t, file, []byte(quote+"\n"))
	for _, args := range [][]string{{"--file", file}, {"--file", "-"}} {
		out, errOut, code := rostrum(t, quote, append([]string{"verify", "--db", db}, args...)...)
		if code != 0 || !strings.HasPrefix(out, "EXACT: ") || !strings.Contains(out, "edition: kremlin.ru/90010#t3") {
			t.Errorf("verify %q: exit %d, stderr %q, out:\n%s", args, code, errOut, out)
		}
	}
	out = mustRostrum(t, "verify", "--db", db, "--json", "--in", "lang:ru", quote)
	if !strings.Contains(out, `"verdict": "not_found"`) {
		t.Errorf("verify --in lang:ru of an English quote: %s", out)
	}
}

func TestVerifyBadInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "verify.db")
	mustRostrum(t, "ingest", "--db", db, samplePath)
	big := filepath.Join(t.TempDir(), "big.txt")
	mustWrite(t, big, []byte(strings.Repeat("sanctions ", 10240)))
	empty := filepath.Join(t.TempDir(), "empty.txt")
	mustWrite(t, empty, nil)
	tests := []struct {
		args  []string
		stdin string
		want  string
	}{
		{[]string{}, "", "no quote"},
		{[]string{""}, "", "the quote is empty"},
		{[]string{"  "}, "", "the quote is empty"},
		{[]string{strings.Repeat("sanctions ", 10240)}, "", "the limit is 4096"},
		{[]string{"--file", big}, "", "the limit is 4096"},
		{[]string{"--file", "-"}, strings.Repeat("gas ", 300000), "more than 1048576 bytes"},
		{[]string{"--file", empty}, "", "the quote is empty"},
		{[]string{"--file", filepath.Join(t.TempDir(), "missing.txt")}, "", "no such file"},
		{[]string{"--file", big, "two words"}, "", "not both"},
		{[]string{"strategic partnership"}, "", "at least 3"},
		{[]string{"--in", "gas", "we will talk about gas"}, "", "filters only"},
		{[]string{"--in", "(person:putin", "we will talk about gas"}, "", "verify --in: "},
	}
	for _, tt := range tests {
		_, errOut, code := rostrum(t, tt.stdin, append([]string{"verify", "--db", db}, tt.args...)...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			name := strings.Join(tt.args, " ")
			if len(name) > 80 {
				name = name[:80] + "…"
			}
			t.Errorf("rostrum verify %s: exit %d, stderr %.200q; want 2 and %q", name, code, errOut, tt.want)
		}
	}
	if out := mustRostrum(t, "verify", "--help"); !strings.Contains(out, "Example:") || !strings.Contains(out, "not_found") {
		t.Errorf("verify --help:\n%s", out)
	}
}
