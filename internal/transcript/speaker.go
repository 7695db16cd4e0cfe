package transcript

import "strings"

// anonymous are the generic speaker labels of the press and the audience,
// in English and Russian, lower-cased.
var anonymous = map[string]bool{
	"question": true, "questions": true, "remark": true, "remarks": true, "reply": true,
	"replies": true, "response": true, "comment": true, "comments": true, "audience": true,
	"voice": true, "voices": true, "voice from the audience": true, "answer": true,
	"journalist": true, "participant": true, "participants": true, "correspondent": true,
	"from the audience": true, "speaker": true, "moderator": true, "interpreter": true,
	"вопрос": true, "реплика": true, "реплики": true, "ответ": true, "голос из зала": true,
	"голоса из зала": true, "журналист": true, "комментарий": true,
}

// anonymousFirst are the first words of the anonymous labels.
var anonymousFirst = func() []string {
	var out []string
	seen := map[string]bool{}
	for label := range anonymous {
		w, _, _ := strings.Cut(label, " ")
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}()

// IsAnonymousSpeaker reports whether a speaker label names no person:
// "Question", "Remark", "Question (retranslated)", "Question from Perm
// Territory", "Response from the hall", "Вопрос" and the like.
func IsAnonymousSpeaker(label string) bool {
	label = strings.TrimSpace(label)
	first := label
	if i := strings.IndexAny(label, " \u00a0("); i >= 0 {
		first = label[:i]
	}
	known := false
	for _, w := range anonymousFirst {
		if strings.EqualFold(first, w) {
			known = true
			break
		}
	}
	if !known {
		return false // the common case, a name: no allocation
	}
	s := strings.ToLower(strings.TrimSpace(strings.ReplaceAll(label, "\u00a0", " ")))
	if i := strings.IndexByte(s, '('); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	if anonymous[s] {
		return true
	}
	first, rest, _ := strings.Cut(s, " ")
	if !anonymous[first] {
		return false
	}
	return strings.HasPrefix(rest, "from ") || strings.HasPrefix(rest, "to ") || strings.HasPrefix(rest, "by ") ||
		strings.HasPrefix(rest, "из ") || strings.HasPrefix(rest, "с ")
}

// SplitLabel splits a printed speaker label into the label proper (office
// and name) and its note: the stage directions printed with it, which say
// how or to whom the speaker spoke and never who they are. A note is a
// bracketed aside anywhere in the label ("Vladimir Putin (Answering a
// question from …)", "Alpha Conde(retranslated)", "[in English]") or a
// trailing clause after a comma that opens with a stage word ("Vladimir
// Putin, answering a question", ", in English", ", retranslated"). Brackets that hold part of a name or an
// organisation's other name ("Delovaya Rossiya [Business Russia]") stand
// inside the label, not at its end, and stay. The note comes back as
// printed, brackets included, several joined by a space; the label
// proper is trimmed, and "" when the label is all note.
//
//	Vladimir Putin (Answering a question from Marina Borovskaya)  → Vladimir Putin | (Answering a question from Marina Borovskaya)
//	Question (retranslated)                                        → Question | (retranslated)
//	President of the All-Russia Organisation Delovaya Rossiya [Business Russia] Alexei Repik → unchanged | ""
func SplitLabel(label string) (name, note string) {
	if !strings.ContainsAny(label, "([,") {
		return strings.TrimSpace(label), ""
	}
	s := strings.TrimSpace(label)
	var notes []string
	for {
		s = strings.TrimRight(s, " :")
		// A trailing bracketed aside.
		if n := len(s); n > 0 && (s[n-1] == ')' || s[n-1] == ']') {
			open := byte('(')
			if s[n-1] == ']' {
				open = '['
			}
			i := matchingOpen(s, open, s[n-1])
			if i >= 0 {
				notes = append(notes, s[i:])
				s = strings.TrimSpace(s[:i])
				continue
			}
		}
		// A trailing clause: ", answering …", ", in English".
		if i := strings.LastIndex(s, ", "); i > 0 && isStageClause(s[i+2:]) {
			notes = append(notes, s[i+2:])
			s = strings.TrimSpace(s[:i])
			continue
		}
		break
	}
	// A bracketed aside inside the label opening with a lower-case
	// stage word: "Alpha Conde (retranslated) President of Guinea".
	for {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 || !isStageAside(s[i+1:i+j]) {
			break
		}
		notes = append(notes, s[i:i+j+1])
		s = strings.Join(strings.Fields(s[:i]+" "+s[i+j+1:]), " ")
	}
	// Notes were found from the end; give them in print order.
	for i, j := 0, len(notes)-1; i < j; i, j = i+1, j-1 {
		notes[i], notes[j] = notes[j], notes[i]
	}
	return s, strings.Join(notes, " ")
}

// matchingOpen returns the index of the bracket that opens the one that
// ends s, or -1.
func matchingOpen(s string, open, close byte) int {
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case close:
			depth++
		case open:
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// stageWords open a clause or aside that says how a speaker spoke.
var stageWords = map[string]bool{
	"in": true, "via": true, "through": true, "retranslated": true, "translated": true, "translation": true,
	"interpreted": true, "interpretation": true, "off-mic": true, "off": true, "inaudible": true,
	"continuing": true, "cont": true, "contd": true, "addressing": true, "answering": true, "replying": true,
	"responding": true, "speaking": true, "commenting": true, "concluding": true, "closing": true,
	"opening": true, "summing": true, "reading": true, "as": true, "by": true, "video": true, "videoconference": true,
	"синхронный": true, "перевод": true, "на": true, "по": true, "отвечая": true, "обращаясь": true,
	"говорит": true, "продолжая": true, "видеосвязь": true,
}

// isStageClause reports whether s, the words after a label's last comma,
// is a stage direction rather than an occupation ("welding engineer at
// …"): it opens with a stage word ("answering", "speaking German", "in
// English"). Participles in general are not enough: "welding engineer",
// "Managing Director" are offices.
func isStageClause(s string) bool {
	first, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	first = strings.ToLower(strings.Trim(first, ".,:;"))
	if first == "" {
		return false
	}
	if first == "in" || first == "on" || first == "на" {
		// ", in English", ", in Russian", ", on video": a language or a
		// channel, one or two words; ", in charge of …" is an office.
		return len(strings.Fields(s)) <= 3 && !strings.Contains(strings.ToLower(s), "charge")
	}
	return stageWords[first]
}

// isStageAside reports whether inner, the text of a bracketed aside, is a
// stage direction: it opens with a stage word ("(retranslated)",
// "(Answering a question …)", "(in English)", "(синхронный перевод)",
// "(speaking German)"). An aside that
// names an organisation ("(IRENA)", "(Business Russia)") is not.
func isStageAside(inner string) bool {
	inner = strings.TrimSpace(inner)
	first, _, _ := strings.Cut(inner, " ")
	first = strings.ToLower(strings.Trim(first, ".,:;"))
	if first == "" {
		return false
	}
	return stageWords[first]
}
