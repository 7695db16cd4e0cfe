package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/figures"
)

const figureFixtures = "../../internal/figures/testdata/fixtures"

// jsonLines decodes JSON Lines into values of T.
func jsonLines[T any](t *testing.T, out string) []T {
	t.Helper()
	var vs []T
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		vs = append(vs, v)
	}
	return vs
}

// TestFiguresSample: the sample's trade figures, with their speakers,
// period and bound, and no conflict between them.
func TestFiguresSample(t *testing.T) {
	db := filepath.Join(t.TempDir(), "figures.db")
	mustRostrum(t, "ingest", "--db", db, samplePath)
	const id = "en.kremlin.ru/h-80d7397f9286"
	figs := jsonLines[figures.Figure](t, mustRostrum(t, "figures", "--db", db, "--json", "--doc", id))
	var putin, tokayev *figures.Figure
	for i, f := range figs {
		switch f.Text {
		case "US$25.6 billion":
			putin = &figs[i]
		case "exceeded US$21 billion":
			tokayev = &figs[i]
		}
	}
	if putin == nil || tokayev == nil {
		t.Fatalf("figures --doc %s: the trade figures are missing: %+v", id, figs)
	}
	if putin.Person != "Vladimir Putin" || putin.Value != 25.6e9 || putin.Unit != "USD" || putin.Bound != "exact" ||
		putin.Period != "2021" || putin.Subject != "trade" || putin.Permalink != id+"#t1" || putin.DocID != id {
		t.Errorf("Putin's figure: %+v", *putin)
	}
	if tokayev.Person != "Kassym-Jomart Tokayev" || tokayev.Value != 21e9 || tokayev.Unit != "USD" || tokayev.Bound != "lower" ||
		tokayev.Period != "2021" || tokayev.Subject != "trade" || tokayev.Permalink != id+"#t2" {
		t.Errorf("Tokayev's figure: %+v", *tokayev)
	}
	// A query picks the turns: Tokayev's only.
	figs = jsonLines[figures.Figure](t, mustRostrum(t, "figures", "--db", db, "--json", "person:Tokayev"))
	if len(figs) == 0 {
		t.Fatal("figures person:Tokayev: none")
	}
	for _, f := range figs {
		if f.Person != "Kassym-Jomart Tokayev" {
			t.Errorf("figures person:Tokayev: a figure of %q", f.Person)
		}
	}
	out, errOut, code := rostrum(t, "", "figures", "--db", db, "--conflicts", "--json")
	if code != 0 || strings.TrimSpace(out) != "" || !strings.Contains(errOut, "0 conflicts") {
		t.Errorf("figures --conflicts on the sample: exit %d, %q, %q; want no conflict", code, out, errOut)
	}
	// Text: a count, then one line a figure.
	out = mustRostrum(t, "figures", "--db", db, "trade")
	if !strings.Contains(out, "25,600,000,000 USD") || !strings.Contains(out, "more than 21,000,000,000 USD") ||
		!strings.Contains(out, `"exceeded US$21 billion"`) {
		t.Errorf("figures trade:\n%s", out)
	}
}

