package cite_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/cite"
	"github.com/rostrum/rostrum/internal/transcript"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var (
	english = &transcript.Document{
		ID: "en.kremlin.ru/67763", Source: transcript.SourceKremlin, URL: "http://en.kremlin.ru/events/president/transcripts/67763", Language: "en",
		Title: "Press statements following Russian-Kazakhstani talks", Date: "2022-02-10",
		Turns: []transcript.Turn{
			{Index: 1, Speaker: "President of Russia Vladimir Putin", Person: "Vladimir Putin", Role: "President of Russia", Paragraphs: []string{"Mr President, friends,"}},
			{Index: 2, Speaker: "K.Tokayev", Person: "K.Tokayev", Paragraphs: []string{"Thank you."}},
			{Index: 3, Speaker: "Question", Paragraphs: []string{"A question?"}},
			{Index: 4, Paragraphs: []string{"An unlabelled turn."}},
		},
	}
	russian = &transcript.Document{
		ID: "kremlin.ru/67763", Source: transcript.SourceKremlin, URL: "http://kremlin.ru/events/president/transcripts/67763", Language: "ru",
		Title: "Заявления для прессы по итогам российско-казахстанских переговоров", Date: "2022-02-10",
		Turns: []transcript.Turn{
			{Index: 1, Speaker: "В.Путин", Person: "В.Путин", Paragraphs: []string{"Уважаемый господин Президент!"}},
			{Index: 2, Speaker: "Вопрос", Paragraphs: []string{"Вопрос?"}},
		},
	}
	undated = &transcript.Document{
		ID: "synthetic/h-0123456789ab", Source: transcript.SourceSynthetic, Language: "en",
		Title: "Q&A: 50% of the #1 questions_answered?",
		Turns: []transcript.Turn{{Index: 1, Speaker: "Dmitry Peskov", Person: "Dmitry Peskov", Paragraphs: []string{"Yes."}}},
	}
	fetched = time.Date(2024, 3, 1, 22, 30, 0, 0, time.FixedZone("MSK", 3*3600)) // 2 March in Moscow, 1 March UTC
)

func TestFormatGolden(t *testing.T) {
	tests := []struct {
		name string
		work cite.Work
	}{
		{"en-document", cite.Work{Doc: english, Version: 2, Permalink: "https://rostrum.example.org/d/en.kremlin.ru/67763?version=2", Accessed: fetched, AccessedFrom: cite.AccessedFetch}},
		{"en-turn-person", cite.Work{Doc: english, Turn: 1, Author: "Vladimir Putin", Version: 2, Permalink: "https://rostrum.example.org/d/en.kremlin.ru/67763/t/1?v=2", Accessed: fetched, AccessedFrom: cite.AccessedFetch}},
		// The registry joins the label K.Tokayev to the person shown as
		// Kassym-Jomart Tokayev.
		{"en-turn-registry", cite.Work{Doc: english, Turn: 2, Author: "Kassym-Jomart Tokayev", Version: 2, Permalink: "https://rostrum.example.org/d/en.kremlin.ru/67763/t/2?v=2", Accessed: fetched, AccessedFrom: cite.AccessedFetch}},
		{"en-turn-question", cite.Work{Doc: english, Turn: 3, Version: 2, Permalink: "https://rostrum.example.org/d/en.kremlin.ru/67763/t/3?v=2", Accessed: fetched, AccessedFrom: cite.AccessedFetch}},
		{"en-turn-unlabelled", cite.Work{Doc: english, Turn: 4, Version: 1, Permalink: "https://rostrum.example.org/d/en.kremlin.ru/67763/t/4?v=1"}},
		{"ru-document", cite.Work{Doc: russian, Version: 1, Permalink: "https://rostrum.example.org/d/kremlin.ru/67763?version=1", Accessed: fetched, AccessedFrom: cite.AccessedStored}},
		{"ru-turn-person", cite.Work{Doc: russian, Turn: 1, Author: "Владимир Путин", Version: 1, Permalink: "https://rostrum.example.org/d/kremlin.ru/67763/t/1?v=1", Accessed: fetched, AccessedFrom: cite.AccessedStored}},
		{"ru-turn-question", cite.Work{Doc: russian, Turn: 2, Version: 1, Permalink: "https://rostrum.example.org/d/kremlin.ru/67763/t/2?v=1", Accessed: fetched, AccessedFrom: cite.AccessedStored}},
		// No date, no source URL, no licence, and no site to link to
		// (the command line without --base-url).
		{"undated-turn", cite.Work{Doc: undated, Turn: 1, Author: "Dmitry Peskov", Version: 3, Accessed: fetched, AccessedFrom: cite.AccessedStored}},
		{"undated-document", cite.Work{Doc: undated, Version: 3}},
	}
	for _, tt := range tests {
		for _, style := range cite.Styles {
			t.Run(tt.name+"/"+style, func(t *testing.T) {
				got, err := cite.Format(style, tt.work)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasSuffix(got, "\n") {
					got += "\n"
				}
				path := filepath.Join("testdata", tt.name+"."+style+".golden")
				if *update {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update)", err)
				}
				if diff := cmp.Diff(string(want), got); diff != "" {
					t.Errorf("Format(%q, %s) mismatch (-want +got):\n%s", style, tt.name, diff)
				}
			})
		}
	}
}

