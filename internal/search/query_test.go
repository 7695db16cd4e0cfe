package search_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rostrum/rostrum/internal/search"
	"github.com/rostrum/rostrum/internal/transcript"
)

func word(pos int, text string) transcript.Word { return transcript.Word{Text: text, Pos: pos} }

func prefix(pos int, text string) transcript.Word {
	return transcript.Word{Text: text, Prefix: true, Pos: pos}
}

func phrase(pos int, text string) transcript.Phrase { return transcript.Phrase{Text: text, Pos: pos} }

func not(pos int, n transcript.Node) transcript.Not { return transcript.Not{Node: n, Pos: pos} }

func and(n ...transcript.Node) transcript.And { return transcript.And{Nodes: n} }

func or(n ...transcript.Node) transcript.Or { return transcript.Or{Nodes: n} }

func filter(field, value string, negated bool, pos, end int) transcript.Filter {
	return transcript.Filter{Field: field, Value: value, Negated: negated, Pos: pos, End: end}
}

func text(n transcript.Node) *transcript.Query { return &transcript.Query{Text: n} }

// manyWords returns n one-letter words and the query they parse to.
func manyWords(n int) (string, *transcript.Query) {
	var nodes []transcript.Node
	for i := range n {
		nodes = append(nodes, word(2*i, "w"))
	}
	return strings.TrimSpace(strings.Repeat("w ", n)), text(and(nodes...))
}

var many64, many64Query = manyWords(64)

