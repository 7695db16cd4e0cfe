package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/rostrum/rostrum/internal/atom"
	"github.com/rostrum/rostrum/internal/diff"
	"github.com/rostrum/rostrum/internal/transcript"
)

// sourceChange reports whether version v records a change at the source:
// the first version (the document appeared) or an edit. Another
// rendering or a new parse of the same page is not one.
func sourceChange(v transcript.Version) bool {
	return v.Cause == transcript.CauseFirst || v.Cause == transcript.CauseEdit || v.Cause == "" && v.Number == 1
}

// lastSourceChange is when the archive stored the latest version of
// versions that records a change at the source; zero for none.
func lastSourceChange(versions []transcript.Version) time.Time {
	for i := len(versions) - 1; i >= 0; i-- {
		if sourceChange(versions[i]) {
			return versions[i].StoredAt
		}
	}
	return time.Time{}
}

// editRef is one edit in the archive: version Number of document ID.
type editRef struct {
	ID     string
	Number int
	At     time.Time
}

// changesCache holds the archive's edits, newest first, for one
// generation of the archive.
//
// The Store has no way to list versions across documents, so the list is
// built by reading every document's versions: once per generation, by
// one request while the others wait for it. For a large archive that is
// slow (about one query per document); a Store method listing the
// latest edits would make it one query.
type changesCache struct {
	mu    sync.Mutex
	gen   int64
	built bool
	edits []editRef
}

// edits returns the archive's edits, newest first.
func (s *Server) edits(ctx context.Context) ([]editRef, error) {
	gen, err := s.searches.generation(ctx)
	if err != nil {
		return nil, err
	}
	c := &s.changes
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.built && c.gen == gen {
		return c.edits, nil
	}
	all, err := s.archive.Edits(ctx, 0) // newest first
	if err != nil {
		return nil, err
	}
	var edits []editRef
	for _, e := range all {
		edits = append(edits, editRef{ID: e.ID, Number: e.Number, At: e.StoredAt})
	}
	c.gen, c.built, c.edits = gen, true, edits
	return edits, nil
}

// feedChanges answers /feed/changes: the archive's latest edits at the
// source, newest first, each entry a version of a document with a
// summary of what changed since the version before it and a link to
// the comparison. A researcher who cites the archive follows it to
// learn that a quoted text changed.
func (s *Server) feedChanges(w http.ResponseWriter, r *http.Request) error {
	if err := allowParams(r); err != nil {
		return err
	}
	ctx := r.Context()
	edits, err := s.edits(ctx)
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	self := base + "/feed/changes"
	f := &atom.Feed{
		ID:       self,
		Title:    "Rostrum: changes at the source",
		Subtitle: fmt.Sprintf("Documents edited at the source after the archive first stored them, newest first (%s in all)", plural(len(edits), "edit", "edits")),
		Links:    []atom.Link{{Href: self, Rel: "self", Type: "application/atom+xml"}, {Href: base + "/", Rel: "alternate", Type: "text/html"}},
		Author:   &atom.Person{Name: "Rostrum", URI: base + "/"},
		Gen:      &atom.Gen{Name: "Rostrum", URI: base + "/"},
	}
	for _, e := range edits[:min(len(edits), feedSize)] {
		entry, err := s.changeEntry(ctx, base, e)
		if errors.Is(err, transcript.ErrNotFound) {
			continue // removed since the list was made
		}
		if err != nil {
			return err
		}
		f.Entries = append(f.Entries, entry)
	}
	newest := s.cfg.Now()
	if len(edits) > 0 {
		newest = edits[0].At
	}
	f.Updated = atom.Time(newest)
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	return f.Write(w)
}

// changeEntry is the entry of edit e: what changed between the version
// before it and it.
func (s *Server) changeEntry(ctx context.Context, base string, e editRef) (atom.Entry, error) {
	old, err := s.archive.DocumentVersion(ctx, e.ID, e.Number-1)
	if err != nil {
		return atom.Entry{}, err
	}
	cur, err := s.archive.DocumentVersion(ctx, e.ID, e.Number)
	if err != nil {
		return atom.Entry{}, err
	}
	d := diff.Documents(old, cur)
	summary := d.Stats.Summary()
	compare := base + diffURL(e.ID, e.Number-1, e.Number)
	var b strings.Builder
	fmt.Fprintf(&b, "<p>Version %d of %s: %s.</p>", e.Number, template.HTMLEscapeString(cur.Title), template.HTMLEscapeString(summary))
	for _, td := range d.Turns {
		if td.Op == diff.Equal {
			continue
		}
		n := td.New
		if td.Op == diff.Removed {
			n = td.Old
		}
		fmt.Fprintf(&b, "<p>Turn %d %s", n, td.Op)
		if who := td.Speaker(); who != "" {
			fmt.Fprintf(&b, " (%s)", template.HTMLEscapeString(who))
		}
		b.WriteString(".</p>")
	}
	fmt.Fprintf(&b, `<p><a href="%s">See what changed</a> · <a href="%s">the document now</a></p>`,
		template.HTMLEscapeString(compare), template.HTMLEscapeString(base+docURL(e.ID)))
	entry := atom.Entry{
		ID:      fmt.Sprintf("%s%s?version=%d", base, docURL(e.ID), e.Number),
		Title:   cur.Title + ": " + summary,
		Updated: atom.Time(e.At),
		Links: []atom.Link{{Href: compare, Rel: "alternate", Type: "text/html"},
			{Href: base + docURL(e.ID), Rel: "related", Type: "text/html"}},
		Summary: &atom.Text{Type: "text", Body: summary},
		Content: &atom.Text{Type: "html", Body: b.String()},
	}
	if cur.Section != "" {
		entry.Categories = append(entry.Categories, atom.Category{Term: cur.Section})
	}
	if cur.Source == transcript.SourceKremlin {
		entry.Rights = "President of Russia website, CC BY 4.0"
	}
	return entry, nil
}
