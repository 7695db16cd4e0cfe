package searchtest

import (
	"strings"

	"github.com/rostrum/rostrum/internal/transcript"
)

// doc builds a fixture document; turns are (speaker, person, role, text)
// quadruples, paragraphs separated by "|".
func doc(id, lang, date, title, lead string, publishedIn, topics, geography []string, turns ...[4]string) *transcript.Document {
	d := &transcript.Document{
		ID: id, Source: transcript.SourceKremlin, Language: lang, Date: date, Section: "Events",
		Title: title, Lead: lead, PublishedIn: publishedIn, Topics: topics, Geography: geography,
		URL: "http://example.org/" + id,
	}
	for i, t := range turns {
		d.Turns = append(d.Turns, transcript.Turn{Index: i + 1, Speaker: t[0], Person: t[1], Role: t[2],
			Paragraphs: strings.Split(t[3], "|")})
	}
	return d
}

const (
	putin   = "Vladimir Putin"
	tokayev = "Kassym-Jomart Tokayev"
	lavrov  = "Sergei Lavrov"
)

var (
	news        = []string{"News"}
	transcripts = []string{"News", "Transcripts"}
)

// Fixtures returns the documents every test of the suite searches: short,
// hand-written English and Russian pages whose words, speakers, dates and
// taxonomy each test relies on. Each document's comment says what it is
// for.
func Fixtures() []*transcript.Document {
	return []*transcript.Document{
		// The Tokayev turn about the CSTO; "strategic partnership" as a phrase.
		doc("t/1", "en", "2022-02-10", "Press statements following Russia-Kazakhstan talks",
			"Vladimir Putin and Kassym-Jomart Tokayev made statements for the press.",
			transcripts, []string{"Foreign policy"}, []string{"Kazakhstan"},
			[4]string{"President of Russia Vladimir Putin", putin, "President of Russia",
				"We held talks on our strategic partnership.|Trade grew by a third last year."},
			[4]string{"President of Kazakhstan Kassym-Jomart Tokayev", tokayev, "President of Kazakhstan",
				"I thank our CSTO partners for their support in January."},
			[4]string{"Question", "", "", "Will the talk continue tomorrow?"},
		),
		// The two words of the phrase, apart; a later date; a Lavrov turn.
		doc("t/2", "en", "2023-06-15", "Meeting with Foreign Minister Sergei Lavrov",
			"The meeting discussed the strategic agenda.",
			transcripts, []string{"Foreign policy"}, []string{"China"},
			[4]string{"Vladimir Putin", putin, "", "Our partnership with China is strategic and long-term."},
			[4]string{"Sergei Lavrov", lavrov, "", "Talking points for the summit are ready."},
		),
		// News without speakers; energy topic; exclusion and OR tests.
		doc("t/3", "en", "2021-11-03", "Gas supplies to Europe",
			"A working meeting on gas and oil exports.",
			news, []string{"Energy"}, []string{"Europe"},
			[4]string{"", "", "", "Gas prices rose in October.|Oil exports were stable."},
		),
		// Sanctions in the title only: the title outranks the body.
		doc("t/4", "en", "2022-03-01", "Sanctions and the economy",
			"A meeting on the economy.",
			transcripts, []string{"Economy and finance"}, nil,
			[4]string{"Vladimir Putin", putin, "", "The economy is adapting to new conditions."},
		),
		// Sanctions in the body only, once among many words.
		doc("t/5", "en", "2022-03-02", "Meeting on economic issues",
			"The meeting considered the situation in industry.",
			news, []string{"Economy and finance"}, nil,
			[4]string{"Vladimir Putin", putin, "", "Industry is coping. Some companies talk about sanctions, and many others talk about credit, prices, logistics, staff and new markets."},
		),
		// Russian: inflected переговоров, ё in провёл.
		doc("r/1", "ru", "2024-05-16", "Российско-казахстанские переговоры",
			"Владимир Путин провёл переговоры с Президентом Казахстана.",
			[]string{"Новости", "Стенограммы"}, []string{"Внешняя политика"}, []string{"Казахстан"},
			[4]string{"В.Путин", putin, "", "Итоги переговоров мы оцениваем высоко."},
			[4]string{"К.-Ж.Токаев", tokayev, "", "Благодарю за тёплый приём."},
		),
		// Russian: провел written without ё.
		doc("r/2", "ru", "2019-12-19", "Большая пресс-конференция",
			"Президент провел ежегодную пресс-конференцию.",
			[]string{"Новости", "Стенограммы"}, nil, nil,
			[4]string{"Вопрос", "", "", "Какие переговоры запланированы на следующий год?"},
		),
	}
}
