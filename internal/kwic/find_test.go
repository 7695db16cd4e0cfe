package kwic_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/kwic"
	"github.com/rostrum/rostrum/internal/search"
)

func TestFind(t *testing.T) {
	tests := []struct {
		name, query, text string
		want              []string // the occurrences as written
	}{
		{"stemmed", "talks", "We talked. The talk went on; talks resume.", []string{"talked", "talk", "talks"}},
		{"russian", "переговоры", "Переговоров не было, но переговоры будут.", []string{"Переговоров", "переговоры"}},
		{"ё is е", "ещё", "Ещё раз и еще раз.", []string{"Ещё", "еще"}},
		{"twice in a turn", "gas", "Gas and gas.", []string{"Gas", "gas"}},
		{"phrase", `"strategic partnership"`, "A strategic partnership, not strategic. Partnership matters: strategic partnerships.",
			[]string{"strategic partnership", "strategic. Partnership", "strategic partnerships"}},
		{"phrase and its word do not overlap", `"strategic partnership" partnership`, "strategic partnership and partnership",
			[]string{"strategic partnership", "partnership"}},
		{"prefix", "price*", "Prices, pricing and the price; a prize.", []string{"Prices", "pricing", "price"}},
		{"prefix phrase", `"oil price*"`, "oil prices and oil, then oil pricing", []string{"oil prices", "oil pricing"}},
		{"or", "gas OR oil", "oil, gas, coal", []string{"oil", "gas"}},
		{"not is not found", "gas -oil", "gas and oil", []string{"gas"}},
		{"filters are not words", "person:putin gas", "gas", []string{"gas"}},
		{"apostrophe", "Russia's", "Russia’s role and Russia's", []string{"Russia’s", "Russia's"}},
		{"no match", "coal", "gas and oil", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := search.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range kwic.NewFinder(q).Find(tt.text) {
				got = append(got, tt.text[s.Start:s.End])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Find(%q, %q) mismatch (-want +got)\n%s", tt.query, tt.text, diff)
			}
		})
	}
}

func TestContext(t *testing.T) {
	tests := []struct {
		name        string
		text, match string
		width       int
		left, right string
	}{
		{"whole", "the gas price", "gas", 20, "the ", " price"},
		{"cut at words", "one two three gas four five six", "gas", 8, "three ", " four"},
		{"a split word is dropped", "alphabet gas betamax", "gas", 4, "", ""},
		{"line breaks become spaces", "first\n\nsecond gas third\n\nfourth", "gas", 30, "first second ", " third fourth"},
		{"runes, not bytes", "переговоры газ переговоры", "газ", 11, "переговоры ", " переговоры"},
		{"an apostrophe is inside a word", "gas in Russia’s hands", "gas", 11, "", " in"},
		{"at the edges", "gas", "gas", 10, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := indexOf(tt.text, tt.match)
			left, right := kwic.Context(tt.text, start, start+len(tt.match), tt.width)
			if left != tt.left || right != tt.right {
				t.Errorf("Context(%q, %d): got %q, %q; want %q, %q", tt.text, tt.width, left, right, tt.left, tt.right)
			}
		})
	}
}

func indexOf(s, sub string) int {
	for i := range len(s) - len(sub) + 1 {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
