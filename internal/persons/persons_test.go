package persons_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/persons"
)

func TestKey(t *testing.T) {
	same := [][]string{
		{"Kleymenov", "Kleimenov"},
		{"Sergei", "Sergey", "Сергей"},
		{"Ignatyev", "Ignatiev", "Игнатьев"},
		{"Shchugorev", "Schugorev", "Щугорев"},
		{"Nikolai", "Nikolay", "Николай"},
		{"Dmitry", "Dmitri", "Dmitriy", "Dmitrii", "Дмитрий"},
		{"Alexei", "Alexey", "Aleksei", "Алексей"},
		{"Alexander", "Aleksandr", "Александр"},
		{"Shakhidjanyan", "Shakhijanyan"},
		{"Krikalyov", "Krikalev", "Крикалёв", "Крикалев"},
		{"Yevgeny", "Evgeny", "Евгений"},
		{"Natalya", "Natalia", "Наталья"},
		{"Tatyana", "Tatiana", "Татьяна"},
		{"Yury", "Yuri", "Yuriy", "Юрий"},
		{"Putin", "Путин"},
		{"Kiriyenko", "Kirienko", "Кириенко"},
		{"Khabib", "Habib", "Хабиб"},
		{"Tsymbalyuk", "Цымбалюк"},
		{"Zhirinovsky", "Жириновский"},
		{"Hollande", "HOLLANDE"},
		{"Gurría", "Gurria"},
		{"Asker-zade", "Askerzade"},
	}
	for _, s := range same {
		for _, w := range s[1:] {
			if persons.Key(w) != persons.Key(s[0]) {
				t.Errorf("Key(%q) = %q, Key(%q) = %q: want the same", s[0], persons.Key(s[0]), w, persons.Key(w))
			}
		}
	}
	differ := [][2]string{
		{"Valeriya", "Viktoria"}, {"Denis", "Dmitry"}, {"Ivanov", "Ivanova"}, {"Datsyuk", "Datsuk"},
		{"Sergei", "Sergeyev"}, {"Putin", "Pushkin"}, {"Maria", "Mario"},
	}
	for _, d := range differ {
		if persons.Key(d[0]) == persons.Key(d[1]) {
			t.Errorf("Key(%q) = Key(%q) = %q: want different keys", d[0], d[1], persons.Key(d[0]))
		}
	}
}

func names(ns ...string) []persons.Name {
	var out []persons.Name
	for i, n := range ns {
		out = append(out, persons.Name{Name: n, Turns: 100 - i})
	}
	return out
}

func TestBuild(t *testing.T) {
	all := names("Vladimir Putin", "Kirill Kleymenov", "Sergei Ignatyev", "Mohammed Sanusi Barkindo",
		"Dmitry Peskov", "Sergey Ignatiev", "Kirill Kleimenov", "Sergei Ignatiev", "Mohammed Barkindo",
		"Adnan Z. Amin", "Adnan Amin", "V.Putin", "В.Путин", "Владимир Путин", "Д.Песков",
		"Sergei Ivanov", "Viktor Ivanov", "Anastasia Ivanova", "Yekaterina Ivanova", "Ivanov",
		"A. Repik", "Alexei Repik", "E. Choinozov", "Denis Manturov", "Dmitry Manturov",
		"Sergei Demin", "Sergei Dyomin", "Pavel Datsuk", "Pavel Datsyuk",
		"Ali Khan", "Ali Reza Khan", "Ali Akbar Khan", "S.Ivanov", "С.Иванов")
	r := persons.Build(all, nil)
	tests := []struct {
		name, shown string
		members     []string
	}{
		{"В.Путин", "Vladimir Putin", []string{"Vladimir Putin", "V.Putin", "В.Путин", "Владимир Путин"}},
		{"Kirill Kleimenov", "Kirill Kleymenov", []string{"Kirill Kleymenov", "Kirill Kleimenov"}},
		{"Sergey Ignatiev", "Sergei Ignatyev", []string{"Sergei Ignatyev", "Sergey Ignatiev", "Sergei Ignatiev"}},
		{"Mohammed Barkindo", "Mohammed Sanusi Barkindo", []string{"Mohammed Sanusi Barkindo", "Mohammed Barkindo"}},
		{"Adnan Amin", "Adnan Z. Amin", []string{"Adnan Z. Amin", "Adnan Amin"}},
		{"Д.Песков", "Dmitry Peskov", []string{"Dmitry Peskov", "Д.Песков"}},
		{"A. Repik", "Alexei Repik", []string{"Alexei Repik", "A. Repik"}},
		{"Sergei Dyomin", "Sergei Demin", []string{"Sergei Demin", "Sergei Dyomin"}},
		// Different names stay apart: another given name, a typo that
		// is no transliteration, a surname alone, unknown initials.
		{"Dmitry Manturov", "Dmitry Manturov", []string{"Dmitry Manturov"}},
		{"Pavel Datsuk", "Pavel Datsuk", []string{"Pavel Datsuk"}},
		{"Ivanov", "Ivanov", []string{"Ivanov"}},
		{"E. Choinozov", "E. Choinozov", []string{"E. Choinozov"}},
		{"Anastasia Ivanova", "Anastasia Ivanova", []string{"Anastasia Ivanova"}},
		// Two longer names fit Ali Khan: none is chosen.
		{"Ali Khan", "Ali Khan", []string{"Ali Khan"}},
		// S.Ivanov is Sergei Ivanov: Viktor does not begin with S.
		{"С.Иванов", "Sergei Ivanov", []string{"Sergei Ivanov", "S.Ivanov", "С.Иванов"}},
	}
	for _, tt := range tests {
		p, ok := r.Lookup(tt.name)
		if !ok {
			t.Errorf("Lookup(%q): not found", tt.name)
			continue
		}
		var got []string
		for _, m := range p.Members {
			got = append(got, m.Name)
			if m.Name != p.Members[0].Name && m.Why == "" {
				t.Errorf("%s: member %q has no reason", p.Name, m.Name)
			}
		}
		if p.Name != tt.shown || !slices.Equal(got, tt.members) {
			t.Errorf("Lookup(%q) = %q %q, want %q %q", tt.name, p.Name, got, tt.shown, tt.members)
		}
		if r.Canonical(tt.name) != tt.shown {
			t.Errorf("Canonical(%q) = %q, want %q", tt.name, r.Canonical(tt.name), tt.shown)
		}
	}
	// Every name is in exactly one person, and the turns add up.
	seen := map[string]bool{}
	sum := 0
	for _, p := range r.Persons() {
		for _, m := range p.Members {
			if seen[m.Name] {
				t.Errorf("%q is in two persons", m.Name)
			}
			seen[m.Name] = true
			sum += m.Turns
		}
	}
	want := 0
	for _, n := range all {
		want += n.Turns
	}
	if len(seen) != len(all) || sum != want {
		t.Errorf("persons hold %d names and %d turns, want %d and %d", len(seen), sum, len(all), want)
	}
	if got := r.Canonical("Nobody Known"); got != "Nobody Known" {
		t.Errorf("Canonical of an unknown name = %q", got)
	}
}

