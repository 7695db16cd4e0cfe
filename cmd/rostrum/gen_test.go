package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/gen"
	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/textout"
)

// TestGen writes synthetic documents, ingests them and checks that the
// archive holds them all, as synthetic documents.
func TestGen(t *testing.T) {
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("shared/corpus not found beside the project (set ROSTRUM_CORPUS)")
	}
	out := filepath.Join(t.TempDir(), "synthetic")
	stdout := mustRostrum(t, "gen", "--docs", "50", "--seed", "1", out)
	if !strings.HasPrefix(stdout, "generated 50 documents (40 English, 10 Russian), ") {
		t.Errorf("gen printed %q, want a summary of 50 documents", stdout)
	}
	entries, err := os.ReadDir(filepath.Join(out, "000"))
	if err != nil || len(entries) != 50 {
		t.Fatalf("%s/000: %d files (%v), want 50", out, len(entries), err)
	}
	// --learn names the corpus explicitly; the same documents come out.
	again := filepath.Join(t.TempDir(), "again")
	mustRostrum(t, "gen", "--docs", "50", "--seed", "1", "--workers", "1", "--learn", filepath.Join(dir, "kremlin-en"), again)
	for _, n := range []int{1, 25, 50} {
		a, b := mustReadFile(t, gen.Path(out, n)), mustReadFile(t, gen.Path(again, n))
		if string(a) != string(b) {
			t.Errorf("document %d differs between the two runs", n)
		}
	}

	db := filepath.Join(t.TempDir(), "scale.db")
	if got := mustRostrum(t, "ingest", "--db", db, out); !strings.HasPrefix(got, "ingested 50, updated 0, unchanged 0, failed 0\n") {
		t.Errorf("ingest printed %q", got)
	}
	var st textout.JSONStats
	if err := json.Unmarshal([]byte(mustRostrum(t, "stats", "--db", db, "--json")), &st); err != nil {
		t.Fatal(err)
	}
	if st.Documents != 50 || st.UnresolvedTurns != 0 {
		t.Errorf("stats: %d documents, %d unresolved turns; want 50 and 0", st.Documents, st.UnresolvedTurns)
	}
	langs := map[string]int{}
	for _, c := range st.ByLanguage {
		langs[c.Key] = c.N
	}
	if langs["en"] != 40 || langs["ru"] != 10 {
		t.Errorf("stats by language: %v, want 40 en and 10 ru", langs)
	}
	show := mustRostrum(t, "show", "--db", db, gen.ID("en", 1))
	if show == "" {
		t.Errorf("show %s printed nothing", gen.ID("en", 1))
	}
}

func TestGenErrors(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "full", "x.txt"), []byte("x"))
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"gen", "--docs", "5"}, 2, "want one OUTDIR"},
		{[]string{"gen", filepath.Join(dir, "a")}, 2, "--docs must be 1 or more"},
		{[]string{"gen", "--docs", "5", "--ru", "2", filepath.Join(dir, "b")}, 2, "--ru must be between 0 and 1"},
		{[]string{"gen", "--docs", "5", "--learn", filepath.Join(dir, "nowhere"), filepath.Join(dir, "c")}, 1, "--learn"},
		{[]string{"gen", "--docs", "5", "--learn", dir, filepath.Join(dir, "d")}, 1, "no docs/*.json records"},
	} {
		_, errOut, code := rostrum(t, "", c.args...)
		if code != c.code || !strings.Contains(errOut, c.msg) {
			t.Errorf("rostrum %s: exit %d, stderr %q; want %d and %q", strings.Join(c.args, " "), code, errOut, c.code, c.msg)
		}
	}
	if corpus.Dir() == "" {
		return
	}
	_, errOut, code := rostrum(t, "", "gen", "--docs", "5", filepath.Join(dir, "full"))
	if code != 1 || !strings.Contains(errOut, "is not empty") {
		t.Errorf("gen into a full folder: exit %d, stderr %q; want 1 and \"is not empty\"", code, errOut)
	}
}

func mustReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
