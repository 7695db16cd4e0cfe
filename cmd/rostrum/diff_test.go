package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	db := mustEditedArchive(t, "changed-figure")
	golden, err := os.ReadFile(filepath.Join(diffTestdata, "changed-figure.golden.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// The golden text compares unnumbered versions; the command names them.
	want := strings.NewReplacer("(old)", "(version 1)", "(new)", "(version 2)").Replace(string(golden))
	for _, args := range [][]string{
		{"diff", "--db", db, "en.kremlin.ru/90001"},
		{"diff", "--db", db, "en.kremlin.ru/90001", "1", "2"},
	} {
		if got := mustRostrum(t, args...); got != want {
			t.Errorf("rostrum %s printed:\n%s\nwant:\n%s", strings.Join(args, " "), got, want)
		}
	}
	if strings.Contains(want, "\x1b[") {
		t.Error("output to a file is coloured")
	}
	// Backwards: what was added is removed.
	if got := mustRostrum(t, "diff", "--db", db, "en.kremlin.ru/90001", "2", "1"); !strings.Contains(got, "[-27%-]{+25%+}") {
		t.Errorf("diff 2 1 lacks [-27%%-]{+25%%+}:\n%s", got)
	}
	var d struct {
		ID       string
		From, To int
		Stats    struct {
			TurnsChanged int `json:"turns_changed"`
		}
		Turns []struct {
			Op    string
			Old   int
			New   int
			Paras []struct{ Op string } `json:"paragraphs"`
		}
	}
	if err := json.Unmarshal([]byte(mustRostrum(t, "diff", "--db", db, "--json", "en.kremlin.ru/90001")), &d); err != nil {
		t.Fatal(err)
	}
	if d.ID != "en.kremlin.ru/90001" || d.From != 1 || d.To != 2 || d.Stats.TurnsChanged != 1 || len(d.Turns) != 2 ||
		d.Turns[1].Op != "changed" || d.Turns[1].Paras[0].Op != "changed" || d.Turns[1].Paras[1].Op != "equal" {
		t.Errorf("diff --json = %+v", d)
	}
}
