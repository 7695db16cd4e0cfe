package parser

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/persons"
	"github.com/rostrum/rostrum/internal/transcript"
)

// roleWords end an office and never begin a name: "President of Russia
// Vladimir Putin", "Sberbank CEO Herman Gref", "Lt-Gen Valery Kapashin".
var roleWords = setOf(`president vice-president president-elect minister prime premier vice-premier chairman
chairwoman chair chairperson co-chair head governor governor-general secretary speaker deputy ceo cfo coo
director director-general general-director ambassador mayor envoy commissioner prosecutor prosecutor-general
adviser advisor aide spokesman spokeswoman spokesperson editor editor-in-chief correspondent coach rector
chancellor king queen prince princess emir sultan patriarch metropolitan leader founder co-founder partner
professor moderator commander commander-in-chief general colonel major lieutenant captain admiral lt-gen
major-general lieutenant-general colonel-general army-general sergeant officer member representative
ombudsman cosmonaut test-cosmonaut instructor-test-cosmonaut pilot chief manager owner host presenter anchor
journalist reporter teacher student worker engineer doctor dr mr mrs ms excellency holiness majesty highness
archbishop bishop mufti rabbi cardinal pope acting executive senior auditor judge justice counsellor
counselor consul delegate senator mp rapporteur coordinator administrator superintendent instructor veteran
hero champion athlete artist writer poet actor actress singer composer conductor producer architect scientist
researcher academician economist analyst expert blogger activist volunteer priest abbot principal dean
president-elect sheikh tsar chairman-elect premier-elect vice-chairman vice-chair vice-governor ceo-elect
scholar fellow paramedic officer-in-charge plenipotentiary presidential`)

// linkWords join an office to the organisation it belongs to.
var linkWords = setOf(`of the and for at to on in a an with under by de la del des du von van der den al el`)

