package kremlinhtml_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/transcript"
)

// turnView is what TestRussian checks of a turn: who speaks and the notes.
type turnView struct {
	Speaker, Person, Role string
	Notes                 []string
}

// TestRussian checks the Russian fixtures field by field, so that a golden
// rewrite cannot quietly change how a Russian page reads: labels with the
// colon inside and outside the bold, a label carrying a person hover card,
// "(синхронный перевод)" inside and outside the bold, initials resolved
// from the page's own Persons list, Russian dates, places and footers.
func TestRussian(t *testing.T) {
	for _, c := range []struct {
		file                       string
		id, date, time, place      string
		publishedIn                []string
		publishedAt                string
		geography, topics, persons []string
		related                    []transcript.Related
		turns                      []turnView
	}{
		{
			file: "ru_meeting.html", id: "kremlin.ru/90004", date: "2025-02-05", time: "13:00", place: "Москва, Кремль",
			publishedIn: []string{"Новости", "Стенограммы"}, publishedAt: "2025-02-05T15:40",
			topics:  []string{"Экономика и\u00a0финансы", "Промышленность"},
			persons: []string{"Ковалёв Игорь", "Песков Дмитрий", "Путин Владимир", "Смирнова Анна"},
			turns: []turnView{
				{},
				{Speaker: "В.Путин", Person: "Владимир Путин"},
				// <b><a>А.Смирнова<span class="read__tooltip">Смирнова Анна…</span></a>:</b>
				{Speaker: "А.Смирнова", Person: "Анна Смирнова"},
				// <b>В.Путин</b>: the colon outside the bold.
				{Speaker: "В.Путин", Person: "Владимир Путин"},
				{Speaker: "И.Ковалёв", Person: "Игорь Ковалёв", Notes: []string{"(Обращаясь к\u00a0А.Смирновой.)"}},
				{Speaker: "Д.Песков", Person: "Дмитрий Песков"},
				{Speaker: "Вопрос"},
				{Speaker: "А.Смирнова", Person: "Анна Смирнова"},
			},
		},
		{
			file: "ru_talks.html", id: "kremlin.ru/90005", date: "2024-03-12", time: "12:30",
			place:       "Московская область, Ново-Огарёво",
			publishedIn: []string{"Новости", "Стенограммы"}, publishedAt: "2024-03-12T14:05",
			geography: []string{"Арвения"}, topics: []string{"Внешняя политика"}, persons: []string{"Мартинес Хорхе"},
			related: []transcript.Related{{Relation: transcript.RelationSeeAlso, Title: "Официальный визит Президента Республики Арвения",
				Date: "2024-03-11", URL: "http://kremlin.ru/events/president/news/90000"}},
			turns: []turnView{
				{},
				// Not in the page's Persons list: the label stays the person.
				{Speaker: "В.Путин", Person: "В.Путин"},
				// <b>Х.Мартинес</b> (синхронный перевод): the note stays in
				// the label, as "(retranslated)" does on English pages.
				{Speaker: "Х.Мартинес (синхронный перевод)", Person: "Хорхе Мартинес"},
				{Speaker: "В.Путин", Person: "В.Путин"},
				{Speaker: "Вопрос (синхронный перевод)"},
				// <b>Х.Мартинес (синхронный перевод):</b>
				{Speaker: "Х.Мартинес (синхронный перевод)", Person: "Хорхе Мартинес"},
			},
		},
		{
			file: "ru_news.html", id: "kremlin.ru/90006", date: "2023-09-01", time: "10:00",
			publishedIn: []string{"Новости"}, publishedAt: "2023-09-01T10:00", topics: []string{"Образование"},
			related: []transcript.Related{{Relation: transcript.RelationAdditional, Title: "Положение о\u00a0конкурсе",
				Date: "2023-05-15", URL: "http://kremlin.ru/acts/news/90007"}},
			// "Напомним:" and a bold "Справочно:" are no speakers.
			turns: []turnView{{}},
		},
		{
			file: "twin_ru.html", id: "kremlin.ru/90010", date: "2025-02-06", time: "16:00", place: "Москва, Кремль",
			publishedIn: []string{"Новости", "Стенограммы"}, publishedAt: "2025-02-06T17:20",
			topics: []string{"Промышленность"}, persons: []string{"Ковалёв Игорь", "Смирнова Анна"},
			turns: []turnView{
				{},
				{Speaker: "В.Путин", Person: "В.Путин"},
				{Speaker: "А.Смирнова", Person: "Анна Смирнова"},
				{Speaker: "В.Путин", Person: "В.Путин"},
				{Speaker: "И.Ковалёв", Person: "Игорь Ковалёв"},
				{Speaker: "Реплика"},
				{Speaker: "А.Смирнова", Person: "Анна Смирнова"},
				{Speaker: "В.Путин", Person: "В.Путин"},
			},
		},
	} {
		t.Run(c.file, func(t *testing.T) {
			doc := mustParseFile(t, filepath.Join("testdata", c.file))
			if doc.Language != "ru" || doc.Source != transcript.SourceKremlin {
				t.Errorf("got language %q source %q, want ru %s", doc.Language, doc.Source, transcript.SourceKremlin)
			}
			for _, f := range []struct{ name, got, want string }{
				{"id", doc.ID, c.id}, {"date", doc.Date, c.date}, {"time", doc.Time, c.time}, {"place", doc.Place, c.place},
				{"published_at", doc.PublishedAt, c.publishedAt},
			} {
				if f.got != f.want {
					t.Errorf("%s got %q, want %q", f.name, f.got, f.want)
				}
			}
			for _, f := range []struct {
				name      string
				got, want []string
			}{
				{"published_in", doc.PublishedIn, c.publishedIn}, {"geography", doc.Geography, c.geography},
				{"topics", doc.Topics, c.topics}, {"persons", doc.Persons, c.persons},
			} {
				if diff := cmp.Diff(f.want, f.got); diff != "" {
					t.Errorf("%s mismatch (-want +got):\n%s", f.name, diff)
				}
			}
			if diff := cmp.Diff(c.related, doc.Related); diff != "" {
				t.Errorf("related mismatch (-want +got):\n%s", diff)
			}
			var got []turnView
			for _, tr := range doc.Turns {
				got = append(got, turnView{tr.Speaker, tr.Person, tr.Role, tr.Notes})
			}
			if diff := cmp.Diff(c.turns, got); diff != "" {
				t.Errorf("Parse(%q) turns mismatch (-want +got):\n%s", c.file, diff)
			}
			for _, tr := range doc.Turns {
				for _, p := range tr.Paragraphs {
					for _, leak := range []string{"Смирнова Анна", "Статус публикации", "Прямая ссылка", "Текстовая версия"} {
						if strings.Contains(p, leak) {
							t.Errorf("turn %d paragraph %q holds %q, which is not speech", tr.Index, p, leak)
						}
					}
				}
			}
		})
	}
}