var validQueries = []struct {
	name string
	q    string
	want *transcript.Query
}{
	{"word", `talks`, text(word(0, "talks"))},
	{"phrase", `"comprehensive strategic partnership"`, text(phrase(0, "comprehensive strategic partnership"))},
	{"person filter", `person:Tokayev CSTO`, &transcript.Query{
		Text:    word(15, "CSTO"),
		Filters: []transcript.Filter{filter("person", "Tokayev", false, 0, 14)},
	}},
	{"quoted value and from", `person:"Vladimir Putin" from:2019`, &transcript.Query{
		Filters: []transcript.Filter{filter("person", "Vladimir Putin", false, 0, 23)},
		From:    "2019-01-01",
	}},
	{"or binds looser than and", `sanctions OR embargo -oil`, text(or(
		word(0, "sanctions"),
		and(word(13, "embargo"), not(21, word(22, "oil"))),
	))},
	{"group and prefix", `(gas OR oil) price*`, text(and(or(word(1, "gas"), word(8, "oil")), prefix(13, "price")))},
	{"russian with lang", `переговоры lang:ru`, &transcript.Query{
		Text:    word(0, "переговоры"),
		Filters: []transcript.Filter{filter("lang", "ru", false, 21, 28)},
	}},
	{"hyphen inside word", `Kassym-Jomart`, text(word(0, "Kassym-Jomart"))},
	{"NOT phrase", `U.S. NOT "United States"`, text(and(word(0, "U.S."), not(5, phrase(9, "United States"))))},
	{"to month", `to:2024-02`, &transcript.Query{To: "2024-02-29"}},
	{"to month not leap", `to:2023-02`, &transcript.Query{To: "2023-02-28"}},
	{"to year", `to:2024`, &transcript.Query{To: "2024-12-31"}},
	{"from month", `from:2024-02`, &transcript.Query{From: "2024-02-01"}},
	{"from and to day", `from:2022-01-01 to:2022-12-31 sanctions`, &transcript.Query{
		Text: word(30, "sanctions"), From: "2022-01-01", To: "2022-12-31",
	}},
	{"from and to same month", `to:2024-02 from:2024-02`, &transcript.Query{From: "2024-02-01", To: "2024-02-29"}},
	{"type plural capitalised", `type:Transcripts`, &transcript.Query{
		Filters: []transcript.Filter{filter("type", "transcript", false, 0, 16)},
	}},
	{"type russian", `type:Новости type:анонсы type:документ`, &transcript.Query{
		Filters: []transcript.Filter{
			filter("type", "news", false, 0, 19),
			filter("type", "announcement", false, 20, 37),
			filter("type", "document", false, 38, 59),
		},
	}},
	{"qa parts", `qa:Answer -qa:вопрос`, &transcript.Query{
		Filters: []transcript.Filter{
			filter("qa", "answer", false, 0, 9),
			filter("qa", "question", true, 10, 26),
		},
	}},
	{"geo alias", `geo:Kazakhstan`, &transcript.Query{
		Filters: []transcript.Filter{filter("geography", "Kazakhstan", false, 0, 14)},
	}},
	{"country and language aliases, any case", `Country:Russia LANGUAGE:EN`, &transcript.Query{
		Filters: []transcript.Filter{
			filter("geography", "Russia", false, 0, 14),
			filter("lang", "en", false, 15, 26),
		},
	}},
	{"negated filter", `-topic:energy Ukraine`, &transcript.Query{
		Text:    word(14, "Ukraine"),
		Filters: []transcript.Filter{filter("topic", "energy", true, 0, 13)},
	}},
	{"NOT filter", `Putin NOT person:Putin`, &transcript.Query{
		Text:    word(0, "Putin"),
		Filters: []transcript.Filter{filter("person", "Putin", true, 6, 22)},
	}},
	{"only negated filters and a date", `-person:Putin from:2020`, &transcript.Query{
		Filters: []transcript.Filter{filter("person", "Putin", true, 0, 13)},
		From:    "2020-01-01",
	}},
	{"exclusion with a positive filter", `-oil person:Putin`, &transcript.Query{
		Text:    not(0, word(1, "oil")),
		Filters: []transcript.Filter{filter("person", "Putin", false, 5, 17)},
	}},
	{"repeated field", `person:Putin person:Tokayev talks`, &transcript.Query{
		Text: word(28, "talks"),
		Filters: []transcript.Filter{
			filter("person", "Putin", false, 0, 12),
			filter("person", "Tokayev", false, 13, 27),
		},
	}},
	{"speaker and section", `speaker:"Dmitry Peskov" section:Transcripts`, &transcript.Query{
		Filters: []transcript.Filter{
			filter("speaker", "Dmitry Peskov", false, 0, 23),
			filter("section", "Transcripts", false, 24, 43),
		},
	}},
	{"quoted lang", `gas lang:"RU"`, &transcript.Query{
		Text:    word(0, "gas"),
		Filters: []transcript.Filter{filter("lang", "ru", false, 4, 13)},
	}},
	{"filter before a group", `person:Putin (gas OR oil)`, &transcript.Query{
		Text:    or(word(14, "gas"), word(21, "oil")),
		Filters: []transcript.Filter{filter("person", "Putin", false, 0, 12)},
	}},
	{"filter and explicit AND", `person:Putin AND gas`, &transcript.Query{
		Text:    word(17, "gas"),
		Filters: []transcript.Filter{filter("person", "Putin", false, 0, 12)},
	}},
	{"clock time is a word", `10:30 meeting`, text(and(word(0, "10:30"), word(6, "meeting")))},
	{"URL is a word", `https://kremlin.ru/events`, text(word(0, "https://kremlin.ru/events"))},
	{"punctuation in words", `COVID-19 G20`, text(and(word(0, "COVID-19"), word(9, "G20")))},
	{"typographic quotes", `“strategic partnership”`, text(phrase(0, "strategic partnership"))},
	{"guillemets", `«переговоры в Москве»`, text(phrase(0, "переговоры в Москве"))},
	{"low quotes", `„Gazprom“ export`, text(and(phrase(0, "Gazprom"), word(14, "export")))},
	{"other quotes inside a phrase", `«он сказал "да"» ответ`, text(and(phrase(0, `он сказал "да"`), word(29, "ответ")))},
	{"phrase next to a word", `"gas"oil`, text(and(phrase(0, "gas"), word(5, "oil")))},
	{"explicit AND", `gas AND oil`, text(and(word(0, "gas"), word(8, "oil")))},
	{"lowercase operators are words", `and or not`, text(and(word(0, "and"), word(4, "or"), word(7, "not")))},
	{"and groups inside or", `a b OR c d`, text(or(and(word(0, "a"), word(2, "b")), and(word(7, "c"), word(9, "d"))))},
	{"or group inside and inside or", `a (b OR c) OR d`, text(or(and(word(0, "a"), or(word(3, "b"), word(8, "c"))), word(14, "d")))},
	{"nested ands flatten", `(a b) c`, text(and(word(1, "a"), word(3, "b"), word(6, "c")))},
	{"nested ors flatten", `a OR (b OR c)`, text(or(word(0, "a"), word(6, "b"), word(11, "c")))},
	{"redundant parentheses", `((a))`, text(word(2, "a"))},
	{"excluded group", `-(gas OR oil) price`, text(and(not(0, or(word(2, "gas"), word(9, "oil"))), word(14, "price")))},
	{"NOT word", `NOT oil gas`, text(and(not(0, word(4, "oil")), word(8, "gas")))},
	{"excluded group with an exclusion", `gas -(oil -price)`, text(and(word(0, "gas"), not(4, and(word(6, "oil"), not(10, word(11, "price"))))))},
	{"excluded prefix and phrase", `price* -"oil price" -emb*`, text(and(
		prefix(0, "price"), not(7, phrase(8, "oil price")), not(20, prefix(21, "emb")),
	))},
	{"excluded operator name is a word", `-NOT gas`, text(and(not(0, word(1, "NOT")), word(5, "gas")))},
	{"operator name as prefix", `OR*`, text(prefix(0, "OR"))},
	{"no-break space", "gas\u00a0oil", text(and(word(0, "gas"), word(5, "oil")))},
	{"tabs, newlines, control characters", "gas\toil\nprice\x00cap", text(and(
		word(0, "gas"), word(4, "oil"), word(8, "price"), word(14, "cap"),
	))},
	{"zero-width space inside a word", "price\u200bcap", text(word(0, "price\u200bcap"))},
	{"punctuation words are kept", `Putin – Tokayev`, text(and(word(0, "Putin"), word(6, "–"), word(10, "Tokayev")))},
	{"leading and trailing space", "  gas  ", text(word(2, "gas"))},
	{"32 levels of parentheses", strings.Repeat("(", 32) + "a" + strings.Repeat(")", 32), text(word(32, "a"))},
	{"64 words", many64, many64Query},
}

