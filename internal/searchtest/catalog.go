package searchtest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rostrum/rostrum/internal/transcript"
)

// counts builds a list of term counts from value, count pairs.
func counts(pairs ...any) []transcript.FacetCount {
	out := []transcript.FacetCount{}
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, transcript.FacetCount{Value: pairs[i].(string), Count: pairs[i+1].(int)})
	}
	return out
}

// checkTerms compares the Terms of every kind with want.
func checkTerms(t *testing.T, a Archive, when string, want map[string][]transcript.FacetCount) {
	t.Helper()
	for _, kind := range []string{transcript.TermTopic, transcript.TermGeography, transcript.TermSection} {
		got, err := a.Terms(t.Context(), kind)
		if err != nil {
			t.Errorf("Terms(%q) %s: %v", kind, when, err)
			continue
		}
		if diff := cmp.Diff(want[kind], got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Terms(%q) %s mismatch (-want +got):\n%s", kind, when, diff)
		}
	}
}

func checkDocumentsAt(t *testing.T, a Archive, when string, urls []string, want map[string]string) {
	t.Helper()
	got, err := a.DocumentsAt(t.Context(), urls)
	if err != nil {
		t.Errorf("DocumentsAt %s: %v", when, err)
		return
	}
	if got == nil {
		t.Errorf("DocumentsAt %s = nil, want a map", when)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("DocumentsAt %s mismatch (-want +got):\n%s", when, diff)
	}
}

func url(id string) string { return "http://example.org/" + id }

func testCatalog(t *testing.T, a Archive) {
	// Counted by hand from Fixtures: every document's breadcrumb section
	// is Events; the rest are its published_in entries.
	checkTerms(t, a, "of the fixtures", map[string][]transcript.FacetCount{
		transcript.TermTopic:     counts("Economy and finance", 2, "Foreign policy", 2, "Energy", 1, "Внешняя политика", 1),
		transcript.TermGeography: counts("China", 1, "Europe", 1, "Kazakhstan", 1, "Казахстан", 1),
		transcript.TermSection:   counts("Events", 7, "News", 5, "Transcripts", 3, "Новости", 2, "Стенограммы", 2),
	})
	for _, kind := range []string{"person", "", "Topic", "topics"} {
		if _, err := a.Terms(t.Context(), kind); !errors.Is(err, transcript.ErrInvalid) {
			t.Errorf("Terms(%q): err = %v, want ErrInvalid", kind, err)
		}
	}

	wantPutin := transcript.Person{
		Name:   putin,
		Labels: []string{"Vladimir Putin", "President of Russia Vladimir Putin", "В.Путин"},
		Roles:  []string{"President of Russia"},
		Turns:  5, Documents: 5, First: "2022-02-10", Last: "2024-05-16",
	}
	if p, err := a.Person(t.Context(), putin); err != nil {
		t.Errorf("Person(%q): %v", putin, err)
	} else if diff := cmp.Diff(wantPutin, p, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Person(%q) mismatch (-want +got):\n%s", putin, diff)
	}
	persons, err := a.Persons(t.Context())
	if err != nil {
		t.Fatalf("Persons: %v", err)
	}
	for _, want := range persons {
		if p, err := a.Person(t.Context(), want.Name); err != nil {
			t.Errorf("Person(%q): %v", want.Name, err)
		} else if diff := cmp.Diff(want, p, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Person(%q) differs from its entry in Persons (-want +got):\n%s", want.Name, diff)
		}
	}
	// Only the exact canonical name: not a label, a word of it, another case.
	for _, name := range []string{"Putin", "В.Путин", "vladimir putin", "", "Nobody"} {
		if p, err := a.Person(t.Context(), name); !errors.Is(err, transcript.ErrNotFound) {
			t.Errorf("Person(%q) = %+v, %v; want ErrNotFound", name, p, err)
		}
	}

	checkDocumentsAt(t, a, "of nothing", nil, map[string]string{})
	checkDocumentsAt(t, a, "of the fixtures",
		[]string{url("t/1"), url("r/2"), url("nope"), url("t/1"), "", "example.org/t/3"},
		map[string]string{url("t/1"): "t/1", url("r/2"): "r/2"})
	// More URLs than any engine binds in one statement.
	many := []string{}
	for i := range 2500 {
		many = append(many, url(fmt.Sprintf("x/%d", i)))
	}
	all := map[string]string{}
	for _, d := range Fixtures() {
		many = append(many, d.URL)
		all[d.URL] = d.ID
	}
	checkDocumentsAt(t, a, "of 2,500 unknown URLs and every fixture's", many, all)

	// Terms and URLs follow the current versions: t/3 moves to another
	// URL and loses Energy; a new document has Новости as both its
	// breadcrumb section and its published_in entry, and counts once.
	gen := generation(t, a)
	if res, err := a.Put(t.Context(), Fixtures()[2], transcript.Raw{Origin: "again", Format: "json", Bytes: []byte("again")}); err != nil || res.Status != transcript.Unchanged {
		t.Fatalf("Put t/3 again = %+v, %v", res, err)
	}
	if g := generation(t, a); g != gen {
		t.Errorf("Generation moved from %d to %d when nothing changed", gen, g)
	}
	d := Fixtures()[2]
	d.Topics, d.URL = []string{"Economy and finance"}, url("t/3-moved")
	if res, err := a.Put(t.Context(), d, transcript.Raw{Origin: "v2", Format: "json", Bytes: []byte("v2")}); err != nil || res.Status != transcript.Updated {
		t.Fatalf("Put t/3 v2 = %+v, %v", res, err)
	}
	if g := generation(t, a); g == gen {
		t.Errorf("Generation stayed %d after a document changed", g)
	}
	gen = generation(t, a)
	x := doc("r/3", "ru", "2024-06-01", "Новость", "", []string{"Новости"}, []string{"Внешняя политика"}, nil)
	x.Section = "Новости"
	if _, err := a.Put(t.Context(), x, transcript.Raw{Origin: "r/3", Format: "json", Bytes: []byte("r/3")}); err != nil {
		t.Fatalf("Put r/3: %v", err)
	}
	if g := generation(t, a); g == gen {
		t.Errorf("Generation stayed %d after a document was added", g)
	}
	checkTerms(t, a, "after updates", map[string][]transcript.FacetCount{
		transcript.TermTopic:     counts("Economy and finance", 3, "Foreign policy", 2, "Внешняя политика", 2),
		transcript.TermGeography: counts("China", 1, "Europe", 1, "Kazakhstan", 1, "Казахстан", 1),
		transcript.TermSection:   counts("Events", 7, "News", 5, "Transcripts", 3, "Новости", 3, "Стенограммы", 2),
	})
	checkDocumentsAt(t, a, "after updates", []string{url("t/3"), url("t/3-moved"), url("r/3")},
		map[string]string{url("t/3-moved"): "t/3", url("r/3"): "r/3"})
}

func generation(t *testing.T, a Archive) int64 {
	t.Helper()
	g, err := a.Generation(t.Context())
	if err != nil {
		t.Fatalf("Generation: %v", err)
	}
	return g
}
