package web

import (
	"errors"
	"net/http"
	"strconv"

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
