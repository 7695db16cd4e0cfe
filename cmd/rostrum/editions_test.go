package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/editions"
	"github.com/rostrum/rostrum/internal/transcript"
)

// twinFixture writes a fictional twin pair whose editions differ by one
// turn (the Russian edition lacks the question) and one figure (US$3.2
// billion against 3,5 млрд долларов), as canonical JSON for ingest.
func twinFixture(t *testing.T, dir string) string {
	t.Helper()
	mk := func(id, lang, title string, turns ...[3]string) *transcript.Document {
		d := &transcript.Document{ID: id, Source: transcript.SourceKremlin, Language: lang, Section: "Events", Title: title,
			Date: "2023-04-05", URL: "http://" + id}
		for i, tu := range turns {
			d.Turns = append(d.Turns, transcript.Turn{Index: i + 1, Speaker: tu[0], Person: tu[1], Paragraphs: []string{tu[2]}})
		}
		return d
	}
	en := mk("en.kremlin.ru/90210", "en", "Meeting on trade",
		[3]string{"Anna Petrova", "Anna Petrova", "Good afternoon, colleagues. We will discuss trade with our neighbours today."},
		[3]string{"Ivan Sidorov", "Ivan Sidorov", "Trade reached US$3.2 billion last year, up 14 percent."},
		[3]string{"Question", "", "What about the new bridge over the river?"},
		[3]string{"Anna Petrova", "Anna Petrova", "The bridge will open in 2025, and it will cost 12 billion rubles."})
	ru := mk("kremlin.ru/90210", "ru", "Совещание по торговле",
		[3]string{"А.Петрова", "Анна Петрова", "Добрый день, уважаемые коллеги. Сегодня обсудим торговлю с нашими соседями."},
		[3]string{"И.Сидоров", "Иван Сидоров", "Товарооборот в прошлом году достиг 3,5 млрд долларов, рост на 14 процентов."},
		[3]string{"А.Петрова", "Анна Петрова", "Мост откроют в 2025 году, он обойдётся в 12 млрд рублей."})
	path := filepath.Join(dir, "twins.jsonl")
	var b strings.Builder
	for _, d := range []*transcript.Document{en, ru} {
		j, err := d.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEditions(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	mustRostrum(t, "ingest", "--db", db, twinFixture(t, dir), "../../../shared/samples/kremlin-text/2022-02-10-press-statements-russia-kazakhstan.txt")

	var got struct {
		EN, RU string
		Turns  []struct{ EN, RU *struct{ Turn int } }
	}
	if err := json.Unmarshal([]byte(mustRostrum(t, "editions", "--db", db, "--json", "kremlin.ru/90210")), &got); err != nil {
		t.Fatal(err)
	}
	var rows [][2]int
	for _, r := range got.Turns {
		var row [2]int
		if r.EN != nil {
			row[0] = r.EN.Turn
		}
		if r.RU != nil {
			row[1] = r.RU.Turn
		}
		rows = append(rows, row)
	}
	if want := [][2]int{{1, 1}, {2, 2}, {3, 0}, {4, 3}}; got.EN != "en.kremlin.ru/90210" || got.RU != "kremlin.ru/90210" || !equalRows(rows, want) {
		t.Errorf("editions --json: %s / %s %v, want en / ru %v", got.EN, got.RU, rows, want)
	}
	text := mustRostrum(t, "editions", "--db", db, "en.kremlin.ru/90210")
	if !strings.Contains(text, "(not in this edition)") || !strings.Contains(text, "t3 Question") {
		t.Errorf("editions text lacks the missing turn:\n%s", text)
	}

	var divs []editions.Divergence
	for _, line := range strings.Split(strings.TrimSpace(mustRostrum(t, "editions", "--db", db, "--divergent", "--json")), "\n") {
		var d editions.Divergence
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		divs = append(divs, d)
	}
	if len(divs) != 2 || divs[0].Kind != "number" || divs[0].ID != "90210" || divs[1].Kind != "missing_turn" ||
		divs[1].EN == nil || divs[1].EN.Turn != 3 || divs[1].RU != nil {
		t.Errorf("--divergent: %+v; want the figure of turn 2, then English turn 3 missing from the Russian edition", divs)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"editions", "--db", db}, "want one document ID"},
		{[]string{"editions", "--db", db, "kremlin.ru/1"}, `no document "kremlin.ru/1"`},
		{[]string{"editions", "--db", db, "--divergent", "kremlin.ru/1"}, `no document "kremlin.ru/1"`},
	} {
		_, errOut, code := rostrum(t, "", c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 saying %q", c.args, code, errOut, c.want)
		}
	}
}

// TestEditionsWithoutTwin: a document whose other edition is not
// archived gives an empty answer, not an error.
func TestEditionsWithoutTwin(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	mustRostrum(t, "ingest", "--db", db, "../../../shared/samples/kremlin-text/2022-02-10-press-statements-russia-kazakhstan.txt")
	id := "en.kremlin.ru/h-80d7397f9286"
	out, errOut, code := rostrum(t, "", "editions", "--db", db, "--json", id)
	if code != 0 || !strings.Contains(out, `"turns": []`) || !strings.Contains(out, `"ru": null`) || !strings.Contains(errOut, "no other edition") {
		t.Errorf("editions --json %s: exit %d, %q, %q; want 0, an empty alignment, and a note", id, code, out, errOut)
	}
	if out, _, code := rostrum(t, "", "editions", "--db", db, "--divergent", id); code != 0 || out != "" {
		t.Errorf("editions --divergent %s: exit %d, %q; want 0 and nothing", id, code, out)
	}
}

func equalRows(a, b [][2]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
