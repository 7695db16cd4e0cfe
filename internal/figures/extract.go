package figures

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Extract returns the figures of text, a paragraph or a turn's text in
// lang ("en" or "ru"; anything else reads as English), in order.
// docDate (YYYY-MM-DD, or "") resolves "last year" and "this year".
// Only Text, Value, Unit, Bound, Period, Subject, Sentence, Start and
// End are set; Paragraph is 0. It never fails: text it cannot read
// gives no figures.
func Extract(text, lang, docDate string) []Figure {
	var x Extractor
	return x.Extract(nil, text, lang, docDate)
}

// Extractor extracts figures, reusing its buffers from one call to the
// next. The zero value is ready to use; it is not safe for concurrent use.
type Extractor struct {
	toks []token
}

// Extract appends the figures of text to dst (see the function Extract).
func (x *Extractor) Extract(dst []Figure, text, lang, docDate string) []Figure {
	year := 0
	if len(docDate) >= 4 {
		year, _ = strconv.Atoi(docDate[:4])
	}
	sentences(text, func(start, end int) {
		x.toks = tokenize(text[start:end], start, lang, x.toks[:0])
		dst = x.sentence(dst, text, start, end, lang, year)
	})
	return dst
}

// sentence appends the figures of one sentence, text[ss:se], whose tokens
// are x.toks.
func (x *Extractor) sentence(dst []Figure, text string, ss, se int, lang string, year int) []Figure {
	toks := x.toks
	first := len(dst)
	var spans [][2]int // token spans of the figures, for the period
	for i := 0; i < len(toks); i++ {
		fs, next, ok := figureAt(toks, i)
		if !ok {
			continue
		}
		for _, f := range fs {
			f.fill(toks, text)
			f.Sentence = strings.TrimSpace(text[ss:se])
			dst = append(dst, f.Figure)
			spans = append(spans, [2]int{f.first, f.last})
		}
		i = next - 1
	}
	if len(dst) == first {
		return dst
	}
	for k := first; k < len(dst); k++ {
		sp := spans[k-first]
		dst[k].Period = period(toks, sp[0], sp[1], spans, year)
		dst[k].Subject = subject(toks, sp[0], sp[1], lang)
	}
	return dst
}

// found is a figure being read, with its token span [first, last].
type found struct {
	Figure
	first, last int // tokens of Text, bound words included
	num         int // the number's token
}

func (f *found) fill(toks []token, text string) {
	f.Start, f.End = toks[f.first].start, toks[f.last].end
	f.Text = text[f.Start:f.End]
}

