package gen

// Offices, countries and regions are real institutions and places, named
// in both languages; the persons who hold them in generated documents are
// fictional.

type officeKind uint8

const (
	offNone officeKind = iota
	offPresident
	offPremier
	offPress
	offMinister
	offLeader
	offGovernor
)

type office struct {
	kind  officeKind
	index int // into ministries, countries or regions
}

// title returns the office as a label prints it before the name, in
// English and Russian ("" for none).
func (o office) title(female bool) (en, ru string) {
	switch o.kind {
	case offPresident:
		return "President of Russia", "Президент России"
	case offPremier:
		return "Prime Minister", "Председатель Правительства"
	case offPress:
		return "Presidential Press Secretary", "Пресс-секретарь Президента"
	case offMinister:
		m := ministries[o.index]
		return m.en, m.ru
	case offLeader:
		c := countries[o.index]
		if c.premier {
			return "Prime Minister of " + c.en, "Премьер-министр " + c.gen
		}
		return "President of " + c.en, "Президент " + c.gen
	case offGovernor:
		r := regions[o.index]
		return "Governor of " + r.en, "Губернатор " + r.gen
	}
	return "", ""
}

// ministries: the English label form and the Russian office (nominative).
var ministries = []struct{ en, ru string }{
	{"Minister of Finance", "Министр финансов"},
	{"Minister of Foreign Affairs", "Министр иностранных дел"},
	{"Minister of Economic Development", "Министр экономического развития"},
	{"Minister of Healthcare", "Министр здравоохранения"},
	{"Minister of Education", "Министр просвещения"},
	{"Minister of Science and Higher Education", "Министр науки и высшего образования"},
	{"Minister of Defence", "Министр обороны"},
	{"Minister of Energy", "Министр энергетики"},
	{"Minister of Transport", "Министр транспорта"},
	{"Minister of Agriculture", "Министр сельского хозяйства"},
	{"Minister of Culture", "Министр культуры"},
	{"Minister of Industry and Trade", "Министр промышленности и торговли"},
	{"Minister of Natural Resources and Environment", "Министр природных ресурсов и экологии"},
	{"Minister of Labour and Social Protection", "Министр труда и социальной защиты"},
	{"Minister of Digital Development", "Министр цифрового развития"},
	{"Minister of Sport", "Министр спорта"},
	{"Minister of Justice", "Министр юстиции"},
	{"Minister of Construction", "Министр строительства"},
	{"Minister of Emergency Situations", "Министр по чрезвычайным ситуациям"},
}

// countries: English name, Russian nominative and genitive, and whether
// a Prime Minister rather than a President leads the talks.
var countries = []struct {
	en, nom, gen string
	premier      bool
}{
	{"Kazakhstan", "Казахстан", "Казахстана", false},
	{"Belarus", "Белоруссия", "Белоруссии", false},
	{"China", "Китай", "Китайской Народной Республики", false},
	{"India", "Индия", "Индии", true},
	{"France", "Франция", "Франции", false},
	{"Germany", "Германия", "Германии", false},
	{"Turkey", "Турция", "Турции", false},
	{"Uzbekistan", "Узбекистан", "Узбекистана", false},
	{"Armenia", "Армения", "Армении", true},
	{"Azerbaijan", "Азербайджан", "Азербайджана", false},
	{"Kyrgyzstan", "Киргизия", "Киргизии", false},
	{"Tajikistan", "Таджикистан", "Таджикистана", false},
	{"Iran", "Иран", "Ирана", false},
	{"Egypt", "Египет", "Египта", false},
	{"Brazil", "Бразилия", "Бразилии", false},
	{"South Africa", "ЮАР", "ЮАР", false},
	{"Vietnam", "Вьетнам", "Вьетнама", false},
	{"Japan", "Япония", "Японии", true},
	{"Serbia", "Сербия", "Сербии", false},
	{"Italy", "Италия", "Италии", true},
	{"Mongolia", "Монголия", "Монголии", false},
	{"Finland", "Финляндия", "Финляндии", false},
	{"Cuba", "Куба", "Кубы", false},
	{"Venezuela", "Венесуэла", "Венесуэлы", false},
	{"Austria", "Австрия", "Австрии", false},
	{"Hungary", "Венгрия", "Венгрии", true},
	{"Indonesia", "Индонезия", "Индонезии", false},
	{"Argentina", "Аргентина", "Аргентины", false},
	{"Mexico", "Мексика", "Мексики", false},
	{"Algeria", "Алжир", "Алжира", false},
}

// regions: English name, Russian genitive ("Губернатор Тульской области")
// and nominative (a place or geography item).
var regions = []struct{ en, gen, nom string }{
	{"Tula Region", "Тульской области", "Тульская область"},
	{"Kaluga Region", "Калужской области", "Калужская область"},
	{"Sverdlovsk Region", "Свердловской области", "Свердловская область"},
	{"Novosibirsk Region", "Новосибирской области", "Новосибирская область"},
	{"Krasnodar Territory", "Краснодарского края", "Краснодарский край"},
	{"Primorye Territory", "Приморского края", "Приморский край"},
	{"Kaliningrad Region", "Калининградской области", "Калининградская область"},
	{"Leningrad Region", "Ленинградской области", "Ленинградская область"},
	{"Tver Region", "Тверской области", "Тверская область"},
	{"Yaroslavl Region", "Ярославской области", "Ярославская область"},
	{"Omsk Region", "Омской области", "Омская область"},
	{"Irkutsk Region", "Иркутской области", "Иркутская область"},
	{"Khabarovsk Territory", "Хабаровского края", "Хабаровский край"},
	{"Perm Territory", "Пермского края", "Пермский край"},
	{"Vologda Region", "Вологодской области", "Вологодская область"},
	{"Astrakhan Region", "Астраханской области", "Астраханская область"},
	{"Murmansk Region", "Мурманской области", "Мурманская область"},
	{"Kursk Region", "Курской области", "Курская область"},
	{"Tomsk Region", "Томской области", "Томская область"},
	{"Samara Region", "Самарской области", "Самарская область"},
}
