package search_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

// marked renders a snippet with its marks in brackets.
func marked(s transcript.Snippet) string {
	var b strings.Builder
	last := 0
	for _, m := range s.Marks {
		b.WriteString(s.Text[last:m[0]] + "[" + s.Text[m[0]:m[1]] + "]")
		last = m[1]
	}
	b.WriteString(s.Text[last:])
	return b.String()
}

func matcher(t *testing.T, q string) *search.Matcher {
	t.Helper()
	parsed, err := search.ParseQuery(q)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", q, err)
	}
	return search.NewMatcher(parsed)
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("Filler words come first here. ", 20) + "Then the talks on the strategic partnership began. " +
		strings.Repeat("More filler follows after that. ", 20)
	tests := []struct {
		name, query, text, want string
	}{
		{"stems and case", "talk", "We TALKED. Talks went well.", "We [TALKED]. [Talks] went well."},
		{"phrase is one mark", `"strategic partnership"`, "Our strategic partnership, strategic and partnership.",
			"Our [strategic partnership], strategic and partnership."},
		{"prefix", "partner*", "Partners and partnership; a part.", "[Partners] and [partnership]; a part."},
		{"excluded words are not marked", "talks -oil", "Talks on oil.", "[Talks] on oil."},
		{"russian and yo (adjacent matches make one mark)", "провёл переговоры", "Президент провел переговоров много.", "Президент [провел переговоров] много."},
		{"no match gives the opening", "absent", "Short text here.", "Short text here."},
		{"window around the best cluster", "talks partnership", long,
			"…first here. Then the [talks] on the strategic [partnership] began. More filler follows after that. More filler follows after that. More filler follows after that. More filler follows after that. More filler…"},
		{"a long text: the first match", "talks partnership",
			"Talks opened. " + strings.Repeat("Filler words come next here. ", 100) + "The talks on partnership went on.",
			"[Talks] opened. Filler words come next here. Filler words come next here. Filler words come next here. Filler words come next here. Filler words come next here. Filler words come next here…"},
		{"paragraph breaks shown", "second", "First paragraph.\n\nSecond one.", "First paragraph. ¶ [Second] one."},
		{"an omitted passage is one ellipsis", "second", "First paragraph.\n\n<…>\n\nSecond one.", "First paragraph. … [Second] one."},
		{"an omission at the start or the end", "second", "<…>\n\nSecond one.\n\n<...>", "…[Second] one.…"},
	}
	tok := search.NewTokenizer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := marked(matcher(t, tt.query).Snippet(tok, tt.text))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Snippet(%q) mismatch (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

func TestMark(t *testing.T) {
	tok := search.NewTokenizer()
	got := marked(matcher(t, "sanctions economy").Mark(tok, "Sanctions and the economy"))
	if want := "[Sanctions] and the [economy]"; got != want {
		t.Errorf("Mark = %q, want %q", got, want)
	}
	if m := matcher(t, "person:putin"); !m.Empty() {
		t.Error("a filter-only query has words to mark")
	}
}
