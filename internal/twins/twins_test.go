package twins_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
	"github.com/rostrum/rostrum/internal/sqlite"
	"github.com/rostrum/rostrum/internal/transcript"
	"github.com/rostrum/rostrum/internal/twins"
)

const testdata = "../parser/kremlinhtml/testdata"

func mustParse(tb testing.TB, name string) (*transcript.Document, transcript.Raw) {
	tb.Helper()
	path := filepath.Join(testdata, name)
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := kremlinhtml.Parse(bytes.NewReader(b), path)
	if err != nil {
		tb.Fatalf("Parse(%q): %v", path, err)
	}
	return doc, transcript.Raw{Origin: path, Format: "kremlin-html", Bytes: b}
}

func mustOpen(tb testing.TB) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "twins.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// clone returns a deep enough copy of doc for a test to edit its turns.
func clone(doc *transcript.Document) *transcript.Document {
	c := *doc
	c.Turns = slices.Clone(doc.Turns)
	return &c
}

func persons(doc *transcript.Document) []string {
	var out []string
	for _, t := range doc.Turns {
		out = append(out, t.Person)
	}
	return out
}

func TestTwinID(t *testing.T) {
	for _, c := range []struct {
		id, want string
		ok       bool
	}{
		{"en.kremlin.ru/90010", "kremlin.ru/90010", true},
		{"kremlin.ru/90010", "en.kremlin.ru/90010", true},
		{"kremlin.ru/67763", "en.kremlin.ru/67763", true},
		{"kremlin.ru/h-ce98b01b8005", "", false},
		{"en.kremlin.ru/h-ce98b01b8005", "", false},
		{"kremlin.ru/", "", false},
		{"synthetic/en/42", "", false},
		{"www.kremlin.ru/5", "", false},
		{"", "", false},
	} {
		got, ok := twins.TwinID(c.id)
		if got != c.want || ok != c.ok {
			t.Errorf("TwinID(%q) = %q, %v; want %q, %v", c.id, got, ok, c.want, c.ok)
		}
	}
}

