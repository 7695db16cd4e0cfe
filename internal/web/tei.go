package web

import (
	"bytes"
	"net/http"

	"github.com/rostrum/rostrum/internal/tei"
	"github.com/rostrum/rostrum/internal/transcript"
)

// documentTEI answers /d/ID.tei.xml: the document (the version asked
// for) as a TEI file of its own, its persons under the archive's person
// registry, as rostrum export --format tei writes each document.
func (s *Server) documentTEI(w http.ResponseWriter, r *http.Request, doc *transcript.Document) error {
	pr, err := s.registry(r.Context())
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := tei.WriteDocument(&b, doc, pr.Registry); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/tei+xml; charset=utf-8")
	_, err = w.Write(b.Bytes())
	return err
}