func TestBuildAmbiguousInitials(t *testing.T) {
	r := persons.Build(names("Sergei Ivanov", "Sergei Ivanov Jr", "Svetlana Ivanova", "Stanislav Ivanov", "S.Ivanov"), nil)
	if p, _ := r.Lookup("S.Ivanov"); len(p.Members) != 1 {
		t.Errorf("S.Ivanov joined %q although it fits two persons", p.Name)
	}
	found := false
	for _, is := range r.Issues() {
		if is.Name == "S.Ivanov" && strings.Contains(is.What, "Sergei Ivanov") && strings.Contains(is.What, "Stanislav Ivanov") {
			found = true
		}
	}
	if !found {
		t.Errorf("no issue names the ambiguous initials: %+v", r.Issues())
	}
}

func TestOverrides(t *testing.T) {
	src := persons.OverridesHeader + `
# a comment
merge "Dmitry Manturov" "Denis Manturov"   # a misprint of the minister's name
distinct "Sergei Ignatyev" "Sergey Ignatiev"
rename "Albert Ii" "Albert II"
merge "Nobody" "Vladimir Putin"
`
	o, err := persons.ParseOverrides(strings.NewReader(src), "persons.txt")
	if err != nil {
		t.Fatal(err)
	}
	r := persons.Build(names("Denis Manturov", "Dmitry Manturov", "Sergei Ignatyev", "Sergey Ignatiev",
		"Sergei Ignatiev", "Albert Ii", "Vladimir Putin"), o)
	if got := r.Names("Dmitry Manturov"); !slices.Equal(got, []string{"Denis Manturov", "Dmitry Manturov"}) {
		t.Errorf("merge: %q", got)
	}
	p, _ := r.Lookup("Dmitry Manturov")
	if p.Members[1].Why != persons.WhyOverride {
		t.Errorf("merge reason %q", p.Members[1].Why)
	}
	if r.Canonical("Sergei Ignatyev") == r.Canonical("Sergey Ignatiev") {
		t.Errorf("distinct: Sergei Ignatyev and Sergey Ignatiev are one person %q", r.Canonical("Sergei Ignatyev"))
	}
	if got := r.Canonical("Albert Ii"); got != "Albert II" {
		t.Errorf("rename: %q", got)
	}
	if len(r.Issues()) != 1 || !strings.Contains(r.Issues()[0].What, `no person "Nobody"`) {
		t.Errorf("issues = %+v, want one naming Nobody", r.Issues())
	}

	bad := []struct{ src, want string }{
		{`merge "A B"`, "persons.txt:1: merge takes two names, got 1"},
		{"\n\nfuse A B", `persons.txt:3: unknown override "fuse"`},
		{`merge "A B" "A B"`, "names the same person twice"},
		{`merge "A B C`, "persons.txt:1: unterminated quoted name"},
		{"rename A B\nrename A C", `persons.txt:2: "A" is renamed twice`},
		{"merge A B\ndistinct B A", "both merged and kept distinct"},
	}
	for _, tt := range bad {
		_, err := persons.ParseOverrides(strings.NewReader(tt.src), "persons.txt")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseOverrides(%q) = %v, want %q", tt.src, err, tt.want)
		}
	}
}
