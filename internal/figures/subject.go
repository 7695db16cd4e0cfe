package figures

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// How the words before a figure link it to what it measures.
const (
	linkLevel = iota // trade reached US$25 billion
	linkRise         // trade grew by 5 percent
	linkFall         // trade fell by 5 percent
	linkAfter        // …, reaching US$25 billion: the sentence's subject
)

type link struct {
	words []string
	kind  int
}

// links are read longest first; a Russian verb is matched by its stem
// (see stem).
var links = func() []link {
	var out []link
	add := func(kind int, s string) {
		for _, p := range strings.Split(s, ",") {
			out = append(out, link{strings.Fields(p), kind})
		}
	}
	add(linkLevel, "amounted to,amounts to,amount to,reached,reaches,reach,totalled,totaled,totals,stood at,stands at,"+
		"stand at,came to,comes to,come to,rose to,risen to,grew to,grown to,increased to,fell to,fallen to,dropped to,"+
		"decreased to,declined to,went up to,went down to,is,was,are,were,be,been,of,at,worth,valued at,estimated at,"+
		"accounts for,account for,accounted for,make up,makes up,made up,equals,equalled,equaled,hit,costs,cost,"+
		"exceeded,exceeds,exceed,surpassed,topped,"+
		"составить,достичь,превысить,равняться,вырасти до,увеличиться до,сократиться до,снизиться до,упасть до,"+
		"оцениваться в,в размере,на уровне,на сумму,объемом,стоимостью,это")
	add(linkRise, "rose by,grew by,increased by,went up by,up by,rose,grew,increased,вырасти на,увеличиться на")
	add(linkFall, "fell by,dropped by,decreased by,declined by,went down by,down by,fell,declined,decreased,"+
		"сократиться на,снизиться на,упасть на")
	add(linkAfter, "reaching,amounting to,totalling,totaling,exceeding,accounting for,составив,достигнув,превысив")
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j].words) > len(out[j-1].words); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}()

// stem reads a Russian verb of a link by its stem: составил, составляет,
// составит are all составить.
func stem(w string) string {
	for _, s := range verbStems {
		if strings.HasPrefix(w, s[0]) {
			if strings.HasSuffix(w, "в") && (s[1] == "составить" || s[1] == "достичь" || s[1] == "превысить") {
				return w // составив: a participle, a link of its own
			}
			return s[1]
		}
	}
	return w
}

var verbStems = [][2]string{{"состав", "составить"}, {"достиг", "достичь"}, {"достига", "достичь"}, {"превыс", "превысить"},
	{"превыша", "превысить"}, {"выросл", "вырасти"}, {"вырос", "вырасти"}, {"растет", "вырасти"}, {"увелич", "увеличиться"},
	{"сократ", "сократиться"}, {"сокращ", "сократиться"}, {"сниз", "снизиться"}, {"снижа", "снизиться"}, {"упал", "упасть"},
	{"равн", "равняться"}, {"равен", "равняться"}, {"оцен", "оцениваться"}}

// skipBeforeLink are the auxiliaries and adverbs between a subject and
// its verb: trade has already exceeded.
var skipBeforeLink = wordSet(`has have had will would could should shall may might must is are was were be been being
already also now still just even only again thus almost nearly recently reportedly currently
уже также еще сейчас тоже почти ведь же бы`)

// clauseWords end the subject reading back: a word that opens or links a
// clause, or a pronoun.
var clauseWords = wordSet(`that which who whom whose where when while whereas because since although though if as than so
but or then said says noted stressed added we i you they he she it is are was were has have had will would can could
should must may might shall do does did be been being also already now today still yet only just even there here
что который которая которое которые которых которого где когда но если как чем мы я они он она оно вы ты там здесь
уже также еще сейчас сегодня только лишь даже ведь же так тоже был была было были будет будут есть`)

// prepositions cut a subject to its head: trade between our countries →
// trade.
var prepositions = wordSet(`in on at for from to with between among by during over under within into across per since
after before through against including compared
в во на с со по за для между к от до из у при о об среди через после перед`)

// leading words dropped from the start of a subject.
var leading = wordSet(`and but so however moreover meanwhile thus therefore then now today overall also
и а но однако также ведь сейчас сегодня итак`)

// determiners open a noun phrase.
var determiners = wordSet(`the a an this these our their its`)

// auxiliaries come before a past participle: have revealed.
var auxiliaries = wordSet(`have has had already been was were is are be just also`)

// yearWords follow a year: в 2021 году, in fiscal year 2021.
var yearWords = wordSet(`year years год году года годах годы`)

// pronouns are not subjects.
var pronouns = wordSet(`percent per cent процентов процента level mark threshold amount it this that these those they which what there he she we i you one total sum figure amount
all both this others some same
он она оно они это этот эта эти то все оба сумма цифра`)

