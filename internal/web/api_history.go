package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rostrum/rostrum/internal/transcript"
)

type apiVersionsBody struct {
	ID       string       `json:"id"`
	Current  int          `json:"current"`
	Edits    int          `json:"edits"` // versions that record an edit at the source
	Versions []apiVersion `json:"versions"`
}

// apiVersion is one stored version of a document.
type apiVersion struct {
	Version    int    `json:"version"`
	StoredAt   string `json:"stored_at"` // RFC 3339, UTC
	Hash       string `json:"hash"`      // hex SHA-256 of the version's canonical JSON
	Turns      int    `json:"turns"`
	Paragraphs int    `json:"paragraphs"`
	Origin     string `json:"origin"`
	Format     string `json:"format"`
	// Cause is why the version was stored: "first", "edit" (the source
	// changed its text or metadata), "rendering" (another rendering of
	// the same content) or "rederived" (the same raw input parsed again).
	Cause    string `json:"cause"`
	Edit     bool   `json:"edit"`      // whether it records an edit at the source
	Changes  string `json:"changes"`   // what changed since the version before, in words
	Href     string `json:"href"`      // this version in the API
	DiffHref string `json:"diff_href"` // its changes since the version before; "" for the first
}

func (s *Server) apiVersions(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	versions, err := s.documentVersions(r.Context(), id)
	if err != nil {
		return err
	}
	views, err := s.versionViews(r.Context(), id, versions)
	if err != nil {
		return err
	}
	base := "/api/v1/documents/" + strings.TrimPrefix(docURL(id), "/d/")
	body := apiVersionsBody{ID: id, Current: len(versions), Edits: transcript.Edits(versions), Versions: []apiVersion{}}
	for i, v := range versions {
		av := apiVersion{Version: v.Number, StoredAt: v.StoredAt.UTC().Format(time.RFC3339), Hash: v.Hash, Turns: v.Turns,
			Paragraphs: v.Paragraph, Origin: v.Origin, Format: v.Format, Cause: v.Cause, Edit: v.Edit(), Changes: views[i].Changes,
			Href: base + "?version=" + strconv.Itoa(v.Number)}
		if i > 0 {
			av.DiffHref = base + "/diff?from=" + strconv.Itoa(versions[i-1].Number) + "&to=" + strconv.Itoa(v.Number)
		}
		body.Versions = append(body.Versions, av)
	}
	return writeJSON(w, body)
}

func (s *Server) apiDiff(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r, "from", "to"); err != nil {
		return err
	}
	id := r.PathValue("id")
	versions, err := s.documentVersions(r.Context(), id)
	if err != nil {
		return err
	}
	from, to, err := parseVersions(r, len(versions))
	if err != nil {
		return err
	}
	d, _, err := s.compare(r.Context(), id, from, to)
	if err != nil {
		return err
	}
	return writeJSON(w, d)
}