// figureAt reads the figure whose number is toks[i], if it is one; next
// is the token after it. A range ("2–3 percent", "от 2 до 3 процентов")
// gives two figures, its lower and upper bounds.
func figureAt(toks []token, i int) (fs []found, next int, ok bool) {
	t := &toks[i]
	var val float64
	dec := 0
	word := false
	last := i
	switch t.kind {
	case 'n':
		val, dec = t.val, t.dec
		if skipNumber(toks, i) {
			return nil, i + 1, false
		}
	case 'w':
		v, isNum := numberWords[t.low]
		if !isNum {
			return nil, i + 1, false
		}
		val, word = v, true
		// twenty-five is one word; twenty five two.
		if v >= 20 && v < 100 && i+1 < len(toks) && toks[i+1].kind == 'w' {
			if u, ok := numberWords[toks[i+1].low]; ok && u < 10 && u >= 1 && toks[i+1].low != "a" {
				val += u
				last = i + 1
			}
		}
		if strings.Contains(t.low, "-") {
			parts := strings.SplitN(t.low, "-", 2)
			a, ok1 := numberWords[parts[0]]
			b, ok2 := numberWords[parts[1]]
			if ok1 && ok2 {
				val = a + b
			}
		}
	default:
		return nil, i + 1, false
	}
	// The start of a range: its end reads it.
	if t.kind == 'n' && i+2 < len(toks) && isDash(toks[i+1]) && toks[i+2].kind == 'n' {
		return nil, i + 1, false
	}
	j := last + 1
	mult := 1.0
	scaled := false
	if j < len(toks) && toks[j].kind == 'w' {
		if m, ok := scales[toks[j].low]; ok {
			// A scaled unit (млрд кубометров) reads its own scale.
			if _, u, _, ok := matchUnit(toks, j, scaledUnits); !ok || u == "" {
				mult, scaled = m, true
				if abbreviatedScales[toks[j].low] && j+2 < len(toks) && toks[j+1].text == "." && !toks[j+1].space &&
					toks[j+2].kind == 'w' && !startsUpper(toks[j+2].text) {
					j++
				}
				last = j
				j++
			}
		}
	}
	unit := ""
	unitMult := 1.0
	firstTok := i
	// A currency written before the number: US$, $, €, USD.
	if i > 0 && !word {
		p := &toks[i-1]
		if c, ok := currencySymbols[p.text]; ok && p.kind == 's' {
			unit = c
			firstTok = i - 1
			if i > 1 && !p.space && toks[i-2].kind == 'w' && (toks[i-2].text == "US" || toks[i-2].text == "U.S") {
				firstTok = i - 2
			} else if i > 2 && !p.space && toks[i-2].text == "." && toks[i-3].text == "S" {
				firstTok = i - 2 // U.S.$: the U. stays out of the figure
			}
		} else if p.kind == 'w' && currencyCodes[p.text] {
			unit = p.text
			firstTok = i - 1
		}
	}
	if n, u, m, ok := matchUnit(toks, j, scaledUnits); ok && unit == "" {
		unit, unitMult, last, j = u, m, n-1, n
	} else if toks, n := toks, j; n < len(toks) && toks[n].text == "%" {
		if unit == "" {
			unit, last, j = Percent, n, n+1
		}
	} else if n, u, _, ok := matchUnit(toks, j, unitsAfter); ok {
		if unit == "" {
			unit, last, j = u, n-1, n
		} else if isCurrency(u) {
			last, j = n-1, n // "$5 billion dollars": one unit
		}
	}
	if unit == "" {
		switch {
		case word && !scaled:
			return nil, i + 1, false
		case scaled || (val >= 1000 && !yearLike(t)):
			// A count: the noun after it is its unit.
			if j < len(toks) && countNoun(toks[j]) {
				unit, last, j = toks[j].low, j, j+1
				// foreign students, business entities: a word and a plural.
				if j < len(toks) && toks[j].space && countNoun(toks[j]) && !strings.HasSuffix(unit, "s") &&
					strings.HasSuffix(toks[j].low, "s") {
					unit, last, j = unit+" "+toks[j].low, j, j+1
				}
			} else if !scaled {
				return nil, i + 1, false
			}
		default:
			return nil, i + 1, false
		}
	}
	// A rate: $57 per megawatt-hour, 31.40 rubles per litre, рублей за литр.
	if j+1 < len(toks) && (toks[j].low == "per" || toks[j].low == "за" && isCurrency(unit)) && toks[j+1].kind == 'w' &&
		!functionWords[toks[j+1].low] && !startsUpper(toks[j+1].text) {
		if _, isScale := scales[toks[j+1].low]; !isScale && toks[j+1].low != "cent" {
			unit, last, j = unit+" per "+toks[j+1].low, j+1, j+2
		}
	}
	if word && t.low == "a" && !scaled {
		return nil, i + 1, false
	}
	f := found{num: i, first: firstTok, last: last}
	f.Value = round(val * mult * unitMult)
	f.tol = 0.5 * math.Pow(10, -float64(dec)) * mult * unitMult
	f.Unit = unit
	f.Bound = Exact
	if b, n := boundBefore(toks, firstTok); n > 0 {
		f.Bound, f.first = b, firstTok-n
	}
	if b, n := boundAfter(toks, j); n > 0 && f.Bound == Exact {
		f.Bound, f.last, j = b, j+n-1, j+n
	}
	// The end of a range: 2–3 percent, between 2 and 3 percent, от 2 до 3.
	if t.kind == 'n' && firstTok == i && i >= 2 && toks[i-2].kind == 'n' && !skipNumber(toks, i-2) {
		sep := toks[i-1]
		opener := ""
		if i >= 3 && toks[i-3].kind == 'w' {
			opener = toks[i-3].low
		}
		isRange := isDash(sep) || (sep.low == "and" && opener == "between") || (sep.low == "до" && opener == "от") ||
			(sep.low == "to" && opener == "between") ||
			(sep.low == "to" && opener == "of" && i >= 4 && toks[i-4].low == "range")
		if isRange {
			lo := f
			lo.num = i - 2
			lo.Value = round(toks[i-2].val * mult * unitMult)
			lo.tol = 0.5 * math.Pow(10, -float64(toks[i-2].dec)) * mult * unitMult
			lo.Bound = Lower
			lo.first = i - 2
			if opener == "between" || opener == "от" || opener == "of" {
				lo.first = i - 3
			}
			f.Bound = Upper
			f.first = lo.first
			return []found{lo, f}, j, true
		}
	}
	return []found{f}, j, true
}