// TestTwinPair checks that the English and Russian editions of event 90010
// share the page number and have the same turns in the same order, which
// is what lets the twins package link them.
func TestTwinPair(t *testing.T) {
	en := mustParseFile(t, filepath.Join("testdata", "twin_en.html"))
	ru := mustParseFile(t, filepath.Join("testdata", "twin_ru.html"))
	if en.ID != "en.kremlin.ru/90010" || ru.ID != "kremlin.ru/90010" {
		t.Fatalf("got ids %q and %q, want en.kremlin.ru/90010 and kremlin.ru/90010", en.ID, ru.ID)
	}
	if en.Date != ru.Date || en.Time != ru.Time {
		t.Errorf("en %s %s, ru %s %s: want the same date and time", en.Date, en.Time, ru.Date, ru.Time)
	}
	if len(en.Turns) != len(ru.Turns) {
		t.Fatalf("en has %d turns, ru %d: want the same", len(en.Turns), len(ru.Turns))
	}
	wantEn := []string{"", "Vladimir Putin", "Anna Smirnova", "Vladimir Putin", "Igor Kovalyov", "", "Anna Smirnova", "Vladimir Putin"}
	var gotEn []string
	for i, tr := range en.Turns {
		gotEn = append(gotEn, tr.Person)
		if (tr.Speaker == "") != (ru.Turns[i].Speaker == "") ||
			transcript.IsAnonymousSpeaker(tr.Speaker) != transcript.IsAnonymousSpeaker(ru.Turns[i].Speaker) {
			t.Errorf("turn %d: en %q against ru %q", tr.Index, tr.Speaker, ru.Turns[i].Speaker)
		}
	}
	if diff := cmp.Diff(wantEn, gotEn); diff != "" {
		t.Errorf("English persons mismatch (-want +got):\n%s", diff)
	}
}
