package verify

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rostrum/rostrum/internal/search"
)

// FuzzCompare feeds the normaliser and the aligner any quote and source
// text: they never panic, finish in bounded time, give a similarity
// from 0 to 1, and a diff whose equal and deleted parts are the source's
// stretch and whose equal and inserted parts are the quote's words.
func FuzzCompare(f *testing.F) {
	for _, seed := range [][2]string{
		{"We will not raise taxes.", "We will not raise taxes, I promise."},
		{"growth of 10% per annum", "growth of more than 10 percent per annum"},
		{"regions … show growth", "regions that have no oil or gas show growth"},
		{"В прошлом году утвердило 1200 стандартов", "В прошлом году агентство утвердило 1200 национальных стандартов, на 15 процентов больше"},
		{"per cent per cent %", "%%% 5 % per"},
		{"", "text"},
		{"a … … ... b", "a b"},
		{"Russia’s U.S. COVID-19 ʼʼ", "russia's u s covid 19"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, quote, source string) {
		if len(quote) > MaxQuoteBytes || len(source) > 20000 {
			return
		}
		tok := search.NewTokenizer()
		start := time.Now()
		q, s := words(tok, quote), words(tok, source)
		for _, ws := range [][]word{q, s} {
			for i, w := range ws {
				if w.start < 0 || w.end < w.start || (i > 0 && w.start < ws[i-1].end) {
					t.Fatalf("word %d %+v out of order", i, w)
				}
			}
		}
		var a aligner
		c := a.compare(q, quote, s, source)
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("compare took %v", d)
		}
		if c.similarity < 0 || c.similarity > 1.0000001 {
			t.Fatalf("similarity %v", c.similarity)
		}
		var src, qt []string
		for _, op := range c.diff {
			if !utf8.ValidString(op.Text) && utf8.ValidString(quote) && utf8.ValidString(source) {
				t.Fatalf("op %+v is not UTF-8", op)
			}
			if op.Op != OpInsert {
				src = append(src, op.Text)
			}
			if op.Op != OpDelete {
				qt = append(qt, op.Text)
			}
		}
		if len(q) > 0 && len(s) > 0 {
			got, want := folds(words(tok, strings.Join(src, " "))), folds(words(tok, source[c.sStart:c.sEnd]))
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("source side %q, stretch %q", got, want)
			}
		}
		if got, want := folds(words(tok, strings.Join(qt, " "))), folds(q); len(s) > 0 && strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("quote side %q, quote %q", got, want)
		}
		if c.exact && c.similarity < 0.999 {
			t.Fatalf("exact with similarity %v", c.similarity)
		}
	})
}

// TestCompareIdentity: a text compared with itself is exact.
func TestCompareIdentity(t *testing.T) {
	tok := search.NewTokenizer()
	var a aligner
	for _, s := range []string{"We will not raise taxes.", "В прошлом году агентство утвердило 1200 стандартов, на 15% больше.", "a b c d e f"} {
		w := words(tok, s)
		if c := a.compare(w, s, w, s); !c.exact || c.similarity != 1 || len(c.kinds) > 0 {
			t.Errorf("%q against itself: exact %v, similarity %v, kinds %q", s, c.exact, c.similarity, c.kinds)
		}
	}
}