var invalidQueries = []struct {
	name string
	q    string
	col  int
	msg  string
}{
	{"empty", ``, 1, "empty query"},
	{"only whitespace", " \u00a0\t ", 1, "empty query"},
	{"too long", strings.Repeat("a ", 1001), 2001, "query is longer than 2000 bytes"},
	{"invalid UTF-8", "gas \xff", 5, "invalid UTF-8"},
	{"too many words", strings.Repeat("w ", 65), 129, "more than 64 words and phrases"},
	{"too many filters", strings.Repeat("topic:a ", 65), 513, "more than 64 filters"},
	{"too deep", strings.Repeat("(", 33) + "a" + strings.Repeat(")", 33), 33, "parentheses nested deeper than 32"},
	{"unclosed quote", `"unclosed`, 1, "unclosed quote"},
	{"unclosed quote after a word", `gas "oil price`, 5, "unclosed quote"},
	{"unclosed guillemet", `переговоры «газ`, 12, "unclosed quote «"},
	{"unclosed quoted value", `gas person:"Vladimir Putin`, 12, "unclosed quote"},
	{"closing quote alone", `gas”`, 4, "” has no opening quote"},
	{"closing guillemet alone", `газ»`, 4, "» has no opening quote"},
	{"unclosed (", `(gas`, 1, "unclosed ("},
	{"unclosed inner (", `gas (oil (price)`, 5, "unclosed ("},
	{"unclosed ( after cyrillic", `переговоры (газ`, 12, "unclosed ("},
	{"unmatched )", `gas)`, 4, "unmatched )"},
	{"leading )", `)gas`, 1, "unmatched )"},
	{"empty parentheses", `()`, 1, "empty parentheses"},
	{"empty parentheses with space", `gas ( )`, 5, "empty parentheses"},
	{"OR at start", `OR gas`, 1, "nothing before OR"},
	{"OR at end", `gas OR`, 5, "nothing after OR"},
	{"OR doubled", `gas OR OR oil`, 8, "OR cannot follow OR"},
	{"AND at start", `AND gas`, 1, "nothing before AND"},
	{"AND at end", `gas AND`, 5, "nothing after AND"},
	{"AND doubled", `gas AND AND oil`, 9, "AND cannot follow AND"},
	{"OR after AND", `gas AND OR oil`, 9, "OR cannot follow AND"},
	{"OR at group start", `(OR gas)`, 2, "nothing before OR"},
	{"OR at group end", `(gas OR)`, 6, "nothing after OR"},
	{"minus alone", `-`, 1, "nothing to exclude after -"},
	{"minus between words", `gas - oil`, 5, "nothing to exclude after -"},
	{"double minus", `--gas`, 2, "exclude with a single -"},
	{"NOT at end", `gas NOT`, 5, "NOT needs a word, phrase or group after it"},
	{"NOT before )", `(gas NOT)`, 6, "NOT needs a word, phrase or group after it"},
	{"NOT NOT", `NOT NOT gas`, 5, "cannot exclude an exclusion"},
	{"NOT minus", `oil NOT -gas`, 9, "cannot exclude an exclusion"},
	{"excluded exclusion", `oil -(-gas)`, 7, "cannot exclude an exclusion"},
	{"star alone", `*`, 1, "* needs a word before it"},
	{"star after space", `gas *`, 5, "* needs a word before it"},
	{"excluded star", `gas -*`, 6, "* needs a word before it"},
	{"star after phrase", `"gas"*`, 6, "* needs a word before it"},
	{"star inside word", `pri*ce`, 4, "* may only end a word"},
	{"double star", `price**`, 6, "* may only end a word"},
	{"star after punctuation", `.*`, 2, "* needs letters or digits before it"},
	{"only an exclusion", `-gas`, 1, "a query cannot only exclude: add a word or a filter"},
	{"only exclusions", `  -gas -oil`, 3, "a query cannot only exclude"},
	{"only NOT", `NOT gas`, 1, "a query cannot only exclude"},
	{"only a negated filter", `-person:Putin`, 1, "a query cannot only exclude"},
	{"negated filter and exclusion", `-gas -person:Putin`, 1, "a query cannot only exclude"},
	{"excluded alternative", `gas OR -oil`, 8, "an alternative of OR cannot only exclude"},
	{"phrase of punctuation", `"..."`, 1, "a phrase needs a letter or digit"},
	{"empty phrase", `gas ""`, 5, "a phrase needs a letter or digit"},
	{"unknown filter", `foo:bar`, 1, `unknown filter "foo:" (filters: person, speaker, topic, geography, section, lang, from, to, type, qa)`},
	{"unknown filter without value", `gas Note:`, 5, `unknown filter "Note:"`},
	{"excluded unknown filter", `gas -foo:bar`, 6, `unknown filter "foo:"`},
	{"empty value", `person:`, 1, "person: needs a value"},
	{"empty quoted value", `person:""`, 1, "person: needs a value"},
	{"blank quoted value", `person:" "`, 1, "person: needs a value"},
	{"group as value", `person:(Putin OR Tokayev)`, 1, "person: needs a value (for any of several values, repeat the filter"},
	{"filter in parentheses", `(person:Putin gas)`, 2, "filters apply to the whole query: move person: outside the parentheses"},
	{"filter in excluded group", `gas -(person:Putin)`, 7, "move person: outside the parentheses"},
	{"filter next to OR", `person:Putin OR gas`, 1, "filters apply to the whole query: person: cannot be combined with OR"},
	{"filter after OR", `gas OR oil lang:en`, 12, "lang: cannot be combined with OR"},
	{"date next to OR", `gas OR oil from:2020`, 12, "from: cannot be combined with OR"},
	{"bad lang", `lang:de`, 6, `lang: must be en or ru, not "de"`},
	{"bad type", `type:blog`, 6, `type: must be transcript, news, document or announcement, not "blog"`},
	{"bad qa", `qa:maybe`, 4, `qa: must be question or answer, not "maybe"`},
	{"impossible date", `from:2023-02-30`, 6, "from:2023-02-30 is not a date"},
	{"impossible month", `to:2024-13`, 4, "to:2024-13 is not a date"},
	{"short year", `from:23`, 6, `from: takes YYYY, YYYY-MM or YYYY-MM-DD, not "23"`},
	{"date without dashes", `from:20230101`, 6, "from: takes YYYY, YYYY-MM or YYYY-MM-DD"},
	{"from after to", `from:2023 to:2022`, 11, "from:2023 is after to:2022"},
	{"from after earlier to", `to:2022 from:2023`, 9, "from:2023 is after to:2022"},
	{"from twice", `from:2020 from:2021 gas`, 11, "from: is given twice"},
	{"to twice", `to:2020 gas to:2021`, 13, "to: is given twice"},
	{"negated from", `-from:2020 gas`, 1, "from: cannot be negated"},
	{"NOT to", `NOT to:2020 gas`, 1, "to: cannot be negated"},
}

