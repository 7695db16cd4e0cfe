package search_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/search"
)

func TestTokenizerTerms(t *testing.T) {
	tests := []struct {
		name string
		text string
		stem bool
		want []string
	}{
		{"english stems", "Talks talk talking", true, []string{"talk", "talk", "talk"}},
		{"possessive", "Russia's partners’ views", true, []string{"russia", "partner", "view"}},
		{"apostrophe at edges separates", "'quoted' word'", true, []string{"quot", "word"}},
		{"modifier apostrophes", "Aʼʼ aʼʼb oʼclock", false, []string{"a", "a", "b", "o'clock"}},
		{"russian inflections", "переговоры переговоров переговорах", true, []string{"переговор", "переговор", "переговор"}},
		{"yo folded", "провёл провел ПРОВЁЛ", true, []string{"провел", "провел", "провел"}},
		{"case folded cyrillic", "Президент ПРЕЗИДЕНТА", true, []string{"президент", "президент"}},
		{"digits not stemmed", "G20 2024 COVID-19", true, []string{"g20", "2024", "covid", "19"}},
		{"nbsp and typographic punctuation", "President\u00a0of\u00a0Russia — «talks»…", true, []string{"presid", "of", "russia", "talk"}},
		{"diacritics", "Café naïve Łódź Erdoğan", true, []string{"cafe", "naiv", "lodz", "erdogan"}},
		{"combining marks", "cafe\u0301", true, []string{"cafe"}},
		{"soft hyphen", "nego\u00adtiations", true, []string{"negoti"}},
		{"hyphenated", "Kassym-Jomart", true, []string{"kassym", "jomart"}},
		{"abbreviation", "U.S. policy", true, []string{"u", "s", "polici"}},
		{"prefix mode folds only", "Negotiations Переговоры", false, []string{"negotiations", "переговоры"}},
		{"expansions", "Straße Œuvre", false, []string{"strasse", "oeuvre"}},
		{"nothing", " — … « » ", true, nil},
		{"cjk unstemmed", "北京 talks", true, []string{"北京", "talk"}},
	}
	tok := search.NewTokenizer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tok.Terms(tt.text, tt.stem)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Terms(%q, %v) mismatch (-want +got):\n%s", tt.text, tt.stem, diff)
			}
		})
	}
}

func TestTokenizerOffsets(t *testing.T) {
	text := "Президент\u00a0Russia’s «talks» on G20."
	type span struct {
		Term, Text string
	}
	var got []span
	err := search.NewTokenizer().Each(text, true, func(term string, start, end int) error {
		got = append(got, span{term, text[start:end]})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []span{{"президент", "Президент"}, {"russia", "Russia’s"}, {"talk", "talks"}, {"on", "on"}, {"g20", "G20"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Each offsets mismatch (-want +got):\n%s", diff)
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Foreign  policy":       "foreign policy",
		" Ёлка—Café ":           "елка cafe",
		"Tokayev Kassym-Jomart": "tokayev kassym jomart",
	} {
		if got := search.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzTokenizer(f *testing.F) {
	for _, s := range []string{"Talks", "провёл", "Russia's", "cafe\u0301", "a'", "'", "\u00ad", "G20", "x\xffy"} {
		f.Add(s)
	}
	tok := search.NewTokenizer()
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		err := tok.Each(text, true, func(term string, start, end int) error {
			if term == "" {
				t.Fatalf("empty term at %d", start)
			}
			if start < last || end <= start || end > len(text) {
				t.Fatalf("bad span %d-%d after %d in %q", start, end, last, text)
			}
			if utf8.ValidString(text) && !utf8.ValidString(term) {
				t.Fatalf("invalid term %q", term)
			}
			last = end
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// Tokenizing is idempotent on the folded words of valid text.
		if utf8.ValidString(text) {
			folded := tok.Terms(text, false)
			again := tok.Terms(strings.Join(folded, " "), false)
			if !cmp.Equal(folded, again) {
				t.Fatalf("folding not idempotent: %q → %q → %q", text, folded, again)
			}
		}
	})
}

func BenchmarkTokenizer(b *testing.B) {
	text := strings.Repeat("Vladimir Putin held talks with the President of Kazakhstan, Kassym-Jomart Tokayev. Владимир Путин провёл переговоры. ", 50)
	tok := search.NewTokenizer()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		_ = tok.Each(text, true, func(string, int, int) error { return nil })
	}
}