// particles may sit inside a personal name: "Salman bin Abdulaziz", "Ursula von der Leyen".
var particles = setOf(`bin ibn bint al el de da di del della dos das du van von der den la le ter ben abu`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// People is the naming context of one document: canonical names already
// known (from its taxonomy footer and its short labels), used to split a
// long label into office and name the same way throughout the document.
// Names are indexed by their last word, so resolving a label costs the
// same however many names a document holds. The zero value is ready to
// use.
type People struct {
	names  []string            // canonical names, in "Given Surname" order
	known  map[string]bool     // the same, for Add
	byLast map[string][]string // lower-cased last word (Е and Ё alike) → names
}

// Add records a canonical name.
func (p *People) Add(name string) {
	name = Fold(name)
	if name == "" || p.known[name] {
		return
	}
	if p.known == nil {
		p.known, p.byLast = map[string]bool{}, map[string][]string{}
	}
	p.known[name] = true
	p.names = append(p.names, name)
	last := lastKey(name)
	p.byLast[last] = append(p.byLast[last], name)
}

// lastKey is the index key of a name: its last word, lower-cased, Ё as Е.
func lastKey(name string) string {
	i := strings.LastIndexAny(name, " .")
	return strings.ToLower(foldYo(name[i+1:]))
}

// AddTaxonomy records a surname-first person from a taxonomy footer
// ("Tokayev Kassym-Jomart") and returns its canonical form. When a label in
// labels ends with the same words in another order, that order wins;
// otherwise the first word (the surname) moves to the end.
func (p *People) AddTaxonomy(surnameFirst string, labels []string) string {
	words := strings.Fields(Fold(surnameFirst))
	if len(words) == 0 {
		return ""
	}
	// "Ruling Prince of Monaco Albert II": some entries print the office
	// too, and read as a label does.
	for _, w := range words {
		lw := strings.ToLower(w)
		if roleWords[lw] || linkWords[lw] && !particles[lw] && w == lw {
			if name, _ := p.Resolve(surnameFirst); name != "" {
				p.Add(name)
				return name
			}
			break
		}
	}
	for _, l := range labels {
		lw := strings.Fields(normalizeLabel(l))
		if len(lw) < len(words) {
			continue
		}
		tail := lw[len(lw)-len(words):]
		if persons.SameWords(tail, words) {
			name := strings.Join(tail, " ")
			p.Add(name)
			return name
		}
	}
	name := surnameFirst
	if len(words) == 3 && isPatronymic(words[2]) {
		// "Путин Владимир Владимирович": the canonical name is given name
		// and surname, as the labels and the English edition print it.
		words = words[:2]
	}
	if len(words) > 1 {
		name = strings.Join(append(words[1:], words[0]), " ")
	}
	p.Add(name)
	return name
}

// isPatronymic reports whether w, the third word of a surname-first
// name, is a Russian patronymic ("Владимирович", "Сергеевна", "Ильич",
// "Кузьминична").
func isPatronymic(w string) bool {
	if !isNameWord(w) || utf8.RuneCountInString(w) < 4 {
		return false
	}
	for _, suf := range []string{"ич", "вна", "чна"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// Resolve splits a speaker label into the canonical person and the office
// printed before (or after) the name. Anonymous labels (Question, Remark)
// give empty strings.
//
//	President of Russia Vladimir Putin       → Vladimir Putin, President of Russia
//	PRESIDENT OF RUSSIA VLADIMIR PUTIN       → Vladimir Putin, President of Russia
//	President of Guinea Alpha Conde(retranslated) → Alpha Conde, President of Guinea
//	Alexander Duimamet, welding engineer …   → Alexander Duimamet, welding engineer …
func (p *People) Resolve(label string) (person, role string) {
	if transcript.IsAnonymousSpeaker(label) {
		return "", ""
	}
	l := normalizeLabel(label)
	if l == "" {
		return "", ""
	}
	if !strings.Contains(l, " ") {
		// A label printed without its spaces ("Minister-PresidentofBavariaHorstSeehofer")
		// ends in a name the page prints elsewhere, without its spaces.
		if name, role, ok := p.glued(l); ok {
			return name, role
		}
		if humps := splitHumps(l); len(humps) == 2 {
			l = fixCase(humps[0] + " " + humps[1]) // "VladimirPutin", "VladimirPUTIN"
		} else if len(humps) > 2 {
			// "Minister-PresidentofBavariaHorstSeehofer", its name not
			// printed elsewhere on the page: the last two parts.
			n := len(humps)
			return humps[n-2] + " " + humps[n-1], strings.Join(humps[:n-2], "")
		}
	}
	// "Д.Песков", "V.Putin", "Р.Т.Эрдоган": initials and a surname stand
	// for the full name known on the page ("Песков Дмитрий" in its footer).
	if m := reInitialSurname.FindStringSubmatch(l); m != nil {
		initials := strings.FieldsFunc(m[1], func(r rune) bool { return r == '.' || r == ' ' })
		for _, n := range p.byLast[strings.ToLower(foldYo(m[2]))] {
			if matchInitials(n, initials, m[2]) {
				return n, ""
			}
		}
		return strings.Join(initials, ".") + "." + m[2], ""
	}
	// A name known in this document, at the end of the label.
	best := ""
	for _, n := range p.byLast[lastKey(l)] {
		if len(n) > len(best) && hasWordSuffix(l, n) {
			best = n
		}
	}
	if best != "" {
		return best, cleanRole(l[:len(l)-len(best)])
	}
	// "Name Surname, office": a short run of capitalised words before a comma.
	if head, tail, ok := strings.Cut(l, ", "); ok {
		hw := strings.Fields(head)
		if len(hw) >= 2 && len(hw) <= 4 && allNameWords(hw) {
			return head, cleanRole(tail)
		}
	}
	words := strings.Fields(l)
	// "King Mohammed VI of Morocco", "Patriarch Kirill of Moscow and All
	// Russia", "Metropolitan Hilarion of Volokolamsk": a style, the name,
	// then the realm or see.
	for i, w := range words {
		if !styles[strings.ToLower(w)] {
			continue
		}
		k := i + 1
		for k < len(words) && k-i <= 3 && isNameWord(words[k]) && !roleWords[strings.ToLower(words[k])] &&
			!strings.HasSuffix(words[k], ",") {
			k++
		}
		if k > i+1 && k < len(words) && k-i <= 4 && words[k] == "of" {
			name := strings.Join(words[i+1:k], " ")
			return name, cleanRole(strings.Join(words[:i+1], " ") + " " + strings.Join(words[k:], " "))
		}
		break
	}
	// "… Patriarch Theophilos III of Jerusalem": a regnal name, then the realm.
	if n := len(words); n >= 4 && words[n-2] == "of" && isRoman(words[n-3]) && isNameWord(words[n-1]) {
		k := n - 4
		for k > 0 && isNameWord(words[k-1]) && !roleWords[strings.ToLower(words[k-1])] {
			k--
		}
		if k < n-3 {
			name := strings.Join(words[k:n-2], " ")
			return name, cleanRole(strings.Join(words[:k], " ") + " " + strings.Join(words[n-2:], " "))
		}
	}
	j := len(words)
	for j > 0 {
		w := words[j-1]
		lw := strings.ToLower(w)
		if strings.HasSuffix(w, ")") || strings.HasSuffix(w, "]") || strings.HasSuffix(w, ",") || strings.HasSuffix(w, "–") ||
			roleWords[lw] || orgNouns[strings.Trim(lw, ".")] || isAcronym(w) ||
			!(isNameWord(w) || isParticleName(w) || (particles[lw] && j < len(words))) {
			break
		}
		j--
	}
	for j < len(words) && particles[strings.ToLower(words[j])] {
		j++ // a name starts with a capital
	}
	run := words[j:]
	switch {
	case len(run) == 0:
		// No name in the label ("Interior Minister", "the hall"): the
		// speaker stays unresolved, counted as such by rostrum stats.
		return "", cleanRole(l)
	case len(run) == 1 && !isInitialsName(run[0]):
		// One word is no one's full name: "Operator", "Dmitry, Moscow"
		// (a caller and a city), a bold word the page prints as a label.
		// The speaker stays unresolved rather than become "Moscow".
		return "", ""
	case j > 0 && (linkWords[strings.ToLower(words[j-1])] || orgNouns[strings.ToLower(words[j-1])]) && len(run) > 2:
		// "President of Kazakhstan Kassym-Jomart Tokayev", "State Space
		// Corporation Roscosmos Igor Komarov": the run begins with the end
		// of the office's organisation.
		run = run[nameStart(run):]
	case len(run) > 4:
		run = run[nameStart(run):]
	}
	name := strings.Join(run, " ")
	return stripBrackets(name), cleanRole(strings.TrimSuffix(l, name))
}

// glued finds the known name that a label printed without spaces ends in.
func (p *People) glued(l string) (name, role string, ok bool) {
	last := strings.LastIndexFunc(l, unicode.IsUpper)
	if last <= 0 {
		return "", "", false
	}
	for _, n := range p.byLast[strings.ToLower(foldYo(l[last:]))] {
		packed := strings.ReplaceAll(n, " ", "")
		if strings.Contains(n, " ") && len(packed) < len(l) && strings.HasSuffix(l, packed) {
			return n, cleanRole(l[:len(l)-len(packed)]), true
		}
	}
	return "", "", false
}

// splitHumps splits a word printed without its spaces at each capital
// that follows a lower-case letter: "VladimirPUTIN" → Vladimir, PUTIN;
// "Minister-PresidentofBavariaHorstSeehofer" → Minister-Presidentof,
// Bavaria, Horst, Seehofer. A word without such a capital comes back
// whole.
func splitHumps(w string) []string {
	var out []string
	start := 0
	prev := rune(0)
	for i, r := range w {
		if i > 0 && unicode.IsUpper(r) && unicode.IsLower(prev) {
			out = append(out, w[start:i])
			start = i
		}
		prev = r
	}
	return append(out, w[start:])
}

// isInitialsName reports whether w is an initial and a surname written
// as one word ("В.Путин").
func isInitialsName(w string) bool { return reInitialSurname.MatchString(w) }

// nameStart returns where the name begins in a run of capitalised words
// that also holds the end of an organisation: the last two words, with an
// initial or a particle before them ("Adnan Z. Amin"), and across
// particles, which join the words on both sides ("Tamim bin Hamad Al
// Thani", "Hamad Bin Isa Al Khalifa", "Ursula von der Leyen").
func nameStart(run []string) int {
	k := max(len(run)-2, 0)
	if k > 0 && isInitial(run[k]) {
		k--
	}
	if k > 0 && particles[strings.ToLower(run[k])] {
		// A name does not begin with a particle: "Al Khalifa" is "Isa Al
		// Khalifa", "der Leyen" is "Ursula von der Leyen"; a capitalised
		// "Ben" there is a given name.
		k--
		for k > 0 && particles[run[k]] {
			k--
		}
	}
	for k > 1 && particles[strings.ToLower(run[k-1])] {
		k -= 2
	}
	return k
}

// isAcronym reports whether w, in a label whose names fixCase has
// title-cased, is an organisation's acronym: two or more capitals
// ("ROSCOSMOS", "VGTRK"), not a Roman numeral ("II").
func isAcronym(w string) bool {
	return isAllCaps(w) && utf8.RuneCountInString(w) > 1 && !isRoman(w) && !strings.Contains(w, ".")
}

// isParticleName reports whether w is a surname opened by a lower-case
// particle and a hyphen: "el-Sisi", "al-Assad", "bin-Laden".
func isParticleName(w string) bool {
	p, rest, ok := strings.Cut(w, "-")
	return ok && particles[p] && isNameWord(rest)
}

// styles stand before a monarch's or a cleric's name, which the realm or
// see follows: "King Mohammed VI of Morocco", "Patriarch Kirill of
// Moscow and All Russia".
var styles = setOf(`king queen prince princess emperor empress emir sultan grand-duke duke patriarch metropolitan
archbishop bishop cardinal pope catholicos archimandrite abbot hegumen`)

// orgNouns end the name of an organisation, so a name never runs through
// one: "President of the BIE Executive Committee Steen Christensen",
// "Chief of Staff of the Presidential Executive Office Sergei Ivanov".
var orgNouns = setOf(`committee office council ministry agency company corporation bank service fund union party
society association academy university institute centre center group federation republic region territory
board commission administration government duma assembly chamber court organisation organization forum club
foundation department directorate inc ltd llc jsc pjsc ojsc holding railways airlines school college hospital
museum theatre theater orchestra network channel newspaper magazine agency secretariat inspectorate bureau
programme program project initiative movement front league congress parliament senate cabinet staff`)

var reInitialSurname = regexp.MustCompile(`^((?:\p{Lu}\. ?){1,3})(\p{Lu}[\p{L}’'-]+)$`)

// matchInitials reports whether the full name ("Реджеп Тайип Эрдоган")
// ends in surname and its first words begin with the initials ("Р", "Т").
// Е and Ё count as one letter, as Russian print often drops the dots:
// "И.Ковалев" is "Ковалёв Игорь".
func matchInitials(name string, initials []string, surname string) bool {
	ws := strings.Fields(name)
	if len(ws) < len(initials)+1 || foldYo(ws[len(ws)-1]) != foldYo(surname) {
		return false
	}
	for i, in := range initials {
		if !strings.HasPrefix(foldYo(ws[i]), foldYo(in)) {
			return false
		}
	}
	return true
}

var yo = strings.NewReplacer("ё", "е", "Ё", "Е")

func foldYo(s string) string {
	if !strings.ContainsAny(s, "ёЁ") {
		return s
	}
	return yo.Replace(s)
}

// normalizeLabel folds white space, drops a trailing colon and trailing
// bracketed annotations ("(retranslated)", "(speaking German)"), and gives
// ALL-CAPS names their ordinary case.
func normalizeLabel(label string) string {
	l, _ := transcript.SplitLabel(Fold(label))
	return fixCase(strings.TrimSpace(strings.TrimRight(l, " :.")))
}

// fixCase title-cases ALL-CAPS words: the whole label when it is all
// capitals, else the trailing run of capitalised words (the name in
// "Security Council Secretary NIKOLAI PATRUSHEV"). Link words and
// particles inside come out in lower case ("of", "bin"), and a Roman
// numeral after a name stays as printed ("Albert II", "MOHAMMED VI").
// Acronyms elsewhere stay ("ALROSA CEO Sergei Ivanov").
func fixCase(l string) string {
	words := strings.Fields(l)
	upper := 0
	letters := 0
	for _, w := range words {
		if hasLetter(w) {
			letters++
			if isAllCaps(w) {
				upper++
			}
		}
	}
	if upper == 0 {
		return l
	}
	caseWord := func(i int) string {
		w := words[i]
		lw := strings.ToLower(w)
		switch {
		case i > 0 && (linkWords[lw] || particles[lw]):
			return lw
		case i > 0 && isRoman(w) && isNameWord(words[i-1]) && !linkWords[strings.ToLower(words[i-1])]:
			return w
		}
		return TitleWord(w)
	}
	if letters > 1 && upper == letters {
		for i := range words {
			words[i] = caseWord(i)
		}
		return strings.Join(words, " ")
	}
	// A trailing ALL-CAPS run is a name when it has two words, or follows
	// a capitalised given name ("Arnold SCHWARZENEGGER"); acronyms such as
	// "ALROSA CEO" stand elsewhere.
	j := len(words)
	for j > 0 && isAllCaps(words[j-1]) && utf8.RuneCountInString(words[j-1]) > 1 {
		j--
	}
	given := j > 0 && j == len(words)-1 && isTitleCase(words[j-1]) && !strings.HasSuffix(words[j-1], ",") &&
		!roleWords[strings.ToLower(words[j-1])]
	if len(words)-j >= 2 || given {
		for i := j; i < len(words); i++ {
			words[i] = caseWord(i)
		}
	}
	return strings.Join(words, " ")
}

// isTitleCase reports whether w is "Arnold": a capital, then no capitals.
func isTitleCase(w string) bool {
	for i, r := range w {
		if (i == 0) != unicode.IsUpper(r) && unicode.IsLetter(r) {
			return false
		}
	}
	return isNameWord(w)
}

func hasLetter(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func isAllCaps(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n > 0
}

// TitleWord gives "KASSYM-JOMART" → "Kassym-Jomart", "O'NEIL" → "O'Neil".
func TitleWord(w string) string {
	var b strings.Builder
	start := true
	for _, r := range w {
		if start {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		start = r == '-' || r == '\'' || r == '’' || r == '.' || r == '('
	}
	return b.String()
}

func isNameWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func isInitial(w string) bool {
	return utf8.RuneCountInString(w) == 2 && strings.HasSuffix(w, ".") && isNameWord(w)
}

func allNameWords(ws []string) bool {
	for _, w := range ws {
		if !isNameWord(w) || roleWords[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

func hasWordSuffix(l, name string) bool {
	if len(l) < len(name) || !strings.EqualFold(l[len(l)-len(name):], name) {
		return false
	}
	if len(l) == len(name) {
		return true
	}
	c := l[len(l)-len(name)-1]
	return c == ' ' || c == ')' || c == ','
}

func cleanRole(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), " ,–—-:")
	return strings.TrimSpace(s)
}

// stripBrackets removes "(…)" annotations left inside a name or role.
func stripBrackets(s string) string {
	for {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			s = s[:i]
			break
		}
		s = s[:i] + " " + s[i+j+1:]
	}
	return strings.Join(strings.Fields(s), " ")
}
