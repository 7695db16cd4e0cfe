package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/rostrum/rostrum/internal/qa"
	"github.com/rostrum/rostrum/internal/transcript"
)

// apiQABody is the answer of /api/v1/documents/{id}/qa: the document's
// exchanges, each question with the turns that answer it, as rostrum qa
// --json prints them, with the permalinks of the questions.
type apiQABody struct {
	ID        string        `json:"id"`
	Exchanges []apiExchange `json:"exchanges"`
}

type apiExchange struct {
	qa.Exchange
	Permalink string `json:"permalink"` // DOCID#tN of the question
}

func (s *Server) apiQA(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	doc, err := s.archive.Document(r.Context(), id)
	if err != nil {
		if errors.Is(err, transcript.ErrNotFound) {
			return errorf(http.StatusNotFound, "the archive has no document %q", truncate(id, 200))
		}
		return err
	}
	body := apiQABody{ID: doc.ID, Exchanges: []apiExchange{}}
	for _, x := range qa.Pairs(doc, true) {
		body.Exchanges = append(body.Exchanges, apiExchange{Exchange: x, Permalink: doc.ID + "#t" + strconv.Itoa(x.Question.Turn)})
	}
	return writeJSON(w, body)
}

// qaItem is an exchange as the document page's side panel lists it: the
// question's turn and asker, and who answered.
type qaItem struct {
	Turn      int
	Asker     string
	Answerers string
}

// sideExchanges lists exchanges (qa.Pairs) for the side panel; nil for
// none.
func sideExchanges(xs []qa.Exchange) []qaItem {
	var out []qaItem
	for _, x := range xs {
		it := qaItem{Turn: x.Question.Turn, Asker: shownSpeaker(x.Question)}
		var names []string
		for _, a := range x.Answers {
			if n := shownSpeaker(a); !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		it.Answerers = strings.Join(names, ", ")
		out = append(out, it)
	}
	return out
}

// shownSpeaker is a turn's person, or its label when it has none.
func shownSpeaker(t qa.Turn) string {
	if t.Person != "" {
		return t.Person
	}
	if name, _ := transcript.SplitLabel(t.Speaker); name != "" {
		return name
	}
	return t.Speaker
}

// exchangeNotes says, for each turn of doc that asks or answers in an
// exchange, its part as the document page shows it above the turn, and
// the anchor the note links to: a question links to its first answer, an
// answer to its question.
func exchangeNotes(xs []qa.Exchange, l string) map[int][2]string {
	notes := map[int][2]string{}
	for _, x := range xs {
		q := x.Question.Turn
		switch n := len(x.Answers); n {
		case 0:
			notes[q] = [2]string{tr(l, "qa.unanswered", x.ID), "t" + strconv.Itoa(q)}
		case 1:
			notes[q] = [2]string{tr(l, "qa.answered1", x.ID, x.Answers[0].Turn), "t" + strconv.Itoa(x.Answers[0].Turn)}
		default:
			notes[q] = [2]string{tr(l, "qa.answeredn", x.ID, x.Answers[0].Turn, x.Answers[n-1].Turn),
				"t" + strconv.Itoa(x.Answers[0].Turn)}
		}
		for _, a := range x.Answers {
			notes[a.Turn] = [2]string{tr(l, "qa.answers", x.ID, q), "t" + strconv.Itoa(q)}
		}
	}
	return notes
}