func isDash(t token) bool {
	return t.kind == 's' && (t.text == "-" || t.text == "–" || t.text == "—")
}

// round drops the binary noise of a product: 25.6*1e9 is 25,600,000,000.
func round(v float64) float64 {
	if v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	if err != nil {
		return v
	}
	return r
}

func isCurrency(u string) bool {
	return len(u) == 3 && strings.ToUpper(u) == u && u != "kWh"
}

// yearLike reports whether t could be a year: four digits from 1000 to
// 2100, written without separators or decimals.
func yearLike(t *token) bool {
	return t.kind == 'n' && t.dec == 0 && !t.group && t.digits == 4 && t.val >= 1000 && t.val <= 2100
}

// skipNumber reports whether the number toks[i] is part of a name, a
// date, a time, an ordinal or a label rather than a quantity.
func skipNumber(toks []token, i int) bool {
	t := &toks[i]
	if t.kind != 'n' {
		return true
	}
	if len(t.text) > 1 && t.text[0] == '0' && isDigit(t.text[1]) {
		return true // 000, 007: a fragment or a code
	}
	if i > 0 {
		p := &toks[i-1]
		if !t.space && (p.kind == 'w' || p.kind == 'n' || p.kind == 'd') {
			return true // G20, 5G20
		}
		if !t.space && (p.text == "/" || p.text == "." || p.text == ":") {
			return true // 1/2, 10:30, v.2
		}
		if !t.space && p.text == "-" && !p.space && i > 1 && toks[i-2].kind == 'w' {
			return true // COVID-19, S-400
		}
		if p.text == "№" || p.text == "#" {
			return true
		}
		if p.kind == 'w' && (numberLabels[p.low] || months[p.low]) {
			return true
		}
		if p.text == "." && i > 1 && numberLabels[toks[i-2].low] {
			return true // No. 204
		}
	}
	if i+1 < len(toks) {
		n := &toks[i+1]
		if !n.space && n.kind == 'w' {
			if _, ok := scales[n.low]; !ok && !attachedUnit[n.low] {
				return true // 21st, 5G, 3D
			}
		}
		if !n.space && (n.text == ":" || n.text == "/") && i+2 < len(toks) && toks[i+2].kind == 'n' && !toks[i+2].space {
			return true // 10:30, 24/7
		}
		if n.kind == 'w' && months[n.low] && t.val >= 1 && t.val <= 31 && t.dec == 0 {
			return true // 10 February, 10 февраля
		}
	}
	// A list number opening a paragraph: "1. …", "2) …".
	if i == 0 && i+1 < len(toks) && (toks[i+1].text == "." || toks[i+1].text == ")") && t.dec == 0 && t.val < 100 {
		return true
	}
	return false
}

// attachedUnit may follow a number without a space: 3bn, 14%, 5km.
var attachedUnit = map[string]bool{"bn": true, "mn": true, "mln": true, "tn": true, "km": true, "mw": true, "gw": true,
	"kwh": true, "bcm": true, "pct": true, "т": true, "км": true, "га": true, "млн": true, "млрд": true, "трлн": true, "тыс": true}

// matchUnit matches one of ps at toks[j:], the stops of abbreviations
// (млрд., кв. м.) skipped; n is the token after it.
func matchUnit(toks []token, j int, ps []unitPhrase) (n int, unit string, mult float64, ok bool) {
	if j >= len(toks) || toks[j].kind != 'w' {
		return j, "", 1, false
	}
next:
	for _, p := range ps {
		k := j
		for w, word := range p.words {
			if k < len(toks) && w > 0 && toks[k].text == "." && !toks[k].space {
				k++
			}
			if k >= len(toks) || toks[k].kind != 'w' || toks[k].low != word {
				continue next
			}
			k++
		}
		// The stop of an abbreviated unit: руб., долл., т.
		if k+1 < len(toks) && toks[k].text == "." && !toks[k].space && abbreviatedUnits[p.words[len(p.words)-1]] &&
			toks[k+1].kind == 'w' && !startsUpper(toks[k+1].text) {
			k++
		}
		return k, p.unit, p.mult, true
	}
	return j, "", 1, false
}

