package parser

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/transcript"
)

// MaxLabel is the longest speaker label accepted, in characters. The
// longest real labels run to about 200.
const MaxLabel = 240

// chrome are page-furniture lines that end in a colon but are no speakers.
var chrome = []string{"font size", "site colours", "site colors", "publication date", "published in section",
	"direct link", "character spacing", "select font", "view settings", "images", "settings",
	"опубликован в раздел", "дата публикации", "прямая ссылка", "размер шрифта", "цвета сайта"}

// occupations may follow a name after a comma in a label:
// "Alexander Duimamet, welding engineer at a branch of JSC …".
var occupations = setOf(`technician operator mechanic driver nurse farmer miner welder builder employee
specialist graduate pupil schoolboy schoolgirl resident mother father wife husband son daughter head member
engineer teacher student worker doctor pilot director chairman president governor officer manager
correspondent journalist reporter host moderator winner participant volunteer entrepreneur businessman
businesswoman owner founder chief deputy minister editor coach athlete artist professor rector scientist
researcher expert blogger activist priest veteran hero champion representative cosmonaut serviceman
servicemen soldier sergeant captain lieutenant colonel commander`)

// LabelOK reports whether s (a candidate speaker label, without its
// colon) reads like one: an anonymous speaker ("Question from Perm
// Territory"), or an office and a name in title case or capitals, with
// bracketed annotations anywhere ("Alpha Conde(retranslated)"). It rejects
// sentences that happen to end in a colon ("I repeat", "My question is"),
// headings ("Entry from 10.00 am to 11.00 am", "Meeting points") and page
// chrome ("Font size"). Formats that mark labels (bold in HTML) use it as a
// second opinion; plain-text formats rely on it alone.
func LabelOK(s string) bool {
	// Cheap rejections first: every line of speech with a colon in it
	// comes through here.
	if s == "" || len(s) > 4*MaxLabel || strings.ContainsAny(s, "!?;\"“”«»„…:") {
		return false
	}
	if t := TrimSpace(s); !unicode.IsUpper(firstRune(t)) {
		// "chairman of the Eurasian Economic Commission Board …": a
		// title-casing slip, still an office.
		first, _, _ := strings.Cut(t, " ")
		if !roleWords[first] {
			return false
		}
	}
	s = Fold(s)
	n := utf8.RuneCountInString(s)
	if n == 0 || n > MaxLabel {
		return false
	}
	for _, c := range chrome {
		if len(s) >= len(c) && strings.EqualFold(s[:len(c)], c) {
			return false
		}
	}
	if transcript.IsAnonymousSpeaker(s) {
		return true
	}
	words := outsideBrackets(s)
	if len(words) == 0 {
		return false
	}
	// "Name Surname, occupation …": free text after a short name.
	if head, tail, ok := strings.Cut(s, ", "); ok {
		hw := strings.Fields(head)
		if len(hw) >= 2 && len(hw) <= 4 && allNameWords(hw) && !strings.ContainsAny(head, "(") {
			for _, w := range strings.Fields(strings.ToLower(tail)) {
				if occupations[strings.Trim(w, ",.")] {
					return wordsOK(hw, true)
				}
			}
		}
	}
	return wordsOK(words, false)
}

// sentenceWords mark a sentence, never an office: "I repeat", "Let me
// quote Vladimir Putin", "My question is".
var sentenceWords = setOf(`i me my we us our you your he him his she her it its they them their is are was
were be been am do does did have has had will would shall should can could may might must let say said says
tell told ask asked quote quoted repeat here there this that these those what which who whom how why when
where if as so not no yes please thank thanks want like would`)

