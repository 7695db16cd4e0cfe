package gen

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplitSentences(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"One two. Three four.", []string{"One two.", "Three four."}},
		{"Mr President, colleagues,", []string{"Mr President, colleagues,"}},
		{"He met V. Ivanov. Then “Yes.” Done!", []string{"He met V. Ivanov.", "Then “Yes.”", "Done!"}},
		{"It grew 2.5 percent. In 2020 too.", []string{"It grew 2.5 percent.", "In 2020 too."}},
		{"the U.S. Congress did. so what", []string{"the U.S. Congress did. so what"}},
	} {
		var got []string
		for _, s := range splitSentences(strings.Fields(c.in)) {
			got = append(got, strings.Join(s, " "))
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("splitSentences(%q) mismatch (-want +got):\n%s", c.in, diff)
		}
	}
}

func TestParseLabel(t *testing.T) {
	for _, c := range []struct {
		in, name        string
		role, anonymous bool
	}{
		{"Vladimir Putin", "Vladimir Putin", false, false},
		{"President of Russia Vladimir Putin", "Vladimir Putin", true, false},
		{"PRESIDENT OF RUSSIA VLADIMIR PUTIN", "Vladimir Putin", true, false},
		{"President of Guinea Alpha Conde (retranslated)", "Alpha Conde", true, false},
		{"Question (retranslated)", "", false, true},
		{"Remark from the audience", "", false, true},
		{"President of Russia", "", false, false},
		{"Mr Smith", "", false, false},
	} {
		l := parseLabel(c.in)
		if l.name != c.name || l.role != c.role || l.anonymous != c.anonymous {
			t.Errorf("parseLabel(%q): got %q role %v anonymous %v, want %q %v %v", c.in, l.name, l.role, l.anonymous,
				c.name, c.role, c.anonymous)
		}
	}
}

func TestSplitCore(t *testing.T) {
	for _, c := range []struct{ in, pre, core, suf string }{
		{"Putin’s,", "", "Putin", "’s,"},
		{"(Tokayev)", "(", "Tokayev", ")"},
		{"“Kassym-Jomart", "“", "Kassym-Jomart", ""},
		{"2020", "2020", "", ""},
	} {
		pre, core, suf := splitCore(c.in)
		if pre != c.pre || core != c.core || suf != c.suf {
			t.Errorf("splitCore(%q): got %q %q %q, want %q %q %q", c.in, pre, core, suf, c.pre, c.core, c.suf)
		}
	}
}

func TestRussianNames(t *testing.T) {
	for _, c := range []struct {
		given, surname string
		female         bool
		cs             grammaticalCase
		want           string
	}{
		{"Дориан", "Велинов", false, ins, "Дорианом Велиновым"},
		{"Борей", "Талушенко", false, gen, "Борея Талушенко"},
		{"Велана", "Касская", true, ins, "Веланой Касской"},
		{"Зелея", "Морова", true, acc, "Зелею Морову"},
		{"Ведислав", "Заренский", false, prep, "Ведиславе Заренском"},
		{"Тормир", "Лутич", false, ins, "Тормиром Лутичем"},
	} {
		p := person{given: syllable{ru: c.given}, surname: syllable{ru: c.surname}, female: c.female}
		if got := p.nameRu(c.cs); got != c.want {
			t.Errorf("%s %s in case %d: got %q, want %q", c.given, c.surname, c.cs, got, c.want)
		}
	}
	if got := officeIns("Пресс-секретарь Президента"); got != "Пресс-секретарём Президента" {
		t.Errorf("officeIns: got %q", got)
	}
	if got := officeIns("Президент Казахстана"); got != "Президентом Казахстана" {
		t.Errorf("officeIns: got %q", got)
	}
}

func TestRussianAgreement(t *testing.T) {
	a := adjective{stem: "экономическ", kind: "ий"}
	for _, c := range []struct {
		g    gender
		cs   grammaticalCase
		want string
	}{
		{masc, nom, "экономический"}, {fem, acc, "экономическую"}, {neut, ins, "экономическим"},
		{plural, prep, "экономических"},
	} {
		if got := a.form(c.g, c.cs, false); got != c.want {
			t.Errorf("form(%d, %d): got %q, want %q", c.g, c.cs, got, c.want)
		}
	}
	// "о" becomes "об" before a vowel, "с" "со" before "с" and a consonant.
	d := &docState{}
	w := ruWriter{&writer{rng: rand.New(rand.NewPCG(1, 2)), doc: d}}
	for range 200 {
		w.buf = w.buf[:0]
		w.prepNP("о", prep, 1)
		s := string(w.buf)
		if strings.HasPrefix(s, "о ") && strings.ContainsRune("аиоуэ", []rune(s)[2]) {
			t.Errorf("prepNP: %q, want об", s)
		}
		w.buf = w.buf[:0]
		w.prepNP("с", ins, 1)
		s = string(w.buf)
		if r := []rune(s); strings.HasPrefix(s, "с с") && !strings.ContainsRune("аеёиоуыэюя", r[3]) {
			t.Errorf("prepNP: %q, want со", s)
		}
	}
}
