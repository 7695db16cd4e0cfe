package web

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// argSlots lists the argument positions a message's fmt verbs use, in
// order, so that a translation may reorder them but not lose one.
func argSlots(m string) []int {
	var out []int
	next := 1
	for i := 0; i < len(m); i++ {
		if m[i] != '%' {
			continue
		}
		i++
		if i < len(m) && m[i] == '%' {
			continue
		}
		if i < len(m) && m[i] == '[' {
			j := strings.IndexByte(m[i:], ']')
			n := 0
			for _, c := range m[i+1 : i+j] {
				n = n*10 + int(c-'0')
			}
			next = n
			i += j + 1
		}
		out = append(out, next)
		next++
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestCatalogue: every message has both languages, the same arguments in
// each, and the plural forms each language needs (English 2, Russian 3).
func TestCatalogue(t *testing.T) {
	for id, en := range messagesEN {
		ru, ok := messagesRU[id]
		if !ok {
			t.Errorf("message %q has no Russian", id)
			continue
		}
		enForms, ruForms := strings.Split(en, "|"), strings.Split(ru, "|")
		if len(enForms) > 1 || len(ruForms) > 1 {
			if len(enForms) != 2 || len(ruForms) != 3 {
				t.Errorf("message %q: %d English and %d Russian plural forms, want 2 and 3", id, len(enForms), len(ruForms))
				continue
			}
		}
		want := argSlots(enForms[len(enForms)-1])
		for _, f := range append(enForms, ruForms...) {
			got := argSlots(f)
			if !strings.Contains(f, "%") && len(enForms) > 1 {
				continue // a form without the count: "Edited once"
			}
			if !slices.Equal(got, want) {
				t.Errorf("message %q: form %q uses arguments %v, want %v", id, f, got, want)
			}
		}
	}
	for id := range messagesRU {
		if _, ok := messagesEN[id]; !ok {
			t.Errorf("message %q has no English", id)
		}
	}
}

// dynamicIDs are the message ids the templates and code build from a
// value (print "kind." .Kind.Nav and the like).
var dynamicIDs = []string{
	"kind.topics", "kind.countries", "kind.sections", "kicker.topics", "kicker.countries", "kicker.sections", "kicker.years",
	"head.matches", "head.turns", "n.documents", "n.turns", "n.matches", "unit.documents", "unit.turns", "unit.matches",
	"chart.unit.documents", "chart.unit.turns", "chart.unit.matches", "sort.relevance", "sort.newest", "sort.oldest",
	"documents.sort.newest", "documents.sort.oldest", "documents.sort.title", "credit.kremlin",
	"kwic.sortnav.date", "kwic.sortnav.left", "kwic.sortnav.right", "kwic.sortnav.speaker",
	"trend.caption.year", "trend.caption.month", "trend.year", "trend.month", "trendchart.title.year", "trendchart.title.month",
	"verdict.exact", "verdict.close", "verdict.altered", "verdict.not_found",
	"verdicttext.exact", "verdicttext.close", "verdicttext.altered", "verdicttext.not_found",
}

var reMessageUse = regexp.MustCompile(`(?:\{\{-?\s*tn?|\(tn?|\btrn?\([a-zA-Z()]+,|\bmsg\(l,)\s*"([a-z][a-z0-9.]+)"`)

// TestCatalogueCoversUses: every message id a template or the code asks
// for is in the catalogue (a missing one would show its id on a page).
func TestCatalogueCoversUses(t *testing.T) {
	files, _ := filepath.Glob("templates/*.html")
	gofiles, _ := filepath.Glob("*.go")
	used := map[string]string{}
	for _, f := range append(files, gofiles...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range reMessageUse.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], ".") {
				used[m[1]] = f
			}
		}
	}
	if len(used) < 100 {
		t.Fatalf("found %d message uses; the pattern no longer sees them", len(used))
	}
	for _, id := range dynamicIDs {
		used[id] = "(built from a value)"
	}
	for id, f := range used {
		if _, ok := messagesEN[id]; !ok {
			t.Errorf("%s uses message %q, which the catalogue lacks", f, id)
		}
	}
}

func TestPluralForms(t *testing.T) {
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{langEN, 0, "0 documents"}, {langEN, 1, "1 document"}, {langEN, 2, "2 documents"}, {langEN, 1234, "1,234 documents"},
		{langRU, 0, "0 документов"}, {langRU, 1, "1 документ"}, {langRU, 2, "2 документа"}, {langRU, 4, "4 документа"},
		{langRU, 5, "5 документов"}, {langRU, 11, "11 документов"}, {langRU, 12, "12 документов"}, {langRU, 14, "14 документов"},
		{langRU, 21, "21 документ"}, {langRU, 22, "22 документа"}, {langRU, 25, "25 документов"}, {langRU, 101, "101 документ"},
		{langRU, 111, "111 документов"}, {langRU, 1234, "1\u00a0234 документа"},
	}
	for _, tt := range tests {
		if got := trn(tt.lang, "n.documents", tt.n); got != tt.want {
			t.Errorf("trn(%s, n.documents, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
	if got := trn(langEN, "doc.edited", 1); got != "Edited once" {
		t.Errorf("trn(en, doc.edited, 1) = %q, want %q", got, "Edited once")
	}
	if got := trn(langRU, "doc.edited", 3); got != "Изменён 3 раза" {
		t.Errorf("trn(ru, doc.edited, 3) = %q, want %q", got, "Изменён 3 раза")
	}
}

func TestDateIn(t *testing.T) {
	tests := []struct{ lang, in, want string }{
		{langEN, "2025-05-26", "26 May 2025"},
		{langRU, "2025-05-26", "26 мая 2025"},
		{langRU, "2022-02-01", "1 февраля 2022"},
		{langEN, "2022-02", "February 2022"},
		{langRU, "2022-02", "февраль 2022"},
		{langRU, "2022", "2022"},
		{langRU, "not a date", "not a date"},
	}
	for _, tt := range tests {
		if got := dateIn(tt.lang, tt.in); got != tt.want {
			t.Errorf("dateIn(%s, %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}

func TestNullEmpty(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a": "", "b": "x"}`, `{"a": null, "b": "x"}`},
		{`{"a": ["", "y", ""]}`, `{"a": [null, "y", null]}`},
		{`{"": "", "q": "say \"\" here", "r": "\\"}`, `{"": null, "q": "say \"\" here", "r": "\\"}`},
		{`{"left": "", "match": "gas", "right": ""}`, `{"left": "", "match": "gas", "right": ""}`},
		{`{"s": "a:\"\"", "t":""}`, `{"s": "a:\"\"", "t":null}`},
		{"{\n  \"lead\": \"\",\n  \"n\": 0\n}\n", "{\n  \"lead\": null,\n  \"n\": 0\n}\n"},
	}
	for _, tt := range tests {
		if got := string(nullEmpty([]byte(tt.in))); got != tt.want {
			t.Errorf("nullEmpty(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
