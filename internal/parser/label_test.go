package parser_test

import (
	"testing"

	"github.com/rostrum/rostrum/internal/parser"
)

func TestLabelOK(t *testing.T) {
	for _, c := range []struct {
		label string
		want  bool
	}{
		{"President of Russia Vladimir Putin", true},
		{"Vladimir Putin", true},
		{"PRESIDENT OF RUSSIA VLADIMIR PUTIN", true},
		{"Question", true},
		{"Question (retranslated)", true},
		{"Question from Perm Territory", true},
		{"Response from the hall", true},
		{"President of Guinea Alpha Conde(retranslated)", true},
		{"Vladimir Putin (responding to remarks by test pilot Magomed Tolboyev)", true},
		{"Head of the Federal Administration for the Safe Storage and Elimination of Chemical Weapons Lt-Gen Valery Kapashin", true},
		{"Chairman of the National Council for the Coordination of Cooperation with the Russian Federation and the People's Republic of China, President of the Republic of Serbia (2012–2017) Tomislav Nikolic", true},
		{"Alexander Duimamet, welding engineer at a branch of JSC AEM-technology ATOMMASH", true},
		{"Direct line programme host Kirill Kleymenov", true},
		{"Deputy Prime Minister – Presidential Envoy to the Far Eastern Federal District Yury Trutnev", true},
		{"Dmitry de Koshko", true},
		{"King Mohammed VI of Morocco", true},
		{"VladimirPutin", true},
		{"В.Путин", true},
		{"Д.Песков", true},
		{"Adnan Z. Amin", true},
		{"Commander of the 2nd Guards Army Major General Rustam Muradov", true},
		{"President\u00a0of\u00a0Russia Vladimir Putin", true},
		// church and royal titles with a see; names with particles
		{"Patriarch Kirill of Moscow and All Russia", true},
		{"Metropolitan Hilarion of Volokolamsk", true},
		{"King Abdullah II of Jordan", true},
		{"President of Egypt Abdel Fattah el-Sisi", true},
		{"President of Syria Bashar al-Assad", true},
		{"Crown Prince of Saudi Arabia Mohammed bin Salman Al Saud", true},
		{"President of the European Commission Ursula von der Leyen", true},
		{"Charles de Gaulle", true},
		{"Valéry Giscard d’Estaing", true},
		{"Patriarch of Moscow", false},
		{"Head of the Department of Health", false},
		// sentences, headings, chrome
		{"I repeat", false},
		{"My question is", false},
		{"Here is my question", false},
		{"Let me repeat", false},
		{"The question is", false},
		{"Let me quote Vladimir Putin", false},
		{"Germany", false},
		{"Entry from 10.00 am to 11.00 am", false},
		{"Contact telephone number", false},
		{"Meeting points", false},
		{"Prizes for young culture professionals have been awarded to", false},
		{"The main activities on the agenda (the start time indicated is approximate and subject to change)", false},
		{"Font size", false},
		{"Publication date", false},
		{"Minister of Foreign Affairs", false},
		{"Interior Minister", false},
		{"Text of the Executive Order", false},
		{"The same applies to the Federal Service for Supervision of Natural Resources", false},
		{"India and Russia", false},
		{"Address by Vladimir Putin", false},
		{"", false},
	} {
		if got := parser.LabelOK(c.label); got != c.want {
			t.Errorf("LabelOK(%q) = %v, want %v", c.label, got, c.want)
		}
	}
}

func TestSplitNote(t *testing.T) {
	for _, c := range []struct{ label, name, note string }{
		{"Question (retranslated)", "Question", "(retranslated)"},
		{"President of Guinea Alpha Conde(retranslated)", "President of Guinea Alpha Conde", "(retranslated)"},
		{"Ram Nath Kovind (in Russian) (retranslated)", "Ram Nath Kovind", "(in Russian) (retranslated)"},
		{"Х.Мартинес (синхронный перевод)", "Х.Мартинес", "(синхронный перевод)"},
		{"Vladimir Putin (responding to remarks by test pilot Magomed Tolboyev)", "Vladimir Putin",
			"(responding to remarks by test pilot Magomed Tolboyev)"},
		// capitalised brackets are part of the name or office
		{"Andrei Okhlopkov, General Director of the Centre (TsENKI)", "Andrei Okhlopkov, General Director of the Centre (TsENKI)", ""},
		{"Mayor of Ljubljana (Republic of Slovenia) Zoran Jankovic (retranslated)", "Mayor of Ljubljana (Republic of Slovenia) Zoran Jankovic", "(retranslated)"},
		{"(retranslated)", "(retranslated)", ""},
		{"Vladimir Putin", "Vladimir Putin", ""},
	} {
		name, note := parser.SplitNote(c.label)
		if name != c.name || note != c.note {
			t.Errorf("SplitNote(%q) = %q, %q; want %q, %q", c.label, name, note, c.name, c.note)
		}
	}
}

