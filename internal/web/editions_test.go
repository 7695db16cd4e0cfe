package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/web"
)

const twinEN, twinRU = "en.kremlin.ru/90210", "kremlin.ru/90210"

// twinEditions is a fictional twin pair: the Russian edition lacks the
// question (English turn 3) and gives trade as 3,5 млрд долларов where
// the English one says US$3.2 billion.
func twinEditions() []*transcript.Document {
	mk := func(id, lang, title string, turns ...[3]string) *transcript.Document {
		d := &transcript.Document{ID: id, Source: transcript.SourceKremlin, Language: lang, Section: "Events", Title: title,
			Date: "2023-04-05", URL: "http://" + id}
		for i, tu := range turns {
			d.Turns = append(d.Turns, transcript.Turn{Index: i + 1, Speaker: tu[0], Person: tu[1], Paragraphs: []string{tu[2]}})
		}
		return d
	}
	return []*transcript.Document{
		mk(twinEN, "en", "Meeting on regional trade",
			[3]string{"Anna Petrova", "Anna Petrova", "Good afternoon, colleagues. We will discuss trade with our neighbours today."},
			[3]string{"Ivan Sidorov", "Ivan Sidorov", "Trade reached US$3.2 billion last year, up 14 percent."},
			[3]string{"Question", "", "What about the new bridge over the river?"},
			[3]string{"Anna Petrova", "Anna Petrova", "The bridge will open in 2025, and it will cost 12 billion rubles."}),
		mk(twinRU, "ru", "Совещание по региональной торговле",
			[3]string{"А.Петрова", "Анна Петрова", "Добрый день, уважаемые коллеги. Сегодня обсудим торговлю с нашими соседями."},
			[3]string{"И.Сидоров", "Иван Сидоров", "Товарооборот в прошлом году достиг 3,5 млрд долларов, рост на 14 процентов."},
			[3]string{"А.Петрова", "Анна Петрова", "Мост откроют в 2025 году, он обойдётся в 12 млрд рублей."}),
	}
}

func TestEditionsPage(t *testing.T) {
	ts := newServer(t, web.Config{})
	for _, id := range []string{twinEN, twinRU} {
		resp, body := get(t, ts, "/d/"+id+"/editions")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("/d/%s/editions: %d: %s", id, resp.StatusCode, body)
		}
		page := string(body)
		for _, want := range []string{"Meeting on regional trade", "Совещание по региональной торговле", "— not in this edition —",
			"1 turn is in one edition only; 1 pair of turns quotes different figures", "What about the new bridge over the river?",
			"US$3.2 billion"} {
			if !strings.Contains(page, want) {
				t.Errorf("/d/%s/editions lacks %q", id, want)
			}
		}
	}
	if _, body := get(t, ts, "/d/"+twinEN); !strings.Contains(string(body), `href="/d/en.kremlin.ru/90210/editions">Both editions side by side</a>`) {
		t.Error("the document page does not link to both editions")
	}

	resp, body := get(t, ts, apiPath(twinRU)+"/editions")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("API: %d: %s", resp.StatusCode, body)
	}
	var got struct {
		EN, RU  string
		Missing int `json:"missing_turns"`
		Numbers int `json:"figures_differ"`
		Turns   []struct{ EN, RU *struct{ Turn int } }
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, r := range got.Turns {
		row := ""
		for _, s := range []*struct{ Turn int }{r.EN, r.RU} {
			if s == nil {
				row += "-"
			} else {
				row += string(rune('0' + s.Turn))
			}
		}
		rows = append(rows, row)
	}
	if got.EN != twinEN || got.RU != twinRU || got.Missing != 1 || got.Numbers != 1 || strings.Join(rows, " ") != "11 22 3- 43" {
		t.Errorf("API: %+v rows %v; want en/ru ids, 1 missing, 1 differing, rows 11 22 3- 43", got, rows)
	}
	// No other edition: an empty answer, not an error.
	for _, id := range []string{sampleID, "en.kremlin.ru/60164"} {
		resp, body := get(t, ts, "/d/"+id+"/editions")
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "no other edition of this event") {
			t.Errorf("/d/%s/editions: %d, want 200 saying there is no other edition: %.300s", id, resp.StatusCode, body)
		}
		resp, body = get(t, ts, apiPath(id)+"/editions")
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"ru": null`) || !strings.Contains(string(body), `"turns": []`) {
			t.Errorf("API editions of %s: %d %s, want 200 with no Russian edition and no turns", id, resp.StatusCode, body)
		}
	}
	for path, status := range map[string]int{
		"/d/nowhere.example/1/editions":       http.StatusNotFound,
		"/d/" + twinEN + "/editions?x=1":      http.StatusBadRequest,
		apiPath("kremlin.ru/1") + "/editions": http.StatusNotFound,
	} {
		if resp, body := get(t, ts, path); resp.StatusCode != status {
			t.Errorf("GET %s: %d, want %d: %.200s", path, resp.StatusCode, status, body)
		}
	}
}