func TestAlign(t *testing.T) {
	en, _ := mustParse(t, "twin_en.html")
	ru, _ := mustParse(t, "twin_ru.html")
	aligned := map[string]string{"В.Путин": "Vladimir Putin", "Анна Смирнова": "Anna Smirnova", "Игорь Ковалёв": "Igor Kovalyov"}
	for _, c := range []struct {
		name string
		edit func(ru *transcript.Document) // applied to a copy of the Russian edition
		want map[string]string
		ok   bool
	}{
		{name: "twin pair", edit: func(*transcript.Document) {}, want: aligned, ok: true},
		// A turn one edition lacks: the editions still line up (package
		// editions) and give the Russian turns their persons.
		{name: "one turn fewer", ok: true, want: aligned, edit: func(ru *transcript.Document) {
			ru.Turns = ru.Turns[:len(ru.Turns)-1]
		}},
		{name: "one turn more", ok: true, want: aligned, edit: func(ru *transcript.Document) {
			ru.Turns = append(ru.Turns, transcript.Turn{Index: len(ru.Turns) + 1, Speaker: "В.Путин", Person: "В.Путин",
				Paragraphs: []string{"Спасибо."}})
		}},
		{name: "half the turns missing", ok: false, edit: func(ru *transcript.Document) {
			ru.Turns = ru.Turns[:len(ru.Turns)/2]
		}},
		{name: "labelled opposite anonymous", ok: false, edit: func(ru *transcript.Document) {
			ru.Turns[5].Speaker, ru.Turns[5].Person = "И.Ковалёв", "Игорь Ковалёв" // en: Remark
		}},
		{name: "anonymous opposite labelled", ok: false, edit: func(ru *transcript.Document) {
			ru.Turns[4].Speaker, ru.Turns[4].Person = "Вопрос", "" // en: Igor Kovalyov
		}},
		{name: "labelled opposite unlabelled", ok: false, edit: func(ru *transcript.Document) {
			ru.Turns[0].Speaker, ru.Turns[0].Person = "В.Путин", "В.Путин" // en: the intro
		}},
		{name: "speaker changes do not line up", ok: false, edit: func(ru *transcript.Document) {
			// Smirnova opposite Kovalyov: one Russian person would be two English ones.
			ru.Turns[4].Speaker, ru.Turns[4].Person = "А.Смирнова", "Анна Смирнова"
		}},
		{name: "two Russian persons for one English", ok: false, edit: func(ru *transcript.Document) {
			ru.Turns[7].Speaker, ru.Turns[7].Person = "В.В.Путин", "Владимир Путин"
		}},
		{name: "unresolved Russian label still aligns", ok: true,
			want: map[string]string{"В.Путин": "Vladimir Putin", "Анна Смирнова": "Anna Smirnova"},
			edit: func(ru *transcript.Document) {
				ru.Turns[4].Person = "" // a named speaker the parser could not resolve
			}},
		{name: "no turns", ok: false, edit: func(ru *transcript.Document) { ru.Turns = nil }},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := clone(ru)
			c.edit(r)
			got, ok := twins.Align(en, r)
			if ok != c.ok {
				t.Fatalf("Align ok got %v, want %v (map %v)", ok, c.ok, got)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Align mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestApply(t *testing.T) {
	en, _ := mustParse(t, "twin_en.html")
	ru, _ := mustParse(t, "twin_ru.html")
	before := persons(ru)
	m, ok := twins.Align(en, ru)
	if !ok {
		t.Fatal("twin pair does not align")
	}
	got := twins.Apply(ru, m)
	if diff := cmp.Diff(persons(en), persons(got)); diff != "" {
		t.Errorf("applied persons mismatch (-want +got):\n%s", diff)
	}
	for i, tr := range got.Turns {
		if tr.Speaker != ru.Turns[i].Speaker || tr.Role != ru.Turns[i].Role || !slices.Equal(tr.Paragraphs, ru.Turns[i].Paragraphs) {
			t.Errorf("turn %d: Apply changed more than the person: %+v", tr.Index, tr)
		}
	}
	if diff := cmp.Diff(before, persons(ru)); diff != "" {
		t.Errorf("Apply changed its input (-before +after):\n%s", diff)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestResolve(t *testing.T) {
	ctx := t.Context()
	en, enRaw := mustParse(t, "twin_en.html")
	ru, _ := mustParse(t, "twin_ru.html")
	other, otherRaw := mustParse(t, "transcript.html") // an English page of another event

	t.Run("no twin stored", func(t *testing.T) {
		store := mustOpen(t)
		got, err := twins.Resolve(ctx, store, ru)
		if err != nil || got != ru {
			t.Errorf("Resolve = %p, %v; want the document itself, nil", got, err)
		}
	})
	t.Run("English document", func(t *testing.T) {
		store := mustOpen(t)
		mustPut(t, store, en, enRaw)
		got, err := twins.Resolve(ctx, store, en)
		if err != nil || got != en {
			t.Errorf("Resolve = %p, %v; want the document itself, nil", got, err)
		}
	})
	t.Run("twin aligns", func(t *testing.T) {
		store := mustOpen(t)
		mustPut(t, store, en, enRaw)
		mustPut(t, store, other, otherRaw)
		got, err := twins.Resolve(ctx, store, ru)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(persons(en), persons(got)); diff != "" {
			t.Errorf("resolved persons mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("twin misaligned", func(t *testing.T) {
		store := mustOpen(t)
		mustPut(t, store, en, enRaw)
		r := clone(ru)
		r.Turns = r.Turns[:len(r.Turns)/2]
		got, err := twins.Resolve(ctx, store, r)
		if err != nil || got != r {
			t.Errorf("Resolve = %p, %v; want the document itself, nil", got, err)
		}
	})
}

func mustPut(tb testing.TB, store transcript.Store, doc *transcript.Document, raw transcript.Raw) {
	tb.Helper()
	if _, err := store.Put(context.Background(), doc, raw); err != nil {
		tb.Fatalf("Put %s: %v", doc.ID, err)
	}
}

// TestArchivePersons stores both editions, the Russian one resolved
// through its twin, and checks the archive's persons: one "Vladimir
// Putin" with the English and the Russian labels, and no Russian-named
// duplicate. A misaligned Russian edition keeps its own persons.
func TestArchivePersons(t *testing.T) {
	ctx := t.Context()
	en, enRaw := mustParse(t, "twin_en.html")
	ru, ruRaw := mustParse(t, "twin_ru.html")
	misaligned := clone(ru)
	misaligned.Turns[5].Speaker, misaligned.Turns[5].Person = "И.Ковалёв", "Игорь Ковалёв"

	for _, c := range []struct {
		name   string
		ru     *transcript.Document
		labels map[string][]string // person → labels it must have
		absent []string            // persons that must not exist
	}{
		{name: "aligned", ru: ru,
			labels: map[string][]string{
				"Vladimir Putin": {"President of\u00a0Russia Vladimir Putin", "Vladimir Putin", "В.Путин"},
				"Anna Smirnova":  {"Head of the Federal Standards Agency Anna Smirnova", "Anna Smirnova", "А.Смирнова"},
				"Igor Kovalyov":  {"Deputy Head of the Agency Igor Kovalyov", "И.Ковалёв"},
			},
			absent: []string{"В.Путин", "Анна Смирнова", "Игорь Ковалёв"}},
		{name: "misaligned", ru: misaligned,
			labels: map[string][]string{
				"Vladimir Putin": {"President of\u00a0Russia Vladimir Putin", "Vladimir Putin"},
				"В.Путин":        {"В.Путин"},
				"Анна Смирнова":  {"А.Смирнова"},
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			store := mustOpen(t)
			mustPut(t, store, en, enRaw)
			resolved, err := twins.Resolve(ctx, store, c.ru)
			if err != nil {
				t.Fatal(err)
			}
			mustPut(t, store, resolved, ruRaw)
			ps, err := store.Persons(ctx)
			if err != nil {
				t.Fatal(err)
			}
			byName := map[string]transcript.Person{}
			for _, p := range ps {
				byName[p.Name] = p
			}
			for name, labels := range c.labels {
				p, ok := byName[name]
				if !ok {
					t.Errorf("no person %q in %v", name, names(ps))
					continue
				}
				for _, l := range labels {
					if !slices.Contains(p.Labels, l) {
						t.Errorf("person %q labels %q lack %q", name, p.Labels, l)
					}
				}
				if p.Documents != 2 && c.name == "aligned" {
					t.Errorf("person %q in %d documents, want 2 (both editions)", name, p.Documents)
				}
			}
			for _, name := range c.absent {
				if _, ok := byName[name]; ok {
					t.Errorf("person %q exists; want it merged into its English name", name)
				}
			}
			if c.name == "misaligned" && byName["Vladimir Putin"].Documents != 1 {
				t.Errorf("Vladimir Putin in %d documents, want 1: a misaligned edition is not linked", byName["Vladimir Putin"].Documents)
			}
		})
	}
}

func names(ps []transcript.Person) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}
