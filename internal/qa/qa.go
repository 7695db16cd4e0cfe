// Package qa pairs the questions of a press event with their answers.
//
// In a press conference or an interview the unit of interest is the
// exchange: who asked what, and who answered. Pairs reads a document's
// turns in order and starts an exchange at every question: a turn whose
// label says it is one ("Question", "Question from Perm Territory",
// "Вопрос", "Journalist", "Корреспондент" …), or the turn that follows a
// moderator giving the floor ("Please go ahead", "Пожалуйста, ваш вопрос")
// when it asks something. The turns after a question, up to the next
// question or the floor given for it, are its answers.
//
// The rules look at what a question looks like, not at who asked: a
// label of the press, or a floor given and a question mark. A turn that
// fits neither is never made a question, so a document without questions
// gives no exchange rather than a guessed one.
package qa

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/rostrum/rostrum/internal/transcript"
)

// Turn is a turn of an exchange.
type Turn struct {
	Turn    int    `json:"turn"`
	Speaker string `json:"speaker"`
	Person  string `json:"person"`
	Text    string `json:"text,omitempty"`
}

// Exchange is a question and the turns that answer it. ID is the
// question's turn, "q" and its index ("q4"): stable as long as the
// document's turns are, and what exports carry as the pair id.
type Exchange struct {
	ID       string `json:"id"`
	Question Turn   `json:"question"`
	// Floor is the moderator's turn that gave the floor for the
	// question, when there was one; nil otherwise.
	Floor   *Turn  `json:"floor"`
	Answers []Turn `json:"answers"`
}

// pressWords are the first words of labels that name the press or the
// audience asking, in English and Russian, lower-cased.
var pressWords = map[string]bool{
	"question": true, "questions": true, "journalist": true, "journalists": true,
	"correspondent": true, "reporter": true,
	"вопрос": true, "вопросы": true, "журналист": true, "журналистка": true,
	"корреспондент": true, "корреспондентка": true,
}