func TestMarkedLabelOK(t *testing.T) {
	for _, c := range []struct {
		label, rest string
		want        bool
	}{
		{"Alina", "Good afternoon, Mr President.", true},
		{"Operator", "Received and carrying out instructions.", true},
		{"Dmitry, Moscow", "Good afternoon, Mr President. I have a question.", true},
		{"Sergei Mironov, Leader of A Just Russia Faction in the State Duma", "Mr President, A Just Russia party", true},
		{"Sergei Mironov, Leader of A Just Russia Faction in the State Duma", "", true},
		// headings, form fields, lists
		{"Email", "accredit@may9.ru", false},
		{"Venue", "State Kremlin Palace", false},
		{"Operator", "", false},
		{"Minister of Foreign Affairs", "Sergei Lavrov.", false},
		{"Meeting points", "Red Square", false},
		{"Note for the CIS media", "Accreditation is open.", false},
		{"Entry from 10.00 am to 11.00 am", "The press pool.", false},
		{"Badges will be issued at the following locations", "", false},
		{"I repeat", "This is important.", false},
		{"Font size", "Normal text", false},
	} {
		if got := parser.MarkedLabelOK(c.label, c.rest); got != c.want {
			t.Errorf("MarkedLabelOK(%q, %q) = %v, want %v", c.label, c.rest, got, c.want)
		}
	}
}