// subject reads the noun phrase the figure toks[first..last] measures
// from the words before it; "" when the rules are unsure.
func subject(toks []token, first, last int, lang string) string {
	// The link: a verb, a preposition or a dash between the subject and the
	// figure; a bound that is a verb (exceeded, превысил) is one.
	end, kind, verb := first, linkLevel, false // the subject ends before toks[end]
	for k := first; k < len(toks) && k <= last; k++ {
		if toks[k].kind == 'w' && (strings.HasPrefix(toks[k].low, "exceed") || strings.HasPrefix(stem(toks[k].low), "превысить")) {
			end, verb = k, true
			if strings.HasSuffix(toks[k].low, "ing") || strings.HasSuffix(toks[k].low, "в") {
				kind = linkAfter
			}
			break
		}
	}
	if !verb {
		var ok bool
		if kind, end, ok = matchLink(toks, first); !ok {
			// A dash or colon links a Russian subject to its figure
			// (бюджет — 3 млрд рублей); in English it opens an aside.
			if lang != "ru" || first == 0 || toks[first-1].kind != 's' || !strings.Contains("—–:", toks[first-1].text) {
				return ""
			}
			kind, end = linkLevel, first-1
		}
	}
	k := end - 1
	if k >= 0 && toks[k].low == "to" {
		// increased by 40 percent to reach $6 billion: the subject is the
		// sentence's.
		kind, k = linkAfter, -1
	}
	for k >= 0 && toks[k].kind == 'w' && skipBeforeLink[toks[k].low] {
		k--
	}
	// "of" links the figure to the noun phrase just before it: total
	// investment volume of US$1.5 billion.
	words := collect(toks, k, end < len(toks) && toks[end].low == "of")
	if len(words) == 0 && kind == linkAfter {
		words = sentenceSubject(toks, end)
	}
	if kind == linkAfter {
		kind = linkLevel
	}
	s := phrase(words)
	if s == "" {
		return ""
	}
	switch kind {
	case linkRise:
		s += " (growth)"
	case linkFall:
		s += " (decline)"
	}
	return s
}

// matchLink matches a link ending before toks[i]; start is its first token.
func matchLink(toks []token, i int) (kind, start int, ok bool) {
next:
	for _, l := range links {
		n := len(l.words)
		if n > i {
			continue
		}
		for m, w := range l.words {
			t := &toks[i-n+m]
			if t.kind == 's' {
				if t.text != w {
					continue next
				}
				continue
			}
			if t.low != w && stem(t.low) != w {
				continue next
			}
		}
		return l.kind, i - n, true
	}
	return 0, 0, false
}

// collect reads words back from toks[k] to the start of their clause and
// returns them in order.
func collect(toks []token, k int, near bool) []*token {
	var words []*token
	for ; k >= 0 && len(words) < 12; k-- {
		t := &toks[k]
		if t.kind == 'n' && yearLike(t) {
			words = append(words, t) // the budget for 2021
			continue
		}
		if t.kind == 'n' && len(words) > 0 {
			return nil // 95 octane petrol: a number inside the phrase, unsure
		}
		if t.kind != 'w' || clauseWords[t.low] || near && prepositions[t.low] {
			// "we have already revealed cartel agreements": after an
			// auxiliary, the first word is a verb, not the phrase's.
			if t.kind == 'w' && auxiliaries[t.low] && len(words) > 1 && strings.HasSuffix(words[len(words)-1].low, "ed") {
				words = words[:len(words)-1]
			}
			break
		}
		words = append(words, t)
	}
	for a, b := 0, len(words)-1; a < b; a, b = a+1, b-1 {
		words[a], words[b] = words[b], words[a]
	}
	// "not supervised by …", "… were revealed": a verb phrase, not a noun
	// phrase.
	if len(words) > 0 && (words[0].low == "not" || words[0].low == "не") {
		return nil
	}
	// "trade grew and exports": after the last "and", unless a preposition
	// comes before it (trade between our countries and regions).
	for m := len(words) - 1; m > 0; m-- {
		if words[m].low == "and" || words[m].low == "и" {
			hasPrep := false
			for _, w := range words[1:m] {
				if prepositions[w.low] {
					hasPrep = true
				}
			}
			if !hasPrep && m > 1 {
				words = words[m+1:] // one word before "and" is a conjunct: small and medium-sized businesses
			}
			break
		}
	}
	return words
}