// wordsOK checks the words of a label. A label names a person, so it ends
// in a name: somewhere in it stand two capitalised words in a row that are
// not office words ("Vladimir Putin", "Mohammed VI"), and it ends in a
// capitalised word. Lower-case words may describe the office ("Direct line
// programme host Kirill Kleymenov") but never make a sentence ("Let me
// quote …"). Headings fail the name test: "Minister of Defence", "Text of
// the Executive Order", "Interior Minister".
func wordsOK(words []string, nameOnly bool) bool {
	if len(words) == 1 {
		// One word: a Russian "В.Путин", never "Germany".
		// "VladimirPutin", a source typo, reads as two words.
		w := words[0]
		if camel := splitCamel(w); len(camel) == 2 {
			return wordsOK(camel, nameOnly)
		}
		return strings.Contains(w, ".") && isNameWord(w) && utf8.RuneCountInString(w) > 3 && initialsOK(w)
	}
	run, named := 0, false
	for _, w := range words {
		core := strings.Trim(w, ",–—-'’")
		if core == "" {
			if w == "–" || w == "—" || w == "-" {
				run = 0
				continue // "Deputy Prime Minister – Presidential Envoy"
			}
			return false
		}
		lw := strings.ToLower(core)
		switch {
		case strings.Contains(core, ".") && !initialsOK(core):
			return false // "10.00", "etc."
		case particleName(core):
			// "el-Sisi", "al-Assad", "d’Estaing": a surname in itself
			run++
			if run >= 2 {
				named = true
			}
			continue
		case isNameWord(core) && !roleWords[lw]:
			run++
			if run >= 2 {
				named = true
			}
			if strings.HasSuffix(w, ",") {
				run = 0
			}
			continue
		case particles[lw] && run > 0:
			continue // "Dmitry de Koshko": a particle inside a name
		case isNameWord(core):
		case reOrdinal.MatchString(lw):
			// "Commander of the 2nd Guards Army …"
		case nameOnly, sentenceWords[lw], unicode.IsDigit(firstRune(core)):
			return false
		}
		run = 0
	}
	if titledSee(words) {
		return true
	}
	last := strings.Trim(words[len(words)-1], ",")
	if !named || !(isNameWord(last) || particleName(last)) || roleWords[strings.ToLower(last)] {
		return false
	}
	// The capitalised words after the last link word are the end of an
	// organisation and a name: "of Finland Sauli Niinisto" has three. Two
	// or fewer are an organisation alone: "Minister of Foreign Affairs",
	// "Supervision of Natural Resources", "Address by Vladimir Putin" —
	// except a monarch's "Mohammed VI of Morocco".
	k := len(words)
	for k > 0 && (isNameWord(words[k-1]) || particles[strings.ToLower(words[k-1])] || particleName(words[k-1])) {
		k--
	}
	if k > 0 && k < len(words) && linkWords[strings.ToLower(words[k-1])] && len(words)-k < 3 {
		if !(k >= 2 && strings.ToLower(words[k-1]) == "of" && isRoman(words[k-2])) {
			return false
		}
	}
	return true
}

// particleName reports whether w is a surname that opens with a
// lower-case particle joined to it by a hyphen or an apostrophe: "el-Sisi",
// "al-Assad", "bin-Salman", "d’Estaing", "dell’Acqua". What follows the
// particle is capitalised; the particle itself is short.
func particleName(w string) bool {
	i := strings.IndexAny(w, "-'’")
	if i < 1 || i > 4 || !unicode.IsLower(firstRune(w)) {
		return false
	}
	for _, r := range w[:i] {
		if !unicode.IsLower(r) {
			return false
		}
	}
	_, n := utf8.DecodeRuneInString(w[i:])
	rest := w[i+n:]
	return utf8.RuneCountInString(rest) >= 2 && unicode.IsUpper(firstRune(rest))
}

// titledSee reports whether words are a church or royal title, a given
// name and a see or realm: "Patriarch Kirill of Moscow and All Russia",
// "Metropolitan Hilarion of Volokolamsk", "King Abdullah II of Jordan". The
// name is one or two capitalised words (a regnal number may follow), and
// the see is capitalised words joined by link words.
func titledSee(words []string) bool {
	k := 0
	for k < len(words) && roleWords[strings.ToLower(words[k])] && isNameWord(words[k]) {
		k++
	}
	if k == 0 || k >= len(words) {
		return false
	}
	name := 0
	for k < len(words) && isNameWord(words[k]) && !roleWords[strings.ToLower(words[k])] && !linkWords[strings.ToLower(words[k])] {
		k++
		name++
	}
	if name == 0 || name > 3 || k >= len(words) || strings.ToLower(words[k]) != "of" {
		return false
	}
	k++
	see := 0
	for ; k < len(words); k++ {
		w := words[k]
		switch lw := strings.ToLower(w); {
		case linkWords[lw] && !isNameWord(w):
		case isNameWord(w) && !sentenceWords[lw]:
			see++
		default:
			return false
		}
	}
	return see > 0
}

// splitCamel splits "VladimirPutin" into "Vladimir" and "Putin"; other
// words come back whole.
func splitCamel(w string) []string {
	prev := rune(0)
	for i, r := range w {
		if i > 0 && unicode.IsUpper(r) && unicode.IsLower(prev) {
			if isNameWord(w) {
				return []string{w[:i], w[i:]}
			}
		}
		prev = r
	}
	return []string{w}
}

func isRoman(w string) bool {
	return w != "" && strings.Trim(w, "IVX") == "" && len(w) <= 5
}

var reOrdinal = regexp.MustCompile(`^\d{1,3}(?:st|nd|rd|th|-?й|-?я|-?го)$`)

func initialsOK(w string) bool {
	for _, part := range strings.Split(w, ".") {
		if part == "" {
			continue
		}
		if !isNameWord(part) {
			return false
		}
	}
	return true
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// outsideBrackets returns the words of s that are not inside "(…)" or "[…]".
func outsideBrackets(s string) []string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[':
			depth++
			b.WriteByte(' ')
			continue
		case ')', ']':
			if depth > 0 {
				depth--
			}
			b.WriteByte(' ')
			continue
		}
		if depth == 0 {
			b.WriteRune(r)
		}
	}
	return strings.Fields(b.String())
}