func TestResolve(t *testing.T) {
	for _, c := range []struct {
		label, person, role string
		known               []string // surname-first taxonomy persons of the page
	}{
		{label: "President of Russia Vladimir Putin", person: "Vladimir Putin", role: "President of Russia"},
		{label: "PRESIDENT OF RUSSIA VLADIMIR PUTIN", person: "Vladimir Putin", role: "President of Russia"},
		{label: "President OF\u00a0RUSSIA DMITRY MEDVEDEV", person: "Dmitry Medvedev", role: "President of Russia"},
		{label: "Security Council Secretary NIKOLAI PATRUSHEV", person: "Nikolai Patrushev", role: "Security Council Secretary"},
		{label: "GOVERNOR OF CALIFORNIA ARNOLD SCHWARZENEGGER", person: "Arnold Schwarzenegger", role: "Governor of California"},
		{label: "Question", person: "", role: ""},
		{label: "Question (retranslated)", person: "", role: ""},
		{label: "President of Guinea Alpha Conde(retranslated)", person: "Alpha Conde", role: "President of Guinea"},
		{label: "President of Kazakhstan Kassym-Jomart Tokayev", person: "Kassym-Jomart Tokayev", role: "President of Kazakhstan"},
		{label: "Deputy Director General of the Technical Secretariat of the Organisation for the Prohibition of Chemical Weapons (OPCW) Hamid Ali Rao",
			person: "Hamid Ali Rao", role: "Deputy Director General of the Technical Secretariat of the Organisation for the Prohibition of Chemical Weapons (OPCW)"},
		{label: "Director-General of the International Renewable Energy Agency (IRENA) Adnan Z. Amin", person: "Adnan Z. Amin",
			role: "Director-General of the International Renewable Energy Agency (IRENA)"},
		{label: "Minister of the Interior of the Republic of Adygeya Major-General Vladimir Alai", person: "Vladimir Alai",
			role: "Minister of the Interior of the Republic of Adygeya Major-General"},
		{label: "Alexander Duimamet, welding engineer at a branch of JSC AEM-technology ATOMMASH", person: "Alexander Duimamet",
			role: "welding engineer at a branch of JSC AEM-technology ATOMMASH"},
		{label: "Emir of Qatar Tamim bin Hamad Al Thani (retranslated)", person: "Tamim bin Hamad Al Thani", role: "Emir of Qatar"},
		{label: "King Mohammed VI of Morocco (retranslated)", person: "Mohammed VI", role: "King of Morocco"},
		{label: "Vladimir Putin (responding to remarks by test pilot Magomed Tolboyev)", person: "Vladimir Putin", role: ""},
		{label: "Sberbank CEO Herman Gref", person: "Herman Gref", role: "Sberbank CEO"},
		{label: "President of Turkey Recep Tayyip Erdogan", person: "Recep Tayyip Erdogan", role: "President of Turkey",
			known: []string{"Erdogan Recep Tayyip"}},
		{label: "В.Путин", person: "В.Путин", role: ""},
		{label: "В.Путин", person: "Владимир Путин", role: "", known: []string{"Путин Владимир"}},
		{label: "В. Путин", person: "Владимир Путин", role: "", known: []string{"Путин Владимир Владимирович"}},
		{label: "Д.Песков", person: "Д.Песков", role: "", known: []string{"Пескова Дарья"}},
		{label: "А.Песков", person: "А.Песков", role: "", known: []string{"Песков Дмитрий"}},
		{label: "И.Ковалев", person: "Игорь Ковалёв", role: "", known: []string{"Ковалёв Игорь"}},
		{label: "Р.Т.Эрдоган (синхронный перевод)", person: "Реджеп Тайип Эрдоган", role: "",
			known: []string{"Эрдоган Реджеп Тайип"}},
		{label: "Р.Т.Эрдоган", person: "Р.Т.Эрдоган", role: ""},
		{label: "Х.Мартинес (синхронный перевод)", person: "Хорхе Мартинес", role: "", known: []string{"Мартинес Хорхе"}},
		{label: "Вопрос (синхронный перевод)", person: "", role: ""},
		{label: "Interior Minister", person: "", role: "Interior Minister"},
		// A label's note is never part of the name or the office.
		{label: "Vladimir Putin (Answering a question from Southern Federal University Rector Marina Borovskaya about the role of education)",
			person: "Vladimir Putin", role: ""},
		{label: "Vladimir Putin, answering a question", person: "Vladimir Putin", role: ""},
		// Organisations end before the name.
		{label: "President of the BIE Executive Committee Steen Christensen (retranslated)", person: "Steen Christensen",
			role: "President of the BIE Executive Committee"},
		{label: "Chief of Staff of the Presidential Executive Office Sergei Ivanov", person: "Sergei Ivanov",
			role: "Chief of Staff of the Presidential Executive Office"},
		{label: "President of the All-Russia Public Organisation Delovaya Rossiya [Business Russia] Alexei Repik", person: "Alexei Repik",
			role: "President of the All-Russia Public Organisation Delovaya Rossiya [Business Russia]"},
		{label: "President of the European Commission Ursula von der Leyen", person: "Ursula von der Leyen",
			role: "President of the European Commission"},
		// Capitalised particles join a name.
		{label: "Hamad Bin Isa Al Khalifa", person: "Hamad Bin Isa Al Khalifa", role: ""},
		{label: "Emir of Qatar Sheikh Tamim bin Hamad Al Thani (retranslated)", person: "Tamim bin Hamad Al Thani", role: "Emir of Qatar Sheikh"},
		{label: "President of Egypt Abdel Fattah el-Sisi", person: "Abdel Fattah el-Sisi", role: "President of Egypt",
			known: []string{"el-Sisi Abdel Fattah"}},
		{label: "Syrian President Bashar al-Assad", person: "Bashar al-Assad", role: "Syrian President"},
		// A style, the name, the see or realm; Roman numerals as printed.
		{label: "Patriarch Kirill of Moscow and All Russia", person: "Kirill", role: "Patriarch of Moscow and All Russia"},
		{label: "Metropolitan Hilarion of Volokolamsk, Chairman of the Department for External Church Relations", person: "Hilarion",
			role: "Metropolitan of Volokolamsk, Chairman of the Department for External Church Relations"},
		{label: "Ruling Prince of Monaco Albert II (retranslated)", person: "Albert II", role: "Ruling Prince of Monaco"},
		{label: "RULING PRINCE OF MONACO ALBERT II", person: "Albert II", role: "Ruling Prince of Monaco"},
		{label: "KING MOHAMMED VI OF MOROCCO", person: "Mohammed VI", role: "King of Morocco"},
		{label: "XI JINPING", person: "Xi Jinping", role: ""},
		// Acronyms in an office stay; the name's case is fixed alone.
		{label: "ALROSA CEO Sergei Ivanov", person: "Sergei Ivanov", role: "ALROSA CEO"},
		{label: "Nailya Asker-zade, VGTRK", person: "Nailya Asker-zade", role: "VGTRK"},
		// Glued words, mended where the page prints the name.
		{label: "Minister-PresidentofBavariaHorstSeehofer (retranslated)", person: "Horst Seehofer", role: "Minister-PresidentofBavaria",
			known: []string{"Seehofer Horst"}},
		{label: "VladimirPutin", person: "Vladimir Putin", role: ""},
		{label: "VladimirPUTIN", person: "Vladimir Putin", role: ""},
		{label: "Minister-PresidentofBavariaHorstSeehofer", person: "Horst Seehofer", role: "Minister-PresidentofBavaria"},
		{label: "CEO of Royal Dutch Shell Ben van Beurden", person: "Ben van Beurden", role: "CEO of Royal Dutch Shell"},
		{label: "General Director of State Space Corporation ROSCOSMOS Igor Komarov", person: "Igor Komarov",
			role: "General Director of State Space Corporation ROSCOSMOS"},
		{label: "Director General of State Space Corporation Roscosmos Igor Komarov", person: "Igor Komarov",
			role: "Director General of State Space Corporation Roscosmos"},
		// A taxonomy entry that prints the office too.
		{label: "Ruling Prince of Monaco Albert II (retranslated)", person: "Albert II", role: "Ruling Prince of Monaco",
			known: []string{"Ruling Prince of Monaco Albert II"}},
	} {
		var people parser.People
		for _, k := range c.known {
			people.AddTaxonomy(k, []string{c.label})
		}
		person, role := people.Resolve(c.label)
		if person != c.person || role != c.role {
			t.Errorf("Resolve(%q) = %q, %q; want %q, %q", c.label, person, role, c.person, c.role)
		}
	}
}