func TestParseQuery(t *testing.T) {
	for _, tt := range validQueries {
		t.Run(tt.name, func(t *testing.T) {
			got, err := search.ParseQuery(tt.q)
			if err != nil {
				t.Fatalf("ParseQuery(%q): %v", tt.q, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseQuery(%q) mismatch (-want +got):\n%s", tt.q, diff)
			}
		})
	}
}

func TestParseQueryError(t *testing.T) {
	for _, tt := range invalidQueries {
		t.Run(tt.name, func(t *testing.T) {
			q, err := search.ParseQuery(tt.q)
			if err == nil {
				t.Fatalf("ParseQuery(%q) = %v, want an error", tt.q, q)
			}
			if !errors.Is(err, transcript.ErrInvalid) {
				t.Errorf("ParseQuery(%q): errors.Is(%v, ErrInvalid) is false", tt.q, err)
			}
			var qe *search.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("ParseQuery(%q): got %T, want *search.QueryError", tt.q, err)
			}
			if qe.Query != tt.q {
				t.Errorf("ParseQuery(%q): QueryError.Query = %q", tt.q, qe.Query)
			}
			if got := qe.Column(); got != tt.col {
				t.Errorf("ParseQuery(%q): got column %v, want %v (%v)", tt.q, got, tt.col, err)
			}
			if !strings.Contains(qe.Msg, tt.msg) {
				t.Errorf("ParseQuery(%q): got message %q, want it to contain %q", tt.q, qe.Msg, tt.msg)
			}
			if prefix := "query: column "; !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("ParseQuery(%q): got %q, want it to start with %q", tt.q, err, prefix)
			}
		})
	}
}

