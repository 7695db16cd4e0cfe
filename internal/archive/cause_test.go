package archive_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/archive"
	"github.com/rostrum/rostrum/internal/parser/corpus"
	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/transcript"
)

// causeDoc is a small page: a lead, an opening turn and two speakers.
func causeDoc() *transcript.Document {
	return &transcript.Document{
		ID: "en.kremlin.ru/1", Source: "kremlin.ru", Language: "en", URL: "http://en.kremlin.ru/events/president/news/1",
		Title: "Meeting with the Government", Lead: "Vladimir Putin held a meeting with Government members.",
		Date: "2020-05-06", Time: "14:00", Place: "Novo-Ogaryovo", PublishedIn: []string{"News", "Transcripts"},
		Topics: []string{"Economy and finance"},
		Media:  []transcript.Media{{Kind: transcript.MediaPhoto, Caption: "At the meeting with Government members.", Credit: "Photo: Kremlin"}},
		Turns: []transcript.Turn{
			{Index: 1, Paragraphs: []string{"The agenda covered support for the economy."}},
			{Index: 2, Speaker: "Vladimir Putin", Person: "Putin Vladimir", Paragraphs: []string{
				"Good afternoon, colleagues.",
				"Today we will discuss how the measures to support the economy are working, and what has to be done next in the regions that suffered most.",
			}, Notes: []string{"(Applause.)"}},
			{Index: 3, Speaker: "Anton Siluanov", Paragraphs: []string{"Mr President, colleagues, the budget will keep its commitments."}},
		},
	}
}

func TestCause(t *testing.T) {
	text := func(d *transcript.Document) archive.Stored {
		return archive.Stored{Doc: d, RawHash: "text-" + d.Title, Format: "kremlin-text"}
	}
	html := func(d *transcript.Document) archive.Stored {
		return archive.Stored{Doc: d, RawHash: "html-" + d.Title, Format: "kremlin-html"}
	}
	edit := func(f func(d *transcript.Document)) *transcript.Document {
		d := causeDoc()
		f(d)
		return d
	}
	tests := []struct {
		name       string
		prev, next archive.Stored
		want       string
	}{
		{"same raw input, new parse", archive.Stored{Doc: causeDoc(), RawHash: "h"},
			archive.Stored{Doc: edit(func(d *transcript.Document) { d.Turns[2].Person = "Siluanov Anton" }), RawHash: "h"},
			transcript.CauseRederived},
		{"same raw input, even a changed text", archive.Stored{RawHash: "h"},
			archive.Stored{Doc: edit(func(d *transcript.Document) { d.Title = "New" }), RawHash: "h"}, transcript.CauseRederived},
		{"text then HTML with furniture only the HTML has", text(edit(func(d *transcript.Document) {
			d.URL, d.Media, d.PublishedAt = "", nil, ""
		})), html(edit(func(d *transcript.Document) { d.PublishedAt = "2020-05-06T15:30" })), transcript.CauseRendering},
		{"white space and no-break spaces", text(causeDoc()), html(edit(func(d *transcript.Document) {
			d.Title = " Meeting with\u00a0the Government"
			d.Turns[1].Paragraphs[0] = "Good  afternoon,\ncolleagues."
		})), transcript.CauseRendering},
		{"person linked from another rendering", text(causeDoc()), html(edit(func(d *transcript.Document) {
			d.Turns[2].Person, d.Turns[2].Role = "Siluanov Anton", "Finance Minister"
		})), transcript.CauseRendering},
		{"caption in the text dump's body", text(edit(func(d *transcript.Document) {
			d.Turns[1].Paragraphs = append([]string{"At the meeting with Government members."}, d.Turns[1].Paragraphs...)
		})), html(causeDoc()), transcript.CauseRendering},
		{"lead repeated in the body", html(causeDoc()), text(edit(func(d *transcript.Document) {
			d.Turns[0].Paragraphs = append(d.Turns[0].Paragraphs, "Vladimir Putin held a meeting with Government members.")
		})), transcript.CauseRendering},
		{"pull quote, cut", text(edit(func(d *transcript.Document) {
			d.Turns[1].Paragraphs = append(d.Turns[1].Paragraphs, "“Today we will discuss how the measures to support the economy are working.”")
		})), html(causeDoc()), transcript.CauseRendering},
		{"text dump lacks the tags", text(edit(func(d *transcript.Document) { d.Topics, d.Place = nil, "" })), html(causeDoc()),
			transcript.CauseRendering},
		{"title changed", text(causeDoc()), html(edit(func(d *transcript.Document) { d.Title = "Meeting with Government members" })),
			transcript.CauseEdit},
		{"date changed", html(causeDoc()), text(edit(func(d *transcript.Document) { d.Date = "2020-05-07" })), transcript.CauseEdit},
		{"paragraph changed", text(causeDoc()), html(edit(func(d *transcript.Document) {
			d.Turns[1].Paragraphs[0] = "Good afternoon, friends."
		})), transcript.CauseEdit},
		{"sentence cut from a paragraph", text(causeDoc()), html(edit(func(d *transcript.Document) {
			d.Turns[1].Paragraphs[1] = "Today we will discuss how the measures to support the economy are working."
		})), transcript.CauseEdit},
		{"paragraph added", text(causeDoc()), html(edit(func(d *transcript.Document) {
			d.Turns[2].Paragraphs = append(d.Turns[2].Paragraphs, "We will also raise pensions by five percent next year.")
		})), transcript.CauseEdit},
		{"paragraph removed", text(causeDoc()), html(edit(func(d *transcript.Document) { d.Turns[1].Paragraphs = d.Turns[1].Paragraphs[:1] })),
			transcript.CauseEdit},
		{"speaker relabelled", text(causeDoc()), html(edit(func(d *transcript.Document) { d.Turns[2].Speaker = "Finance Minister Anton Siluanov" })),
			transcript.CauseEdit},
		{"turn added", text(causeDoc()), html(edit(func(d *transcript.Document) {
			d.Turns = append(d.Turns, transcript.Turn{Index: 4, Speaker: "Vladimir Putin", Paragraphs: []string{"Thank you."}})
		})), transcript.CauseEdit},
		{"stage direction removed", text(causeDoc()), html(edit(func(d *transcript.Document) { d.Turns[1].Notes = nil })),
			transcript.CauseEdit},
		{"same format: a lead added is an edit", html(edit(func(d *transcript.Document) { d.Lead = "" })),
			archive.Stored{Doc: causeDoc(), RawHash: "html-2", Format: "kremlin-html"}, transcript.CauseEdit},
		{"same format: a caption in the body is an edit", html(causeDoc()), archive.Stored{Doc: edit(func(d *transcript.Document) {
			d.Turns[1].Paragraphs = append([]string{"At the meeting with Government members."}, d.Turns[1].Paragraphs...)
		}), RawHash: "html-2", Format: "kremlin-html"}, transcript.CauseEdit},
		{"same format: new photos are not an edit", html(causeDoc()), archive.Stored{Doc: edit(func(d *transcript.Document) {
			d.Media = append(d.Media, transcript.Media{Kind: transcript.MediaPhoto, Caption: "With Anton Siluanov."})
		}), RawHash: "html-2", Format: "kremlin-html"}, transcript.CauseRendering},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := archive.Cause(&tt.prev, tt.next); got != tt.want {
				t.Errorf("Cause = %q, want %q", got, tt.want)
			}
		})
	}
	if got := archive.Cause(nil, html(causeDoc())); got != transcript.CauseFirst {
		t.Errorf("Cause(nil, …) = %q, want %q", got, transcript.CauseFirst)
	}
}

