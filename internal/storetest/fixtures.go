package storetest

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/rostrum/rostrum/internal/transcript"
)

// The fixtures are a small archive built by hand: English and Russian
// pages, typographic punctuation and no-break spaces, a person seen under
// several labels and roles, anonymous and unresolved speakers, two
// documents on one date, and undated documents with null fields and empty
// lists. Each function returns a fresh value, so a test may change it.

// talks is an English page with a full taxonomy footer.
func talks() *transcript.Document {
	return &transcript.Document{
		ID:          "kremlin.ru/67763",
		Source:      transcript.SourceKremlin,
		URL:         "http://kremlin.ru/events/president/news/67763",
		Language:    "en",
		Section:     "Events",
		Title:       "Russian-Kazakhstani talks",
		Lead:        "Vladimir Putin held talks with President of Kazakhstan Kassym-Jomart Tokayev, who is in Russia on an official visit.",
		Date:        "2022-02-10",
		Time:        "14:00",
		Place:       "The Kremlin, Moscow",
		PublishedIn: []string{"News", "Transcripts"},
		PublishedAt: "2022-02-10T17:45",
		Geography:   []string{"Kazakhstan"},
		Topics:      []string{"Foreign policy"},
		Persons:     []string{"Tokayev Kassym-Jomart"},
		Media: []transcript.Media{
			{Kind: transcript.MediaPhoto, Position: 1, Count: 12, Caption: "With President of Kazakhstan Kassym-Jomart Tokayev.", Credit: "Photo: Press and Information Office"},
			{Kind: transcript.MediaVideo},
		},
		Related: []transcript.Related{
			{Relation: transcript.RelationSeeAlso, Title: "Telephone conversation with President of Kazakhstan Kassym-Jomart Tokayev", Date: "2022-01-06", URL: "http://kremlin.ru/events/president/news/67537"},
			{Relation: transcript.RelationAdditional, Title: "Kazakhstan"},
		},
		Turns: []transcript.Turn{
			{Index: 1, Speaker: "President of Russia Vladimir Putin", Person: "Vladimir Putin", Role: "President of Russia",
				Paragraphs: []string{"Mr President, friends,", "We are glad to welcome you to Moscow – the “first visit” of this year."}},
			{Index: 2, Speaker: "President of Kazakhstan Kassym-Jomart Tokayev", Person: "Kassym-Jomart Tokayev", Role: "President of Kazakhstan",
				Paragraphs: []string{"Mr President, (Addressing media representatives.) thank you for the invitation."},
				Notes:      []string{"(Addressing media representatives.)"}},
			{Index: 3, Speaker: "Question", Paragraphs: []string{"Mr\u00a0President, what about the gas pipeline?"}},
			{Index: 4, Speaker: "Vladimir Putin", Person: "Vladimir Putin",
				Paragraphs: []string{"We have discussed it in detail.", "Thank you."}},
			{Index: 5, Speaker: "Ambassador", Paragraphs: []string{"Thank you, Mr President."}},
		},
	}
}

// meeting is an English page that shares its date with briefing.
func meeting() *transcript.Document {
	return &transcript.Document{
		ID:          "kremlin.ru/60000",
		Source:      transcript.SourceKremlin,
		URL:         "http://kremlin.ru/events/president/news/60000",
		Language:    "en",
		Title:       "Meeting with Government members",
		Date:        "2019-04-03",
		Place:       "Novo-Ogaryovo, Moscow Region",
		PublishedIn: []string{"News"},
		Turns: []transcript.Turn{
			{Index: 1, Speaker: "Vladimir Putin", Person: "Vladimir Putin", Paragraphs: []string{"Good afternoon, colleagues."}},
			{Index: 2, Speaker: "Prime Minister Dmitry Medvedev", Person: "Dmitry Medvedev", Role: "Prime Minister",
				Paragraphs: []string{"Mr President, colleagues,"}},
			{Index: 3, Speaker: "Vladimir Putin", Person: "Vladimir Putin", Paragraphs: []string{"Let us begin."}},
			{Index: 4, Speaker: "Remark", Paragraphs: []string{"Yes, of course."}},
		},
	}
}

// briefing has the same date as meeting and sorts before it by id.
func briefing() *transcript.Document {
	return &transcript.Document{
		ID:          "kremlin.ru/59999",
		Source:      transcript.SourceKremlin,
		Language:    "en",
		Title:       "Briefing",
		Date:        "2019-04-03",
		PublishedIn: []string{"News"},
		Turns: []transcript.Turn{
			{Index: 1, Speaker: "Presidential Press Secretary Dmitry Peskov", Person: "Dmitry Peskov", Role: "Presidential Press Secretary",
				Paragraphs: []string{"Good morning."}},
		},
	}
}