// SplitNote separates the notes printed between a speaker label and its
// colon from the label: "Question (retranslated)" gives "Question" and
// "(retranslated)", "Vladimir Putin (speaking German)" gives "Vladimir
// Putin" and "(speaking German)", "Alpha Conde(retranslated)" gives "Alpha
// Conde" and "(retranslated)". A note is a bracketed group at the end of
// the label that opens with a lower-case letter; a capitalised one is part
// of the name or office ("… Space Infrastructure (TsENKI)", "… (Spain)").
// Several notes come back joined by a space. A label that is nothing but
// notes is returned whole.
func SplitNote(label string) (name, note string) {
	name = TrimSpace(label)
	var notes []string
	for strings.HasSuffix(name, ")") {
		open := matchingOpen(name)
		if open <= 0 {
			break
		}
		inner := TrimSpace(name[open+1 : len(name)-1])
		if !unicode.IsLower(firstRune(inner)) {
			break
		}
		rest := TrimSpace(name[:open])
		if rest == "" {
			break
		}
		notes = append(notes, name[open:])
		name = rest
	}
	if len(notes) == 0 {
		return name, ""
	}
	for i, j := 0, len(notes)-1; i < j; i, j = i+1, j-1 {
		notes[i], notes[j] = notes[j], notes[i]
	}
	return name, strings.Join(notes, " ")
}

// matchingOpen returns the index of the "(" that the final ")" of s
// closes, or -1.
func matchingOpen(s string) int {
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// MarkedLabelOK reports whether s, printed in bold before a colon, reads
// as a speaker label although LabelOK finds no office-and-name in it: a
// short name or description in capitalised words ("Alina", "Operator",
// "Dmitry, Moscow"), or a name followed by a comma and a description
// ("Sergei Mironov, Leader of A Just Russia Faction in the State Duma").
// rest is the text after the colon in the same paragraph. A short label
// needs speech after it — capitalised text with a lower-case word, not a
// bare name or a list — since schedule headings ("Venue: State Kremlin
// Palace") and form fields ("Email: …") look the same; so does a label of
// any kind that is followed by nothing. Sentences, chrome and headings
// with lower-case endings ("Meeting points", "Note for the CIS media")
// fail. Only markup that sets the text apart (bold) makes it a candidate:
// a text dump has no such evidence and uses LabelOK alone.
func MarkedLabelOK(s, rest string) bool {
	if s == "" || len(s) > 4*MaxLabel || strings.ContainsAny(s, "!?;\"“”«»„…:") {
		return false
	}
	s = Fold(s)
	if n := utf8.RuneCountInString(s); n == 0 || n > MaxLabel || !unicode.IsUpper(firstRune(s)) {
		return false
	}
	for _, c := range chrome {
		if len(s) >= len(c) && strings.EqualFold(s[:len(c)], c) {
			return false
		}
	}
	words := outsideBrackets(s)
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		core := strings.Trim(w, ",–—-'’")
		if core == "" || strings.IndexFunc(core, unicode.IsDigit) >= 0 || sentenceWords[strings.ToLower(core)] {
			return false
		}
	}
	last := strings.Trim(words[len(words)-1], ",")
	if !isNameWord(last) && !particleName(last) {
		return false
	}
	if head, _, ok := strings.Cut(s, ", "); ok {
		// "Name Surname, description": a person's name before the comma.
		hw := strings.Fields(head)
		if len(hw) >= 2 && len(hw) <= 4 && allNameWords(hw) && !strings.ContainsAny(head, "()") {
			return true
		}
	}
	if len(words) > 3 {
		return false
	}
	for _, w := range words {
		if core := strings.Trim(w, ",–—-'’"); !isNameWord(core) && !particleName(core) {
			return false
		}
	}
	return speechLike(rest)
}

// speechLike reports whether rest, the text after a label's colon, opens
// speech: it starts with a capital letter, a bracket, a quotation mark or
// an ellipsis, and has a lower-case word in its first few, as a sentence
// does and a name, a list of places or an address does not.
func speechLike(rest string) bool {
	rest = TrimSpace(rest)
	r := firstRune(rest)
	if !unicode.IsUpper(r) && !strings.ContainsRune("(“«\"…<[", r) {
		return false
	}
	ws := strings.Fields(rest)
	if len(ws) < 2 {
		return false
	}
	for _, w := range ws[1:min(len(ws), 8)] {
		if unicode.IsLower(firstRune(strings.TrimLeft(w, "(“«\""))) {
			return true
		}
	}
	return false
}
