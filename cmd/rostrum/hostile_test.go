package main

import (
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
)

// hostileArchive stores, bypassing the parsers (as an archive written
// before they dropped control characters holds it), a document whose
// title retitles a terminal (ESC ] 0 ; … BEL) and whose cells a
// spreadsheet would run as formulas.
func hostileArchive(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "archive.db")
	s, err := sqlite.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	doc := &transcript.Document{ID: "test/1", Source: "test", Language: "en", Date: "2024-01-02",
		Title: "\x1b]0;pwned-title\x07CSTO summit \u202eevil",
		Turns: []transcript.Turn{
			{Index: 1, Speaker: "=HYPERLINK(\"http://evil.example\",\"x\")", Paragraphs: []string{"The CSTO\x1b[2J agreed\u009b."}},
			{Index: 2, Speaker: "@Putin", Paragraphs: []string{"-1+2 CSTO", "+7 495"}},
		}}
	if _, err := s.Put(t.Context(), doc, transcript.Raw{Origin: "test", Format: "json", Bytes: []byte("{}")}); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestTerminalEscapes reproduces "control characters reach the terminal
// raw through show and search (^[]0;pwned-title^G)": both print them
// escaped.
func TestTerminalEscapes(t *testing.T) {
	db := hostileArchive(t)
	for _, args := range [][]string{{"show", "--db", db, "test/1"}, {"search", "--db", db, "CSTO"}} {
		out := mustRostrum(t, args...)
		for _, r := range out {
			if r != '\n' && r != '\t' && (r < 0x20 || r >= 0x7f && r <= 0x9f || r == '\u202e') {
				t.Errorf("%s: %U printed raw:\n%q", args[0], r, out)
				break
			}
		}
		if !strings.Contains(out, `\x1b]0;pwned-title\x07CSTO`) && !strings.Contains(out, `\x1b]0;pwned-title\x07**CSTO**`) {
			t.Errorf("%s: the title is not shown escaped:\n%s", args[0], out)
		}
	}
}

// TestExportExcel reproduces "CSV exports write cells starting with =,
// +, -, @ as they are": --excel neutralises them; the plain CSV stays
// byte-faithful.
func TestExportExcel(t *testing.T) {
	db := hostileArchive(t)
	plain := mustRostrum(t, "export", "--db", db, "--format", "csv")
	if !strings.Contains(plain, "\x1b]0;pwned-title\x07") || !strings.Contains(plain, `,"=HYPERLINK(`) {
		t.Errorf("plain CSV is not what is stored:\n%q", plain)
	}
	excel := mustRostrum(t, "export", "--db", db, "--format", "csv", "--excel")
	body, ok := strings.CutPrefix(excel, "\ufeff")
	if !ok {
		t.Fatal("--excel: no byte order mark")
	}
	p, err := csv.NewReader(strings.NewReader(plain)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	x, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	neutralised := 0
	for i := range p {
		for j, cell := range p[i] {
			want := cell
			if cell != "" && strings.ContainsAny(cell[:1], "=+-@") {
				want = "'" + cell
				neutralised++
			}
			if x[i][j] != want {
				t.Errorf("row %d cell %d: %q, want %q", i, j, x[i][j], want)
			}
		}
	}
	if neutralised != 3 {
		t.Errorf("%d cells neutralised, want 3 (=HYPERLINK, @Putin, -1+2)", neutralised)
	}
	if _, _, code := rostrum(t, "", "export", "--db", db, "--excel"); code != 2 {
		t.Errorf("--excel with jsonl: exit %d, want 2", code)
	}
}
