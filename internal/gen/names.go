package gen

import (
	"math/rand/v2"
	"strings"
)

// Fictional names are built from the invented name parts below, each
// written in Latin and in Cyrillic, so that one made-up person has an
// English and a Russian form. A part that equals a word of the corpus
// (any real name seen there included) is never used, so no generated name
// can be a real person's name from the corpus.

// syllable is one name part in both scripts.
type syllable struct{ en, ru string }

var nameRoots = []syllable{
	{"Bor", "Бор"}, {"Vel", "Вел"}, {"Dar", "Дар"}, {"Mir", "Мир"}, {"Rad", "Рад"}, {"Stan", "Стан"},
	{"Tor", "Тор"}, {"Yar", "Яр"}, {"Zel", "Зел"}, {"Gor", "Гор"}, {"Ved", "Вед"}, {"Kas", "Кас"},
	{"Lan", "Лан"}, {"Mal", "Мал"}, {"Nor", "Нор"}, {"Pel", "Пел"}, {"Ros", "Рос"}, {"Sel", "Сел"},
	{"Tal", "Тал"}, {"Ul", "Ул"}, {"Fed", "Фед"}, {"Dom", "Дом"}, {"Ver", "Вер"}, {"Kol", "Кол"},
	{"Lut", "Лут"}, {"Mor", "Мор"}, {"Nev", "Нев"}, {"Orl", "Орл"}, {"Prok", "Прок"}, {"Sav", "Сав"},
	{"Tem", "Тем"}, {"Zar", "Зар"}, {"Bel", "Бел"}, {"Vor", "Вор"}, {"Kur", "Кур"}, {"Dub", "Дуб"},
}

// surnameMids join a root and a surname ending: "Tal" + "ush" + "enko".
var surnameMids = []syllable{{"", ""}, {"an", "ан"}, {"en", "ен"}, {"im", "им"}, {"ush", "уш"}, {"ot", "от"},
	{"ak", "ак"}, {"esh", "еш"}, {"il", "ил"}, {"ur", "ур"}, {"av", "ав"}, {"ob", "об"}}

// surnameEnds are a surname's endings, masculine then feminine.
var surnameEnds = []struct{ m, f syllable }{
	{syllable{"ov", "ов"}, syllable{"ova", "ова"}},
	{syllable{"ev", "ев"}, syllable{"eva", "ева"}},
	{syllable{"in", "ин"}, syllable{"ina", "ина"}},
	{syllable{"sky", "ский"}, syllable{"skaya", "ская"}},
	{syllable{"enko", "енко"}, syllable{"enko", "енко"}},
	{syllable{"ich", "ич"}, syllable{"ich", "ич"}},
	{syllable{"yan", "ян"}, syllable{"yan", "ян"}},
	{syllable{"uk", "ук"}, syllable{"uk", "ук"}},
}

var givenEndsMale = []syllable{{"an", "ан"}, {"islav", "ислав"}, {"imir", "имир"}, {"ei", "ей"}, {"ik", "ик"},
	{"ian", "иан"}, {"or", "ор"}, {"omir", "омир"}, {"ant", "ант"}, {"en", "ен"}, {"ut", "ут"}}

var givenEndsFemale = []syllable{{"ana", "ана"}, {"ina", "ина"}, {"eya", "ея"}, {"ava", "ава"}, {"ila", "ила"},
	{"ena", "ена"}, {"ora", "ора"}}

// person is one fictional person.
type person struct {
	given, surname     syllable
	female             bool
	kind               personKind
	era                int // for era-bound kinds
	office             office
	officeEn, officeRu string
}

type personKind uint8

const (
	kindPresident personKind = iota
	kindPremier
	kindPress
	kindMinister
	kindLeader
	kindGovernor
	kindJournalist
	kindOther
)

// name returns "Given Surname" in the language's script.
func (p *person) name(ru bool) string {
	if ru {
		return p.given.ru + " " + p.surname.ru
	}
	return p.given.en + " " + p.surname.en
}

// taxonomy returns the footer's surname-first form.
func (p *person) taxonomy(ru bool) string {
	if ru {
		return p.surname.ru + " " + p.given.ru
	}
	return p.surname.en + " " + p.given.en
}

