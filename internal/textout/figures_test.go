package textout

import (
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/figures"
	"github.com/rostrum/rostrum/internal/persons"
)

func TestFigures(t *testing.T) {
	figs := []figures.Figure{
		{DocID: "kremlin.ru/1", Speaker: "Vladimir Putin", Text: "exceeded US$21 billion", Value: 21e9, Unit: "USD", Bound: figures.Lower, Period: "2021", Subject: "trade", Permalink: "kremlin.ru/1#t2"},
		{DocID: "kremlin.ru/2", Text: "by 5%", Value: 5, Unit: figures.Percent, Bound: figures.Exact},
	}
	var out, errs strings.Builder
	if err := Figures(&out, &errs, figs, 3, false); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 3 || lines[0] != "showing 2 of 3 figures; raise --limit for more" || !strings.Contains(lines[1], "trade") ||
		!strings.Contains(lines[2], "(text)") || errs.Len() != 0 {
		t.Errorf("Figures text: stdout %q, stderr %q", out.String(), errs.String())
	}
	out.Reset()
	if err := Figures(&out, &errs, figs, 2, true); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "\n"); n != 2 || !strings.HasPrefix(out.String(), `{"doc_id":"kremlin.ru/1"`) || errs.String() != "2 figures\n" {
		t.Errorf("Figures JSON: stdout %q, stderr %q", out.String(), errs.String())
	}

	groups := []figures.Group{{Subject: "trade", Unit: "USD", Period: "2021", Relation: "conflict", Figures: figs[:1]}}
	out.Reset()
	errs.Reset()
	if err := ConflictList(&out, &errs, groups, 2, false); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "1 conflict among 2 figures\n\ntrade · USD · 2021: conflict\n  ") || errs.Len() != 0 {
		t.Errorf("ConflictList text: stdout %q, stderr %q", out.String(), errs.String())
	}
	out.Reset()
	if err := ConflictList(&out, &errs, groups, 2, true); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), `{"subject":"trade"`) || errs.String() != "1 conflict among 2 figures\n" {
		t.Errorf("ConflictList JSON: stdout %q, stderr %q", out.String(), errs.String())
	}
}

func TestOverridesKept(t *testing.T) {
	o := &persons.Overrides{Merges: [][2]string{{"A", "B"}, {"C", "D"}}, Renames: map[string]string{"E": "F"}}
	var b strings.Builder
	OverridesKept(&b, "o.txt", o, []persons.Issue{{Name: "G", What: "no such person"}}, 7)
	want := "persons: warning: G: no such person\npersons: kept o.txt: 2 merges, 0 distinct, 1 renames; 7 persons\n"
	if b.String() != want {
		t.Errorf("OverridesKept: got %q, want %q", b.String(), want)
	}
}
