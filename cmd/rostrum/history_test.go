package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// diffTestdata is the diff package's golden pairs of versions.
var diffTestdata = filepath.Join("..", "..", "internal", "diff", "testdata")

// mustEditedArchive ingests a document, then a changed copy (name's old
// and new pair in the diff package's testdata), and returns the archive.
func mustEditedArchive(t *testing.T, name string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "edited.db")
	mustRostrum(t, "ingest", "--db", db, filepath.Join(diffTestdata, name+".old.json"))
	mustRostrum(t, "ingest", "--db", db, filepath.Join(diffTestdata, name+".new.json"))
	return db
}

func TestHistory(t *testing.T) {
	db := mustEditedArchive(t, "inserted-turn")
	out := mustRostrum(t, "history", "--db", db, "en.kremlin.ru/90001")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("history printed %d lines, want a heading, 2 versions and the edits:\n%s", len(lines), out)
	}
	for i, want := range []*regexp.Regexp{
		regexp.MustCompile(`^VERSION\s+STORED\s+HASH\s+TURNS\s+PARAGRAPHS\s+ORIGIN\s+CAUSE\s+CHANGES$`),
		regexp.MustCompile(`^1\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+[0-9a-f]{10}\s+3\s+4\s+\S*inserted-turn.old.json\s+first\s+first version$`),
		regexp.MustCompile(`^2\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+[0-9a-f]{10}\s+4\s+5\s+\S*inserted-turn.new.json\s+edit\s+1 turn added$`),
		regexp.MustCompile(`^edited once at the source since first archived$`),
	} {
		if !want.MatchString(lines[i]) {
			t.Errorf("line %d is %q, want it to match %s", i+1, lines[i], want)
		}
	}
	var rows []struct {
		Version int
		Changes string
	}
	if err := json.Unmarshal([]byte(mustRostrum(t, "history", "--db", db, "--json", "en.kremlin.ru/90001#t2")), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1].Version != 2 || rows[1].Changes != "1 turn added" {
		t.Errorf("history --json = %+v", rows)
	}
}

// TestHistoryNotEdited: a version that changes only what the parser
// derives (which person a label names), from another input of the same
// page, is listed but not counted as an edit.
func TestHistoryNotEdited(t *testing.T) {
	db := filepath.Join(t.TempDir(), "linked.db")
	old := filepath.Join(diffTestdata, "inserted-turn.old.json")
	b, err := os.ReadFile(old)
	if err != nil {
		t.Fatal(err)
	}
	linked := filepath.Join(t.TempDir(), "linked.json")
	if err := os.WriteFile(linked, []byte(strings.Replace(string(b), `"person":"Boris Petrov"`, `"person":"Petrov Boris"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRostrum(t, "ingest", "--db", db, old)
	mustRostrum(t, "ingest", "--db", db, linked)
	out := mustRostrum(t, "history", "--db", db, "en.kremlin.ru/90001")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^2\s.*linked.json\s+rendering\s`),
		regexp.MustCompile(`(?m)^not edited at the source since first archived; 1 other version, not edits \(another rendering or a new parse\)$`),
	} {
		if !want.MatchString(out) {
			t.Errorf("history lacks %s:\n%s", want, out)
		}
	}
	var rows []struct {
		Cause string
		Edit  bool
	}
	if err := json.Unmarshal([]byte(mustRostrum(t, "history", "--db", db, "--json", "en.kremlin.ru/90001")), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Cause != "first" || rows[1].Cause != "rendering" || rows[1].Edit {
		t.Errorf("history --json = %+v", rows)
	}
}

func TestHistoryDiffErrors(t *testing.T) {
	db := mustEditedArchive(t, "changed-figure")
	// A document with one version.
	mustRostrum(t, "ingest", "--db", db, samplePath)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"history", "--db", db, "en.kremlin.ru/0"}, 1, `history: no document "en.kremlin.ru/0"`},
		{[]string{"history", "--db", db}, 2, "want one ID"},
		{[]string{"diff", "--db", db, "en.kremlin.ru/0"}, 1, `diff: no document "en.kremlin.ru/0"`},
		{[]string{"diff", "--db", db, "en.kremlin.ru/90001", "1", "3"}, 1, "has no version 3; it has 2 versions"},
		{[]string{"diff", "--db", db, "en.kremlin.ru/90001", "1"}, 2, "want ID, or ID V1 V2"},
		{[]string{"diff", "--db", db, "en.kremlin.ru/90001", "one", "2"}, 2, `version "one" is not a whole number`},
		{[]string{"diff", "--db", db, "en.kremlin.ru/h-80d7397f9286"}, 1, "has only one version: nothing to compare"},
		{[]string{"diff", "--db", filepath.Join(t.TempDir(), "none.db"), "x/1"}, 1, "no archive at"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[3:], " "), func(t *testing.T) {
			_, errOut, code := rostrum(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("rostrum %s: exit %d, stderr %q; want exit %d and %q", strings.Join(tt.args, " "), code, errOut, tt.code, tt.want)
			}
		})
	}
}