// sentenceSubject reads the words that open the sentence up to its
// verb: "Trade is growing …, reaching …" → Trade.
func sentenceSubject(toks []token, end int) []*token {
	var words []*token
	for k := 0; k < end && len(words) < 8; k++ {
		t := &toks[k]
		if t.kind != 'w' {
			words = words[:0] // an opening phrase: Last year, …; In 2021, …
			continue
		}
		if clauseWords[t.low] || skipBeforeLink[t.low] {
			return words
		}
		if _, _, ok := matchLink(toks, k+1); ok && len(words) > 0 {
			return words
		}
		words = append(words, t)
	}
	return nil
}

// phrase is words as a subject: leading conjunctions and a leading
// relative year dropped, cut at its first preposition, "" when nothing
// is left but pronouns or the words are too many to be sure.
func phrase(words []*token) string {
	for len(words) > 0 {
		w := words[0].low
		if leading[w] {
			words = words[1:]
			continue
		}
		if len(words) > 1 {
			if _, ok := relativeYears[w+" "+words[1].low]; ok {
				words = words[2:]
				continue
			}
		}
		if len(words) > 2 {
			if _, ok := relativeYears[words[1].low+" "+words[2].low]; ok && prepositions[w] {
				words = words[3:]
				continue
			}
		}
		if words[0].kind == 'n' || yearWords[w] || prepositions[w] && len(words) > 1 && words[1].kind == 'n' {
			words = words[1:] // В 2021 году товарооборот → товарооборот
			continue
		}
		if _, ok := numberWords[w]; ok && w != "a" {
			words = words[1:] // eight projects → projects
			continue
		}
		break
	}
	for m := 1; m < len(words); m++ {
		if prepositions[words[m].low] {
			words = words[:m]
			break
		}
	}
	// A determiner inside the phrase, not after "of": the words before it
	// are a verb or another phrase (report a budget surplus, in the
	// European part the price).
	for m := len(words) - 1; m > 0; m-- {
		if determiners[words[m].low] && words[m-1].low != "of" && words[m-1].low != "and" {
			words = words[m:]
			break
		}
	}
	if len(words) == 0 || len(words) > 6 {
		return ""
	}
	content := 0
	for _, w := range words {
		if !pronouns[w.low] && !functionWords[w.low] {
			content++
		}
	}
	head := words[len(words)-1].low
	if content == 0 || pronouns[head] || words[0].low == "a" || words[0].low == "an" || strings.HasSuffix(head, "ed") && len(head) > 4 {
		// A pronoun, or an indefinite "a capacity": not a subject to
		// compare.
		return ""
	}
	var b strings.Builder
	for m, w := range words {
		if m > 0 {
			b.WriteByte(' ')
		}
		text := w.text
		if m == 0 && w.opens && isCapitalised(text) {
			text = lowerFirst(text)
		}
		b.WriteString(text)
	}
	return b.String()
}

// isCapitalised reports whether w is a capital then lower case letters:
// a word that opens a sentence (Trade), not an acronym (EU) or a name
// is told apart only by that.
func isCapitalised(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || size == len(w) {
		return false
	}
	for _, r := range w[size:] {
		if unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

func lowerFirst(w string) string {
	r, size := utf8.DecodeRuneInString(w)
	return string(unicode.ToLower(r)) + w[size:]
}

// SubjectKey is the form of a subject that figures about the same thing
// share: lower case, without determiners, possessives and words that do
// not change what is measured (total, bilateral, volume), English plurals
// made singular: "Their total investment" and "investments" are both
// "investment"; "trade turnover", "bilateral trade" and "trade" are all
// "trade". It is "" for "".
func SubjectKey(s string) string {
	growth := ""
	if i := strings.Index(s, " ("); i >= 0 {
		s, growth = s[:i], s[i:]
	}
	words := strings.FieldsFunc(lower(s), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '\'' })
	hasTrade := false
	for _, w := range words {
		if w == "trade" {
			hasTrade = true
		}
	}
	var out []string
	for _, w := range words {
		if keyStop[w] || (w == "turnover" && hasTrade) {
			continue
		}
		w = strings.TrimSuffix(w, "'s")
		if len(w) > 3 && strings.HasSuffix(w, "ies") {
			w = w[:len(w)-3] + "y"
		} else if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") &&
			!strings.HasSuffix(w, "is") && w[0] < utf8.RuneSelf {
			w = w[:len(w)-1]
		}
		out = append(out, w)
	}
	for len(out) > 0 && (out[0] == "of" || out[0] == "and") {
		out = out[1:]
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, " ") + growth
}

var keyStop = wordSet(`the a an our their its his her my your this that these those total overall bilateral mutual
mutually cumulative annual entire whole volume value
наш наша наше наши нашего нашей наших их его ее этот эта это эти общий общая общее общего общей общий взаимный
взаимная взаимного двусторонний двусторонняя двустороннего совокупный совокупная совокупного годовой весь весь
объем объема стоимость`)