// shortRu returns the Russian site's label: initial and surname, "А.Волков".
func (p *person) shortRu() string {
	r := []rune(p.given.ru)
	return string(r[0]) + "." + p.surname.ru
}

// eras are the spans of years with one fictional President each.
var eras = [...]struct{ from, to int }{{2001, 2007}, {2008, 2011}, {2012, 2017}, {2018, 2025}}

func eraOf(year int) int {
	for i, e := range eras {
		if year <= e.to {
			return i
		}
	}
	return len(eras) - 1
}

// pool is the cast of fictional persons. Each era has its President,
// Prime Minister, Press Secretary, ministers and foreign leaders;
// journalists, governors and others belong to every era. Speakers are
// drawn with a Zipf-like weight, so a few recur often and most rarely.
type pool struct {
	persons    []person
	presidents [len(eras)]int
	// byEra lists, per era, the persons who may appear, most frequent
	// first; cum holds their cumulative Zipf weights.
	byEra [len(eras)][]int
	cum   [len(eras)][]float64
	// officials lists, per era, the persons with an office.
	officials [len(eras)][]int
	// givenParts and surnameParts replace real name parts met in the
	// learned text.
	givenParts, surnameParts []syllable
}

// poolSize is the number of fictional persons.
const poolSize = 2000

// newPool builds the cast deterministically; taken reports whether an
// English name part is unusable (a word of the corpus).
func newPool(taken func(string) bool) *pool {
	rng := rand.New(rand.NewPCG(0x5eed, 0xf1c7))
	var givenM, givenF, surM, surF []syllable
	for _, r := range nameRoots {
		for _, e := range givenEndsMale {
			givenM = append(givenM, syllable{r.en + e.en, r.ru + e.ru})
		}
		for _, e := range givenEndsFemale {
			givenF = append(givenF, syllable{r.en + e.en, r.ru + e.ru})
		}
		for _, m := range surnameMids {
			for _, e := range surnameEnds {
				surM = append(surM, syllable{r.en + m.en + e.m.en, r.ru + m.ru + e.m.ru})
				surF = append(surF, syllable{r.en + m.en + e.f.en, r.ru + m.ru + e.f.ru})
			}
		}
	}
	keep := func(parts []syllable) []syllable {
		out := parts[:0]
		for _, p := range parts {
			if !taken(p.en) && !taken(p.ru) {
				out = append(out, p)
			}
		}
		return out
	}
	givenM, givenF, surM, surF = keep(givenM), keep(givenF), keep(surM), keep(surF)
	p := &pool{givenParts: givenM, surnameParts: surM}
	used := map[string]bool{}
	// The Russian label "А.Волков" should name one person: no two persons
	// share an initial and a surname.
	usedShort := map[string]bool{}
	add := func(kind personKind, era int, off office, female bool) int {
		for {
			var per person
			per.female = female
			if female {
				per.given, per.surname = givenF[rng.IntN(len(givenF))], surF[rng.IntN(len(surF))]
			} else {
				per.given, per.surname = givenM[rng.IntN(len(givenM))], surM[rng.IntN(len(surM))]
			}
			full, short := per.name(false), per.shortRu()
			if used[full] || usedShort[short] {
				continue
			}
			used[full], usedShort[short] = true, true
			per.kind, per.era, per.office = kind, era, off
			per.officeEn, per.officeRu = off.title(female)
			p.persons = append(p.persons, per)
			return len(p.persons) - 1
		}
	}
	female := func(share float64) bool { return rng.Float64() < share }
	var eraBound [len(eras)][]int
	for e := range eras {
		p.presidents[e] = add(kindPresident, e, office{kind: offPresident}, false)
		eraBound[e] = append(eraBound[e], add(kindPremier, e, office{kind: offPremier}, false))
		eraBound[e] = append(eraBound[e], add(kindPress, e, office{kind: offPress}, false))
		for i := range ministries {
			eraBound[e] = append(eraBound[e], add(kindMinister, e, office{kind: offMinister, index: i}, female(0.15)))
		}
		for i := range countries {
			eraBound[e] = append(eraBound[e], add(kindLeader, e, office{kind: offLeader, index: i}, female(0.1)))
		}
	}
	var timeless []int
	for i := range regions {
		timeless = append(timeless, add(kindGovernor, -1, office{kind: offGovernor, index: i}, female(0.1)))
	}
	for len(p.persons) < poolSize {
		kind := kindOther
		if rng.IntN(5) == 0 {
			kind = kindJournalist
		}
		timeless = append(timeless, add(kind, -1, office{}, female(0.35)))
	}
	p.officials = eraBound
	for e := range eras {
		// The Prime Minister and the Press Secretary lead, the rest follow
		// in a shuffled order, so that offices mix along the Zipf ranks.
		rest := append(append([]int(nil), eraBound[e][2:]...), timeless...)
		rng.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
		order := append(append([]int(nil), eraBound[e][:2]...), rest...)
		p.byEra[e] = order
		cum := make([]float64, len(order))
		total := 0.0
		for i := range order {
			total += 1 / float64(i+2)
			cum[i] = total
		}
		p.cum[e] = cum
	}
	return p
}