// TestFiguresConflicts: fictional officials who give different values for
// the same regional budget and year, in English and in Russian.
func TestFiguresConflicts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "figures.db")
	mustRostrum(t, "ingest", "--db", db, figureFixtures, samplePath)
	groups := jsonLines[figures.Group](t, mustRostrum(t, "figures", "--db", db, "--conflicts", "--json"))
	want := map[string][2]string{ // key → the two persons
		"regional budget": {"Arkady Velin", "Marta Osk"},
		"бюджет области":  {"Аркадий Велин", "Марта Оск"},
	}
	if len(groups) != len(want) {
		t.Fatalf("figures --conflicts: %d groups, want %d: %+v", len(groups), len(want), groups)
	}
	for _, g := range groups {
		w, ok := want[g.Key]
		if !ok || g.Relation != "conflict" || g.Unit != "RUB" || g.Period != "2023" || len(g.Figures) != 2 {
			t.Errorf("group %+v", g)
			continue
		}
		if g.Figures[0].Person != w[0] || g.Figures[1].Person != w[1] || g.Figures[0].Value != 3.2e9 || g.Figures[1].Value != 2.9e9 {
			t.Errorf("group %s: %+v", g.Key, g.Figures)
		}
	}
	// A query narrows the conflicts: Russian pages only.
	groups = jsonLines[figures.Group](t, mustRostrum(t, "figures", "--db", db, "--conflicts", "--json", "lang:ru"))
	if len(groups) != 1 || groups[0].Key != "бюджет области" {
		t.Errorf("figures --conflicts lang:ru: %+v", groups)
	}
	// Trade exceeded US$1.1 billion and reached US$1.3 billion: consistent.
	figs := jsonLines[figures.Figure](t, mustRostrum(t, "figures", "--db", db, "--json", "lang:en", "trade"))
	var trade []figures.Figure
	for _, f := range figs {
		if f.Subject == "trade" && f.Period == "2023" {
			trade = append(trade, f)
		}
	}
	if len(trade) != 2 || trade[0].Bound != "lower" || trade[1].Bound != "exact" {
		t.Errorf("figures lang:en trade: %+v", trade)
	}
	out := mustRostrum(t, "figures", "--db", db, "--conflicts")
	if !strings.HasPrefix(out, "2 conflicts among ") || !strings.Contains(out, "the regional budget · RUB · 2023: conflict") {
		t.Errorf("figures --conflicts:\n%s", out)
	}
}

// TestFiguresCorpus: every figure of the shared corpus is written in its
// sentence, and the --limit cut is said.
func TestFiguresCorpus(t *testing.T) {
	texts, _ := filepath.Glob("../../../shared/corpus/kremlin-en/text/*.txt")
	if len(texts) == 0 {
		t.Skip("shared/corpus not found beside the project")
	}
	db := filepath.Join(t.TempDir(), "figures.db")
	mustRostrum(t, "ingest", "--db", db, "../../../shared/corpus/kremlin-en/text")
	out, errOut, code := rostrum(t, "", "figures", "--db", db, "--json", "--limit", "100000", "lang:en")
	if code != 0 {
		t.Fatalf("figures lang:en: exit %d: %s", code, errOut)
	}
	figs := jsonLines[figures.Figure](t, out)
	if len(figs) < 500 {
		t.Errorf("figures lang:en: only %d figures in 200 documents", len(figs))
	}
	for _, f := range figs {
		if !strings.Contains(f.Sentence, f.Text) || f.Value <= 0 || f.Permalink == "" || f.Bound == "" {
			t.Errorf("figure %+v", f)
		}
	}
	out = mustRostrum(t, "figures", "--db", db, "--limit", "3", "lang:en")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "showing 3 of ") {
		t.Errorf("figures --limit 3:\n%s", out)
	}
}

func TestFiguresBadInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "figures.db")
	mustRostrum(t, "ingest", "--db", db, samplePath)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{}, "no query"},
		{[]string{"(gas"}, "figures: "},
		{[]string{"--doc", "kremlin.ru/nosuch"}, `no document "kremlin.ru/nosuch"`},
		{[]string{"--doc", "en.kremlin.ru/h-80d7397f9286", "trade"}, "not both"},
		{[]string{"--doc", "en.kremlin.ru/h-80d7397f9286", "--conflicts"}, "--conflicts reads a query"},
		{[]string{"--limit", "0", "trade"}, "limit must be from 1"},
		{[]string{"--limit", "100001", "trade"}, "limit must be from 1"},
		{[]string{"person:nobodyatall", "trade"}, "no person matches"},
	}
	for _, tt := range tests {
		_, errOut, code := rostrum(t, "", append([]string{"figures", "--db", db}, tt.args...)...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("rostrum figures %q: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
	// A document without figures, and a query without them: empty, not an error.
	out, _, code := rostrum(t, "", "figures", "--db", db, "--json", "zzzyyyxxx")
	if code != 0 || strings.TrimSpace(out) != "" {
		t.Errorf("figures zzzyyyxxx: exit %d, %q", code, out)
	}
}
