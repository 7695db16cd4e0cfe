package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestIndex rebuilds a SQLite archive's search index and checks it: the
// same searches answer the same before and after, --check passes, and a
// missing archive or a stray argument is refused.
func TestIndex(t *testing.T) {
	db := filepath.Join(t.TempDir(), "index.db")
	mustRostrum(t, "ingest", "--db", db, samplePath)
	before := mustRostrum(t, "search", "--db", db, "--json", "CSTO")
	out := mustRostrum(t, "index", "--db", db)
	if !strings.Contains(out, "search index rebuilt in") {
		t.Errorf("index: %q", out)
	}
	if after := mustRostrum(t, "search", "--db", db, "--json", "CSTO"); after != before {
		t.Errorf("search after the rebuild:\n%s\nbefore:\n%s", after, before)
	}
	if out := mustRostrum(t, "index", "--db", db, "--check"); !strings.Contains(out, "consistent") {
		t.Errorf("index --check: %q", out)
	}
	if _, errOut, code := rostrum(t, "", "index", "--db", filepath.Join(t.TempDir(), "none.db")); code != 1 || !strings.Contains(errOut, "no archive at") {
		t.Errorf("index of no archive: exit %d, %q", code, errOut)
	}
	if _, errOut, code := rostrum(t, "", "index", "--db", db, "extra"); code != 2 || !strings.Contains(errOut, "unexpected argument") {
		t.Errorf("index with an argument: exit %d, %q", code, errOut)
	}
}
