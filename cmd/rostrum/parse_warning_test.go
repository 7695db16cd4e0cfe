package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParseWarnings checks that a page without title or date is parsed,
// not refused: the missing fields are reported as FILE: warning: …, and
// --date and --title fill them.
func TestParseWarnings(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "body.txt")
	body := "President of Russia Vladimir Putin: Good afternoon, colleagues.\nLet us begin.\n"
	if err := os.WriteFile(page, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name        string
		args        []string
		warns       []string
		title, date string
		idPrefix    string
		wantErr     bool
	}{
		{name: "bare", args: []string{"parse", page}, warns: []string{"no title", "no date"}, idPrefix: "en.kremlin.ru/b-"},
		{name: "given", args: []string{"parse", "--date", "2021-10-11", "--title", "Meeting", page},
			title: "Meeting", date: "2021-10-11", idPrefix: "en.kremlin.ru/h-"},
		{name: "bad date", args: []string{"parse", "--date", "11.10.2021", page}, wantErr: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), c.args, strings.NewReader(""), &stdout, &stderr)
			if c.wantErr {
				if err == nil {
					t.Fatalf("run(%q) succeeded, want an error", c.args)
				}
				return
			}
			if err != nil {
				t.Fatalf("run(%q): %v (stderr %s)", c.args, err, stderr.String())
			}
			var doc struct {
				ID    string  `json:"id"`
				Title *string `json:"title"`
				Date  *string `json:"date"`
				Turns []struct {
					Speaker *string `json:"speaker"`
				} `json:"turns"`
			}
			if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
				t.Fatalf("%v: %s", err, stdout.String())
			}
			str := func(p *string) string {
				if p == nil {
					return ""
				}
				return *p
			}
			if str(doc.Title) != c.title || str(doc.Date) != c.date || !strings.HasPrefix(doc.ID, c.idPrefix) {
				t.Errorf("got title %q, date %q, id %q; want %q, %q, %s…", str(doc.Title), str(doc.Date), doc.ID, c.title, c.date, c.idPrefix)
			}
			if len(doc.Turns) != 1 || str(doc.Turns[0].Speaker) != "President of Russia Vladimir Putin" {
				t.Errorf("got turns %+v, want one turn of President of Russia Vladimir Putin", doc.Turns)
			}
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			if len(c.warns) == 0 {
				if stderr.Len() > 0 {
					t.Errorf("stderr %q, want nothing", stderr.String())
				}
				return
			}
			if len(lines) != len(c.warns) {
				t.Fatalf("stderr %q, want %d warnings", stderr.String(), len(c.warns))
			}
			for i, w := range c.warns {
				if !strings.HasPrefix(lines[i], page+": warning: "+w) {
					t.Errorf("stderr line %q, want %q", lines[i], page+": warning: "+w+"…")
				}
			}
		})
	}
}
