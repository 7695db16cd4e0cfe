package gen

import (
	"bytes"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// There is no Russian corpus to learn from, so Russian text comes from the
// small hand-made vocabulary below and a few sentence patterns: nouns with
// their case forms, regularly declined adjectives and verbs with their
// tenses. Inflected forms vary as in real text (переговоры, переговоров,
// переговорах), which is what Russian stemming in search has to cope with.

type grammaticalCase uint8

const (
	nom grammaticalCase = iota
	gen
	dat
	acc
	ins
	prep
)

type gender uint8

const (
	masc gender = iota
	fem
	neut
	plural
)

// noun has its singular case forms and, when it has them, the plural
// ones; pluralOnly nouns (переговоры) keep theirs in pl.
type noun struct {
	g        gender
	animate  bool
	sg, pl   [6]string
	hasSg    bool
	hasPl    bool
	abstract bool // may take a genitive complement: "развитие торговли"
}

// nounTable: one noun a line: gender (m f n p, "a" after it for
// animate), then six singular forms and, after "|", six plural ones;
// "p" nouns give only the plural.
const nounTable = `
m вопрос вопроса вопросу вопрос вопросом вопросе | вопросы вопросов вопросам вопросы вопросами вопросах
m проект проекта проекту проект проектом проекте | проекты проектов проектам проекты проектами проектах
m документ документа документу документ документом документе | документы документов документам документы документами документах
f встреча встречи встрече встречу встречей встрече | встречи встреч встречам встречи встречами встречах
n совещание совещания совещанию совещание совещанием совещании | совещания совещаний совещаниям совещания совещаниями совещаниях
n соглашение соглашения соглашению соглашение соглашением соглашении | соглашения соглашений соглашениям соглашения соглашениями соглашениях
n решение решения решению решение решением решении | решения решений решениям решения решениями решениях
n направление направления направлению направление направлением направлении | направления направлений направлениям направления направлениями направлениях
f задача задачи задаче задачу задачей задаче | задачи задач задачам задачи задачами задачах
f программа программы программе программу программой программе | программы программ программам программы программами программах
n предприятие предприятия предприятию предприятие предприятием предприятии | предприятия предприятий предприятиям предприятия предприятиями предприятиях
m регион региона региону регион регионом регионе | регионы регионов регионам регионы регионами регионах
f страна страны стране страну страной стране | страны стран странам страны странами странах
ma партнёр партнёра партнёру партнёра партнёром партнёре | партнёры партнёров партнёрам партнёров партнёрами партнёрах
n развитие развития развитию развитие развитием развитии
n сотрудничество сотрудничества сотрудничеству сотрудничество сотрудничеством сотрудничестве
f экономика экономики экономике экономику экономикой экономике
f безопасность безопасности безопасности безопасность безопасностью безопасности
f политика политики политике политику политикой политике
f торговля торговли торговле торговлю торговлей торговле
m товарооборот товарооборота товарообороту товарооборот товарооборотом товарообороте
f энергетика энергетики энергетике энергетику энергетикой энергетике
n здравоохранение здравоохранения здравоохранению здравоохранение здравоохранением здравоохранении
n образование образования образованию образование образованием образовании
f наука науки науке науку наукой науке
f культура культуры культуре культуру культурой культуре
f инфраструктура инфраструктуры инфраструктуре инфраструктуру инфраструктурой инфраструктуре
n строительство строительства строительству строительство строительством строительстве
m бюджет бюджета бюджету бюджет бюджетом бюджете | бюджеты бюджетов бюджетам бюджеты бюджетами бюджетах
f поддержка поддержки поддержке поддержку поддержкой поддержке
m рост роста росту рост ростом росте
f работа работы работе работу работой работе
f сфера сферы сфере сферу сферой сфере | сферы сфер сферам сферы сферами сферах
f мера меры мере меру мерой мере | меры мер мерам меры мерами мерах
f реформа реформы реформе реформу реформой реформе | реформы реформ реформам реформы реформами реформах
p инвестиции инвестиций инвестициям инвестиции инвестициями инвестициях
p переговоры переговоров переговорам переговоры переговорами переговорах
m диалог диалога диалогу диалог диалогом диалоге
f ситуация ситуации ситуации ситуацию ситуацией ситуации
m механизм механизма механизму механизм механизмом механизме | механизмы механизмов механизмам механизмы механизмами механизмах
f система системы системе систему системой системе | системы систем системам системы системами системах
n производство производства производству производство производством производстве
f промышленность промышленности промышленности промышленность промышленностью промышленности
m транспорт транспорта транспорту транспорт транспортом транспорте
f отрасль отрасли отрасли отрасль отраслью отрасли | отрасли отраслей отраслям отрасли отраслями отраслях
n государство государства государству государство государством государстве | государства государств государствам государства государствами государствах
m закон закона закону закон законом законе | законы законов законам законы законами законах
n предложение предложения предложению предложение предложением предложении | предложения предложений предложениям предложения предложениями предложениях
m план плана плану план планом плане | планы планов планам планы планами планах
m результат результата результату результат результатом результате | результаты результатов результатам результаты результатами результатах
n условие условия условию условие условием условии | условия условий условиям условия условиями условиях
f возможность возможности возможности возможность возможностью возможности | возможности возможностей возможностям возможности возможностями возможностях
m приоритет приоритета приоритету приоритет приоритетом приоритете | приоритеты приоритетов приоритетам приоритеты приоритетами приоритетах
f организация организации организации организацию организацией организации | организации организаций организациям организации организациями организациях
m форум форума форуму форум форумом форуме | форумы форумов форумам форумы форумами форумах
n мероприятие мероприятия мероприятию мероприятие мероприятием мероприятии | мероприятия мероприятий мероприятиям мероприятия мероприятиями мероприятиях
f граница границы границе границу границей границе | границы границ границам границы границами границах
pa граждане граждан гражданам граждан гражданами гражданах
f семья семьи семье семью семьёй семье | семьи семей семьям семьи семьями семьях
pa дети детей детям детей детьми детях
ma специалист специалиста специалисту специалиста специалистом специалисте | специалисты специалистов специалистам специалистов специалистами специалистах
n качество качества качеству качество качеством качестве
f медицина медицины медицине медицину медициной медицине
m спорт спорта спорту спорт спортом спорте
f молодёжь молодёжи молодёжи молодёжь молодёжью молодёжи
m союз союза союзу союз союзом союзе
n положение положения положению положение положением положении
m уровень уровня уровню уровень уровнем уровне
f технология технологии технологии технологию технологией технологии | технологии технологий технологиям технологии технологиями технологиях
m кредит кредита кредиту кредит кредитом кредите | кредиты кредитов кредитам кредиты кредитами кредитах
f зарплата зарплаты зарплате зарплату зарплатой зарплате | зарплаты зарплат зарплатам зарплаты зарплатами зарплатах
m рынок рынка рынку рынок рынком рынке | рынки рынков рынкам рынки рынками рынках
n село села селу село селом селе
m город города городу город городом городе | города городов городам города городами городах
`

// abstractNouns take a genitive complement ("развитие торговли").
var abstractNouns = map[string]bool{"развитие": true, "сотрудничество": true, "поддержка": true, "рост": true,
	"работа": true, "реформа": true, "система": true, "качество": true, "уровень": true, "программа": true,
	"безопасность": true, "политика": true, "производство": true, "строительство": true, "модернизация": true,
	"вопрос": true, "задача": true, "механизм": true, "план": true, "положение": true}

// adjective stems and their type: "ый" (hard), "ий" (after к, г, х),
// "ой" (stressed ending).
const adjectiveTable = `
экономическ ий
международн ый
нов ый
главн ый
важн ый
государственн ый
российск ий
региональн ый
федеральн ый
социальн ый
энергетическ ий
национальн ый
стратегическ ий
промышленн ый
инвестиционн ый
культурн ый
гуманитарн ый
технологическ ий
цифров ой
торгов ый
крупн ый
ключев ой
современн ый
совместн ый
практическ ий
конкретн ый
активн ый
эффективн ый
надёжн ый
стабильн ый
долгосрочн ый
приоритетн ый
научн ый
образовательн ый
транспортн ый
финансов ый
политическ ий
двусторонн ий_soft
`

type adjective struct {
	stem string
	kind string // ый, ий, ой, ий_soft
}

// adjEndings[kind][gender][case]; the accusative here is the inanimate one.
var adjEndings = map[string][4][6]string{
	"ый": {
		{"ый", "ого", "ому", "ый", "ым", "ом"},
		{"ая", "ой", "ой", "ую", "ой", "ой"},
		{"ое", "ого", "ому", "ое", "ым", "ом"},
		{"ые", "ых", "ым", "ые", "ыми", "ых"},
	},
	"ий": {
		{"ий", "ого", "ому", "ий", "им", "ом"},
		{"ая", "ой", "ой", "ую", "ой", "ой"},
		{"ое", "ого", "ому", "ое", "им", "ом"},
		{"ие", "их", "им", "ие", "ими", "их"},
	},
	"ой": {
		{"ой", "ого", "ому", "ой", "ым", "ом"},
		{"ая", "ой", "ой", "ую", "ой", "ой"},
		{"ое", "ого", "ому", "ое", "ым", "ом"},
		{"ые", "ых", "ым", "ые", "ыми", "ых"},
	},
	"ий_soft": {
		{"ий", "его", "ему", "ий", "им", "ем"},
		{"яя", "ей", "ей", "юю", "ей", "ей"},
		{"ее", "его", "ему", "ее", "им", "ем"},
		{"ие", "их", "им", "ие", "ими", "их"},
	},
}

func (a adjective) form(g gender, c grammaticalCase, animate bool) string {
	e := adjEndings[a.kind][g]
	if c == acc && animate && (g == masc || g == plural) {
		c = gen
	}
	return a.stem + e[c]
}

// verb forms: past (m, f, n, pl), third person singular and plural and
// first person plural of the present (or simple future), infinitive.
type verb struct {
	past           [4]string
	s3, p3, p1, in string
}

// transitiveVerbs take an accusative object.
var transitiveVerbs = parseVerbs(`
провёл провела провело провели проведёт проведут проведём провести
обсудил обсудила обсудило обсудили обсудит обсудят обсудим обсудить
подписал подписала подписало подписали подпишет подпишут подпишем подписать
рассмотрел рассмотрела рассмотрело рассмотрели рассмотрит рассмотрят рассмотрим рассмотреть
поддержал поддержала поддержало поддержали поддержит поддержат поддержим поддержать
обеспечил обеспечила обеспечило обеспечили обеспечит обеспечат обеспечим обеспечить
укрепил укрепила укрепило укрепили укрепит укрепят укрепим укрепить
развивал развивала развивало развивали развивает развивают развиваем развивать
продолжил продолжила продолжило продолжили продолжит продолжат продолжим продолжить
утвердил утвердила утвердило утвердили утвердит утвердят утвердим утвердить
поддерживал поддерживала поддерживало поддерживали поддерживает поддерживают поддерживаем поддерживать
расширил расширила расширило расширили расширит расширят расширим расширить
реализовал реализовала реализовало реализовали реализует реализуют реализуем реализовать
отметил отметила отметило отметили отметит отметят отметим отметить
создал создала создало создали создаст создадут создадим создать
увеличил увеличила увеличило увеличили увеличит увеличат увеличим увеличить
сохранил сохранила сохранило сохранили сохранит сохранят сохраним сохранить
выполнил выполнила выполнило выполнили выполнит выполнят выполним выполнить
принял приняла приняло приняли примет примут примем принять
усилил усилила усилило усилили усилит усилят усилим усилить
модернизировал модернизировала модернизировало модернизировали модернизирует модернизируют модернизируем модернизировать
`)

// aboutVerbs take "о" and the prepositional: "заявил о …".
var aboutVerbs = parseVerbs(`
заявил заявила заявило заявили заявит заявят заявим заявить
рассказал рассказала рассказало рассказали расскажет расскажут расскажем рассказать
сообщил сообщила сообщило сообщили сообщит сообщат сообщим сообщить
напомнил напомнила напомнило напомнили напомнит напомнят напомним напомнить
говорил говорила говорило говорили говорит говорят говорим говорить
договорился договорилась договорилось договорились договорится договорятся договоримся договориться
`)

func parseVerbs(table string) []verb {
	var out []verb
	for _, l := range strings.Split(strings.TrimSpace(table), "\n") {
		f := strings.Fields(l)
		out = append(out, verb{past: [4]string{f[0], f[1], f[2], f[3]}, s3: f[4], p3: f[5], p1: f[6], in: f[7]})
	}
	return out
}

var (
	nouns       []noun
	inanimate   []int // nouns usable as an accusative object
	withPlural  []int
	abstractIdx []int
	adjectives  []adjective
)

func init() {
	for _, l := range strings.Split(strings.TrimSpace(nounTable), "\n") {
		head, rest, _ := strings.Cut(l, " ")
		var n noun
		switch head[0] {
		case 'm':
			n.g = masc
		case 'f':
			n.g = fem
		case 'n':
			n.g = neut
		case 'p':
			n.g = plural
		}
		n.animate = strings.HasSuffix(head, "a")
		sg, pl, hasPl := strings.Cut(rest, "|")
		if n.g == plural {
			copy(n.pl[:], strings.Fields(sg))
			n.hasPl = true
		} else {
			copy(n.sg[:], strings.Fields(sg))
			n.hasSg = true
			if hasPl {
				copy(n.pl[:], strings.Fields(pl))
				n.hasPl = true
			}
		}
		n.abstract = abstractNouns[n.sg[0]]
		nouns = append(nouns, n)
		i := len(nouns) - 1
		if !n.animate {
			inanimate = append(inanimate, i)
		}
		if n.hasPl && n.hasSg {
			withPlural = append(withPlural, i)
		}
		if n.abstract {
			abstractIdx = append(abstractIdx, i)
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(adjectiveTable), "\n") {
		f := strings.Fields(l)
		adjectives = append(adjectives, adjective{stem: f[0], kind: f[1]})
	}
}

// Russian topics, places and furniture.
var (
	topicsRu = []string{"Внешняя политика", "Экономика и финансы", "Здравоохранение", "Образование",
		"Наука и инновации", "Культура", "Социальная сфера", "Региональная политика", "Оборона и безопасность",
		"Промышленность", "Сельское хозяйство", "Транспорт", "Энергетика", "Спорт", "Государственные награды",
		"Государственное управление", "Демография", "Экология", "Цифровая экономика", "Молодёжная политика",
		"Строительство", "Торговля", "Бюджет", "Инвестиции"}
	placesRu = []string{"Москва, Кремль", "Московская область, Ново-Огарёво", "Сочи", "Санкт-Петербург",
		"Москва", "Московская область, Горки", "Калужская область", "Казань", "Владивосток", "Екатеринбург"}
	sectionsRu = map[docKind][]string{kindNews: {"Новости"}, kindTranscript: {"Новости", "Стенограммы"},
		kindDocument: {"Новости", "Документы"}, kindAnnouncement: {"Новости", "Анонсы"},
		kindSecurityCouncil: {"Новости", "Совет Безопасности"}}
	monthsRu = [...]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
		"сентября", "октября", "ноября", "декабря"}
	creditsRu = []string{"ТАСС", "РИА Новости", "пресс-служба Президента"}
)

// ruWriter writes Russian text into a document buffer.
type ruWriter struct {
	*writer
}

func (w ruWriter) noun(i int, c grammaticalCase, pl bool) (string, gender) {
	n := &nouns[i]
	if n.g == plural || pl && n.hasPl {
		return n.pl[c], plural
	}
	return n.sg[c], n.g
}

// np writes a noun phrase in case c: an optional adjective, the noun and
// sometimes a genitive complement ("новые механизмы развития торговли").
func (w ruWriter) np(c grammaticalCase, depth int) {
	var i int
	if c == acc || c == nom {
		i = inanimate[w.rng.IntN(len(inanimate))]
	} else {
		i = w.rng.IntN(len(nouns))
	}
	pl := nouns[i].hasPl && w.rng.IntN(3) == 0
	form, g := w.noun(i, c, pl)
	if w.rng.IntN(2) == 0 {
		a := adjectives[w.rng.IntN(len(adjectives))]
		w.str(a.form(g, c, nouns[i].animate))
		w.space()
	}
	w.str(form)
	if depth < 1 && nouns[i].abstract && w.rng.IntN(2) == 0 {
		w.space()
		w.np(gen, depth+1)
	}
}

// subject writes a sentence subject and returns the gender (or plural)
// its verb agrees with.
func (w ruWriter) subject() gender {
	switch w.rng.IntN(7) {
	case 0, 1:
		p := w.doc.president
		w.str(p.nameRu(nom))
		return masc
	case 2:
		w.str("Президент")
		return masc
	case 3:
		w.str("Стороны")
		return plural
	case 4:
		w.str("Участники встречи")
		return plural
	case 5:
		w.str("Правительство")
		return neut
	}
	p := w.doc.guest(w.rng)
	w.str(p.officeRu)
	w.space()
	w.str(p.nameRu(nom))
	if p.female {
		return fem
	}
	return masc
}

func pastForm(v verb, g gender) string { return v.past[g] }

func (w ruWriter) newsSentence() {
	start := len(w.buf)
	switch w.rng.IntN(15) {
	case 0, 1:
		g := w.subject()
		w.space()
		w.str(pastForm(transitiveVerbs[w.rng.IntN(len(transitiveVerbs))], g))
		w.space()
		w.np(acc, 0)
		w.pp()
	case 2:
		g := w.subject()
		w.space()
		w.str(pastForm(aboutVerbs[w.rng.IntN(len(aboutVerbs))], g))
		w.str(" ")
		w.prepNP("о", prep, 0)
	case 3:
		w.str("Особое внимание было уделено ")
		w.np(dat, 0)
		w.str(" и ")
		w.np(dat, 0)
	case 4:
		w.str("Речь также шла ")
		w.prepNP("о", prep, 0)
		w.pp()
	case 5:
		w.str("В ходе ")
		w.str([]string{"встречи", "переговоров", "беседы", "совещания", "визита"}[w.rng.IntN(5)])
		w.str(" обсуждались ")
		w.np(nom, 0)
		w.str(" и ")
		w.np(nom, 0)
	case 6:
		w.str("По итогам ")
		w.str([]string{"переговоров", "встречи", "заседания"}[w.rng.IntN(3)])
		w.str(" подписан ряд документов ")
		w.prepNP("о", prep, 0)
	case 7:
		w.str("Состоялся обмен мнениями по ")
		w.np(dat, 0)
		w.pp()
	case 8:
		g := w.subject()
		w.space()
		w.str([]string{"подчеркнул", "подчеркнула", "подчеркнуло", "подчеркнули"}[g])
		w.str([]string{" важность ", " необходимость ", " значение "}[w.rng.IntN(3)])
		w.np(gen, 0)
	case 9:
		w.str("Глава государства поручил Правительству ")
		w.str(transitiveVerbs[w.rng.IntN(len(transitiveVerbs))].in)
		w.space()
		w.np(acc, 0)
	case 10:
		w.str("Участники обсудили ход реализации ")
		w.np(gen, 0)
		w.pp()
	case 11:
		w.str([]string{"Было отмечено, что ", "Стороны констатировали, что ", "Подчёркивалось, что "}[w.rng.IntN(3)])
		w.clause()
	case 12:
		w.str("Стороны договорились ")
		w.str(transitiveVerbs[w.rng.IntN(len(transitiveVerbs))].in)
		w.space()
		w.np(acc, 0)
	case 13:
		w.str("В совещании приняли участие члены Правительства и руководители ")
		w.np(gen, 1)
	default:
		w.str("Рассматривались вопросы ")
		w.np(gen, 0)
		w.str(", а также ")
		w.np(gen, 0)
	}
	w.str(".")
	w.capitalize(start)
}

// pp sometimes adds a prepositional phrase.
func (w ruWriter) pp() {
	switch w.rng.IntN(5) {
	case 0:
		w.str(" ")
		w.prepNP("в", prep, 1)
	case 1:
		w.str(" в сфере ")
		w.np(gen, 1)
	case 2:
		w.str(" ")
		w.prepNP("с", ins, 1)
	}
}

func (w ruWriter) speechSentence() {
	start := len(w.buf)
	end := "."
	switch w.rng.IntN(15) {
	case 0:
		w.str("Мы ")
		w.str(transitiveVerbs[w.rng.IntN(len(transitiveVerbs))].p1)
		w.space()
		w.np(acc, 0)
		w.pp()
	case 1:
		w.str([]string{"Нам необходимо ", "Важно ", "Нужно ", "Прошу вас "}[w.rng.IntN(4)])
		w.str(transitiveVerbs[w.rng.IntN(len(transitiveVerbs))].in)
		w.space()
		w.np(acc, 0)
		w.pp()
	case 2:
		w.str([]string{"Хотел бы отметить, что ", "Считаю, что ", "Как вы знаете, ", "Очевидно, что "}[w.rng.IntN(4)])
		w.clause()
	case 3:
		w.str("Мы ")
		w.str(aboutVerbs[w.rng.IntN(len(aboutVerbs))].past[plural])
		w.str(" ")
		w.prepNP("о", prep, 0)
	case 4:
		w.str("Это ")
		w.str([]string{"важный", "ключевой", "принципиальный", "очень серьёзный"}[w.rng.IntN(4)])
		w.str(" вопрос для ")
		w.np(gen, 0)
	case 5:
		w.str([]string{"Уважаемые коллеги", "Добрый день", "Спасибо большое", "Уважаемые друзья"}[w.rng.IntN(4)])
		end = "!"
	case 6:
		w.str([]string{"В прошлом году ", "За последние годы ", "С начала года "}[w.rng.IntN(3)])
		w.str([]string{"товарооборот вырос", "объём инвестиций вырос", "производство выросло",
			"число рабочих мест увеличилось", "зарплаты выросли"}[w.rng.IntN(5)])
		w.str(" на ")
		w.int(5 + w.rng.IntN(16)) // 5 to 20: "процентов"
		w.str(" процентов")
	case 7:
		w.str([]string{"Давайте обсудим ", "Предлагаю рассмотреть ", "Нам предстоит решить "}[w.rng.IntN(3)])
		w.np(acc, 0)
	case 8:
		w.str("Прошу доложить ")
		w.prepNP("о", prep, 0)
	case 9:
		w.str([]string{"У нас есть все возможности для ", "Прежде всего это касается ",
			"Многое зависит от "}[w.rng.IntN(3)])
		w.np(gen, 0)
	case 10:
		w.str([]string{"Знаю, что ", "Уверен, что ", "Понимаю, что "}[w.rng.IntN(3)])
		w.clause()
	case 11:
		w.str([]string{"Многое уже сделано, но предстоит ещё больше", "Это принципиально важно",
			"Здесь нельзя терять время", "Прошу Правительство держать этот вопрос на контроле"}[w.rng.IntN(4)])
	default:
		w.clause()
	}
	w.str(end)
	w.capitalize(start)
}

// clause writes "subject verb object" in the present or the past.
func (w ruWriter) clause() {
	i := w.rng.IntN(len(nouns))
	pl := nouns[i].hasPl && w.rng.IntN(2) == 0
	form, g := w.noun(i, nom, pl)
	if w.rng.IntN(2) == 0 {
		w.str(adjectives[w.rng.IntN(len(adjectives))].form(g, nom, nouns[i].animate))
		w.space()
	}
	w.str(form)
	w.space()
	v := transitiveVerbs[w.rng.IntN(len(transitiveVerbs))]
	switch {
	case w.rng.IntN(2) == 0:
		w.str(v.past[g])
	case g == plural:
		w.str(v.p3)
	default:
		w.str(v.s3)
	}
	w.space()
	w.np(acc, 0)
}

func (w ruWriter) question() {
	start := len(w.buf)
	switch w.rng.IntN(4) {
	case 0:
		w.str("Скажите, пожалуйста, как будет развиваться ")
		w.np(nom, 1)
	case 1:
		w.str("Что Вы думаете ")
		w.prepNP("о", prep, 0)
	case 2:
		w.str("Когда будут приняты решения по ")
		w.np(dat, 0)
	default:
		w.str("Как Вы оцениваете ")
		w.np(acc, 0)
	}
	w.str("?")
	w.capitalize(start)
}

var space = []byte{' '}

// paragraph writes sentences until the paragraph has about target words:
// it stops when another sentence (about eight words) would overshoot more
// than stopping falls short.
func (w ruWriter) paragraph(target int, speech bool) {
	words := 0
	for first := true; first || target-words > 4; first = false {
		if !first {
			w.space()
		}
		start := len(w.buf)
		if speech {
			w.speechSentence()
		} else {
			w.newsSentence()
		}
		words += 1 + bytes.Count(w.buf[start:], space)
	}
}

// withWhom writes a person, with the office if any, in the instrumental:
// "Президентом Казахстана Дорианом Велиновым".
func (w ruWriter) withWhom(p *person) {
	if p.officeRu != "" {
		w.str(officeIns(p.officeRu))
		w.space()
	}
	w.str(p.nameRu(ins))
}

// officeIns puts a Russian office in the instrumental: "Президентом
// Казахстана", "Председателем Правительства".
func officeIns(o string) string {
	head, rest, _ := strings.Cut(o, " ")
	switch {
	case strings.HasSuffix(head, "секретарь"):
		head = strings.TrimSuffix(head, "ь") + "ём"
	case strings.HasSuffix(head, "ь"):
		head = strings.TrimSuffix(head, "ь") + "ем"
	default:
		head += "ом"
	}
	if rest == "" {
		return head
	}
	return head + " " + rest
}

func (w ruWriter) title(k docKind, guest *person) {
	p := w.doc.president
	switch {
	case k == kindAnnouncement:
		w.str(p.nameRu(nom))
		w.str(" проведёт переговоры с ")
		w.withWhom(guest)
	case k == kindDocument:
		w.str([]string{"Указ ", "Закон ", "Распоряжение "}[w.rng.IntN(3)])
		w.prepNP("о", prep, 0)
	case guest != nil && w.rng.IntN(3) > 0:
		w.str([]string{"Встреча с ", "Переговоры с ", "Телефонный разговор с ", "Беседа с "}[w.rng.IntN(4)])
		w.withWhom(guest)
	default:
		w.str([]string{"Совещание по ", "Заседание Совета по ", "Совещание с членами Правительства по "}[w.rng.IntN(3)])
		w.np(dat, 0)
	}
	w.capitalize(0)
}

func (w ruWriter) lead(k docKind, guest *person) {
	p := w.doc.president
	start := len(w.buf)
	switch {
	case k == kindAnnouncement:
		w.str("Планируется обсудить ")
		w.np(acc, 0)
		w.str(" и ")
		w.np(acc, 0)
	case guest != nil:
		w.str(p.nameRu(nom))
		w.str([]string{" провёл переговоры с ", " встретился с ", " провёл телефонный разговор с "}[w.rng.IntN(3)])
		w.withWhom(guest)
	default:
		w.str(p.nameRu(nom))
		w.str(" провёл совещание по ")
		w.np(dat, 0)
	}
	w.str(".")
	w.capitalize(start)
}

func (w ruWriter) caption(guest *person) {
	start := len(w.buf)
	if guest != nil && w.rng.IntN(2) == 0 {
		w.str([]string{"С ", "Во время встречи с ", "На переговорах с "}[w.rng.IntN(3)])
		w.withWhom(guest)
	} else {
		w.str([]string{"На совещании по ", "Во время заседания по ", "На встрече, посвящённой "}[w.rng.IntN(3)])
		w.np(dat, 0)
	}
	w.str(".")
	w.capitalize(start)
}

// capitalize upper-cases the first letter written from start.
func (w *writer) capitalize(start int) {
	if start >= len(w.buf) {
		return
	}
	r, n := utf8.DecodeRune(w.buf[start:])
	u := unicode.ToUpper(r)
	if u != r && utf8.RuneLen(u) == n {
		utf8.EncodeRune(w.buf[start:], u)
	}
}

func (w ruWriter) dateRu(y, m, d int) {
	w.int(d)
	w.space()
	w.str(monthsRu[m-1])
	w.space()
	w.int(y)
	w.str(" года")
}

// document writes a whole Russian page in the Russian site's layout.
func (w ruWriter) document() {
	d := w.doc
	m := w.m
	st := &m.Stats
	t := w.date()
	d.era = eraOf(t.Year())
	d.president = &m.pool.persons[m.pool.presidents[d.era]]
	p := w.plan()
	if len(d.cast) == 0 && w.rng.IntN(2) == 0 {
		d.cast = append(d.cast, m.pool.draw(w.rng, d.era))
	}
	var guest *person
	for _, c := range d.cast {
		if c.officeRu != "" && c != d.president {
			guest = c
			break
		}
	}
	if guest == nil && d.kind == kindAnnouncement {
		guest = m.pool.official(w.rng, d.era)
		d.cast = append(d.cast, guest)
	}

	w.str(Marker)
	w.str("ru/")
	w.int(d.n)
	w.nl()
	w.str("События\n")
	w.title(d.kind, guest)
	w.nl()
	w.lead(d.kind, guest)
	w.nl()
	h, mi := w.clock()
	pub, ph, pm := t, h, mi
	if d.kind == kindAnnouncement {
		w.str("Анонс, ")
		w.dateRu(t.Year(), int(t.Month()), t.Day())
		w.nl()
		pub = publishedBefore(t, w.rng)
	} else {
		w.dateRu(t.Year(), int(t.Month()), t.Day())
		w.nl()
		w.hhmm(h, mi)
		w.nl()
		if w.rng.Float64() < placeShare {
			w.str(placesRu[w.rng.IntN(len(placesRu))])
			w.nl()
		}
		ph, pm = later(h, mi, w.rng.IntN(180))
	}
	if w.rng.Float64() < sliderShare {
		n := max(1, draw(w.rng, st.Photos, 3))
		k := 1
		if n > 1 && w.rng.Float64() < laterSlideShare {
			k = 2 + w.rng.IntN(n-1)
		}
		w.int(k)
		w.str(" из ")
		w.int(n)
		w.nl()
		w.caption(guest)
		if w.rng.Float64() < creditShare {
			w.str(" Фото: ")
			w.str(creditsRu[w.rng.IntN(len(creditsRu))])
		}
		w.nl()
	}
	var cuts []int
	if !p.labelled {
		for range p.paras[0] {
			cuts = append(cuts, len(w.buf))
			w.paragraph(draw(w.rng, st.WordsNarrative, 40), false)
			w.nl()
		}
	} else {
		cuts = w.transcript(p, cuts)
	}
	w.furniture(t, cuts)
	w.footer(pub, ph, pm)
}

func (w ruWriter) transcript(p plan, cuts []int) []int {
	st := &w.m.Stats
	for range p.intro {
		cuts = append(cuts, len(w.buf))
		w.paragraph(draw(w.rng, st.WordsNarrative, 40), false)
		w.nl()
	}
	if p.separator {
		w.str("* * *\n")
	}
	for i, s := range w.speakers(p) {
		cuts = append(cuts, len(w.buf))
		asks := s == nil || s.kind == kindJournalist
		switch {
		case s != nil:
			w.str(s.shortRu())
		case w.rng.IntN(5) < 3:
			w.str("Вопрос")
		default:
			w.str("Реплика")
			asks = false
		}
		if w.rng.IntN(20) == 0 {
			w.str(":\n")
		} else {
			w.str(": ")
		}
		for k := range p.paras[i] {
			if k > 0 {
				cuts = append(cuts, len(w.buf))
			}
			switch {
			case k > 0 && w.rng.Float64() < st.StageShare:
				w.str(stagesRu[w.rng.IntN(len(stagesRu))])
			case asks && k == p.paras[i]-1:
				w.question()
			default:
				w.paragraph(draw(w.rng, st.WordsSpeech, 40), true)
			}
			w.nl()
		}
	}
	return cuts
}

func (w ruWriter) footer(pub time.Time, h, mi int) {
	st := &w.m.Stats
	c := w.columns()
	if c.geography {
		w.str("География\n")
		for _, s := range w.items(max(1, draw(w.rng, st.GeographyItems, 1)), w.leaderCountries(true), geographyRu) {
			w.str(s)
			w.nl()
		}
	}
	if c.topics {
		w.str("Темы\n")
		for _, s := range w.items(max(1, draw(w.rng, st.TopicItems, 1)), nil, topicsRu) {
			w.str(s)
			w.nl()
		}
	}
	if c.persons {
		w.str("Персоны\n")
		for _, s := range w.footerPersons(max(1, draw(w.rng, st.PersonItems, 1))) {
			w.str(s)
			w.nl()
		}
	}
	w.str("Статус публикации\n")
	secs := sectionsRu[w.doc.kind]
	if len(secs) == 1 {
		w.str("Опубликован в разделе: ")
	} else {
		w.str("Опубликован в разделах: ")
	}
	for i, s := range secs {
		if i > 0 {
			w.str(", ")
		}
		w.str(s)
	}
	w.nl()
	w.str("Дата публикации: ")
	w.dateRu(pub.Year(), int(pub.Month()), pub.Day())
	w.str(", ")
	w.hhmm(h, mi)
	w.nl()
	w.str("Прямая ссылка: ")
	w.str(ID("ru", w.doc.n))
	w.str("\nТекстовая версия\n")
}

// geographyRu are the countries and regions a Russian footer lists.
var geographyRu = func() []string {
	var out []string
	for _, c := range countries {
		out = append(out, c.nom)
	}
	for _, r := range regions {
		out = append(out, r.nom)
	}
	return out
}()

// prepNP writes a preposition and a noun phrase in case c, with the
// preposition's longer form where Russian wants it: "об образовании",
// "со стратегическими", "во внешней".
func (w ruWriter) prepNP(p string, c grammaticalCase, depth int) {
	w.str(p)
	at := len(w.buf)
	w.str(" ")
	w.np(c, depth)
	r1, n := utf8.DecodeRune(w.buf[at+1:])
	r2, _ := utf8.DecodeRune(w.buf[at+1+n:])
	vowel := func(r rune) bool { return strings.ContainsRune("аеёиоуыэюя", r) }
	ext := ""
	switch p {
	case "о":
		if strings.ContainsRune("аиоуэ", r1) {
			ext = "б"
		}
	case "с":
		if strings.ContainsRune("сзшж", r1) && !vowel(r2) {
			ext = "о"
		}
	case "в":
		if strings.ContainsRune("вф", r1) && !vowel(r2) {
			ext = "о"
		}
	}
	if ext != "" {
		w.buf = slices.Insert(w.buf, at, []byte(ext)...)
	}
}
