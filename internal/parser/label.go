package parser

import (
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
	s = Fold(s)
	n := utf8.RuneCountInString(s)
	if n == 0 || n > MaxLabel {
		return false
	}
	ls := strings.ToLower(s)
	for _, c := range chrome {
		if strings.HasPrefix(ls, c) {
			return false
		}
	}
	if transcript.IsAnonymousSpeaker(s) {
		return true
	}
	if strings.ContainsAny(s, "!?;\"“”«»„…:") {
		return false
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

// wordsOK checks the words of a label: capitalised words, link words,
// particles and office words; the last must be capitalised (a name).
func wordsOK(words []string, nameOnly bool) bool {
	if len(words) == 1 {
		// One word: a surname or a Russian "В.Путин", never "Germany".
		w := words[0]
		return strings.Contains(w, ".") && isNameWord(w) && utf8.RuneCountInString(w) > 3
	}
	for i, w := range words {
		core := strings.Trim(w, ",–—-'’")
		if core == "" {
			if w == "–" || w == "—" || w == "-" {
				continue // "Deputy Prime Minister – Presidential Envoy"
			}
			return false
		}
		lw := strings.ToLower(core)
		switch {
		case strings.Contains(core, "."):
			// initials and abbreviations: "Z.", "V.Putin", "Lt.", not "10.00"
			if !initialsOK(core) {
				return false
			}
		case isNameWord(core):
		case nameOnly:
			return false
		case linkWords[lw] || particles[lw] || roleWords[lw] || ruLinkWords[lw]:
			if i == len(words)-1 {
				return false
			}
		case unicode.IsDigit(firstRune(core)):
			return false
		default:
			return false
		}
	}
	last := strings.Trim(words[len(words)-1], ",")
	return isNameWord(last)
}

var ruLinkWords = setOf(`и по в во на при для из с со о об от до`)

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