// abbreviatedUnits may be followed by their stop (руб., т.) inside a
// sentence.
var abbreviatedUnits = wordSet(`руб долл т км чел проц кв куб м тыс млн млрд трлн`)

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// countNoun reports whether t can be the noun a count counts: a word in
// lower case that is not a function word.
func countNoun(t token) bool {
	if t.kind != 'w' || startsUpper(t.text) || utf8.RuneCountInString(t.text) < 3 {
		return false
	}
	return !functionWords[t.low] && !months[t.low] && !notCounted[t.low]
}

// notCounted follow a number without being what it counts: the 4
// million mark, the 10,000 threshold.
var notCounted = wordSet(`mark level threshold barrier figure point points range each more less times fold plus
рубеж уровень отметку порог раз`)

// functionWords are not nouns.
var functionWords = wordSet(`a an the and or of in on at to for from with by as than that this these those which who what
when where while is are was were be been has have had will would can could should may might must not also only just
more less over under about into per each every other such their our its his her your my it we they you he she
и или в во на с со по за для из к от до о об а но что как это все так же ли бы не ни его ее их наш наши год года
году лет`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// boundBefore matches the words that bound a figure ending before
// toks[i]; n is how many tokens they take.
func boundBefore(toks []token, i int) (bound string, n int) {
next:
	for _, b := range boundsBefore {
		if len(b.words) > i {
			continue
		}
		for k, w := range b.words {
			t := &toks[i-len(b.words)+k]
			if t.kind != 'w' || t.low != w {
				continue next
			}
		}
		return b.bound, len(b.words)
	}
	return "", 0
}

// boundAfter matches the words that bound a figure starting at toks[j].
func boundAfter(toks []token, j int) (bound string, n int) {
next:
	for _, b := range boundsAfter {
		if j+len(b.words) > len(toks) {
			continue
		}
		for k, w := range b.words {
			t := &toks[j+k]
			if t.kind != 'w' || t.low != w {
				continue next
			}
		}
		return b.bound, len(b.words)
	}
	return "", 0
}

// period is the year the figure toks[first..last] is about: the nearest
// year named in its sentence, outside every figure, or a year relative
// to the document's ("last year"); "" when there is none.
func period(toks []token, first, last int, spans [][2]int, docYear int) string {
	best, bestDist := "", math.MaxInt
	inFigure := func(k int) bool {
		for _, s := range spans {
			if k >= s[0] && k <= s[1] {
				return true
			}
		}
		return false
	}
	dist := func(k, width int) int {
		if k < first {
			return first - (k + width - 1) // before: a little further than after at the same gap
		}
		return k - last - 1
	}
	for k := 0; k < len(toks); k++ {
		t := &toks[k]
		y, width := "", 1
		switch {
		case t.kind == 'n' && yearLike(t) && t.val >= 1900 && !inFigure(k):
			y = t.text
		case t.kind == 'w' && docYear > 0:
			for _, words := range relativeFirst[t.low] {
				if k+len(words) > len(toks) {
					continue
				}
				match := true
				for m, w := range words {
					if toks[k+m].low != w {
						match = false
						break
					}
				}
				if match {
					y, width = strconv.Itoa(docYear+relativeYears[strings.Join(words, " ")]), len(words)
					break
				}
			}
		}
		if y == "" {
			continue
		}
		// A year compared with, or a base year, is not the figure's.
		if compared(toks, k) {
			continue
		}
		// 2018–2025: the period is the range.
		if t.kind == 'n' && k+2 < len(toks) && isDash(toks[k+1]) && yearLike(&toks[k+2]) {
			y, width = y+"–"+toks[k+2].text, 3
		}
		if d := dist(k, width); d < bestDist {
			best, bestDist = y, d
		}
		k += width - 1
	}
	return best
}

// compared reports whether the year at toks[k] is what a figure is
// compared with: "compared to 2020", "against the same period last
// year", "the base year 1990", "по сравнению с прошлым годом".
func compared(toks []token, k int) bool {
	for m := k - 1; m >= 0 && m >= k-5; m-- {
		switch toks[m].low {
		case "compared", "against", "base", "versus", "vs", "since", "сравнению", "относительно":
			return true
		case "с":
			if m == k-1 {
				return true // с 2012 года: since
			}
		}
		if toks[m].kind == 's' {
			return false
		}
	}
	return false
}
