package ingest_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/rostrum/rostrum/internal/ingest"
)

// TestRunLinksTwins ingests the English/Russian pair 90010: the Russian
// turns take the English persons when the English edition comes first,
// in the same run (from a batch not yet stored) or in an earlier one (from
// the archive), so a later reparse changes nothing; a Russian page that
// comes first stays unlinked until reparse links it.
func TestRunLinksTwins(t *testing.T) {
	fixtures := filepath.Join("..", "parser", "kremlinhtml", "testdata")
	dir := t.TempDir()
	for name, fixture := range map[string]string{"a_en.html": "twin_en.html", "b_ru.html": "twin_ru.html"} {
		b, err := os.ReadFile(filepath.Join(fixtures, fixture))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	en, ru := filepath.Join(dir, "a_en.html"), filepath.Join(dir, "b_ru.html")
	// Both editions in one JSON Lines input: one batch, so the Russian
	// document meets its twin among the documents not yet stored.
	jsonl := filepath.Join(dir, "pair.jsonl")
	var lines []byte
	for _, fixture := range []string{"twin_en.html", "twin_ru.html"} {
		doc, _ := readFixture(t, "kremlinhtml/testdata/"+fixture)
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(append(lines, b...), '\n')
	}
	if err := os.WriteFile(jsonl, lines, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		runs   [][]string // the paths of each ingest run, in order
		linked bool
	}{
		{"English first, one run", [][]string{{en, ru}}, true},
		{"English first, one input", [][]string{{jsonl}}, true},
		{"English first, two runs", [][]string{{en}, {ru}}, true},
		{"Russian first, one run", [][]string{{ru, en}}, false},
		{"Russian first, two runs", [][]string{{ru}, {en}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			for _, paths := range tt.runs {
				res, err := ingest.Run(t.Context(), s, paths, ingest.Config{Formats: kremlinFormats(), Workers: 2})
				if err != nil || res.Failed > 0 {
					t.Fatalf("ingest %v: %v %v", paths, err, res.Failures)
				}
			}
			enDoc, err := s.Document(t.Context(), "en.kremlin.ru/90010")
			if err != nil {
				t.Fatal(err)
			}
			ruDoc, err := s.Document(t.Context(), "kremlin.ru/90010")
			if err != nil {
				t.Fatal(err)
			}
			same := 0
			for i, turn := range ruDoc.Turns {
				if turn.Person != "" && i < len(enDoc.Turns) && turn.Person == enDoc.Turns[i].Person {
					same++
				}
			}
			if got := same > 0; got != tt.linked {
				t.Fatalf("Russian turns with the English person: %d; want linked=%v", same, tt.linked)
			}
			res := mustReparse(t, s, false)
			wantChanged := 0
			if !tt.linked {
				wantChanged = 1 // reparse links what ingest could not
			}
			if res.Changed != wantChanged || res.Failed != 0 {
				t.Errorf("reparse after ingest: changed %d %v, failed %d; want %d changed", res.Changed, res.Reasons, res.Failed, wantChanged)
			}
		})
	}
}
