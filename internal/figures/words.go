package figures

import "strings"

// The words the rules read, folded to lower case (ё as е). Phrases are
// space-separated words, matched token by token.

// scales multiply the number before them.
var scales = map[string]float64{
	"thousand": 1e3, "thousands": 1e3, "million": 1e6, "millions": 1e6, "mln": 1e6, "mn": 1e6,
	"billion": 1e9, "billions": 1e9, "bn": 1e9, "trillion": 1e12, "trillions": 1e12, "tn": 1e12,
	"тыс": 1e3, "тысяча": 1e3, "тысячи": 1e3, "тысяч": 1e3, "тысячу": 1e3,
	"млн": 1e6, "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6,
	"млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9,
	"трлн": 1e12, "триллион": 1e12, "триллиона": 1e12, "триллионов": 1e12,
}

// abbreviatedScales may be followed by a stop that is part of them.
var abbreviatedScales = map[string]bool{"тыс": true, "млн": true, "млрд": true, "трлн": true, "mln": true, "bn": true}

// numberWords are numbers written as words; they are figures only with
// a scale or a unit after them ("six million doses", "five percent").
var numberWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a": 1,
	"один": 1, "одна": 1, "одного": 1, "одной": 1, "два": 2, "две": 2, "двух": 2, "три": 3, "трех": 3, "четыре": 4, "четырех": 4,
	"пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9,
	"десять": 10, "десяти": 10, "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "сто": 100,
	"полтора": 1.5, "полторы": 1.5, "полутора": 1.5,
}

// unitPhrase is a unit written after a number.
type unitPhrase struct {
	words []string
	unit  string
	mult  float64 // 1e9 for bcm
}

// unitsAfter are read longest first.
var unitsAfter = phrases(map[string]string{
	// Currencies.
	"dollars": "USD", "dollar": "USD", "us dollars": "USD", "u s dollars": "USD", "american dollars": "USD", "usd": "USD",
	"euros": "EUR", "euro": "EUR", "eur": "EUR",
	"rubles": "RUB", "roubles": "RUB", "ruble": "RUB", "rouble": "RUB", "rub": "RUB",
	"yuan": "CNY", "renminbi": "CNY", "cny": "CNY", "rmb": "CNY",
	"yen": "JPY", "jpy": "JPY", "tenge": "KZT", "kzt": "KZT", "rupees": "INR", "inr": "INR",
	"hryvnias": "UAH", "hryvnia": "UAH", "pounds sterling": "GBP", "gbp": "GBP", "swiss francs": "CHF",
	"belarusian rubles": "BYN", "belarusian roubles": "BYN",
	"долларов": "USD", "доллара": "USD", "доллар": "USD", "долл": "USD", "долларов сша": "USD", "доллара сша": "USD",
	"долл сша": "USD", "американских долларов": "USD",
	"евро": "EUR", "рублей": "RUB", "рубля": "RUB", "рубль": "RUB", "руб": "RUB",
	"юаней": "CNY", "юаня": "CNY", "юань": "CNY", "иен": "JPY", "иены": "JPY", "тенге": "KZT", "рупий": "INR",
	"гривен": "UAH", "гривны": "UAH", "белорусских рублей": "BYN",
	// Percentages.
	"percent": Percent, "per cent": Percent, "pct": Percent, "процентов": Percent, "процента": Percent, "процент": Percent,
	"проц": Percent, "percentage points": PercentPoint, "percentage point": PercentPoint,
	"процентных пунктов": PercentPoint, "процентного пункта": PercentPoint, "процентных пункта": PercentPoint,
	"процентный пункт": PercentPoint, "п п": PercentPoint,
	// People.
	"people": People, "persons": People, "person": People, "человек": People, "чел": People, "людей": People,
	// Measures.
	"tonnes": "tonnes", "tons": "tonnes", "tonne": "tonnes", "ton": "tonnes", "metric tons": "tonnes",
	"тонн": "tonnes", "тонны": "tonnes", "тонна": "tonnes", "тонну": "tonnes", "т": "tonnes",
	"kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km", "km": "km",
	"километров": "km", "километра": "km", "километр": "km", "км": "km",
	"square metres": "square metres", "square meters": "square metres", "sq m": "square metres",
	"квадратных метров": "square metres", "кв м": "square metres",
	"square kilometres": "square km", "square kilometers": "square km", "sq km": "square km",
	"квадратных километров": "square km", "кв км": "square km",
	"cubic metres": "cubic metres", "cubic meters": "cubic metres", "cu m": "cubic metres",
	"кубических метров": "cubic metres", "кубометров": "cubic metres", "куб м": "cubic metres",
	"hectares": "hectares", "hectare": "hectares", "гектаров": "hectares", "гектара": "hectares", "га": "hectares",
	"barrels": "barrels", "баррелей": "barrels", "барреля": "barrels",
	"megawatts": "MW", "mw": "MW", "мегаватт": "MW", "мвт": "MW", "gigawatts": "GW", "gw": "GW", "гигаватт": "GW", "гвт": "GW",
	"kilowatt-hours": "kWh", "kwh": "kWh", "киловатт-часов": "kWh", "квт ч": "kWh",
	"litres": "litres", "liters": "litres", "литров": "litres",
})

// scaledUnits carry their own scale.
var scaledUnits = []unitPhrase{
	{words: []string{"bcm"}, unit: "cubic metres", mult: 1e9},
	{words: []string{"млрд", "кубометров"}, unit: "cubic metres", mult: 1e9},
}

