package web

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/search"
)

func TestSpansHTML(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		dirs  [][2]int
		marks [][2]int
		want  string
	}{
		{"plain", "a <b> & c", nil, nil, "a &lt;b&gt; &amp; c"},
		{"a mark", "gas and oil", nil, [][2]int{{0, 3}}, "<mark>gas</mark> and oil"},
		{"a direction", "Yes. (Applause.)", [][2]int{{5, 16}}, nil, `Yes. <span class="direction">(Applause.)</span>`},
		{"a mark in a direction", "(Gas prices.)", [][2]int{{0, 13}}, [][2]int{{1, 4}},
			`<span class="direction">(</span><span class="direction"><mark>Gas</mark></span><span class="direction"> prices.)</span>`},
		{"a mark across a direction's edge", "oil(gas)", [][2]int{{3, 8}}, [][2]int{{0, 5}},
			`<mark>oil</mark><span class="direction"><mark>(g</mark></span><span class="direction">as)</span>`},
		{"ranges out of bounds are dropped", "abc", [][2]int{{2, 9}}, [][2]int{{-1, 2}, {2, 1}}, "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(spansHTML(tt.text, tt.dirs, tt.marks)); got != tt.want {
				t.Errorf("spansHTML(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

var reTag = regexp.MustCompile(`</?(?:mark|span(?: class="direction")?)>`)

// FuzzHighlight marks a paragraph for a query as the document page does
// for /d/ID?q=QUERY: whatever the query and the text, no panic, and the
// marked HTML reads back as the text.
func FuzzHighlight(f *testing.F) {
	f.Add("economy", "The economy grows. (Applause.)", "(Applause.)")
	f.Add(`"gas prices" OR oil*`, "Gas prices, oil and oilfields.", "")
	f.Add("переговоры", "Переговоры прошли. <…>", "<…>")
	f.Fuzz(func(t *testing.T, q, text, note string) {
		query, err := search.ParseQuery(q)
		if err != nil {
			return
		}
		tok := search.NewTokenizer()
		h := &highlighter{words: newWordMarker(query, tok), tok: tok}
		got := h.mark(text, []string{note})
		if !utf8.ValidString(text) || !utf8.ValidString(note) {
			return // the middleware refuses invalid UTF-8; documents are valid
		}
		if strings.ContainsRune(text, 0) {
			return // html/template's escaping writes NUL as U+FFFD
		}
		if back := html.UnescapeString(reTag.ReplaceAllString(string(got), "")); back != text {
			t.Fatalf("mark(%q, %q) for %q = %q, which reads %q", text, note, q, got, back)
		}
	})
}

// TestMarkLongParagraph: a paragraph longer than search.Matcher marks at
// once is marked to its end.
func TestMarkLongParagraph(t *testing.T) {
	query, err := search.ParseQuery("economy")
	if err != nil {
		t.Fatal(err)
	}
	tok := search.NewTokenizer()
	h := &highlighter{words: newWordMarker(query, tok), tok: tok}
	text := ""
	for range 200 {
		text += "The economy grows in every region of the country. "
	}
	if got := len(h.marks(text)); got != 200 {
		t.Errorf("%d marks in a %d-byte paragraph, want 200", got, len(text))
	}
}

// FuzzWordMarker: the document page marks what the search page's
// snippets mark (search.Matcher.Mark), on texts short enough for Mark to
// read whole.
func FuzzWordMarker(f *testing.F) {
	for _, c := range [][2]string{
		{"economy", "The economy grows, and economies too."},
		{`"gas prices" OR oil*`, "Gas prices, oil and oilfields; gas, then prices."},
		{`"strategic partnership" talks`, "Talks on a strategic partnership: strategic, then partnership talks."},
		{`"a b c" "b c d"`, "a b c d b c a b c"},
		{"переговоры -санкции", "Переговоры прошли, переговоров было много."},
		{"digit*", "Digital, digits and a digitiser; DIGITAL."},
		{"person:putin energy", "Energy and energetic energy."},
	} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, q, text string) {
		if len(text) > 1800 {
			return // Matcher.Mark marks a long text only near its first match
		}
		query, err := search.ParseQuery(q)
		if err != nil {
			return
		}
		tok := search.NewTokenizer()
		want := search.NewMatcher(query).Mark(tok, text).Marks
		got := newWordMarker(query, tok).marks(tok, text)
		if len(want) == 0 && len(got) == 0 {
			return
		}
		if !slices.Equal(got, want) {
			t.Fatalf("marks of %q for %q = %v, Matcher.Mark gives %v", text, q, got, want)
		}
	})
}
