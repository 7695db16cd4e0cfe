package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestList checks rostrum list against rostrum export: every document
// once, in each order, with filters, a limit and bad input.
func TestList(t *testing.T) {
	texts, _ := filepath.Glob("../../../shared/corpus/kremlin-en/text/*.txt")
	if len(texts) == 0 {
		t.Skip("shared/corpus not found beside the project")
	}
	db := filepath.Join(t.TempDir(), "list.db")
	mustRostrum(t, append([]string{"ingest", "--db", db}, texts[:40]...)...)
	type doc struct {
		ID, Date, Title, Language string
		Place                     *string
	}
	var exported []doc
	for _, line := range strings.Split(strings.TrimSpace(mustRostrum(t, "export", "--db", db)), "\n") {
		var d doc
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatal(err)
		}
		exported = append(exported, d)
	}
	list := func(args ...string) []doc {
		t.Helper()
		out, errOut, code := rostrum(t, "", append([]string{"list", "--db", db, "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("list %v: exit %d: %s", args, code, errOut)
		}
		var docs []doc
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if line == "" {
				continue
			}
			var d doc
			if err := json.Unmarshal([]byte(line), &d); err != nil {
				t.Fatalf("list %v: %q: %v", args, line, err)
			}
			docs = append(docs, d)
		}
		if !strings.Contains(errOut, " document") {
			t.Errorf("list %v: no count on standard error: %q", args, errOut)
		}
		return docs
	}
	ids := func(docs []doc) []string {
		var out []string
		for _, d := range docs {
			out = append(out, d.ID)
		}
		return out
	}

	all := list()
	if got, want := slices.Sorted(slices.Values(ids(all))), slices.Sorted(slices.Values(ids(exported))); !slices.Equal(got, want) {
		t.Fatalf("list gives %d documents, export %d; they differ", len(got), len(want))
	}
	if !slices.IsSortedFunc(all, func(a, b doc) int { return strings.Compare(b.Date, a.Date) }) {
		t.Error("list is not newest first")
	}
	if oldest := list("--sort", "oldest"); !slices.IsSortedFunc(oldest, func(a, b doc) int { return strings.Compare(a.Date, b.Date) }) {
		t.Error("list --sort oldest is not oldest first")
	}
	byTitle := list("--sort", "title")
	if len(byTitle) != len(all) || !slices.IsSortedFunc(byTitle, func(a, b doc) int {
		return strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title))
	}) {
		t.Error("list --sort title is not in title order")
	}
	if got := list("--limit", "3"); !slices.Equal(ids(got), ids(all[:3])) {
		t.Errorf("list --limit 3 = %v, want the newest three %v", ids(got), ids(all[:3]))
	}
	if got := list("--sort", "title", "--limit", "2"); !slices.Equal(ids(got), ids(byTitle[:2])) {
		t.Errorf("list --sort title --limit 2 = %v, want %v", ids(got), ids(byTitle[:2]))
	}
	// From the year of the median document on.
	year := all[len(all)/2].Date[:4]
	var since []string
	for _, d := range exported {
		if d.Date >= year {
			since = append(since, d.ID)
		}
	}
	if got := ids(list("from:" + year)); !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(since))) ||
		len(got) == 0 || len(got) == len(all) {
		t.Errorf("list from:%s = %d documents, want the %d of %d exported ones dated from %s", year, len(got), len(since), len(all), year)
	}
	for _, d := range all {
		for _, e := range exported {
			if e.ID == d.ID && (e.Place == nil) != (d.Place == nil) {
				t.Errorf("%s: place %v in list, %v in export", d.ID, d.Place, e.Place)
			}
		}
	}
	text := mustRostrum(t, "list", "--db", db, "--limit", "1")
	if want := all[0].Date + "  " + all[0].ID + "  "; !strings.HasPrefix(text, want) {
		t.Errorf("list text = %q, want it to start %q", text, want)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"list", "--db", db, "--sort", "relevance"}, "unknown sort"},
		{[]string{"list", "--db", db, "--limit", "-1"}, "--limit must be"},
		{[]string{"list", "--db", db, "topic:nonesuch"}, `no topic matches "nonesuch"`},
		{[]string{"list", "--db", db, "(unclosed"}, "list:"},
	} {
		_, errOut, code := rostrum(t, "", c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 saying %q", c.args, code, errOut, c.want)
		}
	}
}