// council is a Russian page with no-break spaces and typographic quotes.
func council() *transcript.Document {
	return &transcript.Document{
		ID:          "kremlin.ru/70000",
		Source:      transcript.SourceKremlin,
		URL:         "http://kremlin.ru/events/security-council/70000",
		Language:    "ru",
		Section:     "События",
		Title:       "Оперативное совещание с\u00a0постоянными членами Совета Безопасности",
		Lead:        "Владимир Путин провёл в\u00a0Кремле оперативное совещание — «в\u00a0режиме видеоконференции».",
		Date:        "2023-03-01",
		Time:        "12:30",
		Place:       "Москва, Кремль",
		PublishedIn: []string{"Новости", "Стенограммы"},
		PublishedAt: "2023-03-01T13:05",
		Topics:      []string{"Безопасность"},
		Geography:   []string{},
		Turns: []transcript.Turn{
			{Index: 1, Speaker: "В.Путин", Person: "Владимир Путин",
				Paragraphs: []string{"Добрый день, уважаемые коллеги!", "Начнём с\u00a0основной темы — «переговоры»."}},
			{Index: 2, Speaker: "Вопрос", Paragraphs: []string{"Владимир Владимирович, а\u00a0что с\u00a0ценами?"}},
			{Index: 3, Speaker: "Д.Песков", Person: "Дмитрий Песков", Paragraphs: []string{"Спасибо."}},
			{Index: 4, Speaker: "В.Путин", Person: "Владимир Путин", Paragraphs: []string{"Спасибо большое."}, Notes: []string{}},
		},
	}
}

// untitled is a page without a transcript: no date, every optional field
// absent and every list empty, and one turn without a speaker.
func untitled() *transcript.Document {
	return &transcript.Document{
		ID:       "synthetic/3f2a",
		Source:   transcript.SourceSynthetic,
		Language: "en",
		Turns: []transcript.Turn{
			{Index: 1, Paragraphs: []string{"Body text with a\u00a0no-break space.", "Second paragraph…"}},
		},
	}
}

// undatedRU is an undated Russian page whose only speaker appears nowhere
// else, so that person has no first or last date.
func undatedRU() *transcript.Document {
	return &transcript.Document{
		ID:          "synthetic/a001",
		Source:      transcript.SourceSynthetic,
		Language:    "ru",
		PublishedIn: []string{"Стенограммы"},
		PublishedAt: "",
		Persons:     []string{},
		Turns: []transcript.Turn{
			{Index: 1, Speaker: "Министр иностранных дел Сергей Лавров", Person: "Сергей Лавров", Role: "Министр иностранных дел",
				Paragraphs: []string{"Коллеги, добрый вечер."}, Notes: []string{}},
		},
	}
}

// fixtures returns every fixture document, in no particular order.
func fixtures() []*transcript.Document {
	return []*transcript.Document{council(), untitled(), talks(), undatedRU(), meeting(), briefing()}
}

// rawOf returns a raw input for doc that differs between documents.
func rawOf(doc *transcript.Document) transcript.Raw {
	return transcript.Raw{
		Origin: "testdata/" + strings.ReplaceAll(doc.ID, "/", "_") + ".txt",
		Format: "kremlin-text",
		Bytes:  []byte("raw page of " + doc.ID + "\n" + doc.Title + "\n"),
	}
}

// Synthetic returns a deterministic synthetic document numbered i, of a
// realistic size: 30 turns and about 8 KB of text, in English for even i
// and Russian for odd i, spread over a few recurring persons, anonymous
// and unresolved speakers. Every 17th document is undated. Documents with
// different i have different ids; the same i gives the same document.
func Synthetic(i int) *transcript.Document {
	r := rand.New(rand.NewPCG(uint64(i), 0x5eed))
	lang, words, speakers := "en", enWords, enSpeakers
	if i%2 == 1 {
		lang, words, speakers = "ru", ruWords, ruSpeakers
	}
	doc := &transcript.Document{
		ID:          fmt.Sprintf("synthetic/%06d", i),
		Source:      transcript.SourceSynthetic,
		Language:    lang,
		Title:       fmt.Sprintf("Synthetic event %d", i),
		PublishedIn: []string{"News", "Transcripts"}[:1+i%2],
		Topics:      []string{words[i%len(words)]},
	}
	if i%17 != 0 {
		doc.Date = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%9000).Format(time.DateOnly)
	}
	for n := 1; n <= 30; n++ {
		sp := speakers[r.IntN(len(speakers))]
		t := transcript.Turn{Index: n, Speaker: sp.label, Person: sp.person, Role: sp.role}
		for range 1 + r.IntN(3) {
			var p strings.Builder
			for p.Len() < 60+r.IntN(120) {
				if p.Len() > 0 {
					p.WriteByte(' ')
				}
				p.WriteString(words[r.IntN(len(words))])
			}
			p.WriteByte('.')
			t.Paragraphs = append(t.Paragraphs, p.String())
		}
		doc.Turns = append(doc.Turns, t)
	}
	return doc
}

type speaker struct{ label, person, role string }

var (
	enSpeakers = []speaker{
		{"President of Russia Vladimir Putin", "Vladimir Putin", "President of Russia"},
		{"Vladimir Putin", "Vladimir Putin", ""},
		{"Prime Minister Mikhail Mishustin", "Mikhail Mishustin", "Prime Minister"},
		{"Question", "", ""},
		{"Ambassador", "", ""},
	}
	ruSpeakers = []speaker{
		{"Президент России Владимир Путин", "Владимир Путин", "Президент России"},
		{"В.Путин", "Владимир Путин", ""},
		{"Д.Песков", "Дмитрий Песков", ""},
		{"Вопрос", "", ""},
	}
	enWords = strings.Fields(`talks cooperation economy energy partnership agreement security region
		investment development “strategic” dialogue – colleagues government trade infrastructure`)
	ruWords = strings.Fields(`переговоры сотрудничество экономика энергетика партнёрство соглашение
		безопасность регион инвестиции развитие «стратегический» диалог — коллеги правительство`)
)

// CloseAtEnd closes s when the test ends, failing the test if that fails.
func CloseAtEnd(tb testing.TB, s io.Closer) {
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Error(err)
		}
	})
}
