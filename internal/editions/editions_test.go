package editions_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/editions"
	"github.com/rostrum/rostrum/internal/transcript"
)

func doc(id, lang string, turns ...[3]string) *transcript.Document {
	d := &transcript.Document{ID: id, Language: lang, Date: "2023-04-05"}
	for i, t := range turns {
		d.Turns = append(d.Turns, transcript.Turn{Index: i + 1, Speaker: t[0], Person: t[1], Paragraphs: strings.Split(t[2], "|")})
	}
	return d
}

// A fictional twin pair: the Russian edition has a remark the English one
// left out, the English one a question the Russian one lacks, and one
// figure differs.
func pair() (en, ru *transcript.Document) {
	en = doc("en.kremlin.ru/90210", "en",
		[3]string{"Anna Petrova", "Anna Petrova", "Good afternoon, colleagues. We will discuss trade with our neighbours today."},
		[3]string{"Ivan Sidorov", "Ivan Sidorov", "Trade reached US$3.2 billion last year, up 14 percent."},
		[3]string{"Question", "", "What about the new bridge over the river?"},
		[3]string{"Anna Petrova", "Anna Petrova", "The bridge will open in 2025, and it will cost 12 billion rubles."},
		[3]string{"Ivan Sidorov", "Ivan Sidorov", "Thank you."},
	)
	ru = doc("kremlin.ru/90210", "ru",
		[3]string{"А.Петрова", "Анна Петрова", "Добрый день, уважаемые коллеги. Сегодня обсудим торговлю с нашими соседями."},
		[3]string{"И.Сидоров", "Иван Сидоров", "Товарооборот в прошлом году достиг 3,5 млрд долларов, рост на 14 процентов."},
		[3]string{"Реплика", "", "Правильно!"},
		[3]string{"А.Петрова", "Анна Петрова", "Мост откроют в 2025 году, он обойдётся в 12 млрд рублей."},
		[3]string{"И.Сидоров", "Иван Сидоров", "Спасибо."},
	)
	return en, ru
}

func TestAlign(t *testing.T) {
	en, ru := pair()
	var got [][2]int
	for _, p := range editions.Align(en, ru) {
		var row [2]int
		if p.EN != nil {
			row[0] = p.EN.Index
		}
		if p.RU != nil {
			row[1] = p.RU.Index
		}
		got = append(got, row)
	}
	// English 3 (Question) and Russian 3 (Реплика) are both anonymous but
	// one asks and one exclaims; the alignment may pair them or leave
	// both out; what it must not do is shift the named turns.
	want1 := [][2]int{{1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}}
	want2 := [][2]int{{1, 1}, {2, 2}, {3, 0}, {0, 3}, {4, 4}, {5, 5}}
	want3 := [][2]int{{1, 1}, {2, 2}, {0, 3}, {3, 0}, {4, 4}, {5, 5}}
	if !cmp.Equal(got, want1) && !cmp.Equal(got, want2) && !cmp.Equal(got, want3) {
		t.Errorf("alignment %v, want the named turns paired 1-1, 2-2, 4-4, 5-5", got)
	}
}

func TestAlignMissingTurn(t *testing.T) {
	en, ru := pair()
	// Drop the Russian remark and the English question: now the
	// Russian edition lacks nothing but the question.
	ru.Turns = append(ru.Turns[:2:2], ru.Turns[3:]...)
	for i := range ru.Turns {
		ru.Turns[i].Index = i + 1
	}
	var got [][2]int
	for _, p := range editions.Align(en, ru) {
		var row [2]int
		if p.EN != nil {
			row[0] = p.EN.Index
		}
		if p.RU != nil {
			row[1] = p.RU.Index
		}
		got = append(got, row)
	}
	if want := [][2]int{{1, 1}, {2, 2}, {3, 0}, {4, 3}, {5, 4}}; !cmp.Equal(got, want) {
		t.Errorf("alignment %v, want %v (the question missing from the Russian edition)", got, want)
	}
	div := editions.Divergent("90210", en, ru)
	var kinds []string
	for _, d := range div {
		kinds = append(kinds, d.Kind)
	}
	if want := []string{editions.Number, editions.MissingTurn}; !cmp.Equal(kinds, want) {
		t.Fatalf("divergences %v, want %v: %+v", kinds, want, div)
	}
	if d := div[0]; d.EN.Turn != 2 || d.RU.Turn != 2 || !strings.Contains(strings.Join(d.Figures, " "), "3.2 billion") {
		t.Errorf("number divergence %+v, want turn 2 on both sides naming US$3.2 billion", d)
	}
	if d := div[1]; d.EN == nil || d.EN.Turn != 3 || d.RU != nil || d.ID != "90210" {
		t.Errorf("missing turn %+v, want English turn 3 and no Russian one", d)
	}
}

func TestSameEditions(t *testing.T) {
	en, _ := pair()
	if div := editions.Divergent("1", en, en); len(div) != 0 {
		t.Errorf("an edition against itself diverges: %+v", div)
	}
	empty := &transcript.Document{}
	if got := editions.Align(empty, empty); len(got) != 0 {
		t.Errorf("two empty documents align as %v", got)
	}
	if got := editions.Align(en, empty); len(got) != len(en.Turns) {
		t.Errorf("against an empty edition: %d rows, want %d", len(got), len(en.Turns))
	}
}

func FuzzAlign(f *testing.F) {
	f.Add("Anna Petrova|Hello 5%|Question|Why?", "А.Петрова|Привет 5%|Вопрос|Почему?")
	f.Fuzz(func(t *testing.T, a, b string) {
		mk := func(s, lang string) *transcript.Document {
			d := &transcript.Document{Language: lang}
			parts := strings.Split(s, "|")
			for i := 0; i+1 < len(parts) && len(d.Turns) < 60; i += 2 {
				d.Turns = append(d.Turns, transcript.Turn{Index: len(d.Turns) + 1, Speaker: parts[i], Paragraphs: []string{parts[i+1]}})
			}
			return d
		}
		en, ru := mk(a, "en"), mk(b, "ru")
		ne, nr := 0, 0
		for _, p := range editions.Align(en, ru) {
			if p.EN == nil && p.RU == nil {
				t.Fatal("an empty pair")
			}
			if p.EN != nil {
				ne++
				if p.EN.Index != ne {
					t.Fatalf("English turns out of order")
				}
			}
			if p.RU != nil {
				nr++
				if p.RU.Index != nr {
					t.Fatalf("Russian turns out of order")
				}
			}
		}
		if ne != len(en.Turns) || nr != len(ru.Turns) {
			t.Fatalf("%d of %d English and %d of %d Russian turns aligned", ne, len(en.Turns), nr, len(ru.Turns))
		}
	})
}
