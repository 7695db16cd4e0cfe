package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestReparse ingests a Russian page before its English twin (so its
// persons are its own), then reparses: a dry run lists the change and
// writes nothing, a real run links the editions, and a third run finds
// nothing to do.
func TestReparse(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	fixtures := filepath.Join("..", "..", "internal", "parser", "kremlinhtml", "testdata")
	mustRostrum(t, "ingest", "--db", db, filepath.Join(fixtures, "twin_ru.html"))
	mustRostrum(t, "ingest", "--db", db, filepath.Join(fixtures, "twin_en.html"))

	for _, c := range []struct {
		args []string
		want []string // lines the output must have
	}{
		{[]string{"reparse", "--db", db, "--dry-run", "--list"},
			[]string{"kremlin.ru/90010: persons", "checked 2, unchanged 1, would change 1, failed 0", "1 would change: persons 1"}},
		// Boolean flags may come before the command, as --db may.
		{[]string{"--dry-run", "--db", db, "reparse"},
			[]string{"checked 2, unchanged 1, would change 1, failed 0"}},
		{[]string{"reparse", "--db", db, "--list"},
			[]string{"kremlin.ru/90010 (version 2): persons", "checked 2, unchanged 1, changed 1, failed 0", "1 changed: persons 1"}},
		{[]string{"reparse", "--db", db},
			[]string{"checked 2, unchanged 2, changed 0, failed 0"}},
	} {
		out := mustRostrum(t, c.args...)
		lines := strings.Split(out, "\n")
		for _, w := range c.want {
			found := false
			for _, l := range lines {
				found = found || l == w
			}
			if !found {
				t.Errorf("rostrum %s: output lacks line %q:\n%s", strings.Join(c.args, " "), w, out)
			}
		}
	}
	hist := mustRostrum(t, "show", "--db", db, "kremlin.ru/90010")
	if !strings.Contains(hist, "В.Путин") {
		t.Errorf("show kremlin.ru/90010 lacks the Russian label:\n%s", hist)
	}
	stats := mustRostrum(t, "stats", "--db", db, "--json")
	if !strings.Contains(stats, `"versions": 3`) {
		t.Errorf("stats: want 3 versions (one new, from the real run):\n%s", stats)
	}
	if _, errOut, code := rostrum(t, "", "reparse", "--db", filepath.Join(t.TempDir(), "missing.db")); code != 1 || errOut == "" {
		t.Errorf("reparse of a missing archive: exit %d, stderr %q; want 1 and a message", code, errOut)
	}
	if _, _, code := rostrum(t, "", "reparse", "--db", db, "extra"); code != 2 {
		t.Errorf("reparse with an argument: exit %d, want 2", code)
	}
}
