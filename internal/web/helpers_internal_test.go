package web

import (
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/transcript"
)

func TestSnippetHTML(t *testing.T) {
	tests := []struct {
		in   transcript.Snippet
		want string
	}{
		{transcript.Snippet{Text: "a <b> c", Marks: [][2]int{{2, 5}}}, "a <mark>&lt;b&gt;</mark> c"},
		{transcript.Snippet{Text: "one\n\ntwo", Marks: [][2]int{{0, 3}, {5, 8}}}, "<mark>one</mark> ¶ <mark>two</mark>"},
		// Marks out of range or out of order are dropped, never a panic.
		{transcript.Snippet{Text: "abc", Marks: [][2]int{{2, 9}, {1, 2}, {0, 1}}}, "a<mark>b</mark>c"},
		{transcript.Snippet{Text: "\"x\" & 'y'"}, "&#34;x&#34; &amp; &#39;y&#39;"},
	}
	for _, tt := range tests {
		if got := string(snippetHTML(tt.in)); got != tt.want {
			t.Errorf("snippetHTML(%q) = %q, want %q", tt.in.Text, got, tt.want)
		}
	}
}

func TestRefine(t *testing.T) {
	tests := []struct{ q, clause, want string }{
		{"talks", "person:putin", "talks person:putin"},
		{"", "topic:Energy", "topic:Energy"},
		{"talks from:2019 to:2020", "from:2022 to:2022", "talks from:2022 to:2022"},
		{"from:2019-03 talks TO:2020", "from:2022-05 to:2022-05", "talks from:2022-05 to:2022-05"},
	}
	for _, tt := range tests {
		if got := refine(tt.q, tt.clause); got != tt.want {
			t.Errorf("refine(%q, %q) = %q, want %q", tt.q, tt.clause, got, tt.want)
		}
	}
	if got := without(`talks person:"Vladimir Putin" gas`, 6, 29); got != "talks gas" {
		t.Errorf("without = %q", got)
	}
	if got := without("abc", 2, 9); got != "abc" {
		t.Errorf("without out of range = %q", got)
	}
}

func TestQuoteValue(t *testing.T) {
	for in, want := range map[string]string{
		"Putin":           "Putin",
		"Vladimir Putin":  `"Vladimir Putin"`,
		"Kassym-Jomart":   `"Kassym-Jomart"`,
		`say "hi"`:        `"say hi"`,
		"":                `""`,
		"Санкт-Петербург": `"Санкт-Петербург"`,
	} {
		if got := quoteValue(in); got != want {
			t.Errorf("quoteValue(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParagraphHTML(t *testing.T) {
	html, whole := paragraphHTML("(Applause.)", []string{"(Applause.)"})
	if string(html) != `<span class="direction">(Applause.)</span>` || !whole {
		t.Errorf("a paragraph that is a direction: %q, whole %v", html, whole)
	}
	html, whole = paragraphHTML("Thank you. (Laughter) And <you>.", []string{"(Laughter)"})
	if string(html) != `Thank you. <span class="direction">(Laughter)</span> And &lt;you&gt;.` || whole {
		t.Errorf("a direction inside speech: %q, whole %v", html, whole)
	}
}

func TestHistogram(t *testing.T) {
	months := []transcript.FacetCount{{Value: "2021-11", Count: 2}, {Value: "2022-02", Count: 5}}
	svg := string(histogram(months, "talks", "match", "matches"))
	// Four months, November to February, the empty ones drawn empty.
	if n := strings.Count(svg, `class="bar"`); n != 4 {
		t.Errorf("%d bars, want 4:\n%s", n, svg)
	}
	if !strings.Contains(svg, `href="/search?q=talks%20from%3A2022-02%20to%3A2022-02"`) || !strings.Contains(svg, "<title>February 2022: 5 matches</title>") {
		t.Errorf("the February bar has no link or title:\n%s", svg)
	}
	if strings.Contains(svg, `from%3A2021-12`) {
		t.Errorf("an empty month is a link:\n%s", svg)
	}
	long := []transcript.FacetCount{{Value: "2000-01", Count: 1}, {Value: "2010-06", Count: 3}, {Value: "2010-07", Count: 4}}
	svg = string(histogram(long, "x", "match", "matches"))
	if n := strings.Count(svg, `class="bar"`); n != 11 {
		t.Errorf("a long span gives %d bars, want one per year (11)", n)
	}
	if !strings.Contains(svg, "<title>2010: 7 matches</title>") {
		t.Errorf("years do not sum their months:\n%s", svg)
	}
	if histogram(nil, "x", "match", "matches") != "" || histogram([]transcript.FacetCount{{Value: "bad"}}, "x", "match", "matches") != "" {
		t.Error("no months, or malformed ones, should draw nothing")
	}
}

func TestCommas(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := commas(n); got != want {
			t.Errorf("commas(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSameName(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Vladimir Putin", "Vladimir Putin", true},
		{"Vladimir Putin", "vladimir  putin", true},
		{"Vladimir Putin", "Vladimir\u00a0Putin", true},
		{"Vladimir Putin", "President of Russia Vladimir Putin", false},
		{"Vladimir Putin", "V.Putin", false},
	}
	for _, tt := range tests {
		if got := sameName(tt.a, tt.b); got != tt.want {
			t.Errorf("sameName(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
