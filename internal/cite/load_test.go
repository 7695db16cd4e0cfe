package cite_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/cite"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/storetest"
	"github.com/rostrum/rostrum/internal/transcript"
)

func TestLoad(t *testing.T) {
	ctx := t.Context()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	doc := storetest.Synthetic(2)
	if _, err := s.Put(ctx, doc, transcript.Raw{Origin: "a", Format: "json", Bytes: []byte("a")}); err != nil {
		t.Fatal(err)
	}
	edited := *doc
	edited.Title += " (edited)"
	if _, err := s.Put(ctx, &edited, transcript.Raw{Origin: "b", Format: "json", Bytes: []byte("b")}); err != nil {
		t.Fatal(err)
	}
	var turn transcript.Turn
	for _, tt := range doc.Turns {
		if tt.Person != "" {
			turn = tt
			break
		}
	}
	if turn.Index == 0 {
		t.Fatal("the synthetic document has no turn with a person")
	}

	w, err := cite.Load(ctx, s, doc.ID, 0, 0, "https://example.org")
	if err != nil || w.Version != 2 || w.Doc.Title != edited.Title || w.Author != "" || w.Accessed.IsZero() ||
		!strings.HasPrefix(w.Permalink, "https://example.org/") {
		t.Errorf("Load of the current version = %+v, %v", w, err)
	}
	w, err = cite.Load(ctx, s, doc.ID, turn.Index, 1, "")
	if err != nil || w.Version != 1 || w.Doc.Title != doc.Title || w.Author != turn.Person || w.Turn != turn.Index {
		t.Errorf("Load of turn %d of version 1 = %+v, %v; want author %q", turn.Index, w, err, turn.Person)
	}
	var ve *cite.VersionError
	if _, err := cite.Load(ctx, s, doc.ID, 0, 3, ""); !errors.As(err, &ve) || ve.Count != 2 || ve.Version != 3 {
		t.Errorf("Load of version 3: %v, want a VersionError of 2", err)
	}
	if _, err := cite.Load(ctx, s, "kremlin.ru/0", 0, 0, ""); !errors.Is(err, transcript.ErrNotFound) {
		t.Errorf("Load of an unknown id: %v, want ErrNotFound", err)
	}
}
