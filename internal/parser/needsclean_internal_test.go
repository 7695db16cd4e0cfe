package parser

import (
	"strings"
	"testing"
)

func TestNeedsCleanSWAR(t *testing.T) {
	slow := func(s string) bool {
		if s == "" {
			return false
		}
		if isEdgeSpace(s) || strings.Contains(s, "  ") || strings.ContainsAny(s, "\t\n\r\f\v") ||
			strings.Contains(s, "\u200b") || strings.Contains(s, "\ufeff") {
			return true
		}
		return false
	}
	base := "abcdefgh ijklmnop qrstuvw xyz0123 456789 AB"
	for i := 0; i < len(base); i++ {
		for _, ins := range []string{" ", "  ", "\t", "\n", "\u200b", "\u00a0", "x"} {
			s := base[:i] + ins + base[i:]
			if got, want := needsClean(s), slow(s); got != want {
				t.Errorf("needsClean(%q) = %v, want %v", s, got, want)
			}
		}
	}
}

func TestCleanSpace(t *testing.T) {
	slow := func(s string) string {
		var b strings.Builder
		space := false
		for _, r := range s {
			switch r {
			case ' ', '\t', '\n', '\r', '\f', '\v', '\u200b', '\ufeff':
				space = true
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
		return TrimSpace(b.String())
	}
	for _, s := range []string{"", " ", "a", " a ", "a  b", "a\n\tb", "\u200ba\ufeff b\u200b", "President of\u00a0Russia",
		"\u00a0 x \u00a0", "«Да»  —\n нет", "a \u200b b", "ab\ufeff\ufeffcd", "trailing \n"} {
		if got, want := CleanSpace(s), slow(s); got != want {
			t.Errorf("CleanSpace(%q) = %q, want %q", s, got, want)
		}
	}
}