// draw returns a person of the era, Zipf-weighted.
func (p *pool) draw(rng *rand.Rand, era int) *person {
	cum := p.cum[era]
	x := rng.Float64() * cum[len(cum)-1]
	lo, hi := 0, len(cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if cum[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return &p.persons[p.byEra[era][lo]]
}

// official returns a person of the era who holds an office.
func (p *pool) official(rng *rand.Rand, era int) *person {
	o := p.officials[era]
	return &p.persons[o[rng.IntN(len(o))]]
}

// names returns every name the pool can print: "Given Surname" in both
// scripts, and the Russian "А.Волков".
func (p *pool) names() []string {
	var out []string
	for i := range p.persons {
		per := &p.persons[i]
		out = append(out, per.name(false), per.name(true), per.shortRu())
	}
	return out
}

// Russian declension of the fictional names: the endings are ours, so the
// rules are few. Cases are indexed by the case constants of russian.go.

func declineGivenRu(s string, female bool, c grammaticalCase) string {
	if c == nom {
		return s
	}
	switch {
	case female && strings.HasSuffix(s, "ея"):
		stem := strings.TrimSuffix(s, "я")
		return stem + [...]string{"", "и", "е", "ю", "ей", "е"}[c]
	case female: // -а
		stem := strings.TrimSuffix(s, "а")
		return stem + [...]string{"", "ы", "е", "у", "ой", "е"}[c]
	case strings.HasSuffix(s, "ей"):
		stem := strings.TrimSuffix(s, "й")
		return stem + [...]string{"", "я", "ю", "я", "ем", "е"}[c]
	}
	return s + [...]string{"", "а", "у", "а", "ом", "е"}[c]
}

func declineSurnameRu(s string, female bool, c grammaticalCase) string {
	if c == nom {
		return s
	}
	switch {
	case female && strings.HasSuffix(s, "ская"):
		return strings.TrimSuffix(s, "ая") + [...]string{"", "ой", "ой", "ую", "ой", "ой"}[c]
	case female && (strings.HasSuffix(s, "ова") || strings.HasSuffix(s, "ева") || strings.HasSuffix(s, "ина")):
		return strings.TrimSuffix(s, "а") + [...]string{"", "ой", "ой", "у", "ой", "ой"}[c]
	case female, strings.HasSuffix(s, "енко"):
		return s // indeclinable
	case strings.HasSuffix(s, "ский"):
		return strings.TrimSuffix(s, "ий") + [...]string{"", "ого", "ому", "ого", "им", "ом"}[c]
	case strings.HasSuffix(s, "ов"), strings.HasSuffix(s, "ев"), strings.HasSuffix(s, "ин"):
		return s + [...]string{"", "а", "у", "а", "ым", "е"}[c]
	case strings.HasSuffix(s, "ич"):
		return s + [...]string{"", "а", "у", "а", "ем", "е"}[c]
	}
	return s + [...]string{"", "а", "у", "а", "ом", "е"}[c]
}

// nameRu returns the person's Russian name in case c: "с Дорианом Велиновым".
func (p *person) nameRu(c grammaticalCase) string {
	return declineGivenRu(p.given.ru, p.female, c) + " " + declineSurnameRu(p.surname.ru, p.female, c)
}
