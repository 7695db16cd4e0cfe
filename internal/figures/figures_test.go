package figures_test

import (
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/figures"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/transcript"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// want is what a test checks of a figure.
type want struct {
	Text    string
	Value   float64
	Unit    string
	Bound   string
	Period  string
	Subject string
}

func short(fs []figures.Figure) []want {
	out := []want{}
	for _, f := range fs {
		out = append(out, want{f.Text, f.Value, f.Unit, f.Bound, f.Period, f.Subject})
	}
	return out
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name, lang, text string
		want             []want
	}{
		{"US$ billion, stated year", "en", "Trade is growing, reaching US$25.6 billion in 2021.",
			[]want{{"US$25.6 billion", 25.6e9, "USD", "exact", "2021", "trade"}}},
		{"exceeded, last year", "en", "Last year, trade exceeded US$21 billion.",
			[]want{{"exceeded US$21 billion", 21e9, "USD", "lower", "2021", "trade"}}},
		{"$ bn", "en", "Exports amounted to $3 bn.", []want{{"$3 bn", 3e9, "USD", "exact", "", "exports"}}},
		{"dollars after", "en", "The fund is 25.6 billion dollars.", []want{{"25.6 billion dollars", 25.6e9, "USD", "exact", "", "the fund"}}},
		{"percent word", "en", "Inflation was 14 percent this year.", []want{{"14 percent", 14, "percent", "exact", "2022", "inflation"}}},
		{"percent sign, under", "en", "Unemployment is under 4.3%.", []want{{"under 4.3%", 4.3, "percent", "upper", "", "unemployment"}}},
		{"tonnes", "en", "The harvest reached 1.5 million tonnes.", []want{{"1.5 million tonnes", 1.5e6, "tonnes", "exact", "", "the harvest"}}},
		{"people, about", "en", "The town has about 300,000 people.", []want{{"about 300,000 people", 300000, "people", "approx", "", ""}}},
		{"number words", "en", "Over six million doses were produced.", []want{{"Over six million doses", 6e6, "doses", "lower", "", ""}}},
		{"more than, next year", "en", "The budget will be more than 3.2 billion rubles next year.",
			[]want{{"more than 3.2 billion rubles", 3.2e9, "RUB", "lower", "2023", "the budget"}}},
		{"range", "en", "Inflation will be 4–5 percent.", []want{{"4–5 percent", 4, "percent", "lower", "", "inflation"}, {"4–5 percent", 5, "percent", "upper", "", "inflation"}}},
		{"of links the nearest noun", "en", "Work on 11 projects with total investment of almost US$1.5 billion is underway.",
			[]want{{"almost US$1.5 billion", 1.5e9, "USD", "approx", "", "total investment"}}},
		{"growth", "en", "Bilateral trade grew by 14 percent in 2021.", []want{{"14 percent", 14, "percent", "exact", "2021", "bilateral trade (growth)"}}},
		{"euro symbol", "en", "Investments amount to €12 billion.", []want{{"€12 billion", 12e9, "EUR", "exact", "", "investments"}}},
		{"rate", "en", "Electricity costs $57 per megawatt-hour.", []want{{"$57 per megawatt-hour", 57, "USD per megawatt-hour", "exact", "", "electricity"}}},
		{"no fewer than", "en", "It will add no fewer than 2.5 percent.", []want{{"no fewer than 2.5 percent", 2.5, "percent", "lower", "", ""}}},
		{"in the range of", "en", "Coverage is in the range of 35 to 50 percent.",
			[]want{{"of 35 to 50 percent", 35, "percent", "lower", "", ""}, {"of 35 to 50 percent", 50, "percent", "upper", "", ""}}},
		{"a mark is not a unit", "en", "We will be at the 4 million mark.", []want{{"4 million", 4e6, "", "exact", "", ""}}},
		{"a count of two words", "en", "Almost 3,000 foreign students study here.", []want{{"Almost 3,000 foreign students", 3000, "foreign students", "approx", "", ""}}},
		{"a year range", "en", "This sum will come to about 120 billion rubles in 2018–2025.",
			[]want{{"about 120 billion rubles", 120e9, "RUB", "approx", "2018–2025", ""}}}, // "this sum": a pronoun's
		{"a year compared with", "en", "In the first quarter of 2020, exports increased by 7 percent compared to the same period last year.",
			[]want{{"7 percent", 7, "percent", "exact", "2020", "exports (growth)"}}},
		{"a verb before the phrase", "en", "We intend to report a budget surplus of 0.5 percent.", []want{{"0.5 percent", 0.5, "percent", "exact", "", ""}}},
		{"a number inside the phrase", "en", "The price of 95 octane petrol is 31 rubles.", []want{{"31 rubles", 31, "RUB", "exact", "", ""}}},
		{"a participle after an auxiliary", "en", "We have already revealed cartel agreements worth 700 million rubles.",
			[]want{{"700 million rubles", 700e6, "RUB", "exact", "", "cartel agreements"}}},
		{"a verb phrase", "en", "Inspections not supervised accounted for up to 25 percent.", []want{{"up to 25 percent", 25, "percent", "upper", "", ""}}},
		{"a dash in English", "en", "The EU is a major partner – $300 billion is the level.", []want{{"$300 billion", 300e9, "USD", "exact", "", ""}}},
		{"since a year", "en", "Since 2012, grant support has remained at over 5 billion rubles.",
			[]want{{"over 5 billion rubles", 5e9, "RUB", "lower", "", ""}}},
		{"a dash in Russian", "ru", "Бюджет области — 3 млрд рублей.", []want{{"3 млрд рублей", 3e9, "RUB", "exact", "", "бюджет области"}}},
		{"млрд долларов", "ru", "Товарооборот составил 3,2 млрд долларов.", []want{{"3,2 млрд долларов", 3.2e9, "USD", "exact", "", "товарооборот"}}},
		{"миллиарда долларов США", "ru", "Инвестиции достигли 25,6 миллиарда долларов США в 2021 году.",
			[]want{{"25,6 миллиарда долларов США", 25.6e9, "USD", "exact", "2021", "инвестиции"}}},
		{"процентов", "ru", "Инфляция составила 14 процентов.", []want{{"14 процентов", 14, "percent", "exact", "", "инфляция"}}},
		{"свыше, в прошлом году", "ru", "В прошлом году товарооборот превысил свыше 21 млрд долларов.",
			[]want{{"свыше 21 млрд долларов", 21e9, "USD", "lower", "2021", "товарооборот"}}},
		{"превысил", "ru", "В прошлом году товарооборот превысил 21 млрд долларов.",
			[]want{{"превысил 21 млрд долларов", 21e9, "USD", "lower", "2021", "товарооборот"}}},
		{"около тысяч человек", "ru", "Около 300 тысяч человек получили помощь.", []want{{"Около 300 тысяч человек", 300000, "people", "approx", "", ""}}},
		{"space groups", "ru", "Бюджет города на 2022 год составляет 1 500 000 рублей.",
			[]want{{"1 500 000 рублей", 1.5e6, "RUB", "exact", "2022", "бюджет города"}}},
		{"не более", "ru", "Дефицит составит не более 2%.", []want{{"не более 2%", 2, "percent", "upper", "", "дефицит"}}},
		{"полтора", "ru", "Выделено полтора миллиарда рублей.", []want{{"полтора миллиарда рублей", 1.5e9, "RUB", "exact", "", ""}}},
		{"тонн", "ru", "Экспорт зерна в этом году составит не менее 45 млн тонн.",
			[]want{{"не менее 45 млн тонн", 45e6, "tonnes", "lower", "2022", "экспорт зерна"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := short(figures.Extract(tt.text, tt.lang, "2022-02-10"))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Extract(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestNotFigures: years, dates, times, ordinals, names and labels are
// not figures.
func TestNotFigures(t *testing.T) {
	tests := []struct{ lang, text string }{
		{"en", "We met in 2021 and again in 2022."},
		{"en", "The talks were held on February 10, 2022, at 10:30."},
		{"en", "Decree No. 204 was signed."},
		{"en", "The G20 summit discussed COVID-19 and the S-400."},
		{"en", "This is a 21st century economy."},
		{"en", "Our countries completed 13 major projects."},
		{"en", "1. Improve the law."},
		{"en", "See item 5 and article 12 of 25.12.2021."},
		{"ru", "Указ № 204 подписан 10 февраля 2022 года в 18:30."},
		{"ru", "В 2021 году мы открыли 5 школ."},
		{"ru", ""},
	}
	for _, tt := range tests {
		if got := figures.Extract(tt.text, tt.lang, "2022-02-10"); len(got) != 0 {
			t.Errorf("Extract(%q) = %v, want no figures", tt.text, short(got))
		}
	}
}

// TestGolden reads testdata/<lang>.txt, one paragraph a line, dated
// 2022-02-10, against testdata/<lang>.golden.json (-update rewrites it).
func TestGolden(t *testing.T) {
	for _, lang := range []string{"en", "ru"} {
		t.Run(lang, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", lang+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			var got []figures.Figure
			for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
				got = append(got, figures.Extract(line, lang, "2022-02-10")...)
			}
			out, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", lang+".golden.json")
			if *update {
				if err := os.WriteFile(golden, append(out, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), string(out)+"\n"); diff != "" {
				t.Errorf("Extract(testdata/%s.txt) mismatch (-want +got):\n%s", lang, diff)
			}
		})
	}
}

func fig(subject, unit, period, bound string, value float64, text string) figures.Figure {
	fs := figures.Extract(text, "en", "2022-01-01")
	if len(fs) != 1 {
		panic("fixture " + text)
	}
	f := fs[0]
	f.Subject, f.Unit, f.Period, f.Bound = subject, unit, period, bound
	if f.Value != value {
		panic("fixture value " + text)
	}
	return f
}

func TestGroups(t *testing.T) {
	exact256 := fig("trade", "USD", "2021", "exact", 25.6e9, "Trade was US$25.6 billion.")
	exact21 := fig("trade", "USD", "2021", "exact", 21e9, "Trade was US$21 billion.")
	lower21 := fig("trade", "USD", "2021", "lower", 21e9, "Trade exceeded US$21 billion.")
	upper20 := fig("trade", "USD", "2021", "upper", 20e9, "Trade was under US$20 billion.")
	approx24 := fig("trade", "USD", "2021", "approx", 24e9, "Trade was about US$24 billion.")
	approx20 := fig("trade", "USD", "2021", "approx", 20e9, "Trade was about US$20 billion.")
	exact2560 := fig("trade", "USD", "2021", "exact", 25.6e9, "Trade was US$25,600 million.")
	other := exact21
	other.Period = "2020"
	tests := []struct {
		name string
		figs []figures.Figure
		want string // "" for no group
	}{
		{"exact and lower bound below it", []figures.Figure{exact256, lower21}, figures.Consistent},
		{"two exact values", []figures.Figure{exact256, exact21}, figures.Conflict},
		{"upper bound below an exact value", []figures.Figure{upper20, exact256}, figures.Conflict},
		{"approx within 10%", []figures.Figure{approx24, exact256}, figures.Consistent},
		{"approx beyond 10%", []figures.Figure{approx20, exact256}, figures.Conflict},
		{"the same value written twice", []figures.Figure{exact256, exact2560}, figures.Consistent},
		{"different periods are not grouped", []figures.Figure{exact256, other}, ""},
		{"lower and upper that cross", []figures.Figure{lower21, upper20}, figures.Conflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gs := figures.Groups(tt.figs)
			got := ""
			if len(gs) == 1 {
				got = gs[0].Relation
			} else if len(gs) > 1 {
				t.Fatalf("%d groups", len(gs))
			}
			if got != tt.want {
				t.Errorf("Groups: relation %q, want %q", got, tt.want)
			}
			if n := len(figures.Conflicts(tt.figs)); (n == 1) != (tt.want == figures.Conflict) {
				t.Errorf("Conflicts: %d groups, want a conflict: %v", n, tt.want == figures.Conflict)
			}
		})
	}
}

func TestSubjectKey(t *testing.T) {
	for in, want := range map[string]string{
		"trade": "trade", "Trade turnover": "trade", "our bilateral trade": "trade", "Their total investment": "investment",
		"investments": "investment", "the regional budget": "regional budget", "товарооборот": "товарооборот",
		"объём инвестиций": "инвестиций", "trade (growth)": "trade (growth)", "": "",
	} {
		if got := figures.SubjectKey(in); got != want {
			t.Errorf("SubjectKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSame(t *testing.T) {
	en := figures.Extract("Trade reached US$3.2 billion.", "en", "")
	ru := figures.Extract("Товарооборот составил 3,2 млрд долларов.", "ru", "")
	other := figures.Extract("Товарооборот составил 3,4 млрд долларов.", "ru", "")
	if len(en) != 1 || len(ru) != 1 || len(other) != 1 {
		t.Fatalf("got %v %v %v", short(en), short(ru), short(other))
	}
	if !figures.Same(en[0], ru[0]) {
		t.Errorf("Same(US$3.2 billion, 3,2 млрд долларов) = false")
	}
	if figures.Same(en[0], other[0]) {
		t.Errorf("Same(US$3.2 billion, 3,4 млрд долларов) = true")
	}
}

// TestSample: on the shared sample page, Putin's US$25.6 billion in 2021
// and Tokayev's "last year, trade exceeded US$21 billion" are both
// figures about trade in 2021, with their speakers, and they agree.
func TestSample(t *testing.T) {
	f, err := os.Open("../../../shared/samples/kremlin-text/2022-02-10-press-statements-russia-kazakhstan.txt")
	if err != nil {
		t.Skip("shared/samples not found beside the project")
	}
	defer f.Close()
	doc, err := kremlintext.Parse(f, "sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	figs := figures.Document(doc)
	find := func(text string) *figures.Figure {
		for i := range figs {
			if figs[i].Text == text {
				return &figs[i]
			}
		}
		t.Fatalf("no figure %q among %v", text, short(figs))
		return nil
	}
	putin, tokayev := find("US$25.6 billion"), find("exceeded US$21 billion")
	if putin.Person != "Vladimir Putin" || putin.Value != 25.6e9 || putin.Unit != "USD" || putin.Bound != "exact" ||
		putin.Period != "2021" || putin.Subject != "trade" || putin.Permalink != doc.ID+"#t1" {
		t.Errorf("Putin's figure: %+v", *putin)
	}
	if tokayev.Person != "Kassym-Jomart Tokayev" || tokayev.Value != 21e9 || tokayev.Bound != "lower" || tokayev.Period != "2021" ||
		tokayev.Subject != "trade" || tokayev.Turn != 2 {
		t.Errorf("Tokayev's figure: %+v", *tokayev)
	}
	gs := figures.Groups(figs)
	found := false
	for _, g := range gs {
		if g.Key == "trade" && g.Period == "2021" && g.Unit == "USD" {
			found = true
			if g.Relation != figures.Consistent || len(g.Figures) != 2 {
				t.Errorf("trade in 2021: %s of %d figures, want consistent of 2", g.Relation, len(g.Figures))
			}
		}
	}
	if !found {
		t.Errorf("no group for trade in 2021 among %+v", gs)
	}
	if c := figures.Conflicts(figs); len(c) != 0 {
		t.Errorf("the sample has conflicts: %+v", c)
	}
}

func TestDocumentEmpty(t *testing.T) {
	doc := &transcript.Document{ID: "x", Language: "en", Turns: []transcript.Turn{{Index: 1, Paragraphs: []string{"Thank you."}}}}
	if got := figures.Document(doc); len(got) != 0 {
		t.Errorf("Document: %v, want none", got)
	}
}

func TestFormatValue(t *testing.T) {
	for in, want := range map[float64]string{25.6e9: "25,600,000,000", 14.5: "14.5", 300000: "300,000", 7: "7", 1e21: "1,000,000,000,000,000,000,000"} {
		if got := figures.FormatValue(in); got != want {
			t.Errorf("FormatValue(%v) = %q, want %q", in, got, want)
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, lang := range []string{"en", "ru"} {
		b, err := os.ReadFile(filepath.Join("testdata", lang+".txt"))
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			f.Add(line, lang)
		}
	}
	f.Add("1,000,000,000,000,000,000,000,000,000,000,000,000 dollars $9.99999999999999999999999 bn", "en")
	f.Add("от 1 до", "ru")
	f.Fuzz(func(t *testing.T, text, lang string) {
		for _, fg := range figures.Extract(text, lang, "2022-02-10") {
			if fg.Start < 0 || fg.End > len(text) || fg.Start >= fg.End || text[fg.Start:fg.End] != fg.Text {
				t.Fatalf("figure %+v: bad offsets in %q", fg, text)
			}
			if math.IsNaN(fg.Value) || fg.Unit == "" && fg.Value == 0 && fg.Text == "" {
				t.Fatalf("figure %+v", fg)
			}
		}
	})
}

// BenchmarkExtract reads the 200 English text dumps of the shared corpus.
func BenchmarkExtract(b *testing.B) {
	files, _ := filepath.Glob("../../../shared/corpus/kremlin-en/text/*.txt")
	if len(files) == 0 {
		b.Skip("shared/corpus not found beside the project")
	}
	var texts []string
	size := 0
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(t))
		size += len(t)
	}
	b.SetBytes(int64(size))
	var x figures.Extractor
	var buf []figures.Figure
	for b.Loop() {
		for _, t := range texts {
			buf = x.Extract(buf[:0], t, "en", "2020-01-01")
		}
	}
}