func phrases(m map[string]string) []unitPhrase {
	var out []unitPhrase
	for k, u := range m {
		out = append(out, unitPhrase{words: strings.Fields(k), unit: u, mult: 1})
	}
	// Longest first, then by text, so that matching is deterministic.
	sortPhrases(out)
	return out
}

func sortPhrases(ps []unitPhrase) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && less(ps[j], ps[j-1]); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

func less(a, b unitPhrase) bool {
	if len(a.words) != len(b.words) {
		return len(a.words) > len(b.words)
	}
	return strings.Join(a.words, " ") < strings.Join(b.words, " ")
}

// currencySymbols are written before the number.
var currencySymbols = map[string]string{"$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "¥": "JPY", "₸": "KZT"}

// currencyCodes may be written before the number ("USD 5 million").
var currencyCodes = map[string]bool{"USD": true, "EUR": true, "RUB": true, "CNY": true, "GBP": true, "JPY": true, "KZT": true, "CHF": true}

// boundsBefore are the words before a figure that bound it, longest first.
var boundsBefore = boundList(map[string]string{
	"more than": Lower, "over": Lower, "above": Lower, "exceeded": Lower, "exceeds": Lower, "exceed": Lower,
	"exceeding": Lower, "surpassed": Lower, "surpasses": Lower, "topped": Lower, "at least": Lower,
	"upwards of": Lower, "in excess of": Lower, "no less than": Lower, "not less than": Lower, "well over": Lower,
	"well above": Lower, "more than just": Lower, "no fewer than": Lower, "not fewer than": Lower,
	"свыше": Lower, "более": Lower, "больше": Lower, "превысил": Lower, "превысила": Lower, "превысило": Lower,
	"превысили": Lower, "превышает": Lower, "превышают": Lower, "превысит": Lower, "превысят": Lower,
	"не менее": Lower, "не меньше": Lower, "как минимум": Lower, "минимум": Lower, "более чем": Lower, "больше чем": Lower,
	"less than": Upper, "fewer than": Upper, "under": Upper, "below": Upper, "up to": Upper, "no more than": Upper,
	"not more than": Upper, "at most": Upper, "just under": Upper, "not exceeding": Upper, "not exceed": Upper,
	"менее": Upper, "меньше": Upper, "не более": Upper, "не больше": Upper, "не превышает": Upper,
	"не превысит": Upper, "не превышают": Upper, "максимум": Upper, "менее чем": Upper, "меньше чем": Upper,
	"about": Approx, "around": Approx, "approximately": Approx, "roughly": Approx, "nearly": Approx, "almost": Approx,
	"some": Approx, "close to": Approx, "an estimated": Approx, "estimated at": Approx, "approx": Approx,
	"около": Approx, "примерно": Approx, "порядка": Approx, "приблизительно": Approx, "почти": Approx,
	"практически": Approx, "где-то": Approx, "ориентировочно": Approx,
})

type boundPhrase struct {
	words []string
	bound string
}

func boundList(m map[string]string) []boundPhrase {
	var ps []unitPhrase
	for k, b := range m {
		ps = append(ps, unitPhrase{words: strings.Fields(k), unit: b})
	}
	sortPhrases(ps)
	out := make([]boundPhrase, len(ps))
	for i, p := range ps {
		out[i] = boundPhrase{p.words, p.unit}
	}
	return out
}

// boundsAfter follow the figure: "US$5 billion or more".
var boundsAfter = boundList(map[string]string{
	"or more": Lower, "and more": Lower, "plus": Lower, "и более": Lower, "или более": Lower, "с лишним": Lower,
	"or less": Upper, "и менее": Upper, "или менее": Upper,
})

// months make a number next to them a date.
var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true,
	"января": true, "февраля": true, "марта": true, "апреля": true, "мая": true, "июня": true, "июля": true,
	"августа": true, "сентября": true, "октября": true, "ноября": true, "декабря": true,
	"январь": true, "февраль": true, "март": true, "апрель": true, "май": true, "июнь": true, "июль": true,
	"август": true, "сентябрь": true, "октябрь": true, "ноябрь": true, "декабрь": true,
}

// numberLabels make the number after them a name, not a figure.
var numberLabels = map[string]bool{
	"no": true, "nos": true, "number": true, "article": true, "articles": true, "paragraph": true, "clause": true,
	"item": true, "decree": true, "resolution": true, "section": true, "chapter": true, "part": true, "page": true,
	"point": true, "flight": true, "room": true, "version": true, "level": true, "phase": true, "stage": true,
	"статья": true, "статьи": true, "статьей": true, "статье": true, "пункт": true, "пункта": true, "пункте": true,
	"часть": true, "части": true, "указ": true, "указа": true, "указом": true, "постановление": true, "глава": true,
	"главы": true, "рейс": true, "номер": true,
}

// relativeYears resolve from the document's date: the offset from its year.
var relativeYears = map[string]int{
	"last year": -1, "last year's": -1, "previous year": -1, "this year": 0, "this year's": 0, "current year": 0,
	"next year": 1, "next year's": 1, "coming year": 1,
	"прошлом году": -1, "прошлого года": -1, "прошлый год": -1, "прошедшем году": -1, "прошедший год": -1,
	"этом году": 0, "этого года": 0, "этот год": 0, "текущем году": 0, "текущего года": 0, "текущий год": 0,
	"следующем году": 1, "следующего года": 1, "следующий год": 1, "будущем году": 1, "будущего года": 1,
	"будущий год": 1,
}

// relativeFirst indexes relativeYears by their first word.
var relativeFirst = func() map[string][][]string {
	m := map[string][][]string{}
	for k := range relativeYears {
		w := strings.Fields(k)
		m[w[0]] = append(m[w[0]], w)
	}
	return m
}()