func TestFormatErrors(t *testing.T) {
	tests := []struct {
		name  string
		style string
		work  cite.Work
		want  error
		msg   string
	}{
		{"unknown style", "harvard", cite.Work{Doc: english}, transcript.ErrInvalid, `unknown citation style "harvard"; the styles are chicago, apa, mla, bibtex, ris`},
		{"empty style", "", cite.Work{Doc: english}, transcript.ErrInvalid, `unknown citation style ""`},
		{"style in capitals", "APA", cite.Work{Doc: english}, transcript.ErrInvalid, `unknown citation style "APA"`},
		{"no turn", "apa", cite.Work{Doc: english, Turn: 9}, transcript.ErrNotFound, "has no turn 9; it has 4"},
		{"no document", "apa", cite.Work{}, transcript.ErrInvalid, "no document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cite.Format(tt.style, tt.work)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Format(%q): err %v, want %v", tt.style, err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Format(%q): err %q, want it to say %q", tt.style, err, tt.msg)
			}
		})
	}
}

// TestSurnameFromTaxonomy: the page's taxonomy, which lists persons
// surname first, says which words are the surname; without it the last
// word is ("Jinping, Xi" was wrong).
func TestSurnameFromTaxonomy(t *testing.T) {
	for _, c := range []struct {
		person   string
		taxonomy []string
		chicago  string
		apa      string
	}{
		{"Xi Jinping", []string{"Xi Jinping"}, "Xi, Jinping.", "Xi, J."},
		{"Kassym-Jomart Tokayev", []string{"Tokayev Kassym-Jomart"}, "Tokayev, Kassym-Jomart.", "Tokayev, K.-J."},
		{"Alexander Van der Bellen", []string{"Van der Bellen Alexander"}, "Van der Bellen, Alexander.", "Van der Bellen, A."},
		{"Vladimir Putin", nil, "Putin, Vladimir.", "Putin, V."},
		// A monarch has no surname: "II, Albert" was wrong.
		{"Albert II", []string{"Ruling Prince of Monaco Albert II"}, "Albert II.", "Albert II."},
	} {
		doc := &transcript.Document{ID: "en.kremlin.ru/1", Source: transcript.SourceKremlin, Language: "en", Title: "Talks",
			Date: "2019-04-03", Persons: c.taxonomy,
			Turns: []transcript.Turn{{Index: 1, Speaker: c.person, Person: c.person, Paragraphs: []string{"Hello."}}}}
		for style, want := range map[string]string{cite.Chicago: c.chicago, cite.APA: c.apa} {
			got, err := cite.Format(style, cite.Work{Doc: doc, Turn: 1, Version: 1})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(got, want) {
				t.Errorf("%s of %q (taxonomy %q) = %q, want it to begin %q", style, c.person, c.taxonomy, got, want)
			}
		}
	}
}