// TestCauseCorpus classifies the pages of the shared corpus that it has
// both as a text dump and as HTML: the HTML after the text, and the text
// after the HTML, are renderings of one page, never edits.
func TestCauseCorpus(t *testing.T) {
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("shared corpus not found (../shared/corpus)")
	}
	htmls, err := filepath.Glob(corpus.HTMLPath(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	pairs := 0
	for _, h := range htmls {
		id := strings.TrimSuffix(filepath.Base(h), ".html")
		if _, err := os.Stat(corpus.TextPath(dir, id)); err != nil {
			continue
		}
		pairs++
		text := parseStored(t, corpus.TextPath(dir, id), "kremlin-text")
		html := parseStored(t, h, "kremlin-html")
		if got := archive.Cause(&text, html); got != transcript.CauseRendering {
			t.Errorf("%s: Cause(text, HTML) = %q, want %q", id, got, transcript.CauseRendering)
		}
		if got := archive.Cause(&html, text); got != transcript.CauseRendering {
			t.Errorf("%s: Cause(HTML, text) = %q, want %q", id, got, transcript.CauseRendering)
		}
		// A word changed in the HTML is an edit all the same.
		edited := parseStored(t, h, "kremlin-html")
		edited.RawHash += "-edited"
		if p := longestParagraph(edited.Doc); p != nil {
			*p = strings.Replace(*p, " ", " not ", 1)
		} else {
			edited.Doc.Title += " (updated)"
		}
		if got := archive.Cause(&text, edited); got != transcript.CauseEdit {
			t.Errorf("%s: Cause(text, edited HTML) = %q, want %q", id, got, transcript.CauseEdit)
		}
	}
	if pairs < 30 {
		t.Errorf("found %d pages with both renderings, want 30", pairs)
	}
}

func parseStored(t testing.TB, path, format string) archive.Stored {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	parse := kremlintext.Parse
	if format == "kremlin-html" {
		parse = kremlinhtml.Parse
	}
	doc, err := parse(strings.NewReader(string(b)), path)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return archive.Stored{Doc: doc, RawHash: archive.Sum(b), Format: format}
}

func longestParagraph(d *transcript.Document) *string {
	var longest *string
	for i := range d.Turns {
		for j := range d.Turns[i].Paragraphs {
			if p := &d.Turns[i].Paragraphs[j]; longest == nil || len(*p) > len(*longest) {
				longest = p
			}
		}
	}
	return longest
}

// BenchmarkCause classifies a long page of the shared corpus that it has
// in both renderings, the HTML after the text dump: the cost that a
// new rendering adds to a Put. (17118, the 2012 Address, has a pull
// quote in its text dump.)
func BenchmarkCause(b *testing.B) {
	dir := corpus.Dir()
	if dir == "" {
		b.Skip("shared corpus not found (../shared/corpus)")
	}
	text := parseStored(b, corpus.TextPath(dir, "17118"), "kremlin-text")
	html := parseStored(b, corpus.HTMLPath(dir, "17118"), "kremlin-html")
	b.ResetTimer()
	for b.Loop() {
		if archive.Cause(&text, html) != transcript.CauseRendering {
			b.Fatal("not a rendering")
		}
	}
}
