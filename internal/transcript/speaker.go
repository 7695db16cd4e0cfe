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