func TestAddTaxonomy(t *testing.T) {
	for _, c := range []struct {
		term   string
		labels []string
		want   string
	}{
		{"Tokayev Kassym-Jomart", []string{"President of Kazakhstan Kassym-Jomart Tokayev"}, "Kassym-Jomart Tokayev"},
		{"Tokayev Kassym-Jomart", nil, "Kassym-Jomart Tokayev"},
		{"Erdogan Recep Tayyip", []string{"President of Turkey Recep Tayyip Erdogan"}, "Recep Tayyip Erdogan"},
		{"Putin Vladimir", nil, "Vladimir Putin"},
		{"Путин Владимир", []string{"В.Путин"}, "Владимир Путин"},
		{"Путин Владимир Владимирович", nil, "Владимир Путин"},
		{"Голикова Татьяна Алексеевна", nil, "Татьяна Голикова"},
		{"Эрдоган Реджеп Тайип", nil, "Реджеп Тайип Эрдоган"},
	} {
		var people parser.People
		if got := people.AddTaxonomy(c.term, c.labels); got != c.want {
			t.Errorf("AddTaxonomy(%q, %q) = %q, want %q", c.term, c.labels, got, c.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, c := range []struct{ in, date, rest string }{
		{"February 10, 2022", "2022-02-10", ""},
		{"October 11, 2021, Novo-Ogaryovo, Moscow Region", "2021-10-11", "Novo-Ogaryovo, Moscow Region"},
		{"June 22 − 26, 2003", "2003-06-22", ""},
		{"5 февраля 2025 года", "2025-02-05", ""},
		{"5 февраля 2025 года, Москва, Кремль", "2025-02-05", "Москва, Кремль"},
		{"February\u00a010, 2022", "2022-02-10", ""},
		{"2020-08-27", "2020-08-27", ""},
		{"February 30, 2022", "", "February 30, 2022"},
		{"Thank you, 2022", "", "Thank you, 2022"},
	} {
		date, rest, _ := parser.ParseDate(c.in)
		if date != c.date || rest != c.rest {
			t.Errorf("ParseDate(%q) = %q, %q; want %q, %q", c.in, date, rest, c.date, c.rest)
		}
	}
}

func TestNotes(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"(Addressing media representatives.). Are there any questions?", []string{"(Addressing media representatives.)"}},
		{"(Applause.)", []string{"(Applause.)"}},
		{"Thank you. (Laughter)", []string{"(Laughter)"}},
		{"The Organisation (OPCW) reported.", nil},
		{"It grew (by 5 percent) last year.", nil},
		{"He said it (Speaks German.) twice.", []string{"(Speaks German.)"}},
	} {
		got := parser.Notes(c.in)
		if len(got) != len(c.want) {
			t.Errorf("Notes(%q) = %q, want %q", c.in, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("Notes(%q) = %q, want %q", c.in, got, c.want)
			}
		}
	}
}
