package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/parser/corpus"
)

func TestCite(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cite.db")
	mustRostrum(t, "ingest", "--db", db, samplePath)
	const id = "en.kremlin.ru/h-80d7397f9286"
	tests := []struct {
		name string
		args []string
		want []string // parts of the output
	}{
		{"document, default style", []string{id}, []string{"President of Russia. “Press statements following Russia-Kazakhstan talks.” President of Russia, February 10, 2022. Accessed ",
			"CC BY 4.0. Archived in Rostrum as " + id + ", version 1."}},
		// The registry's shown name is the author; the label stays.
		{"turn apa", []string{"--style", "apa", id + "#t2"}, []string{"Tokayev, K.-J. (2022, February 10). Press statements following Russia-Kazakhstan talks [Transcript, turn 2; speaker printed as “President of Kazakhstan Kassym-Jomart Tokayev”]. President of Russia."}},
		{"anonymous turn mla", []string{"--style", "MLA", id + "#t4"}, []string{"“Press statements following Russia-Kazakhstan talks.” Turn 4, speaker printed as “Question”. President of Russia, 10 Feb. 2022."}},
		{"bibtex with a permalink", []string{"--style=bibtex", "--base-url", "https://rostrum.example.org/", id + "#t1"},
			[]string{"@misc{en_kremlin_ru_h-80d7397f9286_t1,\n", "  author       = {Putin, Vladimir},\n", `\url{https://rostrum.example.org/d/en.kremlin.ru/h-80d7397f9286/t/1?v=1}`}},
		{"ris", []string{"--style", "ris", "--version", "1", id}, []string{"TY  - ELEC\n", "AU  - President of Russia\n", "N1  - Accessed date: when the archive stored this version (no fetch of it recorded)\n", "ER  - \n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := mustRostrum(t, append([]string{"cite", "--db", db}, tt.args...)...)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("cite %v printed\n%s\nwant it to contain\n%s", tt.args, out, w)
				}
			}
		})
	}
	var j struct {
		Style, Text, ID, Permalink, Accessed string
		Turn, Version                        int
		AccessedFrom                         string `json:"accessed_from"`
	}
	if err := json.Unmarshal([]byte(mustRostrum(t, "cite", "--db", db, "--json", "--style", "chicago", "--base-url", "https://r.example.org", id+"#t3")), &j); err != nil {
		t.Fatal(err)
	}
	if j.Style != "chicago" || j.Turn != 3 || j.Version != 1 || j.AccessedFrom != "stored" || j.Accessed == "" ||
		j.Permalink != "https://r.example.org/d/en.kremlin.ru/h-80d7397f9286/t/3?v=1" || !strings.Contains(j.Text, j.Permalink) {
		t.Errorf("cite --json = %+v", j)
	}
}

func TestCiteErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cite.db")
	mustRostrum(t, "ingest", "--db", db, samplePath)
	const id = "en.kremlin.ru/h-80d7397f9286"
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown style", []string{"--style", "harvard", id}, 2, `cite: unknown style "harvard"; the styles are chicago, apa, mla, bibtex, ris`},
		{"empty style", []string{"--style=", id}, 2, `unknown style ""`},
		{"malformed turn", []string{id + "#turn4"}, 2, `does not name a turn: write ID#tN`},
		{"turn zero", []string{id + "#t0"}, 2, `does not name a turn`},
		{"empty id", []string{"#t4"}, 2, `is not a document id`},
		{"no id", nil, 2, `want one ID, got 0 arguments`},
		{"two ids", []string{id, id}, 2, `want one ID, got 2 arguments`},
		{"negative version", []string{"--version", "-1", id}, 2, `--version must be 1 or more`},
		{"missing document", []string{"kremlin.ru/1"}, 1, `cite: no document "kremlin.ru/1" in`},
		{"missing turn", []string{id + "#t99"}, 1, `cite: version 1 of ` + id + ` has no turn 99; it has 6`},
		{"missing version", []string{"--version", "4", id}, 1, `has no version 4`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := rostrum(t, "", append([]string{"cite", "--db", db}, tt.args...)...)
			if code != tt.code {
				t.Errorf("cite %q: exit %d, want %d (stderr %q)", tt.args, code, tt.code, errOut)
			}
			if !strings.Contains(errOut, tt.msg) {
				t.Errorf("cite %q: stderr %q, want it to say %q", tt.args, errOut, tt.msg)
			}
			if out != "" {
				t.Errorf("cite %q: printed %q", tt.args, out)
			}
		})
	}
}

// TestCiteCorpus cites every turn of a real page whose speaker is an
// anonymous "Question".
func TestCiteCorpus(t *testing.T) {
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("the shared corpus (../shared/corpus) is not beside the project")
	}
	db := filepath.Join(t.TempDir(), "cite.db")
	pages, err := filepath.Glob(filepath.Join(dir, "kremlin-html", "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages in the corpus: %v", err)
	}
	mustRostrum(t, append([]string{"ingest", "--db", db}, pages...)...)
	out := mustRostrum(t, "cite", "--db", db, "--style", "chicago", "en.kremlin.ru/8021#t1")
	want := "President of Russia. “"
	if !strings.HasPrefix(out, want) || !strings.Contains(out, "Turn 1, speaker printed as “Question”. President of Russia, June 11, 2010. ") ||
		!strings.Contains(out, "http://en.kremlin.ru/events/president/news/8021. CC BY 4.0.") {
		t.Errorf("cite en.kremlin.ru/8021#t1 = %q", out)
	}
}

func TestCiteHelp(t *testing.T) {
	out := mustRostrum(t, "cite", "--help")
	for _, w := range []string{"Usage: rostrum cite", "Example:", "rostrum cite --db archive.db 'kremlin.ru/67763#t4'", "-style"} {
		if !strings.Contains(out, w) {
			t.Errorf("cite --help lacks %q:\n%s", w, out)
		}
	}
}