// IsQuestionLabel reports whether a speaker label names a questioner of
// the press or the audience: "Question", "Question (retranslated)",
// "Question from Perm Territory", "Journalist", "Вопрос", "Вопрос из
// зала". A label of a person, even one who asks, is not.
func IsQuestionLabel(label string) bool {
	name, _ := transcript.SplitLabel(label)
	name = strings.ToLower(strings.TrimSpace(strings.ReplaceAll(name, "\u00a0", " ")))
	first, rest, _ := strings.Cut(name, " ")
	first = strings.TrimRight(first, ".,:;")
	if !pressWords[first] {
		return false
	}
	// "Question", or "Question from …", "Вопрос из …", "Journalist of
	// …"; not "Questions of the agenda were …" run into a label.
	if rest == "" {
		return true
	}
	for _, p := range []string{"from ", "of ", "to ", "by ", "(", "из ", "с ", "от ", "газеты ", "агентства ", "телеканала "} {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	return false
}

// floorPhrases open a sentence that gives the floor: a request to go
// ahead, addressed to the next questioner.
var floorPhrases = []string{
	"please go ahead", "go ahead", "please, go ahead", "please", "next question", "your question",
	"the floor is yours", "you have the floor", "over to you", "let us take", "let's take",
	"пожалуйста", "прошу", "ваш вопрос", "следующий вопрос", "давайте", "слово",
}

// floorWords give the floor wherever they stand in a short paragraph:
// "Valery Sanfirov, Mayak. Please, pass the microphone."
var floorWords = []string{"microphone", "микрофон"}

// givesFloor reports whether a turn ends by giving the floor: its last
// paragraph is short (at most 30 words) and one of its sentences opens
// with a request to go ahead, or it hands over the microphone. Such a
// turn may say more before (a moderator's remark, or the answer to the
// last question that ends with "Please.").
func givesFloor(t *transcript.Turn) bool {
	if len(t.Paragraphs) == 0 {
		return false
	}
	// At most 30 words, which no run of 600 bytes exceeds in Latin or
	// Cyrillic script: a long paragraph is ruled out before it is read.
	p := strings.TrimSpace(t.Paragraphs[len(t.Paragraphs)-1])
	if len(p) > 600 || len(strings.Fields(p)) > 30 {
		return false
	}
	p = strings.ToLower(p)
	for _, w := range floorWords {
		if strings.Contains(p, w) {
			return true
		}
	}
	for len(p) > 0 {
		for _, f := range floorPhrases {
			if strings.HasPrefix(p, f) {
				if rest := p[len(f):]; rest == "" || !unicode.IsLetter(firstRune(rest)) {
					return true
				}
			}
		}
		// The next sentence.
		i := strings.IndexAny(p, ".!?")
		if i < 0 {
			break
		}
		p = strings.TrimLeft(p[i+1:], " .!?\u00a0")
	}
	return false
}

// onlyFloor reports whether a turn does nothing but give the floor: one
// short paragraph that gives it. Such a turn belongs to the exchange it
// opens; a longer one (an answer ending "Please.") stays where it is.
func onlyFloor(t *transcript.Turn) bool { return len(t.Paragraphs) == 1 && givesFloor(t) }

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// asks reports whether a turn asks something: a question mark in one of
// its last two paragraphs, where a question put to the floor ends (a
// report's rhetorical question earlier on does not count).
func asks(t *transcript.Turn) bool {
	for _, p := range t.Paragraphs[max(0, len(t.Paragraphs)-2):] {
		if strings.ContainsAny(p, "?？") {
			return true
		}
	}
	return false
}

// Pairs returns the exchanges of doc in the order of its turns; none (an
// empty slice) for a document without questions. With text, each
// question carries its text (the paragraphs joined by a blank line).
//
// A turn printed under a person's name is a question only when it asks
// (a question mark in its last two paragraphs) right after a moderator
// gave the floor, when that moderator gives the floor at least twice in
// the document, when its label prints no office, and when its speaker is
// not the one who speaks most often (who answers): a chair who says
// "Please" to let a minister report does not make the report a question,
// while journalists are printed by name. Nor does the last questioner
// give the floor.
func Pairs(doc *transcript.Document, text bool) []Exchange {
	turns := doc.Turns
	floors := map[string]int{} // floor-giving turns per speaker
	spoke := map[string]int{}  // turns per speaker
	for i := range turns {
		if givesFloor(&turns[i]) && !IsQuestionLabel(turns[i].Speaker) {
			floors[turns[i].Speaker]++
		}
		spoke[turns[i].Speaker]++
	}
	// The one who answers most: whoever speaks most often at a press
	// event. The floor rule never makes a question of their turns (a
	// "Where?" back to a journalist is part of the answer).
	answerer := ""
	for sp, n := range spoke {
		if sp != "" && (n > spoke[answerer] || n == spoke[answerer] && sp < answerer) {
			answerer = sp
		}
	}
	out := []Exchange{}
	var cur *Exchange
	for i := range turns {
		t := &turns[i]
		var prev *transcript.Turn
		if i > 0 && givesFloor(&turns[i-1]) && !IsQuestionLabel(turns[i-1].Speaker) && turns[i-1].Speaker != t.Speaker {
			prev = &turns[i-1]
		}
		question := IsQuestionLabel(t.Speaker) ||
			prev != nil && floors[prev.Speaker] >= 2 && t.Role == "" && t.Speaker != answerer && asks(t) &&
				(cur == nil || prev.Speaker != cur.Question.Speaker) // a questioner gives no floor
		if !question {
			if cur != nil {
				cur.Answers = append(cur.Answers, turnOf(t, false))
			}
			continue
		}
		floor := prev != nil && onlyFloor(prev)
		if cur != nil {
			if floor && len(cur.Answers) > 0 && cur.Answers[len(cur.Answers)-1].Turn == prev.Index {
				// The floor given belongs to the new exchange.
				cur.Answers = cur.Answers[:len(cur.Answers)-1]
			}
			out = append(out, *cur)
		}
		cur = &Exchange{ID: "q" + strconv.Itoa(t.Index), Question: turnOf(t, text), Answers: []Turn{}}
		if floor {
			f := turnOf(prev, false)
			cur.Floor = &f
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out
}

func turnOf(t *transcript.Turn, text bool) Turn {
	out := Turn{Turn: t.Index, Speaker: t.Speaker, Person: t.Person}
	if text {
		out.Text = strings.Join(t.Paragraphs, "\n\n")
	}
	return out
}

// The parts a turn plays in an exchange.
const (
	Question = "question"
	Answer   = "answer"
)

// Parts returns the part each turn of doc plays in its exchanges,
// Question or Answer, by turn number; turns in no exchange are absent.
func Parts(doc *transcript.Document) map[int]string {
	parts := map[int]string{}
	for _, x := range Pairs(doc, false) {
		parts[x.Question.Turn] = Question
		for _, a := range x.Answers {
			parts[a.Turn] = Answer
		}
	}
	return parts
}

// IDs returns the id of the exchange (q4) each turn of doc asks or
// answers in, by turn number; turns in no exchange are absent.
func IDs(doc *transcript.Document) map[int]string {
	ids := map[int]string{}
	for _, x := range Pairs(doc, false) {
		ids[x.Question.Turn] = x.ID
		for _, a := range x.Answers {
			ids[a.Turn] = x.ID
		}
	}
	return ids
}
