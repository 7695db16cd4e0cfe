package twins_test

import (
	"errors"
	"testing"

	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/twins"
)

// TestLoad loads both editions of an event from either id, one edition
// when the archive lacks the other, and lists the pairs.
func TestLoad(t *testing.T) {
	ctx := t.Context()
	en, enRaw := mustParse(t, "twin_en.html")
	ru, ruRaw := mustParse(t, "twin_ru.html")
	other, otherRaw := mustParse(t, "transcript.html")
	store := mustOpen(t)
	mustPut(t, store, en, enRaw)
	mustPut(t, store, other, otherRaw)

	if gotEN, gotRU, err := twins.Load(ctx, store, en.ID); err != nil || gotEN == nil || gotEN.ID != en.ID || gotRU != nil {
		t.Errorf("Load of an English page without its twin = %v, %v, %v", gotEN, gotRU, err)
	}
	if _, _, err := twins.Load(ctx, store, "kremlin.ru/1"); !errors.Is(err, transcript.ErrNotFound) {
		t.Errorf("Load of an unknown id: %v, want ErrNotFound", err)
	}
	count := func() int {
		n := 0
		for p, err := range twins.All(ctx, store) {
			if err != nil {
				t.Fatal(err)
			}
			if p[0].ID != en.ID || p[1].ID != ru.ID {
				t.Errorf("All yields %s and %s, want %s and %s", p[0].ID, p[1].ID, en.ID, ru.ID)
			}
			n++
		}
		return n
	}
	if n := count(); n != 0 {
		t.Errorf("All without Russian pages: %d pairs", n)
	}

	mustPut(t, store, ru, ruRaw)
	for _, id := range []string{en.ID, ru.ID} {
		gotEN, gotRU, err := twins.Load(ctx, store, id)
		if err != nil || gotEN == nil || gotRU == nil || gotEN.ID != en.ID || gotRU.ID != ru.ID {
			t.Errorf("Load(%s) = %v, %v, %v; want English then Russian", id, gotEN, gotRU, err)
		}
	}
	if n := count(); n != 1 {
		t.Errorf("All: %d pairs, want 1", n)
	}
}