func TestQueryErrorCaret(t *testing.T) {
	tests := []struct {
		q    string
		want string
	}{
		{`gas)`, "gas)\n   ^"},
		{`переговоры (газ`, "переговоры (газ\n           ^"},
		{"газ\tнефть\n(", "газ нефть (\n          ^"},
		{`gas OR`, "gas OR\n    ^"},
		{``, "\n^"},
	}
	for _, tt := range tests {
		_, err := search.ParseQuery(tt.q)
		var qe *search.QueryError
		if !errors.As(err, &qe) {
			t.Fatalf("ParseQuery(%q): got %v, want a *search.QueryError", tt.q, err)
		}
		if got := qe.Caret(); got != tt.want {
			t.Errorf("ParseQuery(%q).Caret() = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestQueryErrorMessage(t *testing.T) {
	_, err := search.ParseQuery(`переговоры (газ`)
	if want := "query: column 12: unclosed ("; err == nil || err.Error() != want {
		t.Errorf("got %v, want %v", err, want)
	}
}

func TestQueryString(t *testing.T) {
	tests := []struct {
		q    string
		want string
	}{
		{`person:Tokayev CSTO`, `CSTO person:Tokayev`},
		{`U.S. NOT "United States"`, `U.S. -"United States"`},
		{`person:"Vladimir Putin" from:2019`, `person:"Vladimir Putin" from:2019-01-01`},
		{`person:Putin (gas OR oil)`, `(gas OR oil) person:Putin`},
		{`(gas OR oil) to:2024-02`, `(gas OR oil) to:2024-02-29`},
		{`gas OR oil`, `gas OR oil`},
		{`a (b OR c) OR d`, `a (b OR c) OR d`},
		{`-(gas OR oil) (price)`, `-(gas OR oil) price`},
		{`gas AND  (oil   price)`, `gas oil price`},
		{`“strategic partnership”`, `"strategic partnership"`},
		{`«он сказал "да"»`, `«он сказал "да"»`},
		{`„a " b » c“`, `“a " b » c”`},
		{`geo:Kazakhstan LANG:RU type:Новости`, `geography:Kazakhstan lang:ru type:news`},
		{`NOT person:Putin gas`, `gas -person:Putin`},
		{`topic:"//x"`, `topic:"//x"`},
		{"person:\"a\u00a0b\"", "person:\"a\u00a0b\""},
	}
	for _, tt := range tests {
		q, err := search.ParseQuery(tt.q)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", tt.q, err)
		}
		if got := q.String(); got != tt.want {
			t.Errorf("ParseQuery(%q).String() = %q, want %q", tt.q, got, tt.want)
		}
	}
}

// TestQueryStringRoundTrip checks that String renders every valid query as
// one that parses back to it.
func TestQueryStringRoundTrip(t *testing.T) {
	for _, tt := range validQueries {
		t.Run(tt.name, func(t *testing.T) {
			checkRoundTrip(t, tt.q)
		})
	}
}

func checkRoundTrip(t *testing.T, input string) {
	t.Helper()
	q, err := search.ParseQuery(input)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", input, err)
	}
	s := q.String()
	back, err := search.ParseQuery(s)
	if err != nil {
		t.Fatalf("ParseQuery(%q), from String of ParseQuery(%q): %v", s, input, err)
	}
	if diff := cmp.Diff(withoutPos(q), withoutPos(back)); diff != "" {
		t.Errorf("ParseQuery(%q), from String of ParseQuery(%q), mismatch (-want +got):\n%s", s, input, diff)
	}
	if again := back.String(); again != s {
		t.Errorf("String is not stable: %q, then %q", s, again)
	}
}

// withoutPos returns a copy of q with every offset zeroed.
func withoutPos(q *transcript.Query) *transcript.Query {
	c := *q
	c.Text = nodeWithoutPos(q.Text)
	c.Filters = nil
	for _, f := range q.Filters {
		f.Pos, f.End = 0, 0
		c.Filters = append(c.Filters, f)
	}
	return &c
}

func nodeWithoutPos(n transcript.Node) transcript.Node {
	switch n := n.(type) {
	case transcript.Word:
		n.Pos = 0
		return n
	case transcript.Phrase:
		n.Pos = 0
		return n
	case transcript.Not:
		return transcript.Not{Node: nodeWithoutPos(n.Node)}
	case transcript.And:
		return transcript.And{Nodes: nodesWithoutPos(n.Nodes)}
	case transcript.Or:
		return transcript.Or{Nodes: nodesWithoutPos(n.Nodes)}
	}
	return n
}

func nodesWithoutPos(nodes []transcript.Node) []transcript.Node {
	out := make([]transcript.Node, len(nodes))
	for i, n := range nodes {
		out[i] = nodeWithoutPos(n)
	}
	return out
}

func FuzzParseQuery(f *testing.F) {
	for _, tt := range validQueries {
		f.Add(tt.q)
	}
	for _, tt := range invalidQueries {
		f.Add(tt.q)
	}
	f.Fuzz(func(t *testing.T, input string) {
		q, err := search.ParseQuery(input)
		if err != nil {
			var qe *search.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("ParseQuery(%q): got %T, want *search.QueryError", input, err)
			}
			if qe.Pos < 0 || qe.Pos > len(input) {
				t.Fatalf("ParseQuery(%q): Pos %d is outside the query (%v)", input, qe.Pos, err)
			}
			_ = qe.Caret()
			return
		}
		checkRoundTrip(t, input)
		_ = q
	})
}
